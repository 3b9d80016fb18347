package bot

import (
	"reflect"
	"strconv"
	"testing"
)

func TestTextBuilderSharesOneString(t *testing.T) {
	var b TextBuilder
	b.WriteString("lead ")
	b.Start(Bold)
	b.WriteString("A-")
	var num [20]byte
	b.Write(strconv.AppendInt(num[:0], 12, 10))
	b.Start(Plain) // empty: left out
	b.Start(Italic)
	b.WriteString("title")
	b.Start(Plain)
	b.WriteString(" · tail\n")
	got := b.Text()
	want := Text{{Text: "lead "}, {Kind: Bold, Text: "A-12"}, {Kind: Italic, Text: "title"}, {Text: " · tail\n"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v\nwant %#v", got, want)
	}
	// The builder starts again empty; what it returned stays.
	b.WriteString("more")
	if again := b.Text(); len(again) != 1 || again[0].Text != "more" || got[3].Text != " · tail\n" {
		t.Fatalf("after reuse: %#v, first %#v", again, got)
	}
	if allocs := testing.AllocsPerRun(100, func() {
		var b TextBuilder
		b.Grow(64, 8)
		for i := 0; i < 4; i++ {
			b.Start(Bold)
			b.WriteString("ref")
			b.Start(Plain)
			b.WriteString(" text")
		}
		_ = b.Text()
	}); allocs > 2 {
		t.Fatalf("%v allocations for eight spans; want the string and the spans only", allocs)
	}
}

func TestTextBuilderEmpty(t *testing.T) {
	var b TextBuilder
	if got := b.Text(); len(got) != 0 {
		t.Fatalf("%#v", got)
	}
}

func TestTextBuilderAddMergesAndKeepsWholeSpans(t *testing.T) {
	var b TextBuilder
	b.Add(Plain, "1-")
	b.Add(Plain, "20")
	b.Add(Plain, "")
	b.Add(Code, "--page")
	b.Add(Code, " 2")
	b.AddSpan(Span{Kind: MentionSpan, Person: "slack:U1", Text: "U1"})
	b.Add(Plain, " and ")
	b.AddSpan(Span{Kind: LinkSpan, URL: "https://x", Text: "x"})
	b.WriteString(" end")
	got := b.Text()
	want := Text{{Text: "1-20"}, {Kind: Code, Text: "--page 2"}, {Kind: MentionSpan, Person: "slack:U1", Text: "U1"},
		{Text: " and "}, {Kind: LinkSpan, URL: "https://x", Text: "x"}, {Text: " end"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v\nwant %#v", got, want)
	}
}
