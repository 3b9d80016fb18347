// Package ics writes and reads iCalendar files (RFC 5545): a calendar of
// events, as jcabot publishes its meetings to calendar clients. It owns the
// text format only (content lines, folding, escaping, UTC date-times) and
// knows nothing of the JCA. Standard library only.
//
// Caveats: the reader understands what the writer produces and the common
// forms around it (folded lines, LF or CRLF endings, UTC, TZID and floating
// date-times, whole-day dates); it is not a full RFC 5545 parser: recurrence,
// time-zone components and other components than VEVENT are skipped.
package ics

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is the STATUS of an event.
type Status string

const (
	Confirmed Status = "CONFIRMED"
	Tentative Status = "TENTATIVE"
	Cancelled Status = "CANCELLED"
)

// Event is one VEVENT.
type Event struct {
	// UID identifies the event for ever: the same meeting always has the
	// same UID, so calendar clients update it rather than add a copy.
	UID string
	// Stamp is DTSTAMP: when this copy of the event was produced.
	Stamp      time.Time
	Start, End time.Time
	Summary    string
	Location   string // optional
	URL        string // optional; a URI, written unescaped
	// Description is free text; newlines are kept.
	Description string
	// Sequence is the revision number clients compare to decide which copy
	// is newer (RFC 5545, 3.8.7.4).
	Sequence int
	Status   Status // "" writes no STATUS
}

// Calendar is a VCALENDAR with its events.
type Calendar struct {
	// ProdID names the product that wrote the file ("-//jcabot//EN").
	ProdID string
	// Method is the iTIP method; "" writes PUBLISH.
	Method string
	// Name is an optional display name of the calendar (X-WR-CALNAME).
	Name   string
	Events []Event
}

// MaxLine is the longest content line, in octets without the CRLF
// (RFC 5545, 3.1).
const MaxLine = 75

// Marshal returns the calendar as an iCalendar file: CRLF line endings,
// lines folded at MaxLine octets without splitting a UTF-8 sequence, TEXT
// values escaped, date-times in UTC.
func (c *Calendar) Marshal() []byte {
	var w lineWriter
	method := c.Method
	if method == "" {
		method = "PUBLISH"
	}
	w.prop("BEGIN", "VCALENDAR")
	w.prop("VERSION", "2.0")
	w.prop("PRODID", EscapeText(c.ProdID))
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", method)
	if c.Name != "" {
		w.prop("X-WR-CALNAME", EscapeText(c.Name))
	}
	for _, e := range c.Events {
		w.prop("BEGIN", "VEVENT")
		w.prop("UID", EscapeText(e.UID))
		w.prop("DTSTAMP", FormatTime(e.Stamp))
		w.prop("DTSTART", FormatTime(e.Start))
		w.prop("DTEND", FormatTime(e.End))
		w.prop("SUMMARY", EscapeText(e.Summary))
		if e.Location != "" {
			w.prop("LOCATION", EscapeText(e.Location))
		}
		if e.URL != "" {
			w.prop("URL", stripControls(e.URL))
		}
		if e.Description != "" {
			w.prop("DESCRIPTION", EscapeText(e.Description))
		}
		w.prop("SEQUENCE", strconv.Itoa(e.Sequence))
		if e.Status != "" {
			w.prop("STATUS", string(e.Status))
		}
		w.prop("END", "VEVENT")
	}
	w.prop("END", "VCALENDAR")
	return w.buf.Bytes()
}

// WriteTo writes Marshal's output to w.
func (c *Calendar) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(c.Marshal())
	return int64(n), err
}

type lineWriter struct{ buf bytes.Buffer }

func (w *lineWriter) prop(name, value string) {
	w.buf.WriteString(Fold(name + ":" + value))
}

// Fold splits a content line into lines of at most MaxLine octets, each
// continuation starting with one space, and ends every line with CRLF. It
// never splits a UTF-8 sequence.
func Fold(line string) string {
	var b strings.Builder
	limit := MaxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = MaxLine - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

// FormatTime writes t as a UTC date-time: 20320326T130000Z.
func FormatTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// EscapeText escapes a TEXT value (RFC 5545, 3.3.11): backslash, semicolon,
// comma and newline. Carriage returns and other control characters, which
// TEXT may not hold, are dropped (a tab is kept).
func EscapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// UnescapeText reverses EscapeText; "\N" is read as a newline too, and an
// unknown escape keeps its character.
func UnescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func stripControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// Property is one unfolded content line: NAME;PARAM=value:VALUE.
type Property struct {
	Name   string            // upper case
	Params map[string]string // names upper case; quotes removed
	Value  string            // raw: still escaped
}

// ErrSyntax is wrapped by every error Parse returns for a malformed file.
var ErrSyntax = errors.New("ics: syntax error")

// Lines unfolds r and splits it into properties, in order. CRLF and LF line
// endings are both accepted; empty lines are skipped.
func Lines(r io.Reader) ([]Property, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	var logical []string
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line != "" && (line[0] == ' ' || line[0] == '\t') {
			if len(logical) == 0 {
				return nil, fmt.Errorf("%w: the file starts with a continuation line", ErrSyntax)
			}
			logical[len(logical)-1] += line[1:]
			continue
		}
		if line == "" {
			continue
		}
		logical = append(logical, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ics: read: %w", err)
	}
	props := make([]Property, 0, len(logical))
	for i, l := range logical {
		p, ok := parseLine(l)
		if !ok {
			return nil, fmt.Errorf("%w: content line %d has no name and value", ErrSyntax, i+1)
		}
		props = append(props, p)
	}
	return props, nil
}

// parseLine splits NAME *(";" param) ":" value, minding quoted parameter
// values, which may hold ":" and ";".
func parseLine(l string) (Property, bool) {
	p := Property{Params: map[string]string{}}
	inQuote := false
	start := 0
	var parts []string
	colon := -1
	for i := 0; i < len(l) && colon < 0; i++ {
		switch c := l[i]; {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == ';':
			parts = append(parts, l[start:i])
			start = i + 1
		case c == ':':
			parts = append(parts, l[start:i])
			colon = i
		}
	}
	if colon < 0 || parts[0] == "" {
		return Property{}, false
	}
	p.Name = strings.ToUpper(parts[0])
	for _, kv := range parts[1:] {
		k, v, _ := strings.Cut(kv, "=")
		p.Params[strings.ToUpper(k)] = strings.Trim(v, `"`)
	}
	p.Value = l[colon+1:]
	return p, true
}

// Parse reads the events of an iCalendar file: lines are unfolded and TEXT
// values unescaped. Properties it does not know are ignored; components
// other than VEVENT are skipped. A file that is not a VCALENDAR, an
// unbalanced BEGIN/END or a bad date-time is an error wrapping ErrSyntax.
func Parse(r io.Reader) ([]Event, error) {
	props, err := Lines(r)
	if err != nil {
		return nil, err
	}
	if len(props) == 0 || props[0].Name != "BEGIN" || !strings.EqualFold(props[0].Value, "VCALENDAR") {
		return nil, fmt.Errorf("%w: not a VCALENDAR", ErrSyntax)
	}
	var (
		events []Event
		stack  []string
		ev     *Event
	)
	for _, p := range props {
		switch p.Name {
		case "BEGIN":
			comp := strings.ToUpper(p.Value)
			stack = append(stack, comp)
			if comp == "VEVENT" && len(stack) == 2 {
				ev = &Event{}
			}
			continue
		case "END":
			comp := strings.ToUpper(p.Value)
			if len(stack) == 0 || stack[len(stack)-1] != comp {
				return nil, fmt.Errorf("%w: END:%s does not close a BEGIN", ErrSyntax, comp)
			}
			stack = stack[:len(stack)-1]
			if comp == "VEVENT" && len(stack) == 1 {
				events = append(events, *ev)
				ev = nil
			}
			continue
		}
		if ev == nil || len(stack) != 2 {
			continue
		}
		if err := ev.set(p); err != nil {
			return nil, err
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("%w: BEGIN:%s is not closed", ErrSyntax, stack[len(stack)-1])
	}
	return events, nil
}

func (e *Event) set(p Property) error {
	var err error
	switch p.Name {
	case "UID":
		e.UID = UnescapeText(p.Value)
	case "DTSTAMP":
		e.Stamp, err = parseTime(p)
	case "DTSTART":
		e.Start, err = parseTime(p)
	case "DTEND":
		e.End, err = parseTime(p)
	case "SUMMARY":
		e.Summary = UnescapeText(p.Value)
	case "LOCATION":
		e.Location = UnescapeText(p.Value)
	case "URL":
		e.URL = p.Value
	case "DESCRIPTION":
		e.Description = UnescapeText(p.Value)
	case "SEQUENCE":
		e.Sequence, err = strconv.Atoi(strings.TrimSpace(p.Value))
		if err != nil {
			err = fmt.Errorf("%w: SEQUENCE %q is not a number", ErrSyntax, p.Value)
		}
	case "STATUS":
		e.Status = Status(strings.ToUpper(p.Value))
	}
	return err
}

// parseTime reads a DATE-TIME in UTC ("...Z"), with a TZID, or floating
// (read as UTC), or a DATE (midnight UTC).
func parseTime(p Property) (time.Time, error) {
	v := strings.TrimSpace(p.Value)
	loc := time.UTC
	if tz := p.Params["TZID"]; tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			return time.Time{}, fmt.Errorf("%w: %s has an unknown TZID %q", ErrSyntax, p.Name, tz)
		}
		loc = l
	}
	for _, layout := range []string{"20060102T150405Z", "20060102T150405", "20060102"} {
		if len(layout) != len(v) {
			continue
		}
		l := loc
		if strings.HasSuffix(layout, "Z") {
			l = time.UTC
		}
		if t, err := time.ParseInLocation(layout, v, l); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %s %q is not a date-time", ErrSyntax, p.Name, v)
}
