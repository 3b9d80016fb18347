package commands

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/gctune"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/report"
	"github.com/jcabot/jcabot/internal/when"
)

// The report to TSAG: what the JCA did in a period, compiled from the
// register into one file (Markdown, CSV or HTML) that nobody has to copy
// by hand. The shell's "jcabot export" writes the same file.
//
// What a period holds:
//   - the activities created or changed in it (removed ones marked so),
//     each with its status at the period's end;
//   - the coverage matrix of the live register, with its gaps;
//   - the topics, joint groups and liaison statements that existed in the
//     period and were still open in it or changed in it, with their outcome;
//   - the meetings held in it (not cancelled, started by now), with their
//     agendas.

func reportArea() *Area {
	return &Area{
		Name:    "report",
		Aliases: []string{"rapport"},
		Run: &Verb{
			Rule: "rule.anyone", MaxArgs: 0,
			Flags: []Flag{
				{Name: "since", Value: "YYYY-MM-DD"},
				{Name: "until", Value: "YYYY-MM-DD"},
				{Name: "format", Value: "md|csv|html"},
			},
			Examples: []string{
				"report --since 2026-01-01 --until 2026-12-31",
				"report --format html",
				"report --since 2026-01-01 --format csv",
			},
			Run: runReport,
		},
	}
}

// ReportQuery chooses a report: its period, as days in Loc, and its format.
type ReportQuery struct {
	Format string // md, csv or html; "" for md
	// Since and Until are days ("2026-01-01") in Loc: the period runs from
	// the start of Since to the end of Until. "" means from the beginning of
	// the register, and until Now.
	Since, Until string
	Lang         i18n.Lang      // "" for the bot's default
	Loc          *time.Location // nil for the bot's default
	Now          time.Time      // zero for the wall clock
}

// Report compiles the report of a period and renders it as a file. A day
// that does not parse, a period that ends before it starts or an unknown
// format is refused with a *jca.Error (EInvalid).
func (rp *Reports) Report(ctx context.Context, q ReportQuery) (bot.File, error) {
	v, err := rp.r.newReportView(q)
	if err != nil {
		return bot.File{}, err
	}
	f, _, err := v.file(ctx)
	return f, err
}

// WriteReport writes the report of q to w (the shell's export) as it reads
// the register, and returns the bytes written.
func (rp *Reports) WriteReport(ctx context.Context, w io.Writer, q ReportQuery) (int64, error) {
	v, err := rp.r.newReportView(q)
	if err != nil {
		return 0, err
	}
	defer gctune.Bound(streamedReportMemory)()
	rep, _, _, err := v.compile(ctx)
	if err != nil {
		return 0, err
	}
	cw := &countingWriter{w: w}
	err = report.Write(cw, v.format, rep)
	return cw.n, err
}

// reportMemory is how far a report may raise the process's memory: it
// decodes every activity of a big register, keeping only the file it
// writes (about 20 MB at 100,000 activities) and one group of rows;
// streamedReportMemory when the file goes straight to its destination.
const (
	reportMemory         = 48 << 20
	streamedReportMemory = 24 << 20
)

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// RefusalText renders a refusal (a *jca.Error) in the bot's default
// language as plain text, for the shell; ok is false for any other error.
func (r *Router) RefusalText(err error) (string, bool) {
	e, ok := jca.AsError(err)
	if !ok || e.Code == jca.EInternal {
		return "", false
	}
	return r.d.Catalog.String(r.d.DefaultLang, e.Key, e.Args...), true
}

func runReport(ctx context.Context, c *Call) (bot.Reply, error) {
	q := ReportQuery{Lang: c.Lang, Loc: c.Loc, Now: c.Now()}
	q.Format, _ = c.Flag("format")
	q.Since, _ = c.Flag("since")
	q.Until, _ = c.Flag("until")
	v, err := c.r.newReportView(q)
	if err != nil {
		return bot.Reply{}, err
	}
	f, summary, err := v.file(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("report.reply", "file", f.Name))
	fields := []bot.Field{c.field("report.label.period", bot.T(v.periodText()))}
	for _, l := range summary {
		fields = append(fields, c.fieldLabel(l.label, bot.T(l.value)))
	}
	m.AddFields(fields...)
	m.Context(c.T("report.reply.next"))
	m.Files = []bot.File{f}
	return c.reply(m), nil
}

// reportView compiles a report for one reader: their language and zone,
// and the period.
type reportView struct {
	r      *Router
	lang   i18n.Lang
	loc    *time.Location
	now    time.Time
	format report.Format
	// since is zero when the period starts with the register.
	since, until time.Time
	people       map[jca.PersonID]*jca.Person
	days         map[int]report.Cell // formatted days, see dateCell
}

func (r *Router) newReportView(q ReportQuery) (*reportView, error) {
	v := &reportView{r: r, lang: q.Lang, loc: q.Loc, now: q.Now, format: report.Markdown, days: map[int]report.Cell{}}
	if v.lang == "" {
		v.lang = r.d.DefaultLang
	}
	if v.loc == nil {
		v.loc = r.d.DefaultTZ
	}
	if v.now.IsZero() {
		v.now = time.Now()
	}
	if q.Format != "" {
		f, ok := report.ParseFormat(q.Format)
		if !ok {
			return nil, jca.Errorf(jca.EInvalid, "err.report_format", "value", q.Format).
				WithSuggestions(suggestions(q.Format, []string{"md", "csv", "html"})...)
		}
		v.format = f
	}
	day := func(s string) (int, time.Month, int, error) {
		y, m, d, ok := when.ParseDay(s)
		if !ok {
			return 0, 0, 0, jca.Errorf(jca.EInvalid, "err.bad_date", "value", s, "example", "2026-01-31")
		}
		return y, m, d, nil
	}
	if q.Since != "" {
		y, m, d, err := day(q.Since)
		if err != nil {
			return nil, err
		}
		v.since = when.StartOfDay(y, m, d, v.loc)
	}
	v.until = v.now
	if q.Until != "" {
		y, m, d, err := day(q.Until)
		if err != nil {
			return nil, err
		}
		v.until = when.EndOfDay(y, m, d, v.loc)
	}
	if !v.since.IsZero() && v.until.Before(v.since) {
		return nil, jca.Errorf(jca.EInvalid, "err.report_period", "since", v.date(v.since), "until", v.date(v.until))
	}
	return v, nil
}

func (v *reportView) s(key string, kv ...any) string { return v.r.d.Catalog.String(v.lang, key, kv...) }

func (v *reportView) date(t time.Time) string { return when.Date(t, v.loc, string(v.lang)) }

// dateCell is a day for people and an ISO day for spreadsheets. Days
// repeat across a register's records: each is formatted once.
func (v *reportView) dateCell(t time.Time) report.Cell {
	if t.IsZero() {
		return report.Cell{}
	}
	y, m, d := t.In(v.loc).Date()
	key := y*10000 + int(m)*100 + d
	if c, ok := v.days[key]; ok {
		return c
	}
	c := report.D(v.date(t), t.In(v.loc).Format(time.DateOnly))
	v.days[key] = c
	return c
}

// in reports whether t falls in the period.
func (v *reportView) in(t time.Time) bool {
	return !t.Before(v.since) && !t.After(v.until)
}

// touched reports whether a record was created or changed in the period.
func (v *reportView) touched(created time.Time, history []jca.Change) bool {
	if v.in(created) {
		return true
	}
	for _, h := range history {
		if v.in(h.At) {
			return true
		}
	}
	return false
}

// asOf returns the value of a field at the period's end: the current
// value, with the changes made after the period undone.
func (v *reportView) asOf(current, field string, history []jca.Change) string {
	for i := len(history) - 1; i >= 0 && history[i].At.After(v.until); i-- {
		if history[i].Field == field {
			current = history[i].Old
		}
	}
	return current
}

func (v *reportView) periodText() string {
	zone := when.ZoneLabel(v.until, v.loc)
	if v.since.IsZero() {
		return v.s("report.period_all", "until", v.date(v.until), "zone", zone)
	}
	return v.s("report.period", "since", v.date(v.since), "until", v.date(v.until), "zone", zone)
}

// name shows a person by their display name.
func (v *reportView) name(id jca.PersonID) string {
	if id == "" {
		return ""
	}
	if p, ok := v.people[id]; ok && p.Name != "" {
		return p.Name
	}
	return bot.Identity(id).User()
}

func (v *reportView) col(key string) report.Column {
	return report.Column{Key: key, Label: v.s("report.col." + key)}
}

func (v *reportView) num(key string) report.Column {
	c := v.col(key)
	c.Numeric = true
	return c
}

func (v *reportView) csvOnly(key string) report.Column {
	c := v.col(key)
	c.CSVOnly = true
	return c
}

type summaryLine struct{ label, value string }

// A reportPart is one noun's part of the report: it reads the noun's
// records of the period and gives its section and its lines of the
// summary. The parts are read concurrently, each on its own copy of the
// view (forPart); the people are read before them.
type reportPart func(ctx context.Context, v *reportView) (reportPiece, error)

// reportPiece is what a part gives the report.
type reportPiece struct {
	summary []summaryLine
	section report.Section
	// first is the part's earliest record, zero if none: where a period
	// without a start begins, in the file's name.
	first time.Time
}

// reportParts are the report's parts in the order it shows them; each is
// written in its noun's file. A new noun in the report is one part here.
var reportParts = []reportPart{activityReport, matrixReport, topicReport, jointReport, liaisonReport, meetingReport}

// compile reads the register into a report whose biggest section (the
// activities) is streamed, read as it is written; it says what the report
// holds (the summary's lines) and names its file.
func (v *reportView) compile(ctx context.Context) (rep *report.Report, name string, summary []summaryLine, err error) {
	people, err := v.r.reportStore().ListPeople(ctx)
	if err != nil {
		return nil, "", nil, err
	}
	v.people = make(map[jca.PersonID]*jca.Person, len(people))
	for _, p := range people {
		v.people[p.ID] = p
	}
	pieces := make([]reportPiece, len(reportParts))
	errs := make([]error, len(reportParts))
	var wg sync.WaitGroup
	for i, part := range reportParts {
		wg.Go(func() { pieces[i], errs[i] = part(ctx, v.forPart()) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, "", nil, err
		}
	}

	rep = &report.Report{
		Lang:         string(v.lang),
		Title:        v.s("report.title", "jca", v.r.d.Vocab.JCA),
		Period:       v.periodText(),
		Generated:    v.s("report.generated", "when", when.DateTime(v.now, v.loc, string(v.lang))),
		RecordColumn: v.s("report.col.record"),
	}
	first := v.until // the earliest record, for a period without a start
	for _, pc := range pieces {
		summary = append(summary, pc.summary...)
		rep.Sections = append(rep.Sections, pc.section)
		if !pc.first.IsZero() && pc.first.Before(first) {
			first = pc.first
		}
	}
	for _, l := range summary {
		rep.Summary = append(rep.Summary, v.s("report.sum", "label", l.label, "value", l.value))
	}

	start := v.since
	if start.IsZero() {
		start = first
	}
	name = "jca-report-" + start.In(v.loc).Format(time.DateOnly) + "_" + v.until.In(v.loc).Format(time.DateOnly) + "." + string(v.format)
	return rep, name, summary, nil
}

// file compiles the report and renders it as a file.
func (v *reportView) file(ctx context.Context) (bot.File, []summaryLine, error) {
	defer gctune.Bound(reportMemory)()
	rep, name, summary, err := v.compile(ctx)
	if err != nil {
		return bot.File{}, nil, err
	}
	data, err := report.Render(v.format, rep)
	if err != nil {
		return bot.File{}, nil, err
	}
	return bot.File{Name: name, MediaType: v.format.MediaType(), Data: data}, summary, nil
}

// forPart is a copy of v for one part: its own cache of formatted days.
func (v *reportView) forPart() *reportView {
	c := *v
	c.days = map[int]report.Cell{}
	return &c
}

// earliest keeps the earliest non-zero time in *first.
func earliest(first *time.Time, t time.Time) {
	if !t.IsZero() && (first.IsZero() || t.Before(*first)) {
		*first = t
	}
}

// numberLine is a line of the summary with a count.
func (v *reportView) numberLine(key string, n int) summaryLine {
	return summaryLine{v.s(key), i18n.Number(v.lang, int64(n))}
}

// current reports whether a proposal or liaison belongs in the report: it
// existed by the period's end, and it was still open during the period or
// changed in it.
func (v *reportView) current(created, updated time.Time, closed bool, history []jca.Change) bool {
	if created.After(v.until) {
		return false
	}
	return !closed || !updated.Before(v.since) || v.touched(created, history)
}

// aspectList joins aspects with commas.
func aspectList(as []jca.Aspect) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// reportStore is what the report uses of the store.
type reportStore interface {
	jca.ActivityService
	jca.PersonService
	jca.ProposalService
	jca.LiaisonService
	jca.MeetingService
}

func (r *Router) reportStore() reportStore { return r.d.Store }

// groupOrder ranks group codes as the vocabulary lists them (study groups,
// the JCA, organizations), then any other alphabetically.
func (v *reportView) groupOrder() func(a, b string) int {
	rank := map[string]int{}
	for i, g := range v.r.d.Vocab.BodyNames() {
		rank[g] = i
	}
	return func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a, b)
	}
}

// matrixCell shows a count of the matrix, a gap as "·" so it stands out.
func matrixCell(n int) report.Cell {
	if n == 0 {
		return report.C("·")
	}
	return report.N(n)
}
