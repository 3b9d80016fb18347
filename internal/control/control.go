// Package control is the control socket of the jcabot process that owns a
// data file. It owns the socket's life cycle (create, detect a live or stale
// owner, serve, remove) and its wire protocol; what a request does is up to
// the Handler the owner supplies.
//
// The socket is a Unix stream socket beside the data file (SocketPath). Its
// mode is set to 0600 right after it is created, whatever the umask, so only
// the owner's user can connect; that is the only access control. Until that
// chmod the file has the umask's mode (sockets need write permission to
// connect), so keep the data directory private if the umask is lax.
//
// # Protocol
//
// One request per connection; the server closes the connection after its
// answer. Every header is one line of JSON ending in '\n'.
//
//   - The client sends {"op":"hello"|"exec"|"backup"|"export", "deadline":RFC 3339
//     time (optional), "exec":{"Person":…,"Channel":…,"Text":…} (exec only),
//     "export":{"Format":…,"Since":…,"Until":…} (export only)},
//     at most 1 MiB, within 10 s of connecting. The deadline, when given,
//     bounds the handler's context on the server. A connection closed
//     without a request is a probe (Dial) and gets no answer.
//   - Every answer starts with a response line: {"error":"..."} on failure,
//     otherwise {"ok":true, ...}: hello adds "pid", exec adds "reply" (a
//     bot.Reply). A malformed or unknown request gets {"error":"..."}.
//   - A successful backup or export answer {"ok":true} is followed by the
//     data in chunks, each a 4-byte big-endian length then that many bytes; a
//     zero length ends the data. A trailer line follows:
//     {"ok":true,"n":TOTAL} or {"error":"..."} when the backup or export
//     failed after it had started. One that fails before writing anything
//     answers {"error":"..."} alone.
//
// Framing the data lets the client tell a complete copy from a truncated one.
// A server write that blocks for 30 s (a client that stopped reading) fails,
// so a stalled client cannot hold a store transaction open.
package control

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
)

const (
	// maxRequest is the largest request header the server reads, newline
	// included. Longer requests are refused, so a client cannot exhaust
	// memory.
	maxRequest = 1 << 20
	// maxResponse bounds a response line the client reads (a reply may carry
	// files).
	maxResponse = 64 << 20
	// maxChunk is the largest data chunk of a backup or export stream.
	maxChunk = 1 << 20
	// headerTimeout is how long the server waits for a request header.
	headerTimeout = 10 * time.Second
	// writeIdle is how long a single write to a client may block: a client
	// that stops reading must not hold a store transaction open for ever.
	writeIdle = 30 * time.Second
	// probeTimeout bounds Dial and Listen's check of an existing socket.
	probeTimeout = time.Second
	// socketMode is the control socket's permission bits.
	socketMode fs.FileMode = 0o600
)

// ErrNoServer is wrapped by the errors of Dial and of Client calls when no
// process listens on the socket (no socket file, or a stale one).
var ErrNoServer = errors.New("no jcabot listens")

// ErrInUse is wrapped by Listen's error when a live server already answers on
// the socket. The error's text includes that server's pid when it said it.
var ErrInUse = errors.New("in use by another jcabot")

// SocketPath returns the control socket path for a data file: dataPath + ".sock".
func SocketPath(dataPath string) string { return dataPath + ".sock" }

// ExecRequest asks the owner to run one command as a person in a channel.
type ExecRequest struct {
	Person  bot.Person    // who acts (e.g. ID "console:local")
	Channel bot.ChannelID // e.g. "console:general"
	Text    string        // the command line, with or without "/jca"
}

// ExportRequest asks the owner for the register in a format: a report
// ("md", "csv", "html") for a period, or the whole register ("json").
type ExportRequest struct {
	Format string
	// Since and Until are days (YYYY-MM-DD) in the owner's zone; "" for the
	// report's defaults. A JSON export takes neither.
	Since, Until string
}

// Handler is what the owning process offers over the socket. Its methods are
// called concurrently, one call per connection, and must honour ctx: it ends
// when the client's deadline passes or when Server.Close gives up waiting.
type Handler interface {
	Exec(ctx context.Context, req ExecRequest) bot.Reply
	// Backup writes a consistent copy of the store to w and returns the bytes written.
	Backup(ctx context.Context, w io.Writer) (int64, error)
	// Export writes the register in the requested format to w and returns
	// the bytes written.
	Export(ctx context.Context, req ExportRequest, w io.Writer) (int64, error)
}

// Wire operations.
const (
	opHello  = "hello"
	opExec   = "exec"
	opBackup = "backup"
	opExport = "export"
)

// request is a request header.
type request struct {
	Op       string         `json:"op"`
	Deadline *time.Time     `json:"deadline,omitempty"`
	Exec     *ExecRequest   `json:"exec,omitempty"`
	Export   *ExportRequest `json:"export,omitempty"`
}

// response is a response header or a backup trailer.
type response struct {
	OK    bool       `json:"ok,omitempty"`
	Error string     `json:"error,omitempty"`
	PID   int        `json:"pid,omitempty"`
	Reply *bot.Reply `json:"reply,omitempty"`
	N     *int64     `json:"n,omitempty"`
}

// errTooLong reports a header line longer than allowed.
var errTooLong = errors.New("header line too long")

// readLine reads one '\n'-terminated line of at most max bytes, newline
// included. A line cut short by the end of the stream is
// io.ErrUnexpectedEOF; no data at all is io.EOF.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > max {
			return nil, errTooLong
		}
		line = append(line, chunk...)
		switch {
		case err == nil:
			return line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) > 0:
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

// writeJSONLine writes v as one line of JSON. If v cannot be encoded, it
// writes an error response in its place and returns the encoding error.
func writeJSONLine(w io.Writer, v any) error {
	b, encErr := json.Marshal(v)
	if encErr != nil {
		encErr = fmt.Errorf("encode: %w", encErr)
		b, _ = json.Marshal(response{Error: encErr.Error()})
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return err
	}
	return encErr
}

// Server listens on the control socket. Its methods are safe for concurrent
// use.
type Server struct {
	path string
	h    Handler
	ln   *net.UnixListener
	file os.FileInfo // the socket file as created, so Close removes only ours
	// cancel ends every request's context; Close calls it when it gives up.
	cancel context.CancelFunc
	// wg counts the accept loop and every connection goroutine.
	wg sync.WaitGroup

	mu      sync.Mutex
	closing bool
	conns   map[net.Conn]bool // open connections; true while serving a request
}

// Listen creates the socket (mode 0600; the directory may be shared) and serves until Close. If a socket file
// already exists: when a live server answers on it, return an error that says so (ErrInUse wrapping, with its pid);
// when nothing answers (stale file left by a crash), remove it and listen.
//
// ctx bounds only Listen itself (the check of an existing socket); requests
// get contexts that keep ctx's values but not its cancellation. A leftover
// regular file is treated as stale too; anything else at path (a directory)
// is an error. Replacing a stale file is not atomic, so call Listen while
// holding the data file's lock, which makes the caller its only owner.
func Listen(ctx context.Context, path string, h Handler) (*Server, error) {
	ln, err := listen(path)
	if errors.Is(err, syscall.EADDRINUSE) {
		if err := checkStale(ctx, path); err != nil {
			return nil, err
		}
		ln, err = listen(path)
	}
	if err != nil {
		return nil, fmt.Errorf("control: listen on %s: %w", path, err)
	}
	// The listener would unlink whatever is at path when closed; Close
	// removes the file itself, and only when it is still ours.
	ln.SetUnlinkOnClose(false)
	fail := func(err error) (*Server, error) {
		ln.Close()
		os.Remove(path)
		return nil, err
	}
	// Set the mode explicitly: bind(2) applies the umask, which may be lax.
	if err := os.Chmod(path, socketMode); err != nil {
		return fail(fmt.Errorf("control: restrict %s: %w", path, err))
	}
	file, err := os.Lstat(path)
	if err != nil {
		return fail(fmt.Errorf("control: %w", err))
	}
	base, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &Server{
		path:   path,
		h:      h,
		ln:     ln,
		file:   file,
		cancel: cancel,
		conns:  make(map[net.Conn]bool),
	}
	s.wg.Add(1)
	go s.serve(base)
	return s, nil
}

// maxPath is the longest socket path the system accepts.
const maxPath = len(syscall.RawSockaddrUnix{}.Path) - 1

// sockAddr is the address of the socket file at path. A path starting with
// '@' would name a Linux abstract socket, which has no file: make it
// explicitly relative.
func sockAddr(path string) *net.UnixAddr {
	if strings.HasPrefix(path, "@") {
		path = "./" + path
	}
	return &net.UnixAddr{Name: path, Net: "unix"}
}

// listen binds a Unix socket at path.
func listen(path string) (*net.UnixListener, error) {
	addr := sockAddr(path)
	if len(addr.Name) > maxPath {
		return nil, fmt.Errorf("path is %d bytes long, sockets allow %d: shorten the data file's path", len(addr.Name), maxPath)
	}
	return net.ListenUnix("unix", addr)
}

// checkStale looks at the existing file at path. It returns an error wrapping
// ErrInUse when a server answers there, removes the file when nothing
// listens, and returns an error for anything else.
func checkStale(ctx context.Context, path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) { // gone meanwhile: try again
			return nil
		}
		return fmt.Errorf("control: %w", err)
	}
	if t := fi.Mode().Type(); t != fs.ModeSocket && t != 0 {
		return fmt.Errorf("control: %s exists and is not a socket (%s)", path, t)
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	c, err := Dial(ctx, path)
	switch {
	case errors.Is(err, ErrNoServer):
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("control: remove stale socket: %w", err)
		}
		return nil
	case err != nil:
		return err
	}
	defer c.Close()
	pid, err := c.Hello(ctx)
	if err != nil {
		return fmt.Errorf("control: %s is %w (it did not say hello: %w)", path, ErrInUse, err)
	}
	return fmt.Errorf("control: %s is %w (pid %d)", path, ErrInUse, pid)
}

// Close stops accepting, waits for in-flight requests (bounded by ctx), removes the socket file.
//
// Connections that have not sent a complete request yet are dropped at once.
// If ctx ends before the requests finish, Close closes their connections,
// cancels their contexts and returns ctx's error without waiting further.
// The socket file is removed in every case, unless another file has
// replaced it. A second Close returns an error wrapping net.ErrClosed.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return fmt.Errorf("control: close: %w", net.ErrClosed)
	}
	s.closing = true
	lnErr := s.ln.Close()
	for c, busy := range s.conns {
		if !busy {
			c.Close()
		}
	}
	s.mu.Unlock()

	var errs []error
	if lnErr != nil {
		errs = append(errs, fmt.Errorf("control: close listener: %w", lnErr))
	}
	if err := s.removeFile(); err != nil {
		errs = append(errs, err)
	}

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		s.cancel()
	case <-ctx.Done():
		// Close the connections first, so that no answer computed after
		// the cancellation can still go out.
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.cancel()
		errs = append(errs, fmt.Errorf("control: close: requests still running: %w", ctx.Err()))
	}
	return errors.Join(errs...)
}

// removeFile removes the socket file if it is still the one Listen created.
func (s *Server) removeFile() error {
	fi, err := os.Lstat(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("control: %w", err)
	}
	if !os.SameFile(fi, s.file) {
		return nil
	}
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("control: remove socket: %w", err)
	}
	return nil
}

// serve accepts connections until the listener is closed.
func (s *Server) serve(ctx context.Context) {
	defer s.wg.Done()
	var backoff time.Duration
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors or similar: wait, then try again.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			t := time.NewTimer(backoff)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return
			}
			continue
		}
		backoff = 0
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			c.Close()
			continue
		}
		s.conns[c] = false
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serveConn(ctx, c)
	}
}

// begin marks c as serving a request. It reports false when the server is
// closing and the request must be refused.
func (s *Server) begin(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.conns[c] = true
	return true
}

// forget closes c and stops tracking it.
func (s *Server) forget(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// serveConn answers the one request of a connection.
func (s *Server) serveConn(ctx context.Context, c net.Conn) {
	defer s.wg.Done()
	defer s.forget(c)

	if err := c.SetReadDeadline(time.Now().Add(headerTimeout)); err != nil {
		return
	}
	line, err := readLine(bufio.NewReader(c), maxRequest)
	switch {
	case errors.Is(err, errTooLong):
		s.refuse(c, fmt.Sprintf("request header longer than %d bytes", maxRequest))
		return
	case err != nil:
		// Nothing sent (a probe), cut short, timed out, or dropped by Close.
		return
	}
	if !s.begin(c) {
		s.refuse(c, "server is shutting down")
		return
	}
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		s.refuse(c, fmt.Sprintf("malformed request: %v", err))
		return
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if req.Deadline != nil {
		ctx, cancel = context.WithDeadline(ctx, *req.Deadline)
		defer cancel()
	}
	w := newConnWriter(ctx, c)
	defer w.stop()
	bw := bufio.NewWriterSize(w, 64<<10)

	var resp response
	switch req.Op {
	case opHello:
		resp = response{OK: true, PID: os.Getpid()}
	case opExec:
		if req.Exec == nil {
			resp = response{Error: `malformed request: exec needs "exec"`}
			break
		}
		reply := s.h.Exec(ctx, *req.Exec)
		resp = response{OK: true, Reply: &reply}
	case opBackup:
		s.stream(ctx, bw, opBackup, s.h.Backup)
		bw.Flush()
		return
	case opExport:
		if req.Export == nil {
			resp = response{Error: `malformed request: export needs "export"`}
			break
		}
		s.stream(ctx, bw, opExport, func(ctx context.Context, w io.Writer) (int64, error) {
			return s.h.Export(ctx, *req.Export, w)
		})
		bw.Flush()
		return
	default:
		resp = response{Error: fmt.Sprintf("unknown op %q", req.Op)}
	}
	writeJSONLine(bw, resp)
	bw.Flush()
}

// refuse answers an error on a connection that has no request context.
func (s *Server) refuse(c net.Conn, msg string) {
	if c.SetWriteDeadline(time.Now().Add(writeIdle)) != nil {
		return
	}
	writeJSONLine(c, response{Error: msg})
}

// stream sends what write writes (a backup, an export) in the chunked
// framing.
func (s *Server) stream(ctx context.Context, w io.Writer, op string, write func(context.Context, io.Writer) (int64, error)) {
	cw := &chunkWriter{w: w}
	_, err := write(ctx, cw)
	if err == nil {
		err = cw.start() // an empty backup still says ok
	}
	if !cw.started {
		writeJSONLine(w, response{Error: fmt.Sprintf("%s: %v", op, err)})
		return
	}
	if cw.err != nil { // the connection failed: nothing more can be said
		return
	}
	var end [4]byte
	if _, err := w.Write(end[:]); err != nil {
		return
	}
	if err != nil {
		writeJSONLine(w, response{Error: fmt.Sprintf("%s: %v", op, err)})
		return
	}
	n := cw.n
	writeJSONLine(w, response{OK: true, N: &n})
}

// chunkWriter frames a backup or export stream. It sends the {"ok":true} header before
// the first data, so a backup that fails at once can still answer an error.
type chunkWriter struct {
	w       io.Writer
	started bool
	n       int64 // data bytes sent
	err     error // first write error; sticky
}

// start sends the ok header once.
func (cw *chunkWriter) start() error {
	if cw.err != nil {
		return cw.err
	}
	if cw.started {
		return nil
	}
	cw.started = true
	if err := writeJSONLine(cw.w, response{OK: true}); err != nil {
		cw.err = err
	}
	return cw.err
}

// Write sends p as one or more chunks.
func (cw *chunkWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, cw.err
	}
	if err := cw.start(); err != nil {
		return 0, err
	}
	written := 0
	for len(p) > 0 {
		k := min(len(p), maxChunk)
		var hdr [4]byte
		binary.BigEndian.PutUint32(hdr[:], uint32(k))
		if _, err := cw.w.Write(hdr[:]); err != nil {
			cw.err = err
			return written, err
		}
		if _, err := cw.w.Write(p[:k]); err != nil {
			cw.err = err
			return written, err
		}
		written += k
		cw.n += int64(k)
		p = p[k:]
	}
	return written, nil
}

// connWriter writes to a client with a deadline on each write: the request's
// deadline, or writeIdle from now if sooner. Once the request's context ends,
// pending and later writes fail at once.
type connWriter struct {
	c        net.Conn
	deadline time.Time // the request's deadline, zero for none
	stop     func() bool

	mu   sync.Mutex // orders setting the deadline against the context's end
	done error      // the context's error once it has ended
}

// newConnWriter returns a writer to c bound to ctx. Call stop when done.
func newConnWriter(ctx context.Context, c net.Conn) *connWriter {
	w := &connWriter{c: c}
	w.deadline, _ = ctx.Deadline()
	w.stop = context.AfterFunc(ctx, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.done = ctx.Err()
		w.c.SetDeadline(time.Unix(1, 0)) // in the past: unblock now
	})
	return w
}

// Write writes p to the connection.
func (w *connWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	if w.done != nil {
		w.mu.Unlock()
		return 0, w.done
	}
	d := time.Now().Add(writeIdle)
	if !w.deadline.IsZero() && w.deadline.Before(d) {
		d = w.deadline
	}
	err := w.c.SetWriteDeadline(d)
	w.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return w.c.Write(p)
}
