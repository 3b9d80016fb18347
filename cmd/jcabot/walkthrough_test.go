package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// TestWalkthrough runs the README's coordination walk-through through
// `jcabot exec --as`, command by command, and checks what each answers:
// on an idle data file, and with the quick start's console still open on it
// (exec then runs inside the console, through its control socket). Neither
// needs JCABOT_CHAIRS: the chair's lines run as the operator.
func TestWalkthrough(t *testing.T) {
	for _, consoleOpen := range []bool{false, true} {
		dir := t.TempDir()
		if consoleOpen {
			stop := openConsole(t, dir)
			defer stop()
		}
		runWalkthrough(t, dir)
	}
}

// openConsole runs `jcabot console` on dir's data file, its input held
// open, until stop is called.
func openConsole(t *testing.T, dir string) (stop func()) {
	t.Helper()
	in, feed := io.Pipe()
	m, out, _ := testMain(dir, in, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"console"}) }()
	io.WriteString(feed, "lang show\n") // answered once the console holds the file
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "English"); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the console did not start")
		}
	}
	return func() {
		cancel()
		feed.Close()
		<-done
	}
}

func runWalkthrough(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Open("testdata/walkthrough.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out string
	var line string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		text := sc.Text()
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
		case strings.HasPrefix(text, "= "):
			if !strings.Contains(out, text[2:]) {
				t.Fatalf("%s\nlacks %q in:\n%s", line, text[2:], out)
			}
		default:
			who, cmd, ok := strings.Cut(text, "> ")
			if !ok {
				t.Fatalf("bad script line %q", text)
			}
			line = text
			args := []string{"exec", "--as", who, cmd}
			if who == "local" {
				args = []string{"exec", cmd}
			}
			m, stdout, stderr := testMain(dir, nil, nil)
			m.Run(context.Background(), args)
			out = stdout.String() + stderr.String()
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
