package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
)

// fakeHandler records the requests it gets and answers with reply (by
// default "ok: <text>" to the person).
type fakeHandler struct {
	mu    sync.Mutex
	reqs  []bot.Request
	reply func(ctx context.Context, req bot.Request) bot.Reply
}

func (h *fakeHandler) Handle(ctx context.Context, req bot.Request) bot.Reply {
	h.mu.Lock()
	h.reqs = append(h.reqs, req)
	h.mu.Unlock()
	if h.reply != nil {
		return h.reply(ctx, req)
	}
	return bot.Reply{Message: bot.Message{Title: bot.T("ok: " + req.Text)}}
}

func (h *fakeHandler) texts() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.reqs {
		out = append(out, r.Text)
	}
	return out
}

var (
	alice   = bot.Person{ID: "console:alice", Name: "alice"}
	general = bot.ChannelID("console:general")
	fixedAt = time.Date(2027, 3, 26, 13, 0, 0, 0, time.UTC)
)

// newConsole returns a console reading script, writing to the returned
// buffer, with attachments under a fresh directory.
func newConsole(t *testing.T, h bot.Handler, script string) (*Console, *bytes.Buffer) {
	t.Helper()
	out := &bytes.Buffer{}
	return &Console{
		Handler:  h,
		In:       strings.NewReader(script),
		Out:      out,
		Person:   alice,
		Channel:  general,
		FilesDir: filepath.Join(t.TempDir(), "files"),
		Now:      func() time.Time { return fixedAt },
	}, out
}

func TestRunScript(t *testing.T) {
	tests := []struct {
		name    string
		script  string
		handled []string
		out     string
	}{
		{"one command", "activity list\n", []string{"activity list"}, "ok: activity list\n"},
		{"comments and blank lines skipped",
			"# set up\n\n   \n\t# indented comment\nactivity list\n# done\n",
			[]string{"activity list"}, "ok: activity list\n"},
		{"lines are trimmed, inner spaces kept", "  activity   list \t\n", []string{"activity   list"}, "ok: activity   list\n"},
		{"Windows line ends", "a\r\nb\r\n", []string{"a", "b"}, "ok: a\nok: b\n"},
		{"last line without a newline", "a\nb", []string{"a", "b"}, "ok: a\nok: b\n"},
		{"quit stops", "a\nquit\nb\n", []string{"a"}, "ok: a\n"},
		{"exit stops", "a\nexit\nb\n", []string{"a"}, "ok: a\n"},
		{"quit with spaces around it", "a\n  quit  \nb\n", []string{"a"}, "ok: a\n"},
		{"a word starting with quit is a command", "quitter\nexit now\n", []string{"quitter", "exit now"},
			"ok: quitter\nok: exit now\n"},
		{"a # inside a line is not a comment", "activity search #5\n", []string{"activity search #5"}, "ok: activity search #5\n"},
		{"empty input", "", nil, ""},
		{"only comments", "# nothing\n\n", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &fakeHandler{}
			c, out := newConsole(t, h, tt.script)
			if err := c.Run(context.Background()); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got := h.texts(); !slices.Equal(got, tt.handled) {
				t.Errorf("handled %q, want %q", got, tt.handled)
			}
			if out.String() != tt.out {
				t.Errorf("output %q, want %q", out.String(), tt.out)
			}
		})
	}
}

func TestRunPromptOnlyWhenInteractive(t *testing.T) {
	tests := []struct {
		name        string
		interactive bool
		script      string
		want        string
	}{
		{"script: no prompt", false, "a\n", "ok: a\n"},
		{"script: no prompt before quit", false, "a\nquit\n", "ok: a\n"},
		{"terminal: prompt before each line, newline at end of input", true, "a\n# c\n",
			Prompt + ansiBold + "ok: a" + ansiReset + "\n" + Prompt + Prompt + "\n"},
		{"terminal: quit leaves at once", true, "a\nquit\nb\n",
			Prompt + ansiBold + "ok: a" + ansiReset + "\n" + Prompt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, out := newConsole(t, &fakeHandler{}, tt.script)
			c.Interactive = tt.interactive
			if err := c.Run(context.Background()); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if out.String() != tt.want {
				t.Errorf("output %q, want %q", out.String(), tt.want)
			}
		})
	}
}

func TestRunPrintsEveryKindOfReply(t *testing.T) {
	h := &fakeHandler{reply: func(_ context.Context, req bot.Request) bot.Reply {
		switch req.Text {
		case "private":
			return bot.Reply{Message: bot.Message{Title: bot.T("Only you see this")}}
		case "public":
			return bot.Reply{Audience: bot.ToChannel, Message: bot.Message{Title: bot.T("Everyone sees this")}}
		case "bad":
			msg := bot.Message{Title: bot.T("Unknown area “actvity”. Did you mean activity?")}
			msg.Context(bot.Text{plain("Usage: "), code("activity list")})
			return bot.Reply{Refused: true, Message: msg}
		case "poll":
			return bot.Reply{
				Message:  bot.Message{Title: bot.Text{plain("Created "), bold("P-1")}},
				Announce: &bot.Message{Title: bot.T("New poll: lunch?")},
			}
		}
		return bot.Reply{}
	}}
	c, out := newConsole(t, h, "private\npublic\nbad\npoll\n")
	if err := c.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := "Only you see this\n" +
		"[#general] Everyone sees this\n" +
		"Unknown area “actvity”. Did you mean activity?\n  › Usage: `activity list`\n" +
		"Created P-1\n" +
		"[#general] New poll: lunch?\n"
	if out.String() != want {
		t.Errorf("output\n%s\nwant\n%s", out.String(), want)
	}
}

func TestRunRequests(t *testing.T) {
	h := &fakeHandler{}
	c, _ := newConsole(t, h, "activity add SG13 \"x\" --as @bob\n")
	c.Channel = "console:ops"
	if err := c.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(h.reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(h.reqs))
	}
	req := h.reqs[0]
	if req.Platform != bot.Console || req.Channel != "console:ops" || req.Person != alice ||
		!req.Time.Equal(fixedAt) || req.Text != `activity add SG13 "x" --as @bob` || req.Action != nil {
		t.Errorf("request = %+v", req)
	}
	if m, ok := req.MentionFor("@bob"); !ok || m.ID != "console:bob" {
		t.Errorf("mentions = %+v, want @bob as console:bob", req.Mentions)
	}
}

func TestRunStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := &fakeHandler{}
	h.reply = func(_ context.Context, req bot.Request) bot.Reply {
		if req.Text == "stop" {
			cancel()
		}
		return bot.Reply{Message: bot.Message{Title: bot.T("ok: " + req.Text)}}
	}
	c, out := newConsole(t, h, "a\nstop\nb\n")
	if err := c.Run(ctx); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := h.texts(); !slices.Equal(got, []string{"a", "stop"}) {
		t.Errorf("handled %q, want a and stop only", got)
	}
	if out.String() != "ok: a\nok: stop\n" {
		t.Errorf("output %q: the reply to the last command must still be printed", out.String())
	}
}

// Ctrl-C or SIGTERM at the prompt (ctx done while no line comes) ends the
// console: nobody has to press Enter or kill -9 it.
func TestRunStopsWhileWaitingForInput(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	handled := make(chan struct{})
	h := &fakeHandler{}
	h.reply = func(_ context.Context, req bot.Request) bot.Reply {
		close(handled)
		return bot.Reply{Message: bot.Message{Title: bot.T("ok")}}
	}
	c, _ := newConsole(t, h, "")
	in, feed := io.Pipe() // a terminal nobody types on after the first line
	defer feed.Close()
	c.In = in
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	if _, err := feed.Write([]byte("a\n")); err != nil {
		t.Fatal(err)
	}
	<-handled // Run now waits for a line that never comes
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if got := h.texts(); !slices.Equal(got, []string{"a"}) {
		t.Errorf("handled %q, want a", got)
	}
}

func TestRunReturnsReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	h := &fakeHandler{}
	c, _ := newConsole(t, h, "")
	c.In = io.MultiReader(strings.NewReader("a\n"), iotest.ErrReader(boom))
	if err := c.Run(context.Background()); !errors.Is(err, boom) {
		t.Errorf("Run = %v, want %v", err, boom)
	}
	if got := h.texts(); !slices.Equal(got, []string{"a"}) {
		t.Errorf("handled %q, want a", got)
	}
}

func TestRunLongLine(t *testing.T) {
	long := "activity add SG13 " + strings.Repeat("x", 200_000)
	h := &fakeHandler{reply: func(context.Context, bot.Request) bot.Reply { return bot.Reply{} }}
	c, _ := newConsole(t, h, long+"\nnext\n")
	if err := c.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := h.texts(); len(got) != 2 || got[0] != long || got[1] != "next" {
		t.Errorf("a 200 kB line was not read whole")
	}
}

func TestNewRequestMentions(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []bot.Mention
	}{
		{"none", "activity list", nil},
		{"one", "member add @bob", []bot.Mention{{Token: "@bob", ID: "console:bob", Name: "bob"}}},
		{"at the start", "@bob hello", []bot.Mention{{Token: "@bob", ID: "console:bob", Name: "bob"}}},
		{"several", "chairs @alice, @bob and (@carol)", []bot.Mention{
			{Token: "@alice", ID: "console:alice", Name: "alice"},
			{Token: "@bob", ID: "console:bob", Name: "bob"},
			{Token: "@carol", ID: "console:carol", Name: "carol"},
		}},
		{"sentence full stop is not part of the name", "ask @bob.", []bot.Mention{{Token: "@bob", ID: "console:bob", Name: "bob"}}},
		{"dots, hyphens and underscores inside a name", "@jean-luc.picard_2", []bot.Mention{
			{Token: "@jean-luc.picard_2", ID: "console:jean-luc.picard_2", Name: "jean-luc.picard_2"}}},
		{"accented name", "@zoé", []bot.Mention{{Token: "@zoé", ID: "console:zoé", Name: "zoé"}}},
		{"an e-mail address is not a mention", "note \"write to bob@example.org\"", nil},
		{"a lone @ is not a mention", "meet @ 15:00", nil},
		{"punctuation only is not a mention", "@. @- @...", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := NewRequest(alice, general, tt.line, fixedAt)
			if !slices.Equal(req.Mentions, tt.want) {
				t.Errorf("mentions = %+v, want %+v", req.Mentions, tt.want)
			}
			if req.Text != tt.line || req.Platform != bot.Console || req.Channel != general || req.Person != alice || !req.Time.Equal(fixedAt) {
				t.Errorf("request = %+v", req)
			}
			for _, m := range req.Mentions {
				if !strings.Contains(tt.line, m.Token) {
					t.Errorf("token %q is not in the line", m.Token)
				}
			}
		})
	}
}

func TestConsoleRequestUsesTheClock(t *testing.T) {
	c := &Console{Person: alice, Channel: general, Now: func() time.Time { return fixedAt }}
	if got := c.Request("x").Time; !got.Equal(fixedAt) {
		t.Errorf("Time = %v, want the injected clock's %v", got, fixedAt)
	}
	c.Now = nil
	before := time.Now()
	got := c.Request("x").Time
	if got.Before(before) || got.After(time.Now()) {
		t.Errorf("without a clock, Time = %v, want now", got)
	}
}

func TestSaveFileNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := range 3 {
		p, err := SaveFile(dir, bot.File{Name: "meeting.ics", Data: []byte(fmt.Sprint("version ", i))})
		if err != nil {
			t.Fatalf("SaveFile %d: %v", i, err)
		}
		paths = append(paths, p)
	}
	want := []string{filepath.Join(dir, "meeting.ics"), filepath.Join(dir, "meeting-1.ics"), filepath.Join(dir, "meeting-2.ics")}
	if !slices.Equal(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
	for i, p := range want {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != fmt.Sprint("version ", i) {
			t.Errorf("%s holds %q, want version %d: a file was overwritten", p, data, i)
		}
	}
	p, err := SaveFile(dir, bot.File{Name: "README", Data: []byte("a")})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := SaveFile(dir, bot.File{Name: "README", Data: []byte("b")})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) != "README" || filepath.Base(p2) != "README-1" {
		t.Errorf("without an extension: %s then %s, want README then README-1", p, p2)
	}
}

func TestSaveFileKeepsToItsDirectory(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string // base name written in the directory
	}{
		{"plain name", "report.csv", "report.csv"},
		{"climbing out with slashes", "../../etc/passwd", "passwd"},
		{"absolute path", "/etc/passwd", "passwd"},
		{"climbing out with backslashes", `..\..\Windows\evil.ics`, "evil.ics"},
		{"trailing slash", "dir/", "dir"},
		{"parent only", "..", "attachment"},
		{"dot only", ".", "attachment"},
		{"slash only", "/", "attachment"},
		{"empty name", "", "attachment"},
		{"escape sequence in the name", "\x1b[2Jreport\r.ics", "_[2Jreport_.ics"},
		{"newline in the name", "a\nb.txt", "a_b.txt"},
		{"unicode kept", "réunion 網絡.ics", "réunion 網絡.ics"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "a", "b", "files") // created when needed
			path, err := SaveFile(dir, bot.File{Name: tt.file, Data: []byte("data")})
			if err != nil {
				t.Fatalf("SaveFile: %v", err)
			}
			if want := filepath.Join(dir, tt.want); path != want {
				t.Errorf("path %q, want %q", path, want)
			}
			var found []string
			err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					found = append(found, p)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != 1 || found[0] != path {
				t.Errorf("files written %q, want only %q", found, path)
			}
			if strings.ContainsAny(path, "\x1b\r\n") {
				t.Errorf("path %q carries control characters", path)
			}
		})
	}
}

func TestSaveFileDefaultsToTheCurrentDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	path, err := SaveFile("", bot.File{Name: "x.txt", Data: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	if path != "x.txt" {
		t.Errorf("path %q, want x.txt", path)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "x.txt")); err != nil || string(data) != "x" {
		t.Errorf("file in the current directory: %q, %v", data, err)
	}
}

func TestRepliesWriteAttachments(t *testing.T) {
	h := &fakeHandler{reply: func(context.Context, bot.Request) bot.Reply {
		return bot.Reply{
			Message:  bot.Message{Title: bot.T("Your calendar"), Files: []bot.File{{Name: "meeting.ics", MediaType: "text/calendar", Data: []byte("BEGIN:VCALENDAR")}}},
			Announce: &bot.Message{Title: bot.T("Report ready"), Files: []bot.File{{Name: "report.csv", Data: []byte("a,b")}}},
		}
	}}
	c, out := newConsole(t, h, "meeting ics\n")
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	ics, csv := filepath.Join(c.FilesDir, "meeting.ics"), filepath.Join(c.FilesDir, "report.csv")
	want := "Your calendar\n  → " + ics + "\n[#general] Report ready\n  → " + csv + "\n"
	if out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	if data, _ := os.ReadFile(ics); string(data) != "BEGIN:VCALENDAR" {
		t.Errorf("%s holds %q", ics, data)
	}
	if data, _ := os.ReadFile(csv); string(data) != "a,b" {
		t.Errorf("%s holds %q", csv, data)
	}
}

func TestAttachmentThatCannotBeSaved(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c := &Console{Out: &bytes.Buffer{}, Channel: general, FilesDir: notADir}
	c.Print(bot.Reply{Message: bot.Message{Title: bot.T("Report"), Files: []bot.File{{Name: "\x1b[2Jreport.csv"}}}})
	out := c.Out.(*bytes.Buffer).String()
	if !strings.HasPrefix(out, "Report\n  (could not save \uFFFD[2Jreport.csv: ") {
		t.Errorf("output %q, want the name and the reason", out)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("a hostile file name reached the terminal: %q", out)
	}
}

func TestPostAndUpdate(t *testing.T) {
	ctx := context.Background()
	c, out := newConsole(t, nil, "")
	ref1, err := c.Post(ctx, general, bot.Message{Title: bot.T("Reminder: meeting at 15:00")})
	if err != nil {
		t.Fatal(err)
	}
	ref2, err := c.Post(ctx, "console:ops", bot.Message{Title: bot.T("Poll: 0 votes"), Files: []bot.File{{Name: "poll.csv", Data: []byte("x")}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Update(ctx, ref2, bot.Message{Title: bot.T("Poll: 3 votes")}); err != nil {
		t.Fatal(err)
	}
	if ref1 != (bot.MessageRef{Channel: general, ID: "1"}) || ref2 != (bot.MessageRef{Channel: "console:ops", ID: "2"}) {
		t.Errorf("refs %+v %+v", ref1, ref2)
	}
	want := "\n[#general] Reminder: meeting at 15:00\n" +
		"\n[#ops] Poll: 0 votes\n  → " + filepath.Join(c.FilesDir, "poll.csv") + "\n" +
		"\n[#ops] (#2) Poll: 3 votes\n"
	if out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	if _, err := os.Stat(filepath.Join(c.FilesDir, "poll.csv")); err != nil {
		t.Errorf("posted attachment not written: %v", err)
	}
}

func TestChannelPrefix(t *testing.T) {
	tests := []struct {
		name string
		ch   bot.ChannelID
		want string
	}{
		{"console", "console:general", "[#general] "},
		{"team and channel", "mattermost:team/town-square", "[#town-square] "},
		{"unqualified", "general", "[#general] "},
		{"escape in the name", "console:\x1b[2Jops", "[#\uFFFD[2Jops] "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Console{}
			if got := c.channelPrefix(tt.ch); got != tt.want {
				t.Errorf("channelPrefix(%q) = %q, want %q", tt.ch, got, tt.want)
			}
		})
	}
}

// TestPostWhileRunning posts and updates from other goroutines while Run
// prints replies; run with -race. Every write must arrive whole.
func TestPostWhileRunning(t *testing.T) {
	const lines, posters, posts = 200, 4, 50
	var script strings.Builder
	for i := range lines {
		fmt.Fprintf(&script, "cmd %d\n", i)
	}
	h := &fakeHandler{}
	c, out := newConsole(t, h, script.String())
	c.Out = out // a plain bytes.Buffer: the console must serialise its writes
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, posters*posts*2+1)
	wg.Go(func() {
		if err := c.Run(ctx); err != nil {
			errs <- err
		}
	})
	for p := range posters {
		wg.Go(func() {
			for i := range posts {
				ref, err := c.Post(ctx, general, bot.Message{Title: bot.T(fmt.Sprintf("post %d-%d", p, i))})
				if err != nil {
					errs <- err
					continue
				}
				if err := c.Update(ctx, ref, bot.Message{Title: bot.T(fmt.Sprintf("update %d-%d", p, i))}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	text := out.String()
	for i := range lines {
		if n := strings.Count(text, fmt.Sprintf("ok: cmd %d\n", i)); n != 1 {
			t.Errorf("reply to cmd %d printed %d times", i, n)
		}
	}
	ids := map[string]bool{}
	for p := range posters {
		for i := range posts {
			if n := strings.Count(text, fmt.Sprintf("\n[#general] post %d-%d\n", p, i)); n != 1 {
				t.Errorf("post %d-%d printed %d times", p, i, n)
			}
			if n := strings.Count(text, fmt.Sprintf(") update %d-%d\n", p, i)); n != 1 {
				t.Errorf("update %d-%d printed %d times", p, i, n)
			}
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if id, ok := strings.CutPrefix(line, "[#general] ("); ok {
			id, _, _ = strings.Cut(id, ")")
			if ids[id] {
				t.Errorf("message id #%s given twice", id)
			}
			ids[id] = true
		}
	}
	if len(ids) != posters*posts {
		t.Errorf("%d distinct message ids, want %d", len(ids), posters*posts)
	}
	if got := len(h.texts()); got != lines {
		t.Errorf("%d commands handled, want %d", got, lines)
	}
}

// A line over MaxLine is refused with its length, in the person's language,
// and the lines after it still run; a line of exactly MaxLine bytes, or
// ending in CRLF, is read whole.
func TestRunRefusesLinesOverTheLimit(t *testing.T) {
	cat, err := i18n.Default()
	if err != nil {
		t.Fatal(err)
	}
	exact := strings.Repeat("y", MaxLine)
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
		h := &fakeHandler{reply: func(context.Context, bot.Request) bot.Reply { return bot.Reply{} }}
		script := "first\r\n" + strings.Repeat("x", 2*MaxLine+5) + "\n" + exact + "\n" + strings.Repeat("z", MaxLine+1) + "\r\nlast\n"
		c, out := newConsole(t, h, script)
		c.Catalog, c.DefaultLang = cat, lang
		if err := c.Run(context.Background()); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if got := h.texts(); len(got) != 3 || got[0] != "first" || got[1] != exact || got[2] != "last" {
			t.Fatalf("%s: handled %d lines (%.20q…), want first, the exact line, last", lang, len(got), got)
		}
		want := map[i18n.Lang][]string{
			i18n.EN: {"That line is 2,097,157 bytes long", "That line is 1,048,577 bytes long", "at most 1,048,576 bytes", "the lines after it still run"},
			i18n.FR: {"Cette ligne fait 2\u202f097\u202f157 octets\u00a0;", "1\u202f048\u202f577 octets", "Elle a été ignorée"},
		}[lang]
		for _, w := range want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s: output lacks %q:\n%s", lang, w, out.String())
			}
		}
		if strings.Contains(out.String(), "token too long") {
			t.Errorf("a Go error reached the person")
		}
	}
}

// With Interrupts, Ctrl-C at the prompt says how to leave and a second in a
// row leaves; a line typed in between starts the count again.
func TestRunCtrlCHintThenQuit(t *testing.T) {
	cat, err := i18n.Default()
	if err != nil {
		t.Fatal(err)
	}
	handled := make(chan struct{}, 1)
	h := &fakeHandler{reply: func(context.Context, bot.Request) bot.Reply { handled <- struct{}{}; return bot.Reply{} }}
	c, out := newConsole(t, h, "")
	in, feed := io.Pipe()
	defer feed.Close()
	interrupts := make(chan os.Signal)
	c.In, c.Interrupts, c.Catalog, c.Interactive = in, interrupts, cat, true
	done := make(chan error, 1)
	go func() { done <- c.Run(context.Background()) }()
	printed := func() string { c.mu.Lock(); defer c.mu.Unlock(); return out.String() }
	hints := func() int { return strings.Count(printed(), "To leave, press Ctrl-C again") }

	interrupts <- os.Interrupt
	feed.Write([]byte("tz show\n"))
	<-handled
	interrupts <- os.Interrupt // the count started again: a hint, not the end
	select {
	case err := <-done:
		t.Fatalf("the console ended after a line and one Ctrl-C (%v):\n%s", err, printed())
	case interrupts <- os.Interrupt: // the second in a row
	}
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	if n := hints(); n != 2 {
		t.Errorf("%d hints, want 2:\n%s", n, printed())
	}
	if got := h.texts(); !slices.Equal(got, []string{"tz show"}) {
		t.Errorf("handled %q", got)
	}
}
