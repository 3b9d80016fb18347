// Package report renders a JCA report, already compiled and translated, as
// Markdown, CSV or HTML. It owns the three formats and their escaping:
// every string of a Report is literal text that the format escapes (user
// text can never become markup, a formula or an element). It reads nothing
// and translates nothing: the caller gathers the records, formats their
// values and takes every heading and column name from its catalog.
package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
)

// Format is an output format of the report.
type Format string

const (
	Markdown Format = "md"
	CSV      Format = "csv"
	HTML     Format = "html"
)

// Formats lists the formats in the order help shows them.
var Formats = []Format{Markdown, CSV, HTML}

// ParseFormat reads a format name ("md", "markdown", "csv", "html", any case).
func ParseFormat(s string) (Format, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "md", "markdown":
		return Markdown, true
	case "csv":
		return CSV, true
	case "html", "htm":
		return HTML, true
	}
	return "", false
}

// MediaType is the file's media type, with its charset.
func (f Format) MediaType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case HTML:
		return "text/html; charset=utf-8"
	}
	return "text/markdown; charset=utf-8"
}

// Report is a compiled report: a title, the period it covers, a summary and
// its sections, all in the reader's language.
type Report struct {
	// Lang is the document's language code ("en", "fr"), for HTML.
	Lang      string
	Title     string
	Period    string   // "Thu 1 Jan 2026 – Thu 31 Dec 2026 (Zurich)"
	Generated string   // "Generated Wed 25 Nov 2026, 10:00 (UTC)."
	Summary   []string // one line each, under the title
	Sections  []Section
	// RecordColumn is the name of the CSV's first column, which holds each
	// row's Section.Record.
	RecordColumn string
}

// Section is a part of the report: a table, possibly split into groups with
// their own headings, then notes.
type Section struct {
	// Record names the kind of record of each row in the CSV ("activity");
	// a section without one (the coverage matrix) is left out of the CSV.
	Record  string
	Heading string
	Columns []Column
	Groups  []Group
	// Empty is said instead of a table when no group has rows.
	Empty string
	// Notes are paragraphs after the tables (the gaps of the matrix).
	Notes []string
}

// Rows counts the section's rows.
func (s *Section) Rows() int {
	n := 0
	for i := range s.Groups {
		n += s.Groups[i].Len()
	}
	return n
}

// Column is one field of a section's rows.
type Column struct {
	// Key identifies the field across sections: the CSV has one column per
	// distinct key, in the order they first appear.
	Key   string
	Label string
	// Numeric columns are right-aligned.
	Numeric bool
	// CSVOnly columns (a note, links) are in the CSV, not in the documents.
	CSVOnly bool
}

// Group is a run of rows under an optional heading ("SG13").
type Group struct {
	Heading string
	Rows    []Row
	// Stream, when set, yields the group's rows in place of Rows as they
	// are read, so that a big register is never held whole: the Row given
	// to emit is only valid during that call. N is how many rows it yields
	// (the document says how many before it reads them).
	Stream func(emit func(Row) error) error
	N      int
}

// Len is how many rows the group has.
func (g *Group) Len() int {
	if g.Stream != nil {
		return g.N
	}
	return len(g.Rows)
}

// each calls fn with every row of the group, in order, cleaned (see
// Write), stopping at the first error.
func (g *Group) each(fn func(Row) error) error {
	if g.Stream != nil {
		return g.Stream(func(r Row) error {
			cleanRow(r)
			return fn(r)
		})
	}
	for _, r := range g.Rows {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// Row has one cell per column of its section.
type Row []Cell

// Cell is a value as people read it and, when different, as a spreadsheet
// should take it (an ISO date rather than a spelled one).
type Cell struct {
	Text  string
	Value string // "" means Text
}

// C makes a cell whose value is its text.
func C(s string) Cell { return Cell{Text: s} }

// D makes a cell with a text for people and a value for spreadsheets.
func D(text, value string) Cell { return Cell{Text: text, Value: value} }

// N makes a numeric cell.
func N(n int) Cell { return Cell{Text: fmt.Sprint(n)} }

func (c Cell) csv() string {
	if c.Value != "" {
		return c.Value
	}
	return c.Text
}

// Write renders r in format f to w. It first removes from r's strings, in
// place, what no format should carry: the control and bidirectional
// override characters bot.Unshowable names (a record stored before input
// was cleaned may hold them; `cat` on a report must never run an escape
// sequence), a line break or tab becoming a space where the format needs
// one line.
func Write(w io.Writer, f Format, r *Report) error {
	r.clean()
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch f {
	case Markdown:
		err = writeMarkdown(bw, r)
	case CSV:
		err = writeCSV(bw, r)
	case HTML:
		err = writeHTML(bw, r)
	default:
		return fmt.Errorf("report: unknown format %q", f)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// Render is Write into memory: the file's bytes, allocated once at their
// size (the document is written in chunks, then joined), so a big report
// is not copied again and again as it grows.
func Render(f Format, r *Report) ([]byte, error) {
	var c chunks
	if err := Write(&c, f, r); err != nil {
		return nil, err
	}
	out := make([]byte, 0, c.n)
	for i, b := range c.list {
		out = append(out, b...)
		c.list[i] = nil
	}
	return out, nil
}

// chunks is an io.Writer keeping what it is given in 1 MiB pieces.
type chunks struct {
	list [][]byte
	n    int
}

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.list) == 0 || len(c.list[len(c.list)-1]) == cap(c.list[len(c.list)-1]) {
			c.list = append(c.list, make([]byte, 0, 1<<20))
		}
		last := &c.list[len(c.list)-1]
		k := min(len(p), cap(*last)-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	c.n += n
	return n, nil
}

// clean removes unshowable characters from every string of r.
func (r *Report) clean() {
	for _, p := range []*string{&r.Lang, &r.Title, &r.Period, &r.Generated, &r.RecordColumn} {
		*p = showable(*p)
	}
	for i := range r.Summary {
		r.Summary[i] = showable(r.Summary[i])
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		s.Record, s.Heading, s.Empty = showable(s.Record), showable(s.Heading), showable(s.Empty)
		for j := range s.Notes {
			s.Notes[j] = showable(s.Notes[j])
		}
		for j := range s.Columns {
			s.Columns[j].Label = showable(s.Columns[j].Label)
		}
		for j := range s.Groups {
			g := &s.Groups[j]
			g.Heading = showable(g.Heading)
			for _, row := range g.Rows { // a stream's rows are cleaned as they come
				cleanRow(row)
			}
		}
	}
}

func cleanRow(row Row) {
	for k := range row {
		row[k].Text, row[k].Value = showable(row[k].Text), showable(row[k].Value)
	}
}

// showable is s without the characters bot.Unshowable names (the rule
// jca.Unshowable applies to input).
func showable(s string) string { return bot.Showable(s) }
