package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/control"
	"github.com/jcabot/jcabot/internal/jca"
)

// activities opens the data file of dir and counts its activities: the
// register is whole and readable.
func activities(t *testing.T, path string) int {
	t.Helper()
	db, err := bolt.Open(context.Background(), path, bolt.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer db.Close()
	_, total, err := db.ListActivities(context.Background(), jca.ActivityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

// No backup or export may replace the data file, its socket, or (for a
// report) a backup; each refusal says why and what to write instead, exits 2
// and leaves every file as it was.
func TestBackupAndExportNeverReplaceTheRegister(t *testing.T) {
	dir := t.TempDir()
	seedShell(t, dir)
	data := filepath.Join(dir, "jca.db")
	older := filepath.Join(dir, "older.db")
	if code, _, errOut := run(t, dir, "backup", older); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("minutes of the last call\n"), 0o600)
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(data, link); err != nil {
		t.Fatal(err)
	}
	// Another JCA's bot, running on its own file.
	live := filepath.Join(t.TempDir(), "other-jca.db")
	liveDB, err := bolt.Open(context.Background(), live, bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer liveDB.Close()
	before := map[string][]byte{}
	for _, f := range []string{data, older, notes, live} {
		before[f] = readFile(t, f)
	}
	t.Chdir(dir)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"backup", data}, "is the bot's data file: writing over it would destroy the register"},
		{[]string{"backup", "./jca.db"}, "is the bot's data file"},
		{[]string{"backup", link}, "is the bot's data file"},
		{[]string{"backup", control.SocketPath(data)}, "is the running bot's control socket"},
		{[]string{"backup", notes}, "exists and is not a jcabot backup"},
		{[]string{"backup", dir}, "is a folder; give a file name, e.g. " + filepath.Join(dir, "jca-2026-11-25.db")},
		{[]string{"backup", filepath.Join(dir, "no", "such", "x.db")}, "the folder " + filepath.Join(dir, "no", "such") + " does not exist"},
		{[]string{"backup", "--out", "x.db"}, "flag provided but not defined"},
		{[]string{"backup", "-x.db"}, "flag provided but not defined"},
		{[]string{"backup", "--", "-x.db"}, `"-x.db" is not an option here; to name a file that begins with -, write ./-x.db`},
		{[]string{"backup", "a.db", "b.db"}, "give one file to write, not 2"},
		{[]string{"backup"}, "give the file to write, e.g. jcabot backup jca-2026-11-25.db"},
		{[]string{"backup", live}, "is the data file of a running jcabot"},
		{[]string{"export", "--out", live}, "is the data file of a running jcabot"},
		{[]string{"export", "--out", data}, "is the bot's data file"},
		{[]string{"export", "--format", "json", "--out", older}, "is a jcabot data file or backup: the export would replace it. Choose another name, e.g. jca-report.json"},
		{[]string{"export", "--out", control.SocketPath(data)}, "control socket"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, dir, tt.args...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, want 2; stderr %q lacks %q", code, errOut, tt.want)
			}
			if strings.Contains(out, "wrote") {
				t.Fatalf("a refusal said %q", out)
			}
		})
	}
	for f, b := range before {
		if !bytes.Equal(readFile(t, f), b) {
			t.Errorf("%s changed", f)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		switch e.Name() {
		case "jca.db", "older.db", "notes.txt", "link.db":
		default:
			t.Errorf("a refused command left %s behind", e.Name())
		}
	}
	if n := activities(t, data); n != 1 {
		t.Fatalf("the register holds %d activities after the refusals, want 1", n)
	}
	// What may be replaced is: an older backup by a new one, a report by a report.
	if code, _, errOut := run(t, dir, "backup", older); code != 0 {
		t.Fatalf("a backup over an older backup: %s", errOut)
	}
	report := filepath.Join(dir, "r.md")
	for range 2 {
		if code, _, errOut := run(t, dir, "export", "--out", report); code != 0 {
			t.Fatalf("an export over an earlier report: %s", errOut)
		}
	}
}

// "-" is standard output, for a pipe; --help is help, never a file name.
func TestBackupAndExportToStandardOutput(t *testing.T) {
	dir := t.TempDir()
	seedShell(t, dir)
	code, out, errOut := run(t, dir, "backup", "-")
	if code != 0 {
		t.Fatalf("backup -: exit %d: %s", code, errOut)
	}
	copyPath := filepath.Join(t.TempDir(), "piped.db")
	os.WriteFile(copyPath, []byte(out), 0o600)
	if n := activities(t, copyPath); n != 1 {
		t.Fatalf("the piped backup holds %d activities", n)
	}
	code, out, errOut = run(t, dir, "export", "--out", "-")
	if code != 0 || !strings.HasPrefix(out, "# JCA-Res.178: report to TSAG") {
		t.Fatalf("export --out -: exit %d: %q %s", code, out, errOut)
	}
	t.Chdir(dir)
	for _, verb := range []string{"backup", "export", "exec", "console", "serve", "docs", "slack-manifest", "mattermost-setup"} {
		for _, h := range []string{"--help", "-h"} {
			code, out, errOut := run(t, dir, verb, h)
			if code != 0 || !strings.HasPrefix(out, "Usage: jcabot ") || errOut != "" {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q", verb, h, code, out, errOut)
			}
			if _, err := os.Stat(filepath.Join(dir, h)); !os.IsNotExist(err) {
				t.Errorf("%s %s wrote a file named %s", verb, h, h)
			}
		}
	}
}

func TestHelpAndVersionExitZero(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, out, _ := run(t, t.TempDir(), args...)
		if code != 0 || !strings.Contains(out, "Usage:") || !strings.Contains(out, "jcabot version") {
			t.Errorf("%v: exit %d: %q", args, code, out)
		}
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := run(t, t.TempDir(), args...)
		if code != 0 || !strings.HasPrefix(out, "jcabot ") || !strings.Contains(out, "go1.") {
			t.Errorf("%v: exit %d: %q", args, code, out)
		}
	}
	if code, _, errOut := run(t, t.TempDir(), "--nonsense"); code != exitUsage || !strings.Contains(errOut, "flag provided but not defined") {
		t.Errorf("an unknown option: exit %d: %s", code, errOut)
	}
}

// hungBot listens on the control socket of dir's data file, takes every
// connection and never answers: a bot stopped (SIGSTOP) or wedged.
func hungBot(t *testing.T, dir string) {
	t.Helper()
	l, err := net.Listen("unix", control.SocketPath(filepath.Join(dir, "jca.db")))
	if err != nil {
		t.Fatal(err)
	}
	held := make(chan net.Conn, 64)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held <- c
		}
	}()
	t.Cleanup(func() {
		l.Close()
		close(held)
		for c := range held {
			c.Close()
		}
	})
}

// exec, backup and export give up on a bot that does not answer, say so, and
// write nothing: a nightly backup job does not stall for good.
func TestCommandsGiveUpOnAHungBot(t *testing.T) {
	dir := t.TempDir()
	seedShell(t, dir)
	hungBot(t, dir)
	dest := filepath.Join(dir, "nightly.db")
	report := filepath.Join(dir, "nightly.md")
	for _, tt := range []struct {
		args    []string
		outcome string
	}{
		{[]string{"exec", "--timeout", "200ms", "activity list"}, "The command may or may not have been carried out"},
		{[]string{"backup", "--timeout", "200ms", dest}, "Nothing was written."},
		{[]string{"export", "--timeout", "200ms", "--out", report}, "Nothing was written."},
		{[]string{"backup", "--timeout", "200ms", "-"}, "What reached standard output is incomplete."},
	} {
		args := tt.args
		code, out, errOut := run(t, dir, args...)
		if code != exitStore || !strings.Contains(errOut, "did not finish within 200ms; it may be hung. "+tt.outcome) {
			t.Errorf("%v: exit %d: stdout %q stderr %q", args, code, out, errOut)
		}
		if strings.Contains(errOut, "context deadline exceeded") {
			t.Errorf("%v: a Go error reached the operator: %s", args, errOut)
		}
	}
	for _, f := range []string{dest, report} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s was written by a command that gave up", f)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".jcabot-") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
}

// A title carrying a terminal's escape sequence or a right-to-left override
// is refused with the character named, and nothing is stored: a report read
// with cat later runs nothing.
func TestControlCharactersAreRefused(t *testing.T) {
	dir := t.TempDir()
	for _, title := range []string{"DNS \x1b[2J\x1b[31mred", "invoice\u202Efdp.exe", "bell\a"} {
		code, out, _ := run(t, dir, "exec", `activity add SG13 "`+title+`"`)
		if code != exitRefused || !strings.Contains(out, "holds a character that cannot be shown (U+") {
			t.Errorf("%q: exit %d: %s", title, code, out)
		}
	}
	if n := activities(t, filepath.Join(dir, "jca.db")); n != 0 {
		t.Fatalf("%d activities stored", n)
	}
	code, out, _ := run(t, dir, "exec", `activity add SG13 "IPv6 — شبكات"`)
	if code != 0 || !strings.Contains(out, "Logged A-1") {
		t.Fatalf("a plain Arabic title: exit %d: %s", code, out)
	}
}

// A data file that cannot be opened is exit 3, told apart from a refused
// command (1) and a wrong call (2).
func TestUnopenableStoreExitsThree(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "jca.db"), []byte("not a database, but somebody's notes"), 0o600)
	for _, args := range [][]string{{"exec", "activity list"}, {"backup", filepath.Join(dir, "b.db")}, {"export", "--out", filepath.Join(dir, "r.md")}, {"console"}} {
		if code, _, errOut := run(t, dir, args...); code != exitStore || errOut == "" {
			t.Errorf("%v: exit %d, want %d: %s", args, code, exitStore, errOut)
		}
	}
}

// A held data file is told by its error's type, never by its text.
func TestInUseIsTyped(t *testing.T) {
	held := storeError{inUseError{path: "jca.db", pid: 42}}
	if !isInUse(held) || held.Error() != "jca.db is in use by another jcabot (pid 42)" {
		t.Fatalf("%v", held)
	}
	if isInUse(errors.New("open jca.db: the title is in use")) {
		t.Fatal("matched by its text")
	}
}
