package main

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
)

// TestWalkthrough runs the README's coordination walk-through through
// `jcabot exec --as`, command by command, and checks what each answers.
func TestWalkthrough(t *testing.T) {
	f, err := os.Open("testdata/walkthrough.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	env := map[string]string{"JCABOT_CHAIRS": "console:chair"}
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
			m, stdout, stderr := testMain(dir, nil, env)
			m.Run(context.Background(), []string{"exec", "--as", who, cmd})
			out = stdout.String() + stderr.String()
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
