package commands

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

// seedReport stores a small register with a known history, written
// straight to the store so every date is chosen:
//
//	A-1 SG13, logged before 2026, consented in March 2026, approved in September
//	A-2 SG17, logged in February 2026 and removed in May (its title is a formula)
//	A-3 IETF, logged in 2025, never changed
//	A-4 SG13, logged in August 2026
//	T-1 proposed in February 2026, supported then, objected to in July, forwarded in August
//	T-2 declined in 2025
//	G-1 a joint rapporteur group proposed in April 2026, convened by alice
//	L-1 from IETF for action, due 1 May 2026 and still open
//	L-2 closed in 2025
//	M-1 held on 15 March 2026 13:00 UTC with an agenda; M-2 cancelled;
//	M-3 held on 1 September 2026; M-4 in 2027
func seedReport(t *testing.T, db jca.Store) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	chg := func(at time.Time, field, old, nw string) jca.Change {
		return jca.Change{At: at, By: "console:alice", Field: field, Old: old, New: nw}
	}
	acts := []*jca.Activity{
		{Group: "SG13", Title: "Network | requirements for *IMT-2030*", Status: "approved", Aspects: []jca.Aspect{"capacity"},
			CreatedAt: day(2025, 12, 1), UpdatedAt: day(2026, 9, 1), History: []jca.Change{
				chg(day(2026, 3, 10), "status", "under-study", "consented"), chg(day(2026, 9, 1), "status", "consented", "approved")}},
		{Group: "SG17", Title: "=cmd|' /C calc'!A0 security", Status: "under-study", Removed: true, Note: "@SUM(1+1)",
			CreatedAt: day(2026, 2, 1), UpdatedAt: day(2026, 5, 1), History: []jca.Change{chg(day(2026, 5, 1), "removed", "false", "true")}},
		{Group: "IETF", Title: "DNS privacy", Status: "under-study", CreatedAt: day(2025, 6, 1), UpdatedAt: day(2025, 6, 1)},
		{Group: "SG13", Title: "Quantum key distribution", Status: "under-study", CreatedAt: day(2026, 8, 1), UpdatedAt: day(2026, 8, 1)},
	}
	for _, a := range acts {
		a.CreatedBy = "console:alice"
		must(db.CreateActivity(ctx, a))
	}
	must(db.CreateProposal(ctx, &jca.Proposal{Kind: jca.TopicProposal, Title: "Trust <b>bold</b>", Groups: []string{"SG13", "SG17"},
		Status: "forwarded", CreatedAt: day(2026, 2, 10), UpdatedAt: day(2026, 8, 1),
		Positions: []jca.Position{{Person: "console:bob", Stance: jca.Support, At: day(2026, 2, 11)},
			{Person: "console:carol", Stance: jca.Object, Comment: "overlap", At: day(2026, 7, 1)}},
		History: []jca.Change{chg(day(2026, 8, 1), "status", "proposed", "forwarded")}}))
	must(db.CreateProposal(ctx, &jca.Proposal{Kind: jca.TopicProposal, Title: "Old idea", Groups: []string{"SG2"},
		Status: "declined", CreatedAt: day(2025, 1, 1), UpdatedAt: day(2025, 2, 1)}))
	must(db.CreateProposal(ctx, &jca.Proposal{Kind: jca.JointProposal, Title: "JRG on IMT-2030 security", Groups: []string{"SG13", "SG17"},
		JointKind: "joint-rapporteur-group", Convener: "console:alice", Status: "proposed", CreatedAt: day(2026, 4, 1), UpdatedAt: day(2026, 4, 1)}))
	must(db.CreateLiaison(ctx, &jca.Liaison{Direction: "in", From: "IETF", To: []string{"SG13"}, Title: "DNS LS", Purpose: "action",
		Deadline: day(2026, 5, 1), Status: "open", CreatedAt: day(2026, 3, 1), UpdatedAt: day(2026, 3, 1)}))
	must(db.CreateLiaison(ctx, &jca.Liaison{Direction: "out", From: "JCA-Res.178", To: []string{"IEEE"}, Title: "Old LS", Purpose: "information",
		Status: "closed", CreatedAt: day(2025, 3, 1), UpdatedAt: day(2025, 4, 1)}))
	for _, m := range []*jca.Meeting{
		{Title: "First e-meeting", Start: time.Date(2026, 3, 15, 13, 0, 0, 0, time.UTC), Duration: 2 * time.Hour, Kind: "e-meeting",
			Link: "https://itu.zoom.example/j/1", Agenda: []jca.AgendaItem{{Topic: 1, Text: "Trust"}, {Text: "Liaisons received"}}},
		{Title: "Cancelled one", Start: day(2026, 4, 1), Duration: time.Hour, Kind: "e-meeting", Cancelled: true},
		{Title: "September meeting", Start: day(2026, 9, 1), Duration: 90 * time.Minute, Kind: "physical", Where: "Geneva"},
		{Title: "Next year", Start: day(2027, 3, 1), Duration: time.Hour, Kind: "e-meeting"},
	} {
		m.CreatedAt = day(2026, 1, 1)
		must(db.CreateMeeting(ctx, m, nil))
	}
	_, err := db.UpdatePerson(ctx, "console:alice", func(p *jca.Person) error { p.Name = "Alice Martin"; return nil })
	must(err)
}

// report runs a report command and returns the reply's text and its file.
func (e *env) report(who, line string) (string, bot.File) {
	e.t.Helper()
	rep := e.do(who, line)
	if rep.Refused {
		e.t.Fatalf("%s: refused: %s", line, plain(rep.Message))
	}
	if len(rep.Message.Files) != 1 {
		e.t.Fatalf("%s: %d files", line, len(rep.Message.Files))
	}
	return plain(rep.Message), rep.Message.Files[0]
}

// A period report holds what was created or changed in it, each record as
// it stood at the period's end, and the meetings held in it.
func TestReportForAPeriod(t *testing.T) {
	e := newEnv(t)
	seedReport(t, e.db)
	out, f := e.report("bob", "report --since 2026-01-01 --until 2026-06-30")
	mustContain(t, out, "Here is the report: jca-report-2026-01-01_2026-06-30.md.",
		"Period: From Thu 1 Jan 2026 to Tue 30 Jun 2026 (time zone: UTC)",
		"Activities created or changed in the period: 2, 1 of them removed",
		"Activities in the register today: 3", "Topic proposals: 1", "Joint group proposals: 1",
		"Liaison statements: 1", "Meetings held: 1", "`--format csv`")
	if f.Name != "jca-report-2026-01-01_2026-06-30.md" || f.MediaType != "text/markdown; charset=utf-8" {
		t.Fatalf("file %q %q", f.Name, f.MediaType)
	}
	md := string(f.Data)
	mustContain(t, md, "# JCA-Res.178: report to TSAG", "**From Thu 1 Jan 2026 to Tue 30 Jun 2026 (time zone: UTC)**",
		"## Activities by group", "### SG13 (1)", "### SG17 (1)",
		// A-1 as it stood on 30 June: consented, not yet approved.
		`| A-1 | `, `Network \| requirements for \*IMT-2030\*`, "| consented ",
		"removed (under-study)", `\=cmd\|' /C calc'!A0 security`,
		"## Coverage of the register today", "| SG13  ", "Gaps: no activity serves",
		"## Topic proposals", "| T-1 | Trust \\<b\\>bold\\</b\\> | SG13, SG17   | proposed ",
		"## Joint group proposals", "| G-1 ", "joint-rapporteur-group", "Alice Martin",
		"## Liaison statements", "| L-1 ", "| overdue ", "for action", "Fri 1 May 2026",
		"## Meetings held", "| M-1 ", "Sun 15 Mar 2026, 13:00 (UTC)", "1. T-1 Trust; 2. Liaisons received", "https://itu.zoom.example/j/1")
	mustNotContain(t, md, "| A-3 ", "| A-4 ", "approved", "| T-2 ", "| L-2 ", "| M-2 ", "| M-3 ", "| M-4 ", "Quantum", "forwarded")
	// Supports and objections given by the end of the period: 1 for, 0 against.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| T-1 ") && !strings.Contains(line, "|   1 |       0 |") {
			t.Fatalf("T-1 counts: %s", line)
		}
	}
}

// Without --since the report starts with the register; its file is named
// after the first record's day.
func TestReportWholeRegister(t *testing.T) {
	e := newEnv(t)
	seedReport(t, e.db)
	out, f := e.report("bob", "report")
	mustContain(t, out, "From the beginning of the register to Wed 25 Nov 2026", "Activities created or changed in the period: 4, 1 of them removed",
		"Topic proposals: 2", "Liaison statements: 2", "Meetings held: 2")
	if f.Name != "jca-report-2025-01-01_2026-11-25.md" {
		t.Fatalf("file %q", f.Name)
	}
	mustContain(t, string(f.Data), "### IETF (1)", "| A-4 ", "| approved ", "| T-2 ", "| declined ", "| forwarded ", "|   1 |       1 |",
		"| M-3 ", "September meeting", "Geneva", "1 h 30 min")
	mustNotContain(t, string(f.Data), "| M-2 ", "| M-4 ")
	// Groups come in vocabulary order: study groups, then organizations.
	md := string(f.Data)
	if !(strings.Index(md, "### SG13") < strings.Index(md, "### SG17") && strings.Index(md, "### SG17") < strings.Index(md, "### IETF")) {
		t.Fatalf("groups out of order:\n%s", md)
	}
}

// The CSV is one row per record, a column per field, UTF-8 with a BOM, and
// a cell that starts like a formula is neutralised.
func TestReportCSV(t *testing.T) {
	e := newEnv(t)
	seedReport(t, e.db)
	_, f := e.report("bob", "report --format csv")
	if f.MediaType != "text/csv; charset=utf-8" || !strings.HasSuffix(f.Name, ".csv") {
		t.Fatalf("file %q %q", f.Name, f.MediaType)
	}
	data, ok := bytes.CutPrefix(f.Data, []byte("\ufeff"))
	if !ok {
		t.Fatal("no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, head)
		return -1
	}
	if head[0] != "Record" {
		t.Fatalf("first column %q", head[0])
	}
	kinds := map[string]int{}
	byID := map[string][]string{}
	for _, r := range rows[1:] {
		kinds[r[0]]++
		byID[r[col("Id")]] = r
	}
	if kinds["activity"] != 4 || kinds["topic"] != 2 || kinds["joint group"] != 1 || kinds["liaison"] != 2 || kinds["meeting"] != 2 || len(kinds) != 5 {
		t.Fatalf("records %v", kinds)
	}
	a1, a2 := byID["A-1"], byID["A-2"]
	if a1[col("Group")] != "SG13" || a1[col("Created")] != "2025-12-01" || a1[col("Status")] != "approved" {
		t.Fatalf("A-1 %v", a1)
	}
	if a2[col("Title")] != "'=cmd|' /C calc'!A0 security" || a2[col("Note")] != "'@SUM(1+1)" || a2[col("Status")] != "removed" {
		t.Fatalf("A-2 %v", a2)
	}
	if l1 := byID["L-1"]; l1[col("Direction")] != "in" || l1[col("Deadline")] != "2026-05-01" || l1[col("Purpose")] != "action" {
		t.Fatalf("L-1 %v", l1)
	}
	if m1 := byID["M-1"]; m1[col("When")] != "2026-03-15T13:00Z" || m1[col("Agenda")] != "1. T-1 Trust; 2. Liaisons received" {
		t.Fatalf("M-1 %v", m1)
	}
}

// The HTML is one self-contained page that escapes every value.
func TestReportHTML(t *testing.T) {
	e := newEnv(t)
	seedReport(t, e.db)
	_, f := e.report("bob", "report --format html --until 2026-12-31")
	if f.MediaType != "text/html; charset=utf-8" || !strings.HasSuffix(f.Name, "_2026-12-31.html") {
		t.Fatalf("file %q %q", f.Name, f.MediaType)
	}
	page := string(f.Data)
	mustContain(t, page, `<html lang="en">`, "<style>", "@media print", "<h2>Activities by group</h2>",
		"Trust &lt;b&gt;bold&lt;/b&gt;", "<td>T-1</td>")
	mustNotContain(t, page, "<b>bold", "<script", "<link", "src=", "@import")
}

// Days are the person's: a meeting at 13:00 UTC on 15 March is on 16
// March in Auckland.
func TestReportDaysInThePersonsZone(t *testing.T) {
	e := newEnv(t)
	seedReport(t, e.db)
	_, f := e.report("bob", "report --since 2026-03-16 --until 2026-03-16")
	mustNotContain(t, string(f.Data), "| M-1 ")
	e.ok("kiri", "tz set Pacific/Auckland")
	_, f = e.report("kiri", "report --since 2026-03-16 --until 2026-03-16")
	mustContain(t, string(f.Data), "| M-1 ", "Mon 16 Mar 2026, 02:00 (Auckland, NZDT)", "(time zone: Auckland, NZDT)")
}

func TestReportFrench(t *testing.T) {
	e := newEnv(t)
	seedReport(t, e.db)
	e.ok("amelie", "lang set fr")
	out, f := e.report("amelie", "rapport --since 2026-01-01 --until 2026-06-30 --format html")
	mustContain(t, out, "Voici le rapport\u00a0: jca-report-2026-01-01_2026-06-30.html.", "Période",
		"Du jeu. 1er janv. 2026 au mar. 30 juin 2026", "Activités créées ou modifiées pendant la période\u00a0: 2, dont 1 retirée")
	mustContain(t, string(f.Data), `<html lang="fr">`, "JCA-Res.178\u00a0: rapport au GCNT", "<h2>Activités par groupe</h2>",
		"<h2>Réunions tenues</h2>", "retirée (under-study)", "en retard", "pour action", "<th>Ordre du jour</th>")

	// The CSV names its kinds of record in French too.
	_, f = e.report("amelie", "rapport --since 2026-01-01 --until 2026-06-30 --format csv")
	mustContain(t, string(f.Data), "Enregistrement", "\r\nactivité,", "\r\nsujet,", "\r\ngroupe commun,", "\r\nréunion,")
}

func TestReportRefusals(t *testing.T) {
	e := newEnv(t)
	seedReport(t, e.db)
	tests := []struct {
		line string
		want []string
	}{
		{"report --since 2026-13-01", []string{"`2026-13-01` is not a date", "Usage: `/jca report [--since YYYY-MM-DD]", "Example: `/jca report --since 2026-01-01 --until 2026-12-31`"}},
		{"report --until tomorrow", []string{"`tomorrow` is not a date"}},
		{"report --since 2026-06-30 --until 2026-01-01", []string{"The period would end (Thu 1 Jan 2026) before it starts (Tue 30 Jun 2026)"}},
		{"report --format pdf", []string{"`pdf` is not a report format. Choose `md`, `csv` or `html`."}},
		{"report --format mdd", []string{"Did you mean `md`?"}},
		{"report 2026", []string{"Too many words", "Usage: `/jca report"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			before := e.count()
			rep := e.do("bob", tt.line)
			if !rep.Refused || len(rep.Message.Files) > 0 {
				t.Fatalf("accepted: %s", plain(rep.Message))
			}
			mustContain(t, plain(rep.Message), tt.want...)
			if e.count() != before {
				t.Fatal("a refused report changed the register")
			}
		})
	}
}

// An empty register still gives a report that says so.
func TestReportEmptyRegister(t *testing.T) {
	e := newEnv(t)
	out, f := e.report("bob", "report")
	mustContain(t, out, "jca-report-2026-11-25_2026-11-25.md", "Activities created or changed in the period: 0")
	mustContain(t, string(f.Data), "No activity was created or changed in the period.", "The register is empty.",
		"No topic proposal in the period.", "No meeting was held in the period.")
}

// The shell's export goes through Report: the same file for the same query.
func TestWriteReportMatchesTheCommand(t *testing.T) {
	e := newEnv(t)
	seedReport(t, e.db)
	_, f := e.report("local", "report --since 2026-01-01 --until 2026-06-30 --format csv")
	var buf bytes.Buffer
	n, err := e.r.Reports().WriteReport(context.Background(), &buf, ReportQuery{Format: "csv", Since: "2026-01-01", Until: "2026-06-30", Now: e.now})
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteReport: %d, %v", n, err)
	}
	if !bytes.Equal(buf.Bytes(), f.Data) {
		t.Fatal("WriteReport differs from the report command's file")
	}
	_, err = e.r.Reports().WriteReport(context.Background(), &buf, ReportQuery{Format: "pdf"})
	if text, ok := e.r.RefusalText(err); !ok || !strings.Contains(text, "is not a report format") {
		t.Fatalf("refusal %q %v", text, err)
	}
}

// An activity changed after the period is shown as it stood at its end: in
// the group it was in then, with the title it had, not yet removed, and
// counted so in the summary and its group's heading.
func TestReportShowsActivitiesAsTheyStoodAtThePeriodsEnd(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	chg := func(at time.Time, field, old, nw string) jca.Change {
		return jca.Change{At: at, By: "console:alice", Field: field, Old: old, New: nw}
	}
	for _, a := range []*jca.Activity{
		{Group: "SG17", Title: "Moved later", Status: "under-study", Removed: true, CreatedAt: day(2026, 2, 1), UpdatedAt: day(2026, 9, 1),
			History: []jca.Change{chg(day(2026, 3, 1), "title", "First title", "Moved later"),
				chg(day(2026, 9, 1), "group", "SG13", "SG17"), chg(day(2026, 9, 2), "title", "Moved later", "Renamed in September"),
				chg(day(2026, 9, 3), "removed", "false", "true")}},
		{Group: "SG13", Title: "Stays", Status: "under-study", CreatedAt: day(2026, 4, 1), UpdatedAt: day(2026, 4, 1)},
		{Group: "SG17", Title: "Logged after the period", Status: "under-study", CreatedAt: day(2026, 8, 1), UpdatedAt: day(2026, 8, 1)},
	} {
		a.CreatedBy = "console:alice"
		if a.Title == "Moved later" {
			a.Title = "Renamed in September"
		}
		if err := e.db.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	e.now = day(2026, 10, 1)
	out, f := e.report("chair", "report --since 2026-01-01 --until 2026-06-30")
	md := string(f.Data)
	if !strings.Contains(out, "Activities created or changed in the period: 2") || strings.Contains(out, "removed") {
		t.Fatalf("summary:\n%s", out)
	}
	sg13 := strings.Index(md, "### SG13 (2)")
	if sg13 < 0 || strings.Contains(md, "### SG17") || strings.Contains(md, "Logged after the period") {
		t.Fatalf("groups:\n%s", md)
	}
	if !strings.Contains(md[sg13:], "Moved later") || strings.Contains(md, "Renamed in September") || !strings.Contains(md[sg13:], "Stays") {
		t.Fatalf("the moved activity is not as it stood on 30 June:\n%s", md)
	}
	if i, j := strings.Index(md, "A-1 "), strings.Index(md, "A-2 "); i < 0 || j < i {
		t.Fatalf("rows are not by id within the group:\n%s", md)
	}
}
