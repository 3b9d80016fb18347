package slack

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
)

func testNotes(t *testing.T) notes {
	t.Helper()
	cat, err := i18n.Default()
	if err != nil {
		t.Fatal(err)
	}
	return langNotes{cat, fixedLang(i18n.EN)}
}

// blocksJSON renders pages to the JSON Slack receives, as generic maps.
func blocksJSON(t *testing.T, p page) []map[string]any {
	t.Helper()
	raw, err := json.Marshal(p.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	json.Unmarshal(raw, &out)
	return out
}

func sectionText(b map[string]any) string {
	txt, _ := b["text"].(map[string]any)
	s, _ := txt["text"].(string)
	return s
}

func mustFit(t *testing.T, pages ...page) {
	t.Helper()
	for i, p := range pages {
		if probs := blockKitProblems(p); len(probs) > 0 {
			t.Fatalf("page %d breaks Block Kit's limits:\n%s", i, strings.Join(probs, "\n"))
		}
	}
}

func TestRenderEscapesUserText(t *testing.T) {
	var m bot.Message
	m.Title = bot.T("<!channel> Poll & <b>")
	typed := "<!channel> & <https://evil.example|your bank> <@U0FAKE>"
	m.Section(bot.Text{{Text: "Logged "}, {Kind: bot.Bold, Text: "A-12"}, {Text: ": "}, {Kind: bot.Italic, Text: typed}})
	m.AddFields(bot.Field{Label: "Note", Value: bot.T(typed)})
	m.Context(bot.Text{{Kind: bot.Code, Text: typed}})
	m.Preformatted(typed)
	pages := renderPages(m, testNotes(t))
	mustFit(t, pages...)
	// The header (plain text, never parsed) is checked below.
	s := string(mustJSON(t, pages[0].Blocks[1:]))
	for _, bad := range []string{"<!channel>", "<https://evil", "<@U0FAKE>"} {
		if strings.Contains(s, bad) || strings.Contains(pages[0].Text, bad) {
			t.Fatalf("user text became markup %q:\n%s", bad, s)
		}
	}
	for _, want := range []string{`_&lt;!channel&gt; &amp; &lt;https://evil.example|your bank&gt; &lt;@U0FAKE&gt;_`, `*A-12*`} {
		if !strings.Contains(s, want) {
			t.Fatalf("lacks %q:\n%s", want, s)
		}
	}
	// The header is plain text: shown as is, never parsed.
	if got := sectionText(blocksJSON(t, pages[0])[0]); got != "<!channel> Poll & <b>" {
		t.Fatalf("header = %q", got)
	}
}

func TestRenderSpans(t *testing.T) {
	cases := []struct {
		name string
		span bot.Span
		want string
	}{
		{"bold", bot.Span{Kind: bot.Bold, Text: "P-4"}, "*P-4*"},
		{"bold keeps blanks outside", bot.Span{Kind: bot.Bold, Text: " P-4 "}, " *P-4* "},
		{"bold per line", bot.Span{Kind: bot.Bold, Text: "a\nb"}, "*a*\n*b*"},
		{"italic", bot.Span{Kind: bot.Italic, Text: "Title"}, "_Title_"},
		{"code", bot.Span{Kind: bot.Code, Text: "/jca poll show P-4"}, "`/jca poll show P-4`"},
		{"code with a backquote", bot.Span{Kind: bot.Code, Text: "a`b"}, "`aˋb`"},
		{"slack mention", bot.Span{Kind: bot.MentionSpan, Text: "alice", Person: "slack:U024BE7LH"}, "<@U024BE7LH>"},
		{"console mention by name", bot.Span{Kind: bot.MentionSpan, Text: "bob <x>", Person: "console:bob"}, "bob &lt;x&gt;"},
		{"mattermost mention by name", bot.Span{Kind: bot.MentionSpan, Text: "carol", Person: "mattermost:4xp9"}, "carol"},
		{"forged slack id", bot.Span{Kind: bot.MentionSpan, Text: "eve", Person: "slack:U1>|<!here"}, "eve"},
		{"link", bot.Span{Kind: bot.LinkSpan, Text: "SG13 & co", URL: "https://www.itu.int/x?a=1&b=2"}, "<https://www.itu.int/x?a=1&amp;b=2|SG13 &amp; co>"},
		{"link with a bar", bot.Span{Kind: bot.LinkSpan, Text: "x", URL: "https://x.org/a|b"}, "<https://x.org/a%7Cb|x>"},
		{"javascript is text", bot.Span{Kind: bot.LinkSpan, Text: "click", URL: "javascript:alert(1)"}, "click (javascript:alert(1))"},
		{"mailto is text", bot.Span{Kind: bot.LinkSpan, Text: "mailto:a@b.org", URL: "mailto:a@b.org"}, "mailto:a@b.org"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(mrkdwnChunks(bot.Text{c.span}, MaxSectionText), "")
			if got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestRenderSplitsLongSections(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 10000; i++ {
		b.WriteString("A-" + strconv.Itoa(i) + " Network requirements & <security> for IMT-2030\n")
	}
	long := b.String()
	var m bot.Message
	m.Section(bot.Text{{Kind: bot.Bold, Text: strings.Repeat("x", 3500)}, {Text: long}})
	p := renderPages(m, testNotes(t))
	mustFit(t, p...)
	blocks := blocksJSON(t, p[0])
	if len(blocks) < 5 {
		t.Fatalf("%d blocks for 13,500 characters", len(blocks))
	}
	var joined strings.Builder
	for _, blk := range blocks {
		joined.WriteString(sectionText(blk))
	}
	if !strings.Contains(joined.String(), escape(long)) {
		t.Fatal("the split lost or changed text")
	}
}

func TestRenderPollOfTwentySlots(t *testing.T) {
	var m bot.Message
	m.Title = bot.T("P-4 · March e-meeting")
	m.Section(bot.T("Alice asks when you can meet."))
	m.Section(bot.T("Best so far: slot 3."))
	for i := 1; i <= 20; i++ {
		n := strconv.Itoa(i)
		m.Section(bot.Text{{Kind: bot.Bold, Text: n}, {Text: " · Thu 26 Mar 2032, 14:00-16:00 (Zurich, CET) · ✓ 12 ~ 3 ✗ 1"}})
		m.AddButtons(
			bot.Button{Label: "Yes · Thu 26 14:00", Action: bot.Action{Name: "run", Value: "poll vote P-4 " + n + "=yes"}, Style: "primary"},
			bot.Button{Label: "If need be · Thu 26 14:00", Action: bot.Action{Name: "run", Value: "poll vote P-4 " + n + "=maybe"}},
			bot.Button{Label: "No · Thu 26 14:00", Action: bot.Action{Name: "run", Value: "poll vote P-4 " + n + "=no"}},
		)
	}
	m.Context(bot.T("Clocks in Zurich change on 28 Mar."))
	m.Context(bot.T("12 people answered."))
	pages := renderPages(m, testNotes(t))
	if len(pages) != 1 {
		t.Fatalf("a 20-slot poll takes %d messages, want 1", len(pages))
	}
	mustFit(t, pages...)
	rows := 0
	for _, b := range blocksJSON(t, pages[0]) {
		if b["type"] == "actions" {
			rows++
			if n := len(b["elements"].([]any)); n != 3 {
				t.Fatalf("a row of %d buttons", n)
			}
		}
	}
	if rows != 20 {
		t.Fatalf("%d rows of buttons, want 20", rows)
	}
	// The update in place re-sends the same blocks, buttons included.
	one := renderOne(m, testNotes(t))
	if len(one.Blocks) != len(pages[0].Blocks) {
		t.Fatalf("update has %d blocks, post %d", len(one.Blocks), len(pages[0].Blocks))
	}
}

func TestRenderSplitsPastFiftyBlocks(t *testing.T) {
	var m bot.Message
	m.Title = bot.T("Everything")
	for i := 0; i < 120; i++ {
		m.Section(bot.T("line " + strconv.Itoa(i)))
	}
	pages := renderPages(m, testNotes(t))
	mustFit(t, pages...)
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3", len(pages))
	}
	last := blocksJSON(t, pages[0])
	if note := last[len(last)-1]; note["type"] != "context" || !strings.Contains(string(mustJSON(t, note)), "1 of 3") {
		t.Fatalf("page 1 does not say it continues: %v", note)
	}
	one := renderOne(m, testNotes(t))
	mustFit(t, one)
	if len(one.Blocks) != 50 || !strings.Contains(string(mustJSON(t, one.Blocks[49])), "Shortened") {
		t.Fatalf("a too long update: %d blocks", len(one.Blocks))
	}
}

// mustJSON is v's JSON without HTML escaping, as read in assertions.
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}

func TestRenderFieldsAndButtonsLimits(t *testing.T) {
	var m bot.Message
	var fields []bot.Field
	for i := 0; i < 23; i++ {
		fields = append(fields, bot.Field{Label: "Field " + strconv.Itoa(i), Value: bot.T(strings.Repeat("v&", 1500))})
	}
	m.AddFields(fields...)
	var buttons []bot.Button
	for i := 0; i < 30; i++ {
		buttons = append(buttons, bot.Button{Label: strings.Repeat("Long label ", 10), Action: bot.Action{Name: "run", Value: "poll show P-" + strconv.Itoa(i)}})
	}
	buttons = append(buttons, bot.Button{Label: "too long a value", Action: bot.Action{Name: "run", Value: strings.Repeat("x", 2001)}})
	m.AddButtons(buttons...)
	pages := renderPages(m, testNotes(t))
	mustFit(t, pages...)
	var sections, actions, buttonsSeen int
	for _, b := range blocksJSON(t, pages[0]) {
		switch b["type"] {
		case "section":
			sections++
		case "actions":
			actions++
			buttonsSeen += len(b["elements"].([]any))
		}
	}
	if sections != 3 || actions != 2 || buttonsSeen != 30 {
		t.Fatalf("%d field sections, %d action blocks, %d buttons", sections, actions, buttonsSeen)
	}
}

func TestRenderPreformatted(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 400; i++ {
		b.WriteString("alice      ✓  ~  ✗  ``` <b> &\n")
	}
	var m bot.Message
	m.Preformatted(b.String())
	pages := renderPages(m, testNotes(t))
	mustFit(t, pages...)
	for _, blk := range blocksJSON(t, pages[0]) {
		s := sectionText(blk)
		if !strings.HasPrefix(s, "```") || !strings.HasSuffix(s, "```") || strings.Count(s, "```") != 2 {
			t.Fatalf("a code block is not fenced once: %.80q", s)
		}
	}
}

func TestRenderEmptyMessageHasFallback(t *testing.T) {
	p := renderPages(bot.Message{}, testNotes(t))
	if len(p) != 1 || p[0].Text == "" {
		t.Fatalf("empty message: %+v", p)
	}
	var m bot.Message
	m.Section(bot.T("   "))
	m.Context(nil)
	mustFit(t, renderPages(m, testNotes(t))...)
}

func TestActionIDRoundTrip(t *testing.T) {
	blocks := renderBlocks(*new(bot.Message).AddButtons(
		bot.Button{Label: "Yes", Action: bot.Action{Name: "run", Value: "poll vote P-1 1=yes"}},
		bot.Button{Label: "No", Action: bot.Action{Name: "run", Value: "poll vote P-1 1=no"}}))
	for _, btn := range blocks[0].(*kitBlock).Elements.([]kitButton) {
		if name, ok := actionName(btn.ActionID); !ok || name != "run" {
			t.Fatalf("action_id %q reads back as %q", btn.ActionID, name)
		}
	}
	if _, ok := actionName("approve_button"); ok {
		t.Fatal("a foreign action_id was read as ours")
	}
}

// A person's *, _, ~ and ` cannot style their text; words such as
// New_York keep their characters as they are, and code stays copyable.
func TestUserTextCannotStyleItself(t *testing.T) {
	got := strings.Join(mrkdwnChunks(bot.Text{
		{Text: "*not bold* _not italic_ ~not struck~ New_York Q*bert "},
		{Kind: bot.Code, Text: `digest schedule "* * * * *"`},
	}, MaxSectionText), "")
	for _, bad := range []string{"*not bold*", "_not italic_", "~not struck~"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q styles itself in %q", bad, got)
		}
	}
	for _, keep := range []string{"New_York", "Q*bert", "`digest schedule \"* * * * *\"`"} {
		if !strings.Contains(got, keep) {
			t.Errorf("%q was changed in %q", keep, got)
		}
	}
	if strings.ReplaceAll(got, "\u200b", "") != "*not bold* _not italic_ ~not struck~ New_York Q*bert `digest schedule \"* * * * *\"`" {
		t.Errorf("more than zero-width spaces were added: %q", got)
	}
}

// Text stored before the input rule may hold controls: Slack never gets
// them, in the blocks or the fallback text.
func TestRenderDropsControls(t *testing.T) {
	var m bot.Message
	m.Title = bot.T("\x1b[31mOld\u202e title")
	m.Section(bot.T("note\x07 here"))
	for _, p := range renderPages(m, testNotes(t)) {
		blocks, err := json.Marshal(p.Blocks)
		if err != nil {
			t.Fatal(err)
		}
		all := p.Text + string(blocks)
		for _, bad := range []string{"\x1b", "\u202e", "\x07"} {
			if strings.Contains(all, bad) {
				t.Fatalf("Slack gets %q: %s", bad, all)
			}
		}
		if !strings.Contains(all, "[31mOld title") || !strings.Contains(all, "note here") {
			t.Fatalf("the text was lost: %s", all)
		}
	}
}
