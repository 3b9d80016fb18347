package control

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
)

// Client talks to a server. Each call opens its own connection, so a Client
// is safe for concurrent use. If no server listens when a call is made, the
// call's error wraps ErrNoServer.
type Client struct {
	path string

	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{} // connections of calls in progress
}

// Dial checks that a server listens on the socket at path and returns a
// client for it. It fails fast (< 1 s) with an error wrapping ErrNoServer when nobody listens.
func Dial(ctx context.Context, path string) (*Client, error) {
	c := &Client{path: path, conns: make(map[net.Conn]struct{})}
	conn, err := c.connect(ctx)
	if err != nil {
		return nil, err
	}
	conn.Close() // the server takes a connection without a request for a probe
	return c, nil
}

// connect opens a connection to the server, within probeTimeout.
func (c *Client) connect(ctx context.Context) (net.Conn, error) {
	addr := sockAddr(c.path)
	if len(addr.Name) > maxPath { // nobody can listen there
		return nil, fmt.Errorf("control: %w on %s: path too long for a socket", ErrNoServer, c.path)
	}
	d := net.Dialer{Timeout: probeTimeout}
	conn, err := d.DialContext(ctx, "unix", addr.Name)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return nil, fmt.Errorf("control: %w on %s: %w", ErrNoServer, c.path, err)
		}
		return nil, fmt.Errorf("control: %w", err)
	}
	return conn, nil
}

// Hello asks the server for the pid of its process.
func (c *Client) Hello(ctx context.Context) (pid int, err error) {
	resp, err := c.roundTrip(ctx, request{Op: opHello})
	if err != nil {
		return 0, err
	}
	if resp.PID <= 0 {
		return 0, fmt.Errorf("control: hello: the server sent no pid")
	}
	return resp.PID, nil
}

// Exec has the server run one command and returns its reply.
func (c *Client) Exec(ctx context.Context, req ExecRequest) (bot.Reply, error) {
	resp, err := c.roundTrip(ctx, request{Op: opExec, Exec: &req})
	if err != nil {
		return bot.Reply{}, err
	}
	if resp.Reply == nil {
		return bot.Reply{}, fmt.Errorf("control: exec: the server sent no reply")
	}
	return *resp.Reply, nil
}

// Backup streams a consistent copy of the server's store to w and returns
// the bytes written. On error, w may hold a partial copy that must be
// discarded; a nil error means the copy is complete.
func (c *Client) Backup(ctx context.Context, w io.Writer) (int64, error) {
	return c.receive(ctx, request{Op: opBackup}, w)
}

// Export streams the server's register in the requested format to w and
// returns the bytes written. On error, w may hold a partial file that must
// be discarded; a nil error means the file is complete.
func (c *Client) Export(ctx context.Context, req ExportRequest, w io.Writer) (int64, error) {
	return c.receive(ctx, request{Op: opExport, Export: &req}, w)
}

// receive sends req and copies the chunked data of its answer to w.
func (c *Client) receive(ctx context.Context, req request, w io.Writer) (int64, error) {
	op := req.Op
	conn, r, stop, err := c.send(ctx, req)
	if err != nil {
		return 0, err
	}
	defer stop()
	if _, err := c.readResponse(ctx, r, op); err != nil {
		return 0, err
	}
	dst := &errWriter{w: w}
	var n int64
	for {
		var hdr [4]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return n, c.fail(ctx, op, fmt.Errorf("read data: %w", err))
		}
		size := int64(binary.BigEndian.Uint32(hdr[:]))
		if size == 0 {
			break
		}
		k, err := io.CopyN(dst, r, size)
		n += k
		if dst.err != nil || errors.Is(err, io.ErrShortWrite) {
			conn.Close() // end the server's transaction at once
			return n, fmt.Errorf("control: %s: write copy: %w", op, err)
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return n, c.fail(ctx, op, fmt.Errorf("read data: %w", err))
		}
	}
	resp, err := c.readResponse(ctx, r, op)
	if err != nil {
		return n, err
	}
	if resp.N == nil || *resp.N != n {
		return n, fmt.Errorf("control: %s: received %d bytes, the server sent a different count", op, n)
	}
	return n, nil
}

// errWriter remembers the first error of w, to tell it from a connection
// error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// Close ends the calls in progress and makes later calls fail. It returns nil.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for conn := range c.conns {
		conn.Close()
	}
	return nil
}

// roundTrip sends a request and reads its one-line answer.
func (c *Client) roundTrip(ctx context.Context, req request) (response, error) {
	_, r, stop, err := c.send(ctx, req)
	if err != nil {
		return response{}, err
	}
	defer stop()
	return c.readResponse(ctx, r, req.Op)
}

// send opens a connection bound to ctx and sends req. stop closes the
// connection and must be called when done.
func (c *Client) send(ctx context.Context, req request) (conn net.Conn, r *bufio.Reader, stop func(), err error) {
	if d, ok := ctx.Deadline(); ok {
		req.Deadline = &d
	}
	line, err := json.Marshal(req)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("control: %s: encode: %w", req.Op, err)
	}
	conn, err = c.connect(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		conn.Close()
		return nil, nil, nil, fmt.Errorf("control: %s: %w", req.Op, net.ErrClosed)
	}
	c.conns[conn] = struct{}{}
	c.mu.Unlock()

	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d)
	}
	unwatch := context.AfterFunc(ctx, func() {
		conn.SetDeadline(time.Unix(1, 0)) // in the past: unblock now
	})
	stop = func() {
		unwatch()
		c.mu.Lock()
		delete(c.conns, conn)
		c.mu.Unlock()
		conn.Close()
	}
	if _, err := conn.Write(append(line, '\n')); err != nil {
		stop()
		return nil, nil, nil, c.fail(ctx, req.Op, fmt.Errorf("send: %w", err))
	}
	return conn, bufio.NewReader(conn), stop, nil
}

// readResponse reads a response line and turns an error answer into an error.
func (c *Client) readResponse(ctx context.Context, r *bufio.Reader, op string) (response, error) {
	line, err := readLine(r, maxResponse)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("the server closed the connection without answering")
		}
		return response{}, c.fail(ctx, op, fmt.Errorf("read answer: %w", err))
	}
	var resp response
	if err := json.Unmarshal(line, &resp); err != nil {
		return response{}, fmt.Errorf("control: %s: malformed answer: %w", op, err)
	}
	if resp.Error != "" {
		return response{}, fmt.Errorf("control: %s: the server said: %s", op, resp.Error)
	}
	if !resp.OK {
		return response{}, fmt.Errorf("control: %s: malformed answer: neither ok nor error", op)
	}
	return resp, nil
}

// fail wraps a connection error, preferring ctx's error when ctx has ended
// or its deadline has passed (the connection then failed because of it) and
// net.ErrClosed when the client was closed.
func (c *Client) fail(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("control: %s: %w", op, ctxErr)
	}
	// The connection's deadline and the server's request deadline are ctx's,
	// and may fire just before ctx's own timer does.
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		return fmt.Errorf("control: %s: %w", op, context.DeadlineExceeded)
	}
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return fmt.Errorf("control: %s: %w", op, net.ErrClosed)
	}
	return fmt.Errorf("control: %s: %w", op, err)
}
