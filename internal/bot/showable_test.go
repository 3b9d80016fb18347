package bot

import (
	"strings"
	"testing"
)

// What a chat shows never carries a control or a bidi override, whatever
// was stored; clean text is not copied.
func TestMessagesAreShowable(t *testing.T) {
	dirty := "\x1b[31mRed\x07 \u202etitle\u2066\x00\u0085"
	var m Message
	m.Title = T(dirty)
	m.Section(Text{{Kind: Bold, Text: dirty}})
	m.AddFields(Field{Label: "Note:", Value: T(dirty)})
	m.Preformatted(dirty)
	m.AddButtons(Button{Label: dirty})
	got := m.Showable()
	for _, s := range []string{got.Title.String(), got.Blocks[0].Text.String(), got.Blocks[1].Fields[0].Value.String(),
		got.Blocks[2].Pre, got.Blocks[3].Buttons[0].Label} {
		if s != "[31mRed title" {
			t.Errorf("%q", s)
		}
	}
	if m.Title.String() != dirty {
		t.Error("the original message was changed")
	}
	clean := *new(Message).Section(T("Réseaux « IMT-2030 » — ok…"))
	if c := clean.Showable(); &c.Blocks[0] != &clean.Blocks[0] || c.Blocks[0].Text.String() != clean.Blocks[0].Text.String() {
		t.Error("clean text changed")
	}
	if strings.ContainsFunc(Showable("a\tb\nc"), Unshowable) || Showable("a\tb\nc") != "a\tb\nc" {
		t.Error("tab and newline are showable")
	}
}
