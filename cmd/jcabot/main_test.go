package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/control"
	"github.com/jcabot/jcabot/internal/jca"
)

// syncBuffer is a bytes.Buffer safe to read while another goroutine
// writes; each write wakes waitFor.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{}
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{changed: make(chan struct{}, 1)} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testMain(dir string, stdin io.Reader, env map[string]string) (*Main, *syncBuffer, *syncBuffer) {
	out, errOut := newSyncBuffer(), newSyncBuffer()
	no := false
	return &Main{
		Stdin: stdin, Stdout: out, Stderr: errOut, Now: time.Now, Interactive: &no,
		Getenv: func(k string) string {
			if k == "JCABOT_DATA" {
				return filepath.Join(dir, "jca.db")
			}
			return env[k]
		},
	}, out, errOut
}

func TestConsoleScript(t *testing.T) {
	dir := t.TempDir()
	script := "activity add SG13 “Network requirements for IMT-2030” --aspect capacity,evolution\nactivity matrix\nactivity lsit\n"
	m, out, errOut := testMain(dir, strings.NewReader(script), nil)
	if code := m.Run(context.Background(), nil); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Logged A-1 for SG13", "Coverage of the register: 1 activity", "Did you mean `activity list`?"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("console output lacks %q:\n%s", want, out)
		}
	}
	// The data survives a restart.
	m2, out2, _ := testMain(dir, strings.NewReader("activity show A-1\n"), nil)
	if code := m2.Run(context.Background(), []string{"console"}); code != 0 || !strings.Contains(out2.String(), "Network requirements for IMT-2030") {
		t.Fatalf("after restart (exit %d):\n%s", code, out2)
	}
}

// While a console holds the store, exec and backup go through its control
// socket and a second console fails at once, naming the owner's pid.
func TestSecondProcessUsesTheControlSocket(t *testing.T) {
	dir := t.TempDir()
	stdin, feed := io.Pipe()
	owner, ownerOut, ownerErr := testMain(dir, stdin, map[string]string{"JCABOT_CHAIRS": "console:chair"})
	done := make(chan int)
	go func() { done <- owner.Run(context.Background(), []string{"console"}) }()
	// The console is ready once it has answered a first command.
	io.WriteString(feed, "activity add SG17 \"Held by the console\"\n")
	waitFor(t, ownerOut, "Logged A-1", ownerErr)

	ex, exOut, exErr := testMain(dir, nil, nil)
	if code := ex.Run(context.Background(), []string{"exec", "activity list"}); code != 0 {
		t.Fatalf("exec exit %d: %s", code, exErr)
	}
	if !strings.Contains(exOut.String(), "A-1 SG17") {
		t.Fatalf("exec output:\n%s", exOut)
	}
	ex2, _, _ := testMain(dir, nil, nil)
	if code := ex2.Run(context.Background(), []string{"exec", "--as", "bob", "activity update A-1 --status approved"}); code != 1 {
		t.Fatalf("a refused exec exits %d, want 1", code)
	}
	ex3, _, ex3Err := testMain(dir, nil, nil)
	if code := ex3.Run(context.Background(), []string{"exec"}); code != 2 {
		t.Fatalf("exec without a command exits %d, want 2 (%s)", code, ex3Err)
	}

	second, _, secondErr := testMain(dir, strings.NewReader(""), nil)
	start := time.Now()
	if code := second.Run(context.Background(), []string{"console"}); code != exitStore {
		t.Fatalf("a second console on a held file exits %d, want %d", code, exitStore)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("the second console took %v to give up", took)
	}
	want := fmt.Sprintf("is in use by another jcabot (pid %d)", os.Getpid())
	if !strings.Contains(secondErr.String(), want) {
		t.Fatalf("second console said %q, want %q", secondErr, want)
	}

	backupPath := filepath.Join(dir, "copy.db")
	bk, bkOut, bkErr := testMain(dir, nil, nil)
	if code := bk.Run(context.Background(), []string{"backup", backupPath}); code != 0 {
		t.Fatalf("backup exit %d: %s", code, bkErr)
	}
	if !strings.Contains(bkOut.String(), "wrote "+backupPath) {
		t.Fatalf("backup said %q", bkOut)
	}
	feed.Close()
	if code := <-done; code != 0 {
		t.Fatalf("console exit %d: %s", code, ownerErr)
	}
	if _, err := os.Stat(control.SocketPath(filepath.Join(dir, "jca.db"))); !os.IsNotExist(err) {
		t.Fatalf("the control socket was left behind: %v", err)
	}
	db, err := bolt.Open(context.Background(), backupPath, bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, total, _ := db.ListActivities(context.Background(), jca.ActivityFilter{})
	if total != 1 {
		t.Fatalf("the backup holds %d activities", total)
	}
}

// With nobody holding the file, exec and backup open it directly.
func TestExecAndBackupOnAnIdleFile(t *testing.T) {
	dir := t.TempDir()
	m, out, errOut := testMain(dir, nil, nil)
	if code := m.Run(context.Background(), []string{"exec", "/jca", "activity", "add", "IETF", `"DNS privacy"`}); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	m2, out2, _ := testMain(dir, nil, nil)
	if code := m2.Run(context.Background(), []string{"exec", "activity search dns"}); code != 0 || !strings.Contains(out2.String(), "A-1 IETF") {
		t.Fatalf("exit %d:\n%s", code, out2)
	}
	m3, _, errOut3 := testMain(dir, nil, nil)
	if code := m3.Run(context.Background(), []string{"backup", filepath.Join(dir, "b.db")}); code != 0 {
		t.Fatalf("backup: %s", errOut3)
	}
}

func TestBadConfiguration(t *testing.T) {
	for _, env := range []map[string]string{
		{"JCABOT_TZ": "Mars/Olympus"},
		{"JCABOT_LANG": "de"},
		{"JCABOT_CHAIRS": "alice"},
		{"JCABOT_CONFIG": "/nonexistent.json"},
	} {
		m, _, errOut := testMain(t.TempDir(), nil, env)
		if code := m.Run(context.Background(), []string{"exec", "help"}); code != 2 {
			t.Errorf("%v: exit %d", env, code)
		}
		for k := range env {
			if !strings.Contains(errOut.String(), k) {
				t.Errorf("the error does not name %s: %s", k, errOut)
			}
		}
	}
}

// A vocabulary file replaces the default study groups.
func TestVocabularyFile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "vocab.json")
	os.WriteFile(cfg, []byte(`{"study_period":"2013-2016","groups":[{"code":"SG9"},{"code":"SG16"},{"code":"SG13"}]}`), 0o600)
	m, out, errOut := testMain(dir, nil, map[string]string{"JCABOT_CONFIG": cfg})
	if code := m.Run(context.Background(), []string{"exec", `activity add SG9 "Cable networks for IP"`}); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	m2, out2, _ := testMain(dir, nil, map[string]string{"JCABOT_CONFIG": cfg})
	if code := m2.Run(context.Background(), []string{"exec", `activity add SG21 "x"`}); code != 1 || !strings.Contains(out2.String(), "SG9, SG16, SG13") {
		t.Fatalf("exit %d:\n%s", code, out2)
	}
}

// The README's command reference is the one the declarations generate.
func TestReadmeReferenceIsCurrent(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	got, ok := readmeReference(string(raw))
	if !ok {
		t.Fatal("README.md lacks the command reference markers")
	}
	want, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatal("README.md's command reference is out of date: run `make docs`")
	}
}

// waitFor blocks until out contains want (or fails after a generous bound:
// the console answers in milliseconds).
func waitFor(t *testing.T, out *syncBuffer, want string, errOut *syncBuffer) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for !strings.Contains(out.String(), want) {
		select {
		case <-out.changed:
		case <-timeout:
			t.Fatalf("no %q; stderr: %s", want, errOut)
		}
	}
}

// Ctrl-C: at a terminal the console's prompt takes it (a hint, then quit on
// the second, with the input still open); a piped console, like every
// other subcommand, stops at the first; SIGTERM (ctx) always stops. Before
// the prompt is up, Ctrl-C stops the start.
func TestCtrlCAndSIGTERM(t *testing.T) {
	type signals func(interrupts chan os.Signal, stop context.CancelFunc, printed func(string) bool, feed io.Writer)
	run := func(interactive bool, send signals) (int, string) {
		in, feed := io.Pipe()
		defer feed.Close()
		m, out, _ := testMain(t.TempDir(), in, nil)
		m.Interactive = &interactive
		interrupts := make(chan os.Signal)
		m.Interrupts = interrupts
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		done := make(chan int, 1)
		go func() { done <- m.Run(ctx, []string{"console"}) }()
		printed := func(s string) bool { // waits at most 10 s for s
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				if strings.Contains(out.String(), s) {
					return true
				}
			}
			return false
		}
		go send(interrupts, stop, printed, feed)
		select {
		case code := <-done:
			return code, out.String()
		case <-time.After(20 * time.Second):
			t.Fatal("the console did not end")
			return 0, ""
		}
	}
	twice := func(interrupts chan os.Signal, _ context.CancelFunc, printed func(string) bool, _ io.Writer) {
		printed("jca> ")
		interrupts <- os.Interrupt
		printed("To leave")
		interrupts <- os.Interrupt
	}
	if code, out := run(true, twice); code != exitOK || !strings.Contains(out, "To leave, press Ctrl-C again") {
		t.Errorf("terminal: exit %d:\n%s", code, out)
	}
	once := func(interrupts chan os.Signal, _ context.CancelFunc, printed func(string) bool, feed io.Writer) {
		io.WriteString(feed, "lang show\n")
		printed("English")
		interrupts <- os.Interrupt
	}
	if code, out := run(false, once); code != exitOK || strings.Contains(out, "To leave") || !strings.Contains(out, "English") {
		t.Errorf("piped: exit %d:\n%s", code, out)
	}
	term := func(_ chan os.Signal, stop context.CancelFunc, printed func(string) bool, _ io.Writer) {
		printed("jca> ")
		stop()
	}
	if code, _ := run(true, term); code != exitOK {
		t.Errorf("SIGTERM: exit %d", code)
	}
}
