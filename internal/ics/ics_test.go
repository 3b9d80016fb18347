package ics

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Zurich in the sample, even where the system has no zone files
	"unicode/utf8"
)

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func sample() *Calendar {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	return &Calendar{
		ProdID: "-//jcabot//JCA meetings//EN",
		Events: []Event{{
			UID:         "M-2@jcabot.jca-res178",
			Stamp:       utc(2026, 11, 25, 10, 1),
			Start:       time.Date(2032, 3, 26, 14, 0, 0, 0, zurich), // 13:00 UTC
			End:         time.Date(2032, 3, 26, 16, 0, 0, 0, zurich),
			Summary:     "JCA e-meeting",
			URL:         "https://meet.example.org/jca?id=1,2;3",
			Description: "Agenda:\n1. T-3 Quantum-safe signalling",
			Sequence:    2,
			Status:      Confirmed,
		}},
	}
}

// lines splits the raw output on CRLF, checking that no bare LF is left.
func lines(t *testing.T, b []byte) []string {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("the file does not end with CRLF: %q", s)
	}
	out := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	for _, l := range out {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("a bare line ending in %q", l)
		}
	}
	return out
}

func TestMarshalFieldByField(t *testing.T) {
	got := lines(t, sample().Marshal())
	want := []string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//jcabot//JCA meetings//EN",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"BEGIN:VEVENT",
		"UID:M-2@jcabot.jca-res178",
		"DTSTAMP:20261125T100100Z",
		"DTSTART:20320326T130000Z",
		"DTEND:20320326T150000Z",
		"SUMMARY:JCA e-meeting",
		"URL:https://meet.example.org/jca?id=1,2;3", // a URI is not escaped
		`DESCRIPTION:Agenda:\n1. T-3 Quantum-safe signalling`,
		"SEQUENCE:2",
		"STATUS:CONFIRMED",
		"END:VEVENT",
		"END:VCALENDAR",
	}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i+1, got[i], want[i])
		}
	}
}

func TestMarshalOptionalFields(t *testing.T) {
	c := sample()
	c.Method = "REQUEST"
	c.Name = "JCA, meetings"
	c.Events[0].URL = ""
	c.Events[0].Description = ""
	c.Events[0].Location = "ITU, Room C; Geneva"
	c.Events[0].Status = Cancelled
	c.Events[0].Sequence = 0
	out := string(c.Marshal())
	for _, w := range []string{"METHOD:REQUEST\r\n", `X-WR-CALNAME:JCA\, meetings` + "\r\n", `LOCATION:ITU\, Room C\; Geneva` + "\r\n",
		"STATUS:CANCELLED\r\n", "SEQUENCE:0\r\n"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, bad := range []string{"URL:", "DESCRIPTION:"} {
		if strings.Contains(out, bad) {
			t.Errorf("output has an empty %s", bad)
		}
	}
	c.Events[0].Status = ""
	if strings.Contains(string(c.Marshal()), "STATUS") {
		t.Error("an event without status wrote STATUS")
	}
}

func TestFoldKeepsUTF8AndLimit(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"French", strings.Repeat("Réunion électronique sur la sécurité des réseaux IMT-2030, « à l'été » ; ", 6)},
		{"Arabic", strings.Repeat("اجتماع إلكتروني حول أمن الشبكات والتقييس ", 8)},
		{"CJK and emoji", strings.Repeat("会議📅", 40)},
		{"ASCII exactly at the limit", strings.Repeat("x", MaxLine-len("SUMMARY:"))},
		{"ASCII one over", strings.Repeat("x", MaxLine-len("SUMMARY:")+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sample()
			c.Events[0].Summary = tt.text
			c.Events[0].Description = tt.text + "\n" + tt.text
			raw := c.Marshal()
			for i, l := range lines(t, raw) {
				if len(l) > MaxLine {
					t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
				}
				if !utf8.ValidString(l) {
					t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
				}
			}
			evs, err := Parse(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if evs[0].Summary != tt.text || evs[0].Description != tt.text+"\n"+tt.text {
				t.Fatalf("round trip lost text:\n%q\n%q", evs[0].Summary, evs[0].Description)
			}
		})
	}
}

func TestFoldShape(t *testing.T) {
	long := "DESCRIPTION:" + strings.Repeat("a", 200)
	got := Fold(long)
	parts := strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n")
	if len(parts[0]) != MaxLine {
		t.Errorf("first line has %d octets, want %d", len(parts[0]), MaxLine)
	}
	for _, p := range parts[1:] {
		if p[0] != ' ' || len(p) > MaxLine {
			t.Errorf("continuation %q", p)
		}
	}
	if strings.ReplaceAll(got, "\r\n ", "") != long+"\r\n" {
		t.Error("unfolding does not give the line back")
	}
	if Fold("SHORT:x") != "SHORT:x\r\n" {
		t.Error("a short line was folded")
	}
	// A two-octet character straddling the limit moves whole to the next line.
	l := "S:" + strings.Repeat("a", MaxLine-3) + "é"
	if p := strings.Split(Fold(l), "\r\n"); p[0] != l[:MaxLine-1] || p[1] != " é" {
		t.Errorf("split %q", p)
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	tests := []struct{ in, escaped string }{
		{`a\b`, `a\\b`},
		{"a;b,c", `a\;b\,c`},
		{"line 1\nline 2", `line 1\nline 2`},
		{"windows\r\nline", `windows\nline`},
		{`\n is not a newline`, `\\n is not a newline`},
		{"tab\tkept, bell\a dropped", `tab` + "\t" + `kept\, bell dropped`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := EscapeText(tt.in); got != tt.escaped {
			t.Errorf("EscapeText(%q) = %q, want %q", tt.in, got, tt.escaped)
		}
		want := strings.ReplaceAll(strings.ReplaceAll(tt.in, "\r", ""), "\a", "")
		if got := UnescapeText(EscapeText(tt.in)); got != want {
			t.Errorf("round trip of %q = %q", tt.in, got)
		}
	}
	if got := UnescapeText(`x\Ny\:z\`); got != "x\ny:z\\" {
		t.Errorf("lenient unescape = %q", got)
	}
}

func TestParseBack(t *testing.T) {
	c := sample()
	c.Events = append(c.Events, Event{
		UID: "M-3@jcabot.jca-res178", Stamp: utc(2026, 11, 25, 10, 1),
		Start: utc(2032, 3, 29, 7, 30), End: utc(2032, 3, 29, 9, 30),
		Summary: "Physical; meeting, Geneva", Location: `Room \ C`, Sequence: 3, Status: Cancelled,
	})
	evs, err := Parse(bytes.NewReader(c.Marshal()))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 {
		t.Fatalf("%d events", len(evs))
	}
	for i, want := range c.Events {
		got := evs[i]
		if !got.Start.Equal(want.Start) || !got.End.Equal(want.End) || !got.Stamp.Equal(want.Stamp) {
			t.Errorf("event %d times %v %v %v", i, got.Start, got.End, got.Stamp)
		}
		got.Start, got.End, got.Stamp = want.Start, want.End, want.Stamp
		if got != want {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
}

func TestParseOtherForms(t *testing.T) {
	in := "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTIMEZONE\nTZID:Europe/Zurich\nBEGIN:STANDARD\nDTSTART:19701025T030000\nEND:STANDARD\nEND:VTIMEZONE\n" +
		"BEGIN:VEVENT\nuid:x-1\nDTSTART;TZID=\"Europe/Zurich\":20320326T140000\nDTEND;VALUE=DATE:20320327\n" +
		"SUMMARY;LANGUAGE=fr:Réu\n nion\nX-UNKNOWN;X=\"a:b;c\":ignored\nBEGIN:VALARM\nSUMMARY:not the event's\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR\n"
	evs, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	e := evs[0]
	if e.UID != "x-1" || e.Summary != "Réunion" || !e.Start.Equal(utc(2032, 3, 26, 13, 0)) || !e.End.Equal(utc(2032, 3, 27, 0, 0)) {
		t.Fatalf("%+v", e)
	}
	props, err := Lines(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range props {
		if p.Name == "X-UNKNOWN" && (p.Params["X"] != "a:b;c" || p.Value != "ignored") {
			t.Errorf("quoted parameter read as %+v", p)
		}
	}
}

func TestParseRefusesMalformed(t *testing.T) {
	tests := []struct{ name, in string }{
		{"not a calendar", "BEGIN:VEVENT\r\nEND:VEVENT\r\n"},
		{"empty", ""},
		{"unclosed", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"},
		{"mismatched end", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n"},
		{"no colon", "BEGIN:VCALENDAR\r\nGARBAGE\r\nEND:VCALENDAR\r\n"},
		{"continuation first", " BEGIN:VCALENDAR\r\n"},
		{"bad date", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2032-03-26\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"},
		{"bad zone", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Mars/Olympus:20320326T140000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"},
		{"bad sequence", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSEQUENCE:two\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(strings.NewReader(tt.in)); !errors.Is(err, ErrSyntax) {
				t.Fatalf("err = %v, want ErrSyntax", err)
			}
		})
	}
}

func TestWriteTo(t *testing.T) {
	var b bytes.Buffer
	n, err := sample().WriteTo(&b)
	if err != nil || n != int64(b.Len()) || !bytes.Equal(b.Bytes(), sample().Marshal()) {
		t.Fatalf("WriteTo = %d, %v", n, err)
	}
}
