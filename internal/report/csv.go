package report

import (
	"bufio"
	"encoding/csv"
)

// bom starts the CSV so that spreadsheets (Excel) read it as UTF-8.
const bom = "\ufeff"

// writeCSV renders the records of r as one table: a first column naming the
// kind of record, then one column per distinct field of every section, in
// the order they first appear. The CSV is RFC 4180 (quoted as needed, CRLF
// line ends) in UTF-8 with a byte order mark.
func writeCSV(w *bufio.Writer, r *Report) error {
	var keys []string
	index := map[string]int{}
	header := []string{r.RecordColumn}
	for _, s := range r.Sections {
		if s.Record == "" {
			continue
		}
		for _, c := range s.Columns {
			if _, ok := index[c.Key]; !ok {
				index[c.Key] = len(keys)
				keys = append(keys, c.Key)
				header = append(header, c.Label)
			}
		}
	}
	w.WriteString(bom)
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for i := range header {
		header[i] = csvCell(header[i])
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for _, s := range r.Sections {
		if s.Record == "" {
			continue
		}
		pos := make([]int, len(s.Columns))
		for i, c := range s.Columns {
			pos[i] = index[c.Key] + 1
		}
		for j := range s.Groups {
			err := s.Groups[j].each(func(row Row) error {
				clear(rec)
				rec[0] = csvCell(s.Record)
				for i, cell := range row {
					if i < len(pos) {
						rec[pos[i]] = csvCell(cell.csv())
					}
				}
				return cw.Write(rec)
			})
			if err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell guards a value against spreadsheet formula injection: a cell
// starting with = + - @ (or a tab or carriage return, which some
// spreadsheets skip before one) is prefixed with a single quote, so it is
// shown as text and never evaluated.
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
