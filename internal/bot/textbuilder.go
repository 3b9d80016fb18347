package bot

import "strings"

// TextBuilder builds styled text whose spans all share one string: a list
// of many lines costs one allocation for its words rather than several per
// line. Mentions and links are kept whole (AddSpan).
//
// The zero value is ready to use.
type TextBuilder struct {
	sb    strings.Builder
	spans Text
	// open is set while the last span is being built here; its text is
	// what sb holds from start on. A strings.Builder never changes what
	// it has written, so a span's text can be cut from sb.String() as soon
	// as the span ends, whatever is written after it.
	open  bool
	start int
}

// Grow makes room for n more bytes in about spans more spans.
func (b *TextBuilder) Grow(n, spans int) {
	b.sb.Grow(n)
	if cap(b.spans)-len(b.spans) < spans {
		b.spans = append(make(Text, 0, len(b.spans)+spans), b.spans...)
	}
}

// Start begins a span of kind: what is written next belongs to it. Writing
// before any Start, or after a whole span, writes plain text.
func (b *TextBuilder) Start(kind SpanKind) {
	b.end()
	b.spans = append(b.spans, Span{Kind: kind})
	b.open, b.start = true, b.sb.Len()
}

// end gives the span being built its text, or drops it when empty.
func (b *TextBuilder) end() {
	if !b.open {
		return
	}
	b.open = false
	if b.sb.Len() == b.start {
		b.spans = b.spans[:len(b.spans)-1]
		return
	}
	b.spans[len(b.spans)-1].Text = b.sb.String()[b.start:]
}

// WriteString adds s to the current span.
func (b *TextBuilder) WriteString(s string) {
	if !b.open {
		b.Start(Plain)
	}
	b.sb.WriteString(s)
}

// Write adds p to the current span (what strconv.AppendInt and the like
// appended to a small array of the caller's).
func (b *TextBuilder) Write(p []byte) {
	if !b.open {
		b.Start(Plain)
	}
	b.sb.Write(p)
}

// Add adds s in kind, continuing the current span when it has that kind:
// adjacent pieces of one style become one span. An empty s adds nothing.
func (b *TextBuilder) Add(kind SpanKind, s string) {
	if s == "" {
		return
	}
	if !b.open || b.spans[len(b.spans)-1].Kind != kind {
		b.Start(kind)
	}
	b.sb.WriteString(s)
}

// AddSpan adds a span as it is, never merged with its neighbours: a
// mention, a link, or a long text that is better referred to than copied.
func (b *TextBuilder) AddSpan(s Span) {
	b.end()
	b.spans = append(b.spans, s)
}

// Text returns the spans built, empty built ones left out, and resets the
// builder.
func (b *TextBuilder) Text() Text {
	b.end()
	out := b.spans
	*b = TextBuilder{}
	return out
}
