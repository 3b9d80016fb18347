package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// startEdge serves a handler that reads the whole body, within lim, and
// returns its address.
func startEdge(t *testing.T, lim edgeLimits) string {
	t.Helper()
	srv := edgeServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			return
		}
		io.WriteString(w, "ok")
	}), lim)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// dialEdge opens a raw connection to the server, closed with the test.
func dialEdge(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// closedByServer waits (up to a generous bound, far above the limits under
// test) for the server to close c, and reports whether it did.
func closedByServer(t *testing.T, c net.Conn) bool {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, err := io.Copy(io.Discard, c)
	return !errors.Is(err, os.ErrDeadlineExceeded)
}

var testLimits = edgeLimits{Header: 200 * time.Millisecond, Request: 300 * time.Millisecond, Write: time.Second, Idle: 300 * time.Millisecond, MaxHeaderBytes: 4 << 10}

// A client sending its body a byte at a time is cut off once the request
// has taken longer than the limit, however steadily it trickles.
func TestEdgeCutsSlowBodies(t *testing.T) {
	addr := startEdge(t, testLimits)
	c := dialEdge(t, addr)
	io.WriteString(c, "POST /slack/commands HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
	stop := make(chan struct{})
	defer close(stop)
	go func() { // one byte every 50 ms, until the server closes
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := c.Write([]byte("a")); err != nil {
					return
				}
			}
		}
	}()
	if !closedByServer(t, c) {
		t.Fatal("a body trickling a byte at a time kept its connection")
	}
}

// An idle keep-alive connection is closed; one that is busy is served.
func TestEdgeClosesIdleConnections(t *testing.T) {
	addr := startEdge(t, testLimits)
	c := dialEdge(t, addr)
	io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != "ok" {
		t.Fatalf("a whole request got %d %q", resp.StatusCode, body)
	}
	if !closedByServer(t, c) {
		t.Fatal("an idle keep-alive connection stayed open")
	}
}

// Headers beyond the limit are refused, not buffered.
func TestEdgeRefusesHugeHeaders(t *testing.T) {
	addr := startEdge(t, testLimits)
	c := dialEdge(t, addr)
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 64<<10)+"\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("64 KiB of headers got %d", resp.StatusCode)
	}
}

// serve's limits leave room for what Slack and Mattermost need: an answer
// within their own deadlines.
func TestServeLimitsFitThePlatforms(t *testing.T) {
	if serveLimits.Write < 30*time.Second || serveLimits.Request < 3*time.Second || serveLimits.Idle <= 0 || serveLimits.Header <= 0 {
		t.Fatalf("serve's limits %+v would cut a platform's request or leave idle connections open", serveLimits)
	}
}
