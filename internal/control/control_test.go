package control

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
)

// fakeHandler runs the functions it is given; a nil one answers trivially.
type fakeHandler struct {
	exec   func(ctx context.Context, req ExecRequest) bot.Reply
	backup func(ctx context.Context, w io.Writer) (int64, error)
	export func(ctx context.Context, req ExportRequest, w io.Writer) (int64, error)
	execs  atomic.Int64 // calls of Exec
}

func (h *fakeHandler) Exec(ctx context.Context, req ExecRequest) bot.Reply {
	h.execs.Add(1)
	if h.exec == nil {
		var m bot.Message
		m.Section(bot.T(req.Text))
		return bot.Reply{Message: m}
	}
	return h.exec(ctx, req)
}

func (h *fakeHandler) Backup(ctx context.Context, w io.Writer) (int64, error) {
	if h.backup == nil {
		return 0, nil
	}
	return h.backup(ctx, w)
}

func (h *fakeHandler) Export(ctx context.Context, req ExportRequest, w io.Writer) (int64, error) {
	if h.export == nil {
		return 0, nil
	}
	return h.export(ctx, req, w)
}

// testCtx bounds a test so that a hang fails instead of blocking.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// sockPath returns a socket path in a fresh directory, short enough for a
// Unix socket address (about 107 bytes).
func sockPath(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if len(dir) > 80 {
		var err error
		dir, err = os.MkdirTemp("", "jc")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	return SocketPath(filepath.Join(dir, "jcabot.db"))
}

// startServer listens on a fresh socket and closes the server at the end of
// the test.
func startServer(t *testing.T, h Handler) (*Server, string) {
	t.Helper()
	path := sockPath(t)
	s, err := Listen(testCtx(t), path, h)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil && !errors.Is(err, net.ErrClosed) {
			t.Errorf("Close: %v", err)
		}
	})
	return s, path
}

// dial connects a client, closed at the end of the test.
func dial(t *testing.T, path string) *Client {
	t.Helper()
	c, err := Dial(testCtx(t), path)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// recv waits for a value on ch, failing the test on timeout.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-testCtx(t).Done():
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}

// randomBytes returns n reproducible pseudo-random bytes.
func randomBytes(n int) []byte {
	r := rand.NewChaCha8([32]byte{1, 2, 3})
	b := make([]byte, n)
	r.Read(b)
	return b
}

func TestSocketPath(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"relative", "./jcabot.db", "./jcabot.db.sock"},
		{"absolute", "/var/lib/jcabot/data.db", "/var/lib/jcabot/data.db.sock"},
		{"no extension", "jcabot", "jcabot.sock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SocketPath(tt.data); got != tt.want {
				t.Errorf("SocketPath(%q) = %q, want %q", tt.data, got, tt.want)
			}
		})
	}
}

func TestHello(t *testing.T) {
	_, path := startServer(t, &fakeHandler{})
	pid, err := dial(t, path).Hello(testCtx(t))
	if err != nil {
		t.Fatalf("Hello: %v", err)
	}
	if pid != os.Getpid() {
		t.Errorf("Hello = %d, want %d", pid, os.Getpid())
	}
}

func TestExecRoundTrip(t *testing.T) {
	binary := make([]byte, 256)
	for i := range binary {
		binary[i] = byte(i)
	}
	var full bot.Message
	full.Title = bot.Text{{Kind: bot.Bold, Text: "Activity 7"}}
	full.Section(bot.Text{
		{Text: "Planned by "},
		{Kind: bot.MentionSpan, Text: "Alice", Person: "slack:U1"},
		{Text: ", see "},
		{Kind: bot.LinkSpan, Text: "the wiki", URL: "https://example.org/a?b=1&c=<2>"},
	})
	full.AddFields(
		bot.Field{Label: "Status", Value: bot.T("open")},
		bot.Field{Label: "Ünïcode", Value: bot.Text{{Kind: bot.Code, Text: "\x00\n\"quoted\"\t"}}},
	)
	full.Preformatted("a | b\n--+--\n1 | 2")
	full.AddButtons(bot.Button{Label: "Join", Action: bot.Action{Name: "join", Value: "7"}, Style: "primary"})
	full.Files = []bot.File{
		{Name: "activity.ics", MediaType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")},
		{Name: "blob.bin", MediaType: "application/octet-stream", Data: binary},
	}
	announce := bot.Message{Title: bot.T("New poll")}

	tests := []struct {
		name  string
		req   ExecRequest
		reply bot.Reply
	}{
		{
			name:  "full message",
			req:   ExecRequest{Person: bot.Person{ID: "console:local", Name: "Local", TZ: "Europe/Paris"}, Channel: "console:general", Text: "/jca activity show 7"},
			reply: bot.Reply{Audience: bot.ToChannel, Message: full, Announce: &announce},
		},
		{
			name:  "refusal",
			req:   ExecRequest{Person: bot.Person{ID: "console:local"}, Channel: "console:general", Text: "activity delete 99"},
			reply: bot.Reply{Refused: true, Message: bot.Message{Title: bot.T("No activity 99.")}},
		},
		{
			name:  "empty reply",
			req:   ExecRequest{Text: ""},
			reply: bot.Reply{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := make(chan ExecRequest, 1)
			h := &fakeHandler{exec: func(_ context.Context, req ExecRequest) bot.Reply {
				got <- req
				return tt.reply
			}}
			_, path := startServer(t, h)
			reply, err := dial(t, path).Exec(testCtx(t), tt.req)
			if err != nil {
				t.Fatalf("Exec: %v", err)
			}
			if req := recv(t, got, "the request"); !reflect.DeepEqual(req, tt.req) {
				t.Errorf("handler got %+v, want %+v", req, tt.req)
			}
			if !reflect.DeepEqual(reply, tt.reply) {
				t.Errorf("Exec = %+v, want %+v", reply, tt.reply)
			}
			for i, f := range tt.reply.Message.Files {
				if !bytes.Equal(reply.Message.Files[i].Data, f.Data) {
					t.Errorf("file %s: data differs", f.Name)
				}
			}
		})
	}
}

func TestBackup(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		writes []int // sizes of the handler's writes, repeated
	}{
		{"5 MiB in uneven writes", randomBytes(5 << 20), []int{4096, 1, 70000, 333, 32768}},
		{"one write bigger than a chunk", randomBytes(3<<20 + 17), []int{3<<20 + 17}},
		{"empty", nil, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &fakeHandler{backup: func(_ context.Context, w io.Writer) (int64, error) {
				var n int64
				rest := tt.data
				for i := 0; len(rest) > 0; i++ {
					k := min(tt.writes[i%len(tt.writes)], len(rest))
					m, err := w.Write(rest[:k])
					n += int64(m)
					if err != nil {
						return n, err
					}
					rest = rest[k:]
				}
				return n, nil
			}}
			_, path := startServer(t, h)
			var buf bytes.Buffer
			n, err := dial(t, path).Backup(testCtx(t), &buf)
			if err != nil {
				t.Fatalf("Backup: %v", err)
			}
			if n != int64(len(tt.data)) {
				t.Errorf("Backup = %d bytes, want %d", n, len(tt.data))
			}
			if !bytes.Equal(buf.Bytes(), tt.data) {
				t.Errorf("backup data differs (got %d bytes, want %d)", buf.Len(), len(tt.data))
			}
		})
	}
}

func TestBackupFailure(t *testing.T) {
	tests := []struct {
		name    string
		written int // bytes the handler writes before failing
	}{
		{"fails before writing", 0},
		{"fails midway", 100000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &fakeHandler{backup: func(_ context.Context, w io.Writer) (int64, error) {
				n, err := w.Write(randomBytes(tt.written))
				if err != nil {
					return int64(n), err
				}
				return int64(n), errors.New("disk on fire")
			}}
			_, path := startServer(t, h)
			var buf bytes.Buffer
			n, err := dial(t, path).Backup(testCtx(t), &buf)
			if err == nil || !strings.Contains(err.Error(), "disk on fire") {
				t.Fatalf("Backup error = %v, want the handler's error", err)
			}
			if n != int64(tt.written) || buf.Len() != tt.written {
				t.Errorf("Backup = %d bytes (%d in buffer), want %d", n, buf.Len(), tt.written)
			}
		})
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestBackupClientWriteErrorStopsServer(t *testing.T) {
	handlerErr := make(chan error, 1)
	h := &fakeHandler{backup: func(_ context.Context, w io.Writer) (int64, error) {
		chunk := make([]byte, 64<<10)
		var n int64
		for n < 1<<30 { // far more than socket buffers hold
			m, err := w.Write(chunk)
			n += int64(m)
			if err != nil {
				handlerErr <- err
				return n, err
			}
		}
		handlerErr <- nil
		return n, nil
	}}
	_, path := startServer(t, h)
	_, err := dial(t, path).Backup(testCtx(t), failingWriter{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Backup error = %v, want the writer's error", err)
	}
	if err := recv(t, handlerErr, "the handler to stop"); err == nil {
		t.Error("the handler's writes kept succeeding after the client gave up")
	}
}

// An export reaches the handler with its request and streams like a
// backup; a handler's refusal comes back as the error.
func TestExport(t *testing.T) {
	data := append([]byte("# Report\n"), randomBytes(2<<20)...)
	got := make(chan ExportRequest, 1)
	h := &fakeHandler{export: func(_ context.Context, req ExportRequest, w io.Writer) (int64, error) {
		got <- req
		if req.Format == "pdf" {
			return 0, errors.New("unknown format pdf")
		}
		n, err := w.Write(data)
		return int64(n), err
	}}
	_, path := startServer(t, h)
	want := ExportRequest{Format: "md", Since: "2026-01-01", Until: "2026-12-31"}
	var buf bytes.Buffer
	n, err := dial(t, path).Export(testCtx(t), want, &buf)
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	if req := recv(t, got, "the export request"); req != want {
		t.Errorf("handler got %+v, want %+v", req, want)
	}
	if n != int64(len(data)) || !bytes.Equal(buf.Bytes(), data) {
		t.Errorf("Export = %d bytes, %d in buffer, want %d", n, buf.Len(), len(data))
	}
	buf.Reset()
	_, err = dial(t, path).Export(testCtx(t), ExportRequest{Format: "pdf"}, &buf)
	if err == nil || !strings.Contains(err.Error(), "export: unknown format pdf") {
		t.Fatalf("Export error = %v, want the handler's", err)
	}
	recv(t, got, "the second export request")
	if buf.Len() != 0 {
		t.Errorf("a refused export wrote %d bytes", buf.Len())
	}
}

func TestListenInUse(t *testing.T) {
	_, path := startServer(t, &fakeHandler{})
	s2, err := Listen(testCtx(t), path, &fakeHandler{})
	if err == nil {
		s2.Close(testCtx(t))
		t.Fatal("second Listen succeeded")
	}
	if !errors.Is(err, ErrInUse) {
		t.Errorf("second Listen: %v, want ErrInUse", err)
	}
	if want := fmt.Sprintf("pid %d", os.Getpid()); !strings.Contains(err.Error(), want) {
		t.Errorf("second Listen: %q does not say %q", err, want)
	}
	if _, err := dial(t, path).Hello(testCtx(t)); err != nil {
		t.Errorf("the first server no longer answers: %v", err)
	}
}

func TestListenReplacesStaleFile(t *testing.T) {
	tests := []struct {
		name  string
		leave func(t *testing.T, path string)
	}{
		{"socket left by a crash", func(t *testing.T, path string) {
			ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
			if err != nil {
				t.Fatal(err)
			}
			ln.SetUnlinkOnClose(false)
			ln.Close()
		}},
		{"regular leftover file", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("junk"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := sockPath(t)
			tt.leave(t, path)
			if _, err := os.Lstat(path); err != nil {
				t.Fatalf("no leftover file: %v", err)
			}
			s, err := Listen(testCtx(t), path, &fakeHandler{})
			if err != nil {
				t.Fatalf("Listen over a stale file: %v", err)
			}
			defer s.Close(testCtx(t))
			if _, err := dial(t, path).Hello(testCtx(t)); err != nil {
				t.Errorf("Hello: %v", err)
			}
			fi, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Type() != fs.ModeSocket || fi.Mode().Perm() != 0o600 {
				t.Errorf("socket mode = %v, want a socket with 0600", fi.Mode())
			}
		})
	}
}

func TestListenKeepsDirectory(t *testing.T) {
	path := sockPath(t)
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if s, err := Listen(testCtx(t), path, &fakeHandler{}); err == nil {
		s.Close(testCtx(t))
		t.Fatal("Listen replaced a directory")
	}
	if fi, err := os.Lstat(path); err != nil || !fi.IsDir() {
		t.Errorf("the directory is gone: %v", err)
	}
}

func TestDialNoServer(t *testing.T) {
	tests := []struct {
		name  string
		leave func(t *testing.T, path string)
	}{
		{"no socket file", func(*testing.T, string) {}},
		{"stale socket file", func(t *testing.T, path string) {
			ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
			if err != nil {
				t.Fatal(err)
			}
			ln.SetUnlinkOnClose(false)
			ln.Close()
		}},
		{"regular file", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := sockPath(t)
			tt.leave(t, path)
			start := time.Now()
			c, err := Dial(testCtx(t), path)
			elapsed := time.Since(start)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded")
			}
			if !errors.Is(err, ErrNoServer) {
				t.Errorf("Dial: %v, want ErrNoServer", err)
			}
			if elapsed >= time.Second {
				t.Errorf("Dial took %v, want < 1s", elapsed)
			}
		})
	}
}

func TestCallAfterServerClosed(t *testing.T) {
	s, path := startServer(t, &fakeHandler{})
	c := dial(t, path)
	if err := s.Close(testCtx(t)); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := c.Hello(testCtx(t)); !errors.Is(err, ErrNoServer) {
		t.Errorf("Hello after Close: %v, want ErrNoServer", err)
	}
	if err := s.Close(testCtx(t)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second Close: %v, want net.ErrClosed", err)
	}
}

func TestCloseWaitsForInFlightExec(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	closed := make(chan struct{}) // closed when Close has returned
	closedEarly := make(chan bool, 1)
	h := &fakeHandler{exec: func(_ context.Context, req ExecRequest) bot.Reply {
		close(entered)
		<-release
		select {
		case <-closed:
			closedEarly <- true
		default:
			closedEarly <- false
		}
		return bot.Reply{Message: bot.Message{Title: bot.T("done " + req.Text)}}
	}}
	s, path := startServer(t, h)
	c := dial(t, path)

	type result struct {
		reply bot.Reply
		err   error
	}
	execDone := make(chan result, 1)
	go func() {
		r, err := c.Exec(testCtx(t), ExecRequest{Text: "slow"})
		execDone <- result{r, err}
	}()
	recv(t, entered, "the handler to start")

	closeErr := make(chan error, 1)
	go func() {
		err := s.Close(testCtx(t))
		close(closed)
		closeErr <- err
	}()
	// Close must not return while the handler is blocked; give it a chance
	// to do so wrongly before releasing the handler.
	select {
	case <-closed:
		t.Fatal("Close returned while a request was in flight")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)

	if early := recv(t, closedEarly, "the handler to finish"); early {
		t.Error("Close returned before the in-flight exec finished")
	}
	if err := recv(t, closeErr, "Close"); err != nil {
		t.Errorf("Close: %v", err)
	}
	res := recv(t, execDone, "Exec")
	if res.err != nil {
		t.Fatalf("in-flight Exec: %v", res.err)
	}
	if got := res.reply.Message.Title.String(); got != "done slow" {
		t.Errorf("in-flight Exec reply = %q, want %q", got, "done slow")
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket file after Close: %v, want it removed", err)
	}
}

func TestCloseGivesUpWhenCtxEnds(t *testing.T) {
	entered := make(chan struct{})
	handlerCtxErr := make(chan error, 1)
	h := &fakeHandler{exec: func(ctx context.Context, _ ExecRequest) bot.Reply {
		close(entered)
		<-ctx.Done()
		handlerCtxErr <- ctx.Err()
		return bot.Reply{}
	}}
	s, path := startServer(t, h)
	c := dial(t, path)
	execErr := make(chan error, 1)
	go func() {
		_, err := c.Exec(testCtx(t), ExecRequest{Text: "stuck"})
		execErr <- err
	}()
	recv(t, entered, "the handler to start")

	ctx, cancel := context.WithCancel(testCtx(t))
	cancel()
	if err := s.Close(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Close with an ended ctx: %v, want context.Canceled", err)
	}
	if err := recv(t, handlerCtxErr, "the handler's ctx to end"); !errors.Is(err, context.Canceled) {
		t.Errorf("handler ctx: %v, want context.Canceled", err)
	}
	if err := recv(t, execErr, "Exec"); err == nil {
		t.Error("abandoned Exec succeeded")
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket file after Close: %v, want it removed", err)
	}
}

func TestCloseDropsIdleConnections(t *testing.T) {
	s, path := startServer(t, &fakeHandler{})
	conn, err := net.Dial("unix", path) // connects, never sends a request
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Well below headerTimeout: Close must not wait for the idle connection.
	ctx, cancel := context.WithTimeout(testCtx(t), headerTimeout/2)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		t.Errorf("Close with an idle connection: %v", err)
	}
}

func TestConcurrentExec(t *testing.T) {
	h := &fakeHandler{exec: func(_ context.Context, req ExecRequest) bot.Reply {
		var m bot.Message
		m.Title = bot.T(req.Text)
		m.AddFields(bot.Field{Label: "who", Value: bot.T(string(req.Person.ID))})
		return bot.Reply{Message: m}
	}}
	_, path := startServer(t, h)
	c := dial(t, path)
	ctx := testCtx(t)

	const n = 32
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			text := fmt.Sprintf("activity show %d", i)
			who := bot.NewIdentity(bot.Console, fmt.Sprint("user", i))
			reply, err := c.Exec(ctx, ExecRequest{Person: bot.Person{ID: who}, Text: text})
			switch {
			case err != nil:
				errs <- fmt.Errorf("exec %d: %w", i, err)
			case reply.Message.Title.String() != text || reply.Message.Blocks[0].Fields[0].Value.String() != string(who):
				errs <- fmt.Errorf("exec %d got someone else's reply: %+v", i, reply.Message)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := h.execs.Load(); got != n {
		t.Errorf("handler ran %d times, want %d", got, n)
	}
}

func TestMalformedRequest(t *testing.T) {
	tests := []struct {
		name    string
		send    []byte
		wantErr string // in the error response
	}{
		{"not JSON", []byte("activity list\n"), "malformed request"},
		{"empty line", []byte("\n"), "malformed request"},
		{"wrong type", []byte(`{"op":"exec","exec":{"Text":5}}` + "\n"), "malformed request"},
		{"unknown op", []byte(`{"op":"format-disk"}` + "\n"), "unknown op"},
		{"exec without request", []byte(`{"op":"exec"}` + "\n"), "malformed request"},
		{"export without request", []byte(`{"op":"export"}` + "\n"), "malformed request"},
		{"header too long", append(bytes.Repeat([]byte("x"), maxRequest), '\n'), "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &fakeHandler{}
			_, path := startServer(t, h)
			conn, err := net.Dial("unix", path)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if d, ok := testCtx(t).Deadline(); ok {
				conn.SetDeadline(d)
			}
			// The server may answer before reading everything: write aside.
			go conn.Write(tt.send)
			line, err := bufio.NewReader(conn).ReadBytes('\n')
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			var resp response
			if err := json.Unmarshal(line, &resp); err != nil {
				t.Fatalf("answer %q: %v", line, err)
			}
			if resp.OK || !strings.Contains(resp.Error, tt.wantErr) {
				t.Errorf("answer = %+v, want an error with %q", resp, tt.wantErr)
			}
			if got := h.execs.Load(); got != 0 {
				t.Errorf("handler ran %d times", got)
			}
			if _, err := dial(t, path).Hello(testCtx(t)); err != nil {
				t.Errorf("server no longer answers: %v", err)
			}
		})
	}
}

func TestExecDeadlineReachesHandler(t *testing.T) {
	type seen struct {
		hasDeadline bool
		err         error
	}
	handlerSaw := make(chan seen, 1)
	h := &fakeHandler{exec: func(ctx context.Context, _ ExecRequest) bot.Reply {
		_, ok := ctx.Deadline()
		<-ctx.Done()
		handlerSaw <- seen{ok, ctx.Err()}
		return bot.Reply{}
	}}
	_, path := startServer(t, h)
	c := dial(t, path)
	ctx, cancel := context.WithTimeout(testCtx(t), 200*time.Millisecond)
	defer cancel()
	if _, err := c.Exec(ctx, ExecRequest{Text: "slow"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Exec past its deadline: %v, want context.DeadlineExceeded", err)
	}
	got := recv(t, handlerSaw, "the handler's ctx to end")
	if !got.hasDeadline || !errors.Is(got.err, context.DeadlineExceeded) {
		t.Errorf("handler ctx: deadline %v, err %v; want the client's deadline to end it", got.hasDeadline, got.err)
	}
}

func TestClientClose(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	h := &fakeHandler{exec: func(_ context.Context, _ ExecRequest) bot.Reply {
		close(entered)
		<-release
		return bot.Reply{}
	}}
	_, path := startServer(t, h)
	defer close(release)
	c := dial(t, path)
	execErr := make(chan error, 1)
	go func() {
		_, err := c.Exec(testCtx(t), ExecRequest{Text: "slow"})
		execErr <- err
	}()
	recv(t, entered, "the handler to start")
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := recv(t, execErr, "Exec"); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Exec ended by Close: %v, want net.ErrClosed", err)
	}
	if _, err := c.Hello(testCtx(t)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Hello after Close: %v, want net.ErrClosed", err)
	}
}

func TestPathTooLong(t *testing.T) {
	path := filepath.Join(t.TempDir(), strings.Repeat("d", 120)+".db.sock")
	if s, err := Listen(testCtx(t), path, &fakeHandler{}); err == nil {
		s.Close(testCtx(t))
		t.Fatal("Listen on a too long path succeeded")
	} else if !strings.Contains(err.Error(), "long") {
		t.Errorf("Listen: %v, want it to say the path is too long", err)
	}
	if _, err := Dial(testCtx(t), path); !errors.Is(err, ErrNoServer) {
		t.Errorf("Dial: %v, want ErrNoServer", err)
	}
}

func TestRelativePathStartingWithAt(t *testing.T) {
	dir := filepath.Dir(sockPath(t))
	t.Chdir(dir)
	path := SocketPath("@jcabot.db") // not a Linux abstract socket name
	s, err := Listen(testCtx(t), path, &fakeHandler{})
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	defer s.Close(testCtx(t))
	fi, err := os.Lstat(filepath.Join(dir, path))
	if err != nil || fi.Mode().Type() != fs.ModeSocket {
		t.Fatalf("no socket file in the directory: %v", err)
	}
	if _, err := dial(t, path).Hello(testCtx(t)); err != nil {
		t.Errorf("Hello: %v", err)
	}
}
