package report

import (
	"bufio"
	"strings"
	"unicode/utf8"
)

// mdMaxPad is the widest a column is padded to: raw tables stay aligned
// for short values without a long title widening every row.
const mdMaxPad = 32

// writeMarkdown renders r as GitHub-flavoured Markdown that reads well as
// plain text too.
func writeMarkdown(w *bufio.Writer, r *Report) error {
	w.WriteString("# " + mdText(r.Title) + "\n\n")
	if r.Period != "" {
		w.WriteString("**" + mdText(r.Period) + "**")
		if r.Generated != "" {
			w.WriteString("  \n" + mdText(r.Generated))
		}
		w.WriteString("\n\n")
	}
	for _, s := range r.Summary {
		w.WriteString("- " + mdText(s) + "\n")
	}
	if len(r.Summary) > 0 {
		w.WriteString("\n")
	}
	for i := range r.Sections {
		if err := writeMarkdownSection(w, &r.Sections[i]); err != nil {
			return err
		}
	}
	return nil
}

func writeMarkdownSection(w *bufio.Writer, s *Section) error {
	w.WriteString("## " + mdText(s.Heading) + "\n\n")
	var cols []int // indexes of the columns shown
	for i, c := range s.Columns {
		if !c.CSVOnly {
			cols = append(cols, i)
		}
	}
	if s.Rows() == 0 {
		if s.Empty != "" {
			w.WriteString(mdText(s.Empty) + "\n\n")
		}
	} else {
		for i := range s.Groups {
			g := &s.Groups[i]
			if g.Len() == 0 {
				continue
			}
			if g.Heading != "" {
				w.WriteString("### " + mdText(g.Heading) + "\n\n")
			}
			if err := writeMarkdownTable(w, s.Columns, cols, g); err != nil {
				return err
			}
		}
	}
	for _, n := range s.Notes {
		w.WriteString(mdText(n) + "\n\n")
	}
	return nil
}

// writeMarkdownTable writes one table; every cell is escaped so that no
// value can end its cell, its row or the table. The columns are padded to
// the group's widest cell (up to mdMaxPad), so a group is held, escaped,
// until it is written: one group of a register, not the register.
func writeMarkdownTable(w *bufio.Writer, columns []Column, cols []int, g *Group) error {
	k := len(cols)
	width := make([]int, k)
	// One flat slice of escaped cells and their lengths in runes, the
	// header first.
	cells := make([]string, k, (g.Len()+1)*k)
	runes := make([]int, k, cap(cells))
	for j, i := range cols {
		cells[j] = mdCell(columns[i].Label)
		runes[j] = utf8.RuneCountInString(cells[j])
		width[j] = max(3, runes[j])
	}
	err := g.each(func(row Row) error {
		for j, i := range cols {
			var s string
			if i < len(row) {
				s = mdCell(row[i].Text)
			}
			n := utf8.RuneCountInString(s)
			cells, runes = append(cells, s), append(runes, n)
			width[j] = max(width[j], min(mdMaxPad, n))
		}
		return nil
	})
	if err != nil {
		return err
	}
	rows := len(cells)/k - 1
	numeric := make([]bool, k)
	for j, i := range cols {
		numeric[j] = columns[i].Numeric
	}
	pad := func(n int) {
		for ; n > 0; n -= len(spaces) {
			w.WriteString(spaces[:min(n, len(spaces))])
		}
	}
	for r := 0; r <= rows; r++ {
		w.WriteByte('|')
		for j := 0; j < k; j++ {
			at := r*k + j
			w.WriteByte(' ')
			if numeric[j] {
				pad(width[j] - runes[at])
				w.WriteString(cells[at])
			} else {
				w.WriteString(cells[at])
				pad(width[j] - runes[at])
			}
			w.WriteString(" |")
		}
		w.WriteByte('\n')
		if r == 0 {
			w.WriteByte('|')
			for j := 0; j < k; j++ {
				w.WriteByte(' ')
				if numeric[j] {
					w.WriteString(strings.Repeat("-", width[j]-1) + ":")
				} else {
					w.WriteString(strings.Repeat("-", width[j]))
				}
				w.WriteString(" |")
			}
			w.WriteByte('\n')
		}
	}
	w.WriteByte('\n')
	return nil
}

const spaces = "                                                                " // 64

// mdSpecial marks the bytes that may need escaping (see mdEscape).
var mdSpecial = func() (t [256]bool) {
	for _, c := range []byte("\\`*_[]<>|~&#+-=.)!\r\n\t") {
		t[c] = true
	}
	return t
}()

// mdText escapes s for Markdown: the characters that start emphasis, code,
// links, HTML or a table cell are backslash-escaped wherever they are, those
// that start a block (heading, list, quote, rule) at the start, and line
// breaks become spaces so a value stays on its line.
func mdText(s string) string { return mdEscape(s, true) }

// mdCell escapes a table cell like mdText; "1." at its start is left alone,
// since no list starts inside a cell.
func mdCell(s string) string { return mdEscape(s, false) }

func mdEscape(s string, lists bool) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if mdSpecial[s[i]] {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	start := true // at the start of the text, after spaces
	digits := false
	for i, r := range s {
		switch r {
		case '\r', '\n', '\t':
			r = ' '
		}
		switch {
		case strings.ContainsRune("\\`*_[]<>|~", r):
			b.WriteByte('\\')
		case r == '&' && entityAt(s[i+1:]):
			b.WriteByte('\\')
		case start && strings.ContainsRune("#+-=!", r):
			b.WriteByte('\\')
		case lists && digits && (r == '.' || r == ')'):
			b.WriteByte('\\') // "1. " would start an ordered list
		}
		b.WriteRune(r)
		switch {
		case start && r == ' ':
		case (start || digits) && '0' <= r && r <= '9':
			start, digits = false, true
		default:
			start, digits = false, false
		}
	}
	return b.String()
}

// entityAt reports whether s (what follows an '&') reads as an HTML entity
// ("amp;", "#38;"), which Markdown would decode.
func entityAt(s string) bool {
	for i, r := range s {
		switch {
		case r == ';':
			return i > 0
		case r == '#' && i == 0, 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		default:
			return false
		}
		if i > 32 {
			return false
		}
	}
	return false
}
