package bot

import "strings"

// TextBuilder builds styled text whose spans all share one string: a list
// of many lines costs one allocation for its words rather than several per
// line. Mentions and links are kept whole (AddSpan).
//
// The zero value is ready to use.
type TextBuilder struct {
	sb    strings.Builder
	spans Text  // kinds, and whole spans; built texts are filled in by Text
	ends  []int // where each built span's text ends in sb; -1 for a whole span
}

// Grow makes room for n more bytes in about spans more spans.
func (b *TextBuilder) Grow(n, spans int) {
	b.sb.Grow(n)
	if cap(b.spans)-len(b.spans) < spans {
		b.spans = append(make(Text, 0, len(b.spans)+spans), b.spans...)
		b.ends = append(make([]int, 0, len(b.ends)+spans), b.ends...)
	}
}

// Start begins a span of kind: what is written next belongs to it. Writing
// before any Start, or after a whole span, writes plain text.
func (b *TextBuilder) Start(kind SpanKind) {
	b.spans = append(b.spans, Span{Kind: kind})
	b.ends = append(b.ends, b.sb.Len())
}

// building reports whether the last span is being built here.
func (b *TextBuilder) building() bool {
	return len(b.ends) > 0 && b.ends[len(b.ends)-1] >= 0
}

// WriteString adds s to the current span.
func (b *TextBuilder) WriteString(s string) {
	if !b.building() {
		b.Start(Plain)
	}
	b.sb.WriteString(s)
	b.ends[len(b.ends)-1] = b.sb.Len()
}

// Write adds p to the current span (what strconv.AppendInt and the like
// appended to a small array of the caller's).
func (b *TextBuilder) Write(p []byte) {
	if !b.building() {
		b.Start(Plain)
	}
	b.sb.Write(p)
	b.ends[len(b.ends)-1] = b.sb.Len()
}

// Add adds s in kind, continuing the current span when it has that kind:
// adjacent pieces of one style become one span. An empty s adds nothing.
func (b *TextBuilder) Add(kind SpanKind, s string) {
	if s == "" {
		return
	}
	if !b.building() || b.spans[len(b.spans)-1].Kind != kind {
		b.Start(kind)
	}
	b.WriteString(s)
}

// AddSpan adds a span as it is, never merged with its neighbours: a
// mention, a link, or a long text that is better referred to than copied.
func (b *TextBuilder) AddSpan(s Span) {
	b.spans = append(b.spans, s)
	b.ends = append(b.ends, -1)
}

// Text returns the spans built, empty built ones left out, and resets the
// builder.
func (b *TextBuilder) Text() Text {
	s := b.sb.String()
	out := b.spans[:0]
	start := 0
	for i, sp := range b.spans {
		end := b.ends[i]
		switch {
		case end < 0:
			out = append(out, sp)
		case end > start:
			sp.Text = s[start:end]
			out = append(out, sp)
			start = end
		default:
			start = end
		}
	}
	*b = TextBuilder{}
	return out
}
