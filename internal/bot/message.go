package bot

import (
	"strconv"
	"strings"
)

// Message is what the bot shows: a title and an ordered list of blocks, plus
// files. Adapters render it in their platform's own way and escape user text;
// nothing in a Message is platform markup.
type Message struct {
	Title  Text    `json:",omitempty"`
	Blocks []Block `json:",omitempty"`
	Files  []File  `json:",omitempty"`
}

// BlockKind tells which field of a Block is in use.
type BlockKind string

const (
	// SectionBlock is a paragraph of text.
	SectionBlock BlockKind = "section"
	// FieldsBlock is a list of label/value pairs.
	FieldsBlock BlockKind = "fields"
	// ContextBlock is a small line of hints ("what to do next").
	ContextBlock BlockKind = "context"
	// ButtonsBlock is a row of buttons.
	ButtonsBlock BlockKind = "buttons"
	// PreBlock is preformatted text (a table, a grid), shown in a fixed-width font.
	PreBlock BlockKind = "pre"
)

// Block is one part of a message.
type Block struct {
	Kind    BlockKind
	Text    Text     `json:",omitempty"` // section, context
	Pre     string   `json:",omitempty"` // pre: shown as is, never interpreted
	Fields  []Field  `json:",omitempty"`
	Buttons []Button `json:",omitempty"`
}

// Field is a label and its value.
type Field struct {
	// Label is from the catalog, trusted, with its punctuation in the
	// message's language ("Status:", "Statut :"): adapters show it as it is.
	Label string
	Value Text
}

// Button carries an action name and a value back to the bot when clicked.
type Button struct {
	Label string // from the catalog, trusted
	Action
	Style string `json:",omitempty"` // "", "primary" or "danger"
}

// File is an attachment: a calendar file, a report.
type File struct {
	Name      string
	MediaType string
	Data      []byte
}

// SpanKind is the style of a piece of text. It is one byte (a list of a
// hundred lines has four hundred spans); in JSON it is the word spanKinds
// gives it, so messages kept in the outbox read back whatever the version.
type SpanKind uint8

const (
	Plain       SpanKind = iota
	Bold                 // "b"
	Italic               // "i"
	Code                 // "code"
	MentionSpan          // "mention": Span.Person is set; Text is the fallback name
	LinkSpan             // "link": Span.URL is set; Text is the label
)

// spanKinds are the kinds' names, in JSON and in tests' failure messages.
var spanKinds = [...]string{Plain: "", Bold: "b", Italic: "i", Code: "code", MentionSpan: "mention", LinkSpan: "link"}

// String is the kind's name ("" for plain).
func (k SpanKind) String() string {
	if int(k) < len(spanKinds) {
		return spanKinds[k]
	}
	return "kind" + strconv.Itoa(int(k))
}

// MarshalText writes the kind's name.
func (k SpanKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name; an unknown name reads as plain text,
// so a message is never lost to a style this version does not know.
func (k *SpanKind) UnmarshalText(b []byte) error {
	*k = Plain
	for i, name := range spanKinds {
		if name == string(b) {
			*k = SpanKind(i)
		}
	}
	return nil
}

// Span is a run of text in one style. Span text is literal: adapters escape
// it, so user text can never become markup, a mention or a link.
type Span struct {
	Kind   SpanKind `json:",omitempty"`
	Text   string
	Person Identity `json:",omitempty"`
	URL    string   `json:",omitempty"`
}

// Text is styled text: a sequence of spans.
type Text []Span

// String returns the text without styling, mentions shown by name.
func (t Text) String() string {
	switch len(t) {
	case 0:
		return ""
	case 1:
		return t[0].Text
	}
	n := 0
	for _, s := range t {
		n += len(s.Text)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range t {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Len is the number of characters (runes) of the plain text.
func (t Text) Len() int { return len([]rune(t.String())) }

// T makes unstyled text.
func T(s string) Text { return Text{{Text: s}} }

// Section appends a paragraph.
func (m *Message) Section(t Text) *Message {
	m.Blocks = append(m.Blocks, Block{Kind: SectionBlock, Text: t})
	return m
}

// Context appends a hint line.
func (m *Message) Context(t Text) *Message {
	m.Blocks = append(m.Blocks, Block{Kind: ContextBlock, Text: t})
	return m
}

// Preformatted appends preformatted text.
func (m *Message) Preformatted(s string) *Message {
	m.Blocks = append(m.Blocks, Block{Kind: PreBlock, Pre: s})
	return m
}

// AddFields appends label/value pairs.
func (m *Message) AddFields(f ...Field) *Message {
	if len(f) == 0 {
		return m
	}
	m.Blocks = append(m.Blocks, Block{Kind: FieldsBlock, Fields: f})
	return m
}

// AddButtons appends a row of buttons.
func (m *Message) AddButtons(b ...Button) *Message {
	if len(b) == 0 {
		return m
	}
	m.Blocks = append(m.Blocks, Block{Kind: ButtonsBlock, Buttons: b})
	return m
}
