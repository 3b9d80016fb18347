package slack

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/jcabot/jcabot/internal/bot"
)

// encodingJSON is what encoding/json writes for m, HTML escaping off: the
// reference appendAnswer must match byte for byte.
func encodingJSON(t *testing.T, m *responseMessage) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestAppendAnswerMatchesEncodingJSON(t *testing.T) {
	var m bot.Message
	m.Title = bot.T("Poll P-4 · \"March\" <e-meeting> & co")
	m.Section(bot.Text{{Kind: bot.Bold, Text: "A-1"}, {Text: " tab\there, nul\x00, bell\a, bs\b, ff\f, cr\r, \\ and \u2028\u2029 and é 日本"}})
	m.Section(bot.T("bad utf-8: \xff\xfe end"))
	m.AddFields(bot.Field{Label: "Group", Value: bot.T("SG13")}, bot.Field{Label: "Deadline", Value: bot.T("2026-12-01")})
	m.Context(bot.T("1-20 of 200. `--page 2` for more."))
	m.AddButtons(bot.Button{Label: "Yes", Action: bot.Action{Name: "run", Value: "poll vote P-4 1=yes"}, Style: "primary"},
		bot.Button{Label: "No", Action: bot.Action{Name: "run", Value: "poll vote P-4 1=no"}})
	m.Preformatted("code <x> & y")
	pages := renderPages(m, testNotes(t))
	cases := []*responseMessage{
		webhookMessage(pages[0], slack.ResponseTypeEphemeral),
		{Text: "only text", ReplaceOriginal: true},
		{Text: ""},
		// A slack-go block goes through encoding/json.
		{Text: "x", Blocks: []slack.Block{slack.NewDividerBlock()}},
		// Empty and nil element lists, as encoding/json writes them.
		{Text: "x", Blocks: []slack.Block{&kitBlock{Type: slack.MBTContext, Elements: []kitText(nil)},
			&kitBlock{Type: slack.MBTContext, Elements: []kitText{}}, &kitBlock{Type: slack.MBTAction, Elements: []kitButton(nil)},
			&kitBlock{Type: slack.MBTSection, Fields: []kitText{}}}},
	}
	for i, c := range cases {
		want := encodingJSON(t, c)
		got := string(appendAnswer(nil, c))
		if got != want {
			t.Errorf("case %d:\n got %s\nwant %s", i, got, want)
		}
	}
	if !strings.Contains(string(appendAnswer(nil, cases[0])), `"type":"actions"`) {
		t.Fatal("the sample has no buttons: the test would not cover them")
	}
}
