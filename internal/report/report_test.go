package report

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"strings"
	"testing"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// hostile is user text written to break each format.
const hostile = "# Title | with *stars* _under_ `code` [link](http://x) <script>alert(1)</script> &amp; ~x~\nsecond line"

func sample() *Report {
	return &Report{
		Lang:         "en",
		Title:        "JCA-Res.178: report to TSAG",
		Period:       "From Thu 1 Jan 2026 to Thu 31 Dec 2026",
		Generated:    "Compiled on Wed 25 Nov 2026.",
		Summary:      []string{"Activities: 2", "Topics: 1"},
		RecordColumn: "Record",
		Sections: []Section{
			{
				Record: "activity", Heading: "Activities by group",
				Columns: []Column{{Key: "id", Label: "Id"}, {Key: "group", Label: "Group", CSVOnly: true},
					{Key: "title", Label: "Title"}, {Key: "created", Label: "Created"}},
				Groups: []Group{
					{Heading: "SG13 (1)", Rows: []Row{{C("A-1"), C("SG13"), C(hostile), D("Mon 1 Dec 2025", "2025-12-01")}}},
					{Heading: "SG17 (1)", Rows: []Row{{C("A-2"), C("SG17"), C("=1+2"), D("Sun 1 Feb 2026", "2026-02-01")}}},
				},
			},
			{
				Heading: "Coverage", Columns: []Column{{Key: "group", Label: "Group"}, {Key: "n", Label: "Total", Numeric: true}},
				Groups: []Group{{Rows: []Row{{C("SG13"), N(1)}, {C("SG17"), N(12)}}}},
				Notes:  []string{"Gaps: no activity serves security."},
			},
			{
				Record: "topic", Heading: "Topic proposals",
				Columns: []Column{{Key: "id", Label: "Id"}, {Key: "title", Label: "Title"}, {Key: "support", Label: "For", Numeric: true},
					{Key: "why", Label: "Rationale", CSVOnly: true}},
				Groups: []Group{{Rows: []Row{{C("T-1"), C("Trust, \"quoted\""), N(3), C("+cmd; @SUM(A1) -x")}}}},
			},
			{Record: "meeting", Heading: "Meetings held", Empty: "No meeting was held in the period.",
				Columns: []Column{{Key: "id", Label: "Id"}}},
		},
	}
}

func render(t *testing.T, f Format, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, f, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"md": Markdown, "Markdown": Markdown, " CSV ": CSV, "html": HTML, "htm": HTML} {
		if got, ok := ParseFormat(in); !ok || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "pdf", "json"} {
		if _, ok := ParseFormat(in); ok {
			t.Errorf("ParseFormat(%q) accepted", in)
		}
	}
	if Markdown.MediaType() != "text/markdown; charset=utf-8" || CSV.MediaType() != "text/csv; charset=utf-8" || HTML.MediaType() != "text/html; charset=utf-8" {
		t.Error("media types")
	}
}

// unescapedPipes counts the table separators of a Markdown line.
func unescapedPipes(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

func TestMarkdown(t *testing.T) {
	md := render(t, Markdown, sample())
	for _, want := range []string{
		"# JCA-Res.178: report to TSAG\n", "**From Thu 1 Jan 2026 to Thu 31 Dec 2026**  \nCompiled on Wed 25 Nov 2026.",
		"- Activities: 2\n", "## Activities by group\n", "### SG13 (1)\n",
		"| Id  | Title ", "| --- | ----", "| A-2 | \\=1+2 ", "| Mon 1 Dec 2025 |",
		"| Group | Total |\n| ----- | ----: |\n| SG13  |     1 |\n| SG17  |    12 |\n",
		"Gaps: no activity serves security.", "No meeting was held in the period.",
	} {
		if !strings.Contains(md, want) {
			t.Fatalf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Group | Title") || strings.Contains(md, "Rationale") {
		t.Error("a CSV-only column is in the Markdown")
	}
	// The hostile title stays inside its cell and its row, and nothing in
	// it is markup.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| A-1 ") {
			if n := unescapedPipes(line); n != 4 {
				t.Errorf("the A-1 row has %d separators: %s", n, line)
			}
			for _, bad := range []string{"<script>", " *stars*", " _under_", " `code`", "[link]", " &amp;", "~x~"} {
				if strings.Contains(line, bad) {
					t.Errorf("unescaped %q in %s", bad, line)
				}
			}
			if !strings.Contains(line, `\# Title \| with \*stars\* \_under\_ \`+"`code\\`"+` \[link\](http://x) \<script\>alert(1)\</script\> \&amp; \~x\~ second line`) {
				t.Errorf("escaped title not as expected: %s", line)
			}
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	tests := []struct{ in, text, cell string }{
		{"Y.3001 IMT-2030", "Y.3001 IMT-2030", "Y.3001 IMT-2030"},
		{"# heading", `\# heading`, `\# heading`},
		{"  - item", `  \- item`, `  \- item`},
		{"1. first", `1\. first`, "1. first"},
		{"R&D and &lt;", `R&D and \&lt;`, `R&D and \&lt;`},
		{"a|b", `a\|b`, `a\|b`},
		{"tab\there", "tab here", "tab here"},
		{`back\slash`, `back\\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := mdText(tt.in); got != tt.text {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := mdCell(tt.in); got != tt.cell {
			t.Errorf("mdCell(%q) = %q, want %q", tt.in, got, tt.cell)
		}
	}
}

func TestCSV(t *testing.T) {
	out := render(t, CSV, sample())
	data, ok := strings.CutPrefix(out, "\ufeff")
	if !ok {
		t.Fatal("no byte order mark")
	}
	if !strings.Contains(data, "\r\n") {
		t.Error("lines do not end in CRLF")
	}
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Record", "Id", "Group", "Title", "Created", "For", "Rationale"},
		{"activity", "A-1", "SG13", hostile, "2025-12-01", "", ""},
		{"activity", "A-2", "SG17", "'=1+2", "2026-02-01", "", ""},
		{"topic", "T-1", "", `Trust, "quoted"`, "", "3", "'+cmd; @SUM(A1) -x"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows: %q", len(rows), rows)
	}
	for i := range want {
		if strings.Join(rows[i], "\x00") != strings.Join(want[i], "\x00") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
}

func TestCSVFormulaGuard(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "A-1": "A-1", "2026-01-01": "2026-01-01", "x=1": "x=1",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHTML(t *testing.T) {
	page := render(t, HTML, sample())
	for _, want := range []string{
		"<!DOCTYPE html>", `<html lang="en">`, `<meta charset="utf-8">`, "<title>JCA-Res.178: report to TSAG</title>",
		"<style>", "@media print", "thead { display: table-header-group; }",
		"<h2>Activities by group</h2>", "<h3>SG13 (1)</h3>", "<th>Id</th><th>Title</th><th>Created</th>",
		"<td>Mon 1 Dec 2025</td>", `<td class="num">12</td>`, `<p class="note">Gaps: no activity serves security.</p>`,
		`<p class="empty">No meeting was held in the period.</p>`,
		template.HTMLEscapeString(hostile),
	} {
		if !strings.Contains(page, want) {
			t.Fatalf("HTML lacks %q:\n%s", want, page)
		}
	}
	for _, bad := range []string{"<script", "<th>Group</th><th>Title", "Rationale", "<link", "src=", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "pdf", sample()); err == nil {
		t.Fatal("wrote an unknown format")
	}
}

// Text stored before input was cleaned may hold control characters and
// bidirectional overrides: no format writes them, so `cat` on a report
// never runs an escape sequence and a title never reads backwards.
func TestReportsNeverCarryControlCharacters(t *testing.T) {
	const dirty = "\x1b[31mRed\x07 title\x00 with \u202eevil\u2066 bits\r\u0085and\x7f more\u009b"
	for _, f := range Formats {
		r := sample()
		r.Title = dirty
		r.Summary = append(r.Summary, dirty)
		r.Sections[0].Groups[0].Rows[0][2] = C(dirty)
		r.Sections[0].Groups[0].Rows[0][3] = D(dirty, dirty)
		out := render(t, f, r)
		if f == CSV {
			out = strings.ReplaceAll(out, "\r\n", "\n") // RFC 4180's own line ends
		}
		for _, bad := range []string{"\x1b", "\x07", "\x00", "\u202e", "\u2066", "\r", "\u0085", "\x7f", "\u009b"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: the report holds %q", f, bad)
			}
		}
		if !strings.Contains(out, "[31mRed title with evil bits") {
			t.Errorf("%s: the printable text was lost:\n%s", f, out)
		}
	}
	if s := "Plain ASCII and é, ü, « » — fine"; showable(s) != s {
		t.Errorf("showable changed clean text: %q", showable(s))
	}
}

// The chat core's rule of what cannot be shown is the domain's rule of what
// cannot be stored.
func TestShowableFollowsTheInputRule(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if bot.Unshowable(r) != jca.Unshowable(r) {
			t.Fatalf("U+%04X: bot says %v, jca says %v", r, bot.Unshowable(r), jca.Unshowable(r))
		}
	}
}

// streamed makes every group of r a stream yielding its rows through one
// reused Row, as a store reading records one at a time does.
func streamed(r *Report) *Report {
	for i := range r.Sections {
		for j := range r.Sections[i].Groups {
			g := &r.Sections[i].Groups[j]
			rows := g.Rows
			g.Rows, g.N = nil, len(rows)
			g.Stream = func(emit func(Row) error) error {
				for _, src := range rows {
					row := make(Row, len(src)) // reused by nobody else, refilled per row
					copy(row, src)
					if err := emit(row); err != nil {
						return err
					}
				}
				return nil
			}
		}
	}
	return r
}

// A streamed group writes exactly what the same rows given whole write,
// in every format, unshowable characters removed; Render gives the bytes
// Write does; a failing stream fails the write.
func TestStreamedGroupsWriteTheSame(t *testing.T) {
	dirty := func() *Report {
		r := sample()
		r.Sections[0].Groups[0].Rows[0][2] = C("bell\a and \x1b[31mred\x1b[0m " + hostile)
		return r
	}
	for _, f := range []Format{Markdown, CSV, HTML} {
		whole := render(t, f, dirty())
		if got := render(t, f, streamed(dirty())); got != whole {
			t.Fatalf("%s: streamed differs:\n%s\nwant\n%s", f, got, whole)
		}
		if strings.ContainsAny(whole, "\a\x1b") {
			t.Fatalf("%s: a control character reached the file", f)
		}
		data, err := Render(f, streamed(dirty()))
		if err != nil || string(data) != whole || cap(data) != len(data) {
			t.Fatalf("%s: Render gave %d bytes (cap %d), %v; want %d", f, len(data), cap(data), err, len(whole))
		}
		failing := sample()
		failing.Sections[0].Groups[1].N = 1
		failing.Sections[0].Groups[1].Stream = func(func(Row) error) error { return errStream }
		if err := Write(&bytes.Buffer{}, f, failing); err == nil || !strings.Contains(err.Error(), errStream.Error()) {
			t.Fatalf("%s: a failing stream wrote: %v", f, err)
		}
	}
	// A file bigger than a chunk is joined whole.
	big := sample()
	g := &big.Sections[0].Groups[0]
	g.N = 30_000
	g.Stream = func(emit func(Row) error) error {
		for i := range g.N {
			if err := emit(Row{C("A-" + strings.Repeat("9", i%7)), C("SG13"), C(strings.Repeat("x", 40)), C("day")}); err != nil {
				return err
			}
		}
		return nil
	}
	data, err := Render(CSV, big)
	if err != nil || len(data) < 1<<20+1 || bytes.Count(data, []byte("\r\n")) != 1+30_000+1+1 { // header, the stream, SG17, the topic
		t.Fatalf("big render: %d bytes, %d lines, %v", len(data), bytes.Count(data, []byte("\r\n")), err)
	}
}

var errStream = errorString("the store failed mid-report")

type errorString string

func (e errorString) Error() string { return string(e) }
