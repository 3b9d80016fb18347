package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// exportNow is the clock of the exports compared byte for byte (a report
// says when it was compiled).
var exportNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// run runs jcabot with args on the data file in dir and returns the exit
// code and what it printed.
func run(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	m, out, errOut := testMain(dir, nil, map[string]string{"JCABOT_CHAIRS": "console:chair"})
	m.Now = func() time.Time { return exportNow }
	code = m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// seedShell fills the data file in dir through exec, as an operator would.
func seedShell(t *testing.T, dir string) {
	t.Helper()
	for _, line := range []string{
		`activity add SG13 "Network requirements for IMT-2030" --aspect capacity,evolution`,
		`activity add SG17 "Sécurité des résolveurs DNS" --aspect security`,
		`activity remove A-2`,
		`topic propose "Quantum-safe signalling" --group SG13,SG17`,
		`liaison add --direction in --from IETF --to SG13 "DNS LS" --purpose action --deadline 2030-01-31`,
		`member join SG13`,
		`tz set Europe/Zurich`,
	} {
		if code, out, errOut := run(t, dir, "exec", line); code != 0 {
			t.Fatalf("%s: exit %d: %s %s", line, code, out, errOut)
		}
	}
}

// export → import → export gives the same file: the JSON register, and the
// reports compiled from it.
func TestExportImportExport(t *testing.T) {
	src, dst, files := t.TempDir(), t.TempDir(), t.TempDir()
	seedShell(t, src)
	first := filepath.Join(files, "first.json")
	if code, out, errOut := run(t, src, "export", "--format", "json", "--out", first); code != 0 || !strings.Contains(out, "wrote "+first) {
		t.Fatalf("export: exit %d: %s %s", code, out, errOut)
	}
	mustHave(t, string(readFile(t, first)), `"Format": 1`, `"activities": 2`, "Sécurité des résolveurs DNS", `"Removed": true`)

	code, out, errOut := run(t, dst, "import", first)
	if code != 0 || !strings.Contains(out, "imported 2 activities, 1 topics, 0 joint groups, 1 liaisons, 0 polls, 0 meetings, 1 people into ") {
		t.Fatalf("import: exit %d: %s %s", code, out, errOut)
	}
	second := filepath.Join(files, "second.json")
	if code, _, errOut := run(t, dst, "export", "--format", "json", "--out", second); code != 0 {
		t.Fatalf("second export: %s", errOut)
	}
	if !bytes.Equal(readFile(t, first), readFile(t, second)) {
		t.Fatal("export → import → export changed the JSON")
	}
	for _, format := range []string{"md", "csv", "html"} {
		a, b := filepath.Join(files, "a."+format), filepath.Join(files, "b."+format)
		args := []string{"export", "--format", format, "--since", "2020-01-01", "--until", "2030-12-31"}
		if code, _, errOut := run(t, src, append(args, "--out", a)...); code != 0 {
			t.Fatalf("%s from the source: %s", format, errOut)
		}
		if code, _, errOut := run(t, dst, append(args, "--out", b)...); code != 0 {
			t.Fatalf("%s from the copy: %s", format, errOut)
		}
		if !bytes.Equal(readFile(t, a), readFile(t, b)) {
			t.Fatalf("the %s reports differ", format)
		}
	}
	mustHave(t, string(readFile(t, filepath.Join(files, "a.md"))), "# JCA-Res.178: report to TSAG", "| A-1 ", "removed", "| T-1 ", "| L-1 ")

	// The ids go on where the source stopped.
	if code, out, _ := run(t, dst, "exec", `activity add SG2 "After the import"`); code != 0 || !strings.Contains(out, "A-3") {
		t.Fatalf("add after import: %s", out)
	}
	// A store that holds records refuses an import, and keeps them.
	code, _, errOut = run(t, dst, "import", first)
	if code != 1 || !strings.Contains(errOut, "already holds records") || !strings.Contains(errOut, "Nothing was imported") {
		t.Fatalf("import into a full store: exit %d: %s", code, errOut)
	}
	if _, out, _ := run(t, dst, "exec", "activity show A-3"); !strings.Contains(out, "After the import") {
		t.Fatalf("the refused import lost data: %s", out)
	}
}

// While a bot holds the data file, export goes through its control socket
// and gives the same file; import is refused and tells the operator to
// stop the bot.
func TestExportAndImportWhileABotRuns(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	seedShell(t, dir)
	stdin, feed := io.Pipe()
	owner, ownerOut, ownerErr := testMain(dir, stdin, nil)
	owner.Now = func() time.Time { return exportNow }
	done := make(chan int)
	go func() { done <- owner.Run(context.Background(), []string{"console"}) }()
	io.WriteString(feed, "activity show A-1\n")
	waitFor(t, ownerOut, "Network requirements for IMT-2030", ownerErr)

	held := filepath.Join(files, "held.md")
	if code, _, errOut := run(t, dir, "export", "--out", held, "--since", "2020-01-01", "--until", "2030-12-31"); code != 0 {
		t.Fatalf("export through the socket: %s", errOut)
	}
	heldJSON := filepath.Join(files, "held.json")
	if code, _, errOut := run(t, dir, "export", "--format", "json", "--out", heldJSON); code != 0 {
		t.Fatalf("JSON export through the socket: %s", errOut)
	}
	code, _, errOut := run(t, dir, "import", heldJSON)
	want := fmt.Sprintf("is held by a running jcabot (pid %d); stop it first", os.Getpid())
	if code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("import while held: exit %d: %s", code, errOut)
	}
	feed.Close()
	if code := <-done; code != 0 {
		t.Fatalf("console exit %d: %s", code, ownerErr)
	}

	idle, idleJSON := filepath.Join(files, "idle.md"), filepath.Join(files, "idle.json")
	run(t, dir, "export", "--out", idle, "--since", "2020-01-01", "--until", "2030-12-31")
	run(t, dir, "export", "--format", "json", "--out", idleJSON)
	if !bytes.Equal(readFile(t, held), readFile(t, idle)) || !bytes.Equal(readFile(t, heldJSON), readFile(t, idleJSON)) {
		t.Fatal("the socket's export differs from the file's")
	}
}

func TestExportAndImportUsage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.md")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "--format", "md"}, 2, "give the file to write with --out"},
		{[]string{"export", "--format", "pdf", "--out", out}, 2, `unknown format "pdf"`},
		{[]string{"export", "--format", "json", "--since", "2026-01-01", "--out", out}, 2, "a JSON export is the whole register"},
		{[]string{"export", "--since", "2026-02-30x", "--out", out}, 2, `"2026-02-30x" is not a day`},
		{[]string{"export", "--since", "2026-06-30", "--until", "2026-01-01", "--out", out}, 2, "the period would end (2026-01-01) before it starts (2026-06-30)"},
		{[]string{"export", "--out", out, "extra"}, 2, `unexpected "extra"`},
		{[]string{"import"}, 2, "give the JSON file to import"},
		{[]string{"import", filepath.Join(dir, "missing.json")}, 1, "no such file"},
		{[]string{"import", "../../go.mod"}, 1, "is not a register written by jcabot export --format json"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errOut := run(t, dir, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, want %d; stderr %q lacks %q", code, tt.code, errOut, tt.want)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a refused export wrote its file")
	}
	// A register from a later jcabot is refused by name.
	future := filepath.Join(dir, "future.json")
	os.WriteFile(future, []byte(`{"Format": 9, "Activities": []}`), 0o600)
	code, _, errOut := run(t, t.TempDir(), "import", future)
	if code != 1 || !strings.Contains(errOut, "export format 9; this jcabot reads format 1") {
		t.Fatalf("future format: exit %d: %s", code, errOut)
	}
}

func mustHave(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("lacks %q:\n%s", w, got)
		}
	}
}
