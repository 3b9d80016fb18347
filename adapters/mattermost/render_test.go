package mattermost

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jcabot/jcabot/internal/bot"
)

func TestEscapeUserText(t *testing.T) {
	cases := []struct {
		name, in, want string
		lineStart      bool
	}{
		{"at-channel", "hello @channel", "hello @\u200dchannel", false},
		{"at-all and at-here", "@all @here", "@\u200dall @\u200dhere", true},
		{"a person", "ping @alice", "ping @\u200dalice", false},
		{"emphasis", "*bold* _it_ ~~gone~~ `code`", `\*bold\* \_it\_ \~\~gone\~\~ ` + "\\`code\\`", false},
		{"markdown link", "[click](http://evil.example)", `\[click\]\(http://evil.example\)`, false},
		{"slack link", "<http://evil.example|click>", `&lt;http://evil.example\|click\>`, false},
		{"heading and quote", "# Title > quote", `\# Title \> quote`, true},
		{"table", "a | b", `a \| b`, false},
		{"list markers at line start", "- item\n+ item\n1. first\n12) twelfth", "\\- item\n\\+ item\n1\\. first\n12\\) twelfth", true},
		{"dash inside a line", "SG13-SG17 2.5", "SG13-SG17 2.5", false},
		{"dash at the start of a later span", "- x", "- x", false},
		{"setext underline", "Title\n===", "Title\n\\===", true},
		{"indented code", "a\n    code", "a\ncode", true},
		{"entities", "R&D <b>", "R&amp;D &lt;b\\>", false},
		{"backslash", `C:\path`, `C:\\path`, false},
	}
	for _, tc := range cases {
		if got := escape(tc.in, tc.lineStart); got != tc.want {
			t.Errorf("%s: escape(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestMarkdownSpans(t *testing.T) {
	f := newFixture(t)
	f.user("alice000000000000000000000", "alice.w", "Alice", "Wong", "Asia/Hong_Kong")
	ctx := context.Background()
	text := bot.Text{
		{Kind: bot.Bold, Text: " A-12 "},
		{Text: "by "},
		{Kind: bot.MentionSpan, Person: "mattermost:alice000000000000000000000", Text: "alice000000000000000000000"},
		{Text: ", "},
		{Kind: bot.MentionSpan, Person: "mattermost:gone00000000000000000000000", Text: "Gone *Person*"},
		{Text: ", "},
		{Kind: bot.MentionSpan, Person: "slack:U123", Text: "Bob [Slack]"},
		{Text: ": "},
		{Kind: bot.Italic, Text: "Network *requirements*"},
		{Text: " "},
		{Kind: bot.Code, Text: "poll vote `P-4` 1=yes"},
		{Text: " "},
		{Kind: bot.LinkSpan, Text: "the text [1]", URL: "https://www.itu.int/md/T25-SG13-C-0001/en?a=(1)"},
		{Text: " "},
		{Kind: bot.LinkSpan, Text: "bad", URL: "javascript:alert(1)"},
	}
	got := f.a.markdown(ctx, text)
	want := `**A-12** by @alice.w, Gone \*Person\*, Bob \[Slack\]: *Network \*requirements\** ` +
		"``poll vote `P-4` 1=yes``" + ` [the text \[1\]](https://www.itu.int/md/T25-SG13-C-0001/en?a=%281%29) bad`
	if got != want {
		t.Fatalf("markdown:\n got %q\nwant %q", got, want)
	}
}

func TestMessageLayoutAndSplit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var m bot.Message
	m.Title = bot.T("Activities (300)")
	for i := 0; i < 300; i++ {
		m.Section(bot.T(strings.Repeat("x", 99) + "|")) // 100 runes of user text, 101 escaped
	}
	m.Preformatted("grid ```\n" + strings.Repeat("row\n", 5))
	m.AddFields(bot.Field{Label: "Status:", Value: bot.T("open")})
	m.Context(bot.T("20 of 143 — --page 2 for more"))
	posts := f.a.render(ctx, m)
	if len(posts) != 2 {
		t.Fatalf("%d posts, want 2", len(posts))
	}
	total := 0
	for i, p := range posts {
		n := utf8.RuneCountInString(p.Text)
		if n > MaxPostRunes || n >= 16383 {
			t.Fatalf("post %d has %d runes", i, n)
		}
		for _, line := range strings.Split(p.Text, "\n") {
			if strings.HasPrefix(line, "xxx") && line != strings.Repeat("x", 99)+`\|` {
				t.Fatalf("post %d cuts an item: %q", i, line)
			}
		}
		total += strings.Count(p.Text, `x\|`)
	}
	if total != 300 {
		t.Fatalf("%d items across posts, want 300", total)
	}
	last := posts[1].Text
	if !strings.Contains(last, "````\ngrid ```\nrow") || !strings.Contains(last, "**Status:** open") ||
		!strings.HasSuffix(last, "20 of 143 — --page 2 for more") {
		t.Fatalf("last post:\n%s", last)
	}
	if !strings.HasPrefix(posts[0].Text, `#### Activities \(300\)`+"\n") {
		t.Fatalf("first post starts %q", posts[0].Text[:40])
	}

	// One post for an update: whole items, then an ellipsis.
	one := f.a.renderOne(ctx, m)
	if n := utf8.RuneCountInString(one.Text); n > MaxPostRunes || !strings.HasSuffix(one.Text, "\n…") {
		t.Fatalf("update text: %d runes, ends %q", n, one.Text[len(one.Text)-10:])
	}
}

func TestLongPreformattedBlockIsFencedInPieces(t *testing.T) {
	f := newFixture(t)
	var m bot.Message
	m.Preformatted(strings.Repeat("0123456789012345678901234567890123456789\n", 1000)) // 41,000 runes
	posts := f.a.render(context.Background(), m)
	if len(posts) < 3 {
		t.Fatalf("%d posts", len(posts))
	}
	for i, p := range posts {
		if utf8.RuneCountInString(p.Text) > MaxPostRunes || strings.Count(p.Text, "```")%2 != 0 {
			t.Fatalf("post %d: %d runes, %d fences", i, utf8.RuneCountInString(p.Text), strings.Count(p.Text, "```"))
		}
	}
}

// referenceEscape is escape as first written, one rune at a time: the
// specification the fast escape must match.
func referenceEscape(s string, lineStart bool) string {
	var b strings.Builder
	digits := false
	for _, r := range s {
		switch {
		case r == '\r':
			continue
		case r == '\n':
			b.WriteByte('\n')
			lineStart, digits = true, false
			continue
		case lineStart && (r == ' ' || r == '\t'):
			continue
		case lineStart && (r == '-' || r == '+' || r == '='):
			b.WriteByte('\\')
			b.WriteRune(r)
			lineStart = false
			continue
		case lineStart && r >= '0' && r <= '9':
			b.WriteRune(r)
			lineStart, digits = false, true
			continue
		case digits && r >= '0' && r <= '9':
			b.WriteRune(r)
			continue
		case digits && r == '.':
			b.WriteString(`\.`)
			digits = false
			continue
		}
		lineStart, digits = false, false
		switch r {
		case '\\', '`', '*', '_', '~', '[', ']', '(', ')', '#', '>', '|':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '&':
			b.WriteString("&amp;")
		case '@':
			b.WriteString("@\u200d")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// referenceWrap puts an emphasis marker around escaped text, outside its
// leading and trailing spaces.
func referenceWrap(marker, s string) string {
	core := strings.TrimSpace(s)
	if core == "" {
		return s
	}
	i := strings.Index(s, core)
	return s[:i] + marker + core + marker + s[i+len(core):]
}

// The escaping that skips plain runs writes exactly what the rune-by-rune
// reference writes, on many strings of the characters that matter.
func TestEscapeMatchesReference(t *testing.T) {
	alphabet := []string{"a", "Z", "0", "7", ".", " ", "\t", "\n", "\r", "-", "+", "=", "\\", "`", "*", "_", "~", "[", "]",
		"(", ")", "#", ">", "|", "<", "&", "@", "é", "日", "\u00a0", "\u2028", "\xff", "·"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var sb strings.Builder
		for k := rng.IntN(14); k > 0; k-- {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := sb.String()
		for _, ls := range []bool{false, true} {
			if got, want := escape(s, ls), referenceEscape(s, ls); got != want {
				t.Fatalf("escape(%q, %v) = %q, want %q", s, ls, got, want)
			}
			var b strings.Builder
			writeWrapped(&b, "**", s, ls)
			if want := referenceWrap("**", referenceEscape(s, ls)); b.String() != want {
				t.Fatalf("wrapped %q (%v) = %q, want %q", s, ls, b.String(), want)
			}
		}
	}
}

// Text stored before the input rule may hold controls: Mattermost never
// gets them.
func TestRenderDropsControls(t *testing.T) {
	f := newFixture(t)
	var m bot.Message
	m.Title = bot.T("\x1b[31mOld\u202e title")
	m.AddFields(bot.Field{Label: "Note:", Value: bot.T("here\x07")})
	for _, p := range f.a.render(context.Background(), m) {
		atts, err := json.Marshal(p.Attachments)
		if err != nil {
			t.Fatal(err)
		}
		all := p.Text + string(atts)
		for _, bad := range []string{"\x1b", "\u202e", "\x07"} {
			if strings.Contains(all, bad) {
				t.Fatalf("Mattermost gets %q: %s", bad, all)
			}
		}
		if !strings.Contains(all, "Old title") || !strings.Contains(all, "here") {
			t.Fatalf("the text was lost: %s", all)
		}
	}
}
