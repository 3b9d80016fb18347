package slackfake

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// socket is the fake's Socket Mode side: apps.connections.open hands out
// a WebSocket URL; on connecting, the bot gets "hello", then whatever
// envelopes the test sends; its acknowledgements are kept by envelope id.
type socket struct {
	mu          sync.Mutex
	conn        *websocket.Conn
	connections int
	connected   chan struct{} // closed and replaced at each connection
	acks        map[string]Ack
	ackSeen     map[string]chan struct{}
	writeMu     sync.Mutex
}

// Ack is an acknowledgement the bot sent.
type Ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

func (s *Server) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer xapp-") {
		writeJSON(w, map[string]any{"ok": false, "error": "not_allowed_token_type"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "url": "ws://" + s.ServerAddr + "/socket"})
}

func (s *Server) socketHandler(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	sk := &s.sock
	sk.mu.Lock()
	sk.conn = c
	sk.connections++
	close(sk.connected)
	sk.connected = make(chan struct{})
	sk.mu.Unlock()
	s.write(c, map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A123456"}, "debug_info": map[string]any{"host": "fake", "approximate_connection_time": 18060}})
	done := make(chan struct{})
	defer close(done)
	go func() { // Slack pings; the client's watchdog counts on it
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				c.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
			}
		}
	}()
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		var a Ack
		if json.Unmarshal(msg, &a) != nil || a.EnvelopeID == "" {
			continue
		}
		sk.mu.Lock()
		sk.acks[a.EnvelopeID] = a
		ch := sk.seen(a.EnvelopeID)
		sk.mu.Unlock()
		select {
		case <-ch:
		default:
			close(ch)
		}
	}
}

// seen returns the channel closed when the envelope is acknowledged
// (s.mu held).
func (sk *socket) seen(id string) chan struct{} {
	ch, ok := sk.ackSeen[id]
	if !ok {
		ch = make(chan struct{})
		sk.ackSeen[id] = ch
	}
	return ch
}

func (s *Server) write(c *websocket.Conn, v any) error {
	s.sock.writeMu.Lock()
	defer s.sock.writeMu.Unlock()
	return c.WriteJSON(v)
}

// AwaitConnection waits until the bot has opened its n-th connection.
func (s *Server) AwaitConnection(tb testing.TB, n int) {
	tb.Helper()
	deadline := time.After(10 * time.Second)
	for {
		s.sock.mu.Lock()
		got, ch := s.sock.connections, s.sock.connected
		s.sock.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			tb.Fatalf("the bot opened %d Socket Mode connections, want %d", got, n)
		}
	}
}

// Envelope sends a Socket Mode envelope ("slash_commands", "interactive",
// "events_api", "disconnect") over the current connection.
func (s *Server) Envelope(tb testing.TB, typ, envelopeID string, payload any) {
	tb.Helper()
	s.sock.mu.Lock()
	c := s.sock.conn
	s.sock.mu.Unlock()
	if c == nil {
		tb.Fatal("no Socket Mode connection")
	}
	env := map[string]any{"type": typ}
	if typ == "disconnect" {
		env["reason"] = "refresh_requested"
	} else {
		env["envelope_id"] = envelopeID
		env["payload"] = payload
		env["accepts_response_payload"] = typ == "slash_commands"
	}
	if err := s.write(c, env); err != nil {
		tb.Fatal(err)
	}
}

// AwaitAck waits for the bot's acknowledgement of an envelope.
func (s *Server) AwaitAck(tb testing.TB, envelopeID string) Ack {
	tb.Helper()
	s.sock.mu.Lock()
	ch := s.sock.seen(envelopeID)
	s.sock.mu.Unlock()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		tb.Fatalf("envelope %s was not acknowledged", envelopeID)
	}
	s.sock.mu.Lock()
	defer s.sock.mu.Unlock()
	return s.sock.acks[envelopeID]
}
