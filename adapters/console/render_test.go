package console

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jcabot/jcabot/internal/bot"
)

func bold(s string) bot.Span   { return bot.Span{Kind: bot.Bold, Text: s} }
func italic(s string) bot.Span { return bot.Span{Kind: bot.Italic, Text: s} }
func code(s string) bot.Span   { return bot.Span{Kind: bot.Code, Text: s} }
func plain(s string) bot.Span  { return bot.Span{Text: s} }
func mention(id bot.Identity, name string) bot.Span {
	return bot.Span{Kind: bot.MentionSpan, Person: id, Text: name}
}
func link(label, url string) bot.Span { return bot.Span{Kind: bot.LinkSpan, Text: label, URL: url} }

func TestRenderBlocks(t *testing.T) {
	tests := []struct {
		name  string
		msg   bot.Message
		color bool
		want  string
	}{
		{"empty message", bot.Message{}, false, ""},
		{"title, plain", bot.Message{Title: bot.Text{plain("Proposed "), bold("T-3"), plain(" to SG13")}}, false,
			"Proposed T-3 to SG13\n"},
		{"title, colour: bold kept after a bold span", bot.Message{Title: bot.Text{plain("Proposed "), bold("T-3"), plain(" to SG13")}}, true,
			ansiBold + "Proposed " + ansiBold + "T-3" + ansiReset + ansiBold + " to SG13" + ansiReset + "\n"},
		{"section, plain", *new(bot.Message).Section(bot.Text{plain("Logged "), bold("A-1"), plain(": "), italic("Network requirements")}), false,
			"Logged A-1: Network requirements\n"},
		{"section, colour", *new(bot.Message).Section(bot.Text{plain("Logged "), bold("A-1"), plain(": "), italic("Net")}), true,
			"Logged " + ansiBold + "A-1" + ansiReset + ": Net\n"},
		{"code keeps its backquotes without colour", *new(bot.Message).Section(bot.Text{plain("Try "), code("activity list")}), false,
			"Try `activity list`\n"},
		{"code is cyan in colour, no backquotes", *new(bot.Message).Section(bot.Text{plain("Try "), code("activity list")}), true,
			"Try " + ansiCode + "activity list" + ansiReset + "\n"},
		{"context, plain", *new(bot.Message).Context(bot.Text{plain("Next: "), code("activity show A-1")}), false,
			"  › Next: `activity show A-1`\n"},
		{"context, colour: dim restored after a styled span", *new(bot.Message).Context(bot.Text{plain("Next: "), code("show"), plain(" now")}), true,
			ansiDim + "  › Next: " + ansiCode + "show" + ansiReset + ansiDim + " now" + ansiReset + "\n"},
		{"fields aligned", *new(bot.Message).AddFields(
			bot.Field{Label: "Id:", Value: bot.T("A-1")},
			bot.Field{Label: "Created by:", Value: bot.Text{mention("console:alice", "Alice")}},
			bot.Field{Label: "Status:", Value: bot.T("under-study")},
		), false,
			"  Id:         A-1\n" +
				"  Created by: @alice\n" +
				"  Status:     under-study\n"},
		{"field value styled in colour", *new(bot.Message).AddFields(bot.Field{Label: "Id:", Value: bot.Text{bold("A-1")}}), true,
			"  Id: " + ansiBold + "A-1" + ansiReset + "\n"},
		{"preformatted, each line indented, never interpreted", *new(bot.Message).Preformatted("SG13 | **2**\nSG17 | `1`"), false,
			"  SG13 | **2**\n  SG17 | `1`\n"},
		{"preformatted looks the same in colour", *new(bot.Message).Preformatted("a\tb"), true,
			"  a\tb\n"},
		{"buttons", *new(bot.Message).AddButtons(
			bot.Button{Label: "Yes", Action: bot.Action{Name: "vote", Value: "1"}},
			bot.Button{Label: "No", Action: bot.Action{Name: "vote", Value: "2"}, Style: "danger"},
		), false,
			"  [Yes] [No]\n"},
		{"every block in order", bot.Message{
			Title: bot.T("Title"),
			Blocks: []bot.Block{
				{Kind: bot.SectionBlock, Text: bot.T("section")},
				{Kind: bot.FieldsBlock, Fields: []bot.Field{{Label: "L:", Value: bot.T("v")}}},
				{Kind: bot.PreBlock, Pre: "pre"},
				{Kind: bot.ButtonsBlock, Buttons: []bot.Button{{Label: "B"}}},
				{Kind: bot.ContextBlock, Text: bot.T("context")},
			},
		}, false,
			"Title\nsection\n  L: v\n  pre\n  [B]\n  › context\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Render(tt.msg, tt.color)
			if got != tt.want {
				t.Errorf("Render =\n%q\nwant\n%q", got, tt.want)
			}
			if !tt.color && strings.Contains(got, "\x1b") {
				t.Errorf("plain rendering contains an escape: %q", got)
			}
		})
	}
}

func TestRenderSpans(t *testing.T) {
	tests := []struct {
		name string
		text bot.Text
		want string // without colour
	}{
		{"plain", bot.Text{plain("hello")}, "hello"},
		{"bold loses its markers", bot.Text{bold("A-1")}, "A-1"},
		{"italic loses its markers", bot.Text{italic("Title")}, "Title"},
		{"user text is never markup", bot.Text{plain("**not bold** `not code` <@U1> *x*")}, "**not bold** `not code` <@U1> *x*"},
		{"mention by identity, not display name", bot.Text{plain("by "), mention("console:alice", "Alice Martin")}, "by @alice"},
		{"mention of another platform shows its user id", bot.Text{mention("slack:U024BE7LH", "Bob")}, "@U024BE7LH"},
		{"link with a label", bot.Text{link("the circular", "https://www.itu.int/md/T22-TSB-CIR-0001")},
			"the circular <https://www.itu.int/md/T22-TSB-CIR-0001>"},
		{"link labelled with its URL", bot.Text{link("https://ietf.org", "https://ietf.org")}, "https://ietf.org"},
		{"link without a label", bot.Text{link("", "https://ietf.org")}, "https://ietf.org"},
		{"newlines and tabs kept", bot.Text{plain("one\ntwo\tthree")}, "one\ntwo\tthree"},
		{"any script", bot.Text{plain("Réseaux 網絡 شبكات")}, "Réseaux 網絡 شبكات"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Render(*new(bot.Message).Section(tt.text), false)
			if got != tt.want+"\n" {
				t.Errorf("Render = %q, want %q", got, tt.want+"\n")
			}
		})
	}
}

// hostile strings a person could put in a title, a note, a name or a URL.
var hostile = []struct{ name, s string }{
	{"clear screen", "\x1b[2J\x1b[Hpwned"},
	{"colour", "\x1b[31mred\x1b[0m"},
	{"window title (OSC) ended by BEL", "\x1b]0;owned\x07x"},
	{"carriage return overwrites the line", "harmless\rEVIL"},
	{"backspaces", "abc\b\b\bxyz"},
	{"C1 CSI as a character", "\u009b2J"},
	{"C1 CSI as a raw byte", "\x9b2J"},
	{"NUL", "a\x00b"},
	{"DEL", "a\x7fb"},
	{"vertical tab and form feed", "a\vb\fc"},
}

func TestRenderNeutralisesControlCharacters(t *testing.T) {
	places := []struct {
		name string
		msg  func(s string) bot.Message
	}{
		{"title", func(s string) bot.Message { return bot.Message{Title: bot.Text{plain(s), bold(s)}} }},
		{"section", func(s string) bot.Message { return *new(bot.Message).Section(bot.Text{plain(s), code(s), italic(s)}) }},
		{"context", func(s string) bot.Message { return *new(bot.Message).Context(bot.T(s)) }},
		{"field label", func(s string) bot.Message {
			return *new(bot.Message).AddFields(bot.Field{Label: s, Value: bot.T("v")})
		}},
		{"field value", func(s string) bot.Message {
			return *new(bot.Message).AddFields(bot.Field{Label: "Note", Value: bot.Text{plain(s), bold(s)}})
		}},
		{"preformatted", func(s string) bot.Message { return *new(bot.Message).Preformatted(s + "\n" + s) }},
		{"button label", func(s string) bot.Message {
			return *new(bot.Message).AddButtons(bot.Button{Label: s})
		}},
		{"mention", func(s string) bot.Message {
			return *new(bot.Message).Section(bot.Text{mention(bot.NewIdentity(bot.Console, s), s)})
		}},
		{"link label", func(s string) bot.Message {
			return *new(bot.Message).Section(bot.Text{link(s, "https://example.org")})
		}},
		{"link URL", func(s string) bot.Message {
			return *new(bot.Message).Section(bot.Text{link("", "https://example.org/"+s)})
		}},
	}
	for _, h := range hostile {
		for _, p := range places {
			for _, color := range []bool{false, true} {
				name := h.name + "/" + p.name + "/plain"
				if color {
					name = h.name + "/" + p.name + "/colour"
				}
				t.Run(name, func(t *testing.T) {
					out := Render(p.msg(h.s), color)
					assertTerminalSafe(t, out, color)
					if !strings.Contains(out, "\uFFFD") {
						t.Errorf("no visible placeholder for the control character: %q", out)
					}
				})
			}
		}
	}
}

// assertTerminalSafe fails unless out, once the renderer's own styles are
// removed, is valid UTF-8 without a control character other than newline
// and tab.
func assertTerminalSafe(t *testing.T, out string, color bool) {
	t.Helper()
	rest := out
	if color {
		rest = strings.NewReplacer(ansiBold, "", ansiDim, "", ansiCode, "", ansiReset, "").Replace(out)
	} else if strings.Contains(out, "\x1b") {
		t.Errorf("plain output contains ESC: %q", out)
	}
	if !utf8.ValidString(rest) {
		t.Errorf("output is not valid UTF-8 (a raw C1 byte got through): %q", out)
	}
	for _, r := range rest {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0) {
			t.Errorf("control character %U reaches the terminal: %q", r, out)
			return
		}
	}
}

func TestRenderShowsWhereControlCharactersWere(t *testing.T) {
	got := Render(*new(bot.Message).Section(bot.T("a\x1b[31mb\rc")), false)
	if want := "a\uFFFD[31mb\uFFFDc\n"; got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
}

func TestRenderFieldsAlignValues(t *testing.T) {
	for _, color := range []bool{false, true} {
		msg := *new(bot.Message).AddFields(
			bot.Field{Label: "Id\u00a0:", Value: bot.Text{bold("A-12")}},
			bot.Field{Label: "Créé le\u00a0:", Value: bot.T("jeu. 26 mars 2026")},
			bot.Field{Label: "Aspects\u00a0:", Value: bot.T("security")},
			bot.Field{Label: "Référence\u00a0:", Value: bot.T("Y.3001")},
		)
		out := Render(msg, color)
		out = strings.NewReplacer(ansiBold, "", ansiReset, "").Replace(out)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 4 {
			t.Fatalf("colour %v: %d lines, want 4: %q", color, len(lines), out)
		}
		want := []string{"A-12", "jeu. 26 mars 2026", "security", "Y.3001"}
		col := -1
		for i, line := range lines {
			label, value, ok := strings.Cut(line, ":")
			if !ok {
				t.Fatalf("no colon in %q", line)
			}
			start := utf8.RuneCountInString(label) + 1 + (len(value) - len(strings.TrimLeft(value, " ")))
			if col < 0 {
				col = start
			}
			if start != col {
				t.Errorf("colour %v: value of line %d starts at column %d, want %d:\n%s", color, i, start, col, out)
			}
			if got := strings.TrimLeft(value, " "); got != want[i] {
				t.Errorf("colour %v: value %q, want %q", color, got, want[i])
			}
		}
		if col != utf8.RuneCountInString("  Référence\u00a0: ") {
			t.Errorf("colour %v: values start at column %d, want right after the longest label", color, col)
		}
	}
}
