package report

import (
	"bufio"
	"html/template"
	"strings"
)

// htmlDoc is the report as one self-contained page: inline CSS, no script,
// no external asset, laid out for the screen and for print. html/template
// escapes every value for its context.
var htmlDoc = template.Must(template.New("report").Funcs(template.FuncMap{"rows": htmlRows}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1b1f24; background: #fff; max-width: 75rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #1d4e89; color: #1d4e89; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.period { font-weight: 600; margin: 0; }
.generated { color: #57606a; margin: .1rem 0 1rem; }
ul.summary { margin: .5rem 0 1rem; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef2f7; font-weight: 600; }
tbody tr:nth-child(even) { background: #f6f8fa; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.empty { color: #57606a; font-style: italic; }
.note { margin: .4rem 0; }
@media print {
  @page { margin: 14mm 12mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  tbody tr:nth-child(even) { background: none; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{with .Period}}<p class="period">{{.}}</p>
{{end}}{{with .Generated}}<p class="generated">{{.}}</p>
{{end}}{{with .Summary}}<ul class="summary">
{{range .}}<li>{{.}}</li>
{{end}}</ul>
{{end}}{{range .Sections}}<section>
<h2>{{.Heading}}</h2>
{{if .Rows}}{{$s := .}}{{range .Groups}}{{if .Len}}{{with .Heading}}<h3>{{.}}</h3>
{{end}}<table>
<thead><tr>{{range $s.Shown}}<th{{if .Numeric}} class="num"{{end}}>{{.Label}}</th>{{end}}</tr></thead>
<tbody>
{{rows $s.Shown .}}</tbody>
</table>
{{end}}{{end}}{{else}}{{with .Empty}}<p class="empty">{{.}}</p>
{{end}}{{end}}{{range .Notes}}<p class="note">{{.}}</p>
{{end}}</section>
{{end}}</body>
</html>
`))

// htmlSection is a section with the columns the document shows.
type htmlSection struct {
	*Section
	Shown []shownColumn
}

type shownColumn struct {
	Column
	Pos int // index in the rows
}

// Rows counts the section's rows.
func (s htmlSection) Rows() int { return s.Section.Rows() }

func writeHTML(w *bufio.Writer, r *Report) error {
	data := struct {
		*Report
		Sections []htmlSection
	}{Report: r}
	for i := range r.Sections {
		s := htmlSection{Section: &r.Sections[i]}
		for j, c := range s.Columns {
			if !c.CSVOnly {
				s.Shown = append(s.Shown, shownColumn{c, j})
			}
		}
		data.Sections = append(data.Sections, s)
	}
	return htmlDoc.Execute(w, data)
}

// htmlRows renders the rows of a table. A large register has a hundred
// thousand of them, so they are written here rather than by the template
// engine, each value escaped with html/template's own escaper for element
// content (the context it is in); a streamed group is held, as HTML, until
// its table is written.
func htmlRows(cols []shownColumn, g Group) (template.HTML, error) {
	var b strings.Builder
	err := g.each(func(row Row) error {
		b.WriteString("<tr>")
		for _, c := range cols {
			if c.Numeric {
				b.WriteString(`<td class="num">`)
			} else {
				b.WriteString("<td>")
			}
			if c.Pos < len(row) {
				b.WriteString(template.HTMLEscapeString(row[c.Pos].Text))
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
		return nil
	})
	return template.HTML(b.String()), err
}
