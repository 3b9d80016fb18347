package commands

import (
	"bytes"
	"context"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
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

// ReportCounts says what a report holds.
type ReportCounts struct {
	Activities int // created or changed in the period
	Removed    int // of those, removed by the period's end
	Live       int // live activities in the register (the matrix)
	Topics     int
	Joints     int
	Liaisons   int
	Meetings   int // held in the period
}

// Report compiles the report of a period and renders it as a file. A day
// that does not parse, a period that ends before it starts or an unknown
// format is refused with a *jca.Error (EInvalid).
func (rp *Reports) Report(ctx context.Context, q ReportQuery) (bot.File, ReportCounts, error) {
	r := rp.r
	v, err := r.newReportView(q)
	if err != nil {
		return bot.File{}, ReportCounts{}, err
	}
	return v.compile(ctx)
}

// WriteReport writes the report of q to w (the shell's export) and
// returns the bytes written.
func (rp *Reports) WriteReport(ctx context.Context, w io.Writer, q ReportQuery) (int64, error) {
	f, _, err := rp.Report(ctx, q)
	if err != nil {
		return 0, err
	}
	n, err := w.Write(f.Data)
	return int64(n), err
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
	f, n, err := v.compile(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("report.reply", "file", f.Name))
	fields := []bot.Field{c.field("report.label.period", bot.T(v.periodText()))}
	for _, l := range v.summary(n) {
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

// compile reads the register and builds the file.
func (v *reportView) compile(ctx context.Context) (bot.File, ReportCounts, error) {
	var n ReportCounts
	// The activities are most of the work: read the rest meanwhile.
	var rec reportRecords
	var recErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		recErr = v.records(ctx, &rec)
	}()
	first := v.until // the earliest record, for a period without a start
	acts, err := v.activities(ctx, func(t time.Time) {
		if !t.IsZero() && t.Before(first) {
			first = t
		}
	})
	<-done
	if err == nil {
		err = recErr
	}
	if err != nil {
		return bot.File{}, n, err
	}
	if !rec.first.IsZero() && rec.first.Before(first) {
		first = rec.first
	}
	mx, props, liaisons, meetings := rec.matrix, rec.props, rec.liaisons, rec.meetings

	n.Activities, n.Removed, n.Live = acts.n, acts.removed, mx.Total
	n.Topics, n.Joints, n.Liaisons, n.Meetings = len(props[0]), len(props[1]), len(liaisons), len(meetings)

	rep := &report.Report{
		Lang:         string(v.lang),
		Title:        v.s("report.title", "jca", v.r.d.Vocab.JCA),
		Period:       v.periodText(),
		Generated:    v.s("report.generated", "when", when.DateTime(v.now, v.loc, string(v.lang))),
		RecordColumn: v.s("report.col.record"),
	}
	for _, l := range v.summary(n) {
		rep.Summary = append(rep.Summary, v.s("report.sum", "label", l.label, "value", l.value))
	}
	rep.Sections = []report.Section{
		v.activitySection(acts),
		v.matrixSection(mx),
		v.proposalSection(jca.TopicProposal, props[0]),
		v.proposalSection(jca.JointProposal, props[1]),
		v.liaisonSection(liaisons),
		v.meetingSection(meetings),
	}

	var buf bytes.Buffer
	if err := report.Write(&buf, v.format, rep); err != nil {
		return bot.File{}, n, err
	}
	start := v.since
	if start.IsZero() {
		start = first
	}
	name := "jca-report-" + start.In(v.loc).Format(time.DateOnly) + "_" + v.until.In(v.loc).Format(time.DateOnly) + "." + string(v.format)
	return bot.File{Name: name, MediaType: v.format.MediaType(), Data: buf.Bytes()}, n, nil
}

// reportRecords are the records of a report other than activities.
type reportRecords struct {
	matrix   *jca.Matrix
	props    [2][]*jca.Proposal // topics, joint groups
	liaisons []*jca.Liaison
	meetings []*jca.Meeting
	first    time.Time // the earliest of them all, zero if none
}

// records reads the people, the matrix and the proposals, liaisons and
// meetings of the period into rec.
func (v *reportView) records(ctx context.Context, rec *reportRecords) error {
	st := v.r.reportStore()
	seen := func(t time.Time) {
		if !t.IsZero() && (rec.first.IsZero() || t.Before(rec.first)) {
			rec.first = t
		}
	}
	people, err := st.ListPeople(ctx)
	if err != nil {
		return err
	}
	v.people = make(map[jca.PersonID]*jca.Person, len(people))
	for _, p := range people {
		v.people[p.ID] = p
	}
	if rec.matrix, err = st.ActivityMatrix(ctx, v.r.d.Vocab); err != nil {
		return err
	}
	for i, kind := range []jca.ProposalKind{jca.TopicProposal, jca.JointProposal} {
		all, _, err := st.ListProposals(ctx, kind, jca.ProposalFilter{Limit: math.MaxInt32})
		if err != nil {
			return err
		}
		for _, p := range all {
			seen(p.CreatedAt)
			if v.current(p.CreatedAt, p.UpdatedAt, kind.Closed(p.Status), p.History) {
				rec.props[i] = append(rec.props[i], p)
			}
		}
		slices.SortFunc(rec.props[i], func(a, b *jca.Proposal) int { return a.ID - b.ID })
	}
	all, _, err := st.ListLiaisons(ctx, jca.LiaisonFilter{Limit: math.MaxInt32})
	if err != nil {
		return err
	}
	for _, l := range all {
		seen(l.CreatedAt)
		if v.current(l.CreatedAt, l.UpdatedAt, !l.IsOpen(), l.History) {
			rec.liaisons = append(rec.liaisons, l)
		}
	}
	slices.SortFunc(rec.liaisons, func(a, b *jca.Liaison) int { return a.ID - b.ID })
	ms, _, err := st.ListMeetings(ctx, jca.MeetingFilter{From: v.since, Limit: math.MaxInt32})
	if err != nil {
		return err
	}
	for _, m := range ms {
		if v.in(m.Start) && !m.Start.After(v.now) {
			rec.meetings = append(rec.meetings, m)
			seen(m.Start)
		}
	}
	return nil
}

type summaryLine struct{ label, value string }

// summary says what the report holds, a line per part.
func (v *reportView) summary(n ReportCounts) []summaryLine {
	num := func(x int) string { return i18n.Number(v.lang, int64(x)) }
	acts := num(n.Activities)
	if n.Removed > 0 {
		acts = v.r.d.Catalog.Plural(v.lang, "report.removed_count", n.Removed, "total", n.Activities).String()
	}
	return []summaryLine{
		{v.s("report.label.activities"), acts},
		{v.s("report.label.register"), num(n.Live)},
		{v.s("report.sec.topics"), num(n.Topics)},
		{v.s("report.sec.joints"), num(n.Joints)},
		{v.s("report.sec.liaisons"), num(n.Liaisons)},
		{v.s("report.sec.meetings"), num(n.Meetings)},
	}
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

// activityRows are the rows of the activities section, by group.
type activityRows struct {
	byGroup map[string][]report.Row
	n       int // activities created or changed in the period
	removed int // of those, removed by its end
}

// activities reads the activities created or changed in the period, each
// as it stood at the period's end, into rows (the records themselves are
// not kept: the whole register may be read).
func (v *reportView) activities(ctx context.Context, seen func(time.Time)) (*activityRows, error) {
	out := &activityRows{byGroup: map[string][]report.Row{}}
	removed := v.s("report.removed")
	keep := func(a *jca.Activity) error {
		seen(a.CreatedAt)
		if a.CreatedAt.After(v.until) || !v.touched(a.CreatedAt, a.History) {
			return nil
		}
		updated := a.UpdatedAt
		if n := len(a.History); n > 0 && a.History[n-1].At.After(v.until) {
			a.Status = jca.Status(v.asOf(string(a.Status), "status", a.History))
			a.Group = v.asOf(a.Group, "group", a.History)
			a.Title = v.asOf(a.Title, "title", a.History)
			a.Removed = v.asOf(strconv.FormatBool(a.Removed), "removed", a.History) == "true"
			updated = a.CreatedAt
			for _, h := range a.History {
				if !h.At.After(v.until) {
					updated = h.At
				}
			}
		}
		if updated.IsZero() {
			updated = a.CreatedAt
		}
		status := report.C(string(a.Status))
		if a.Removed {
			status = report.D(removed+" ("+string(a.Status)+")", "removed")
			out.removed++
		}
		out.n++
		out.byGroup[a.Group] = append(out.byGroup[a.Group], report.Row{
			report.C(jca.ActivityRef(a.ID)), report.C(a.Group), report.C(a.Question), report.C(a.Ref),
			report.C(a.Title), status, report.C(a.Route), report.C(aspectList(a.Aspects)),
			report.C(strings.Join(a.WSIS, ",")), v.dateCell(a.CreatedAt), v.dateCell(updated),
			report.C(strings.Join(a.Links, " ")), report.C(a.Note),
		})
		return nil
	}
	if v.since.IsZero() {
		if err := v.r.reportStore().EachActivity(ctx, keep); err != nil {
			return nil, err
		}
		return out, nil
	}
	as, err := v.r.reportStore().ActivitiesChangedSince(ctx, v.since)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		keep(a)
	}
	return out, nil
}

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

// activitySection lays the rows out by group, in vocabulary order; within
// a group they are by id, as the store reads them.
func (v *reportView) activitySection(rows *activityRows) report.Section {
	s := report.Section{
		Record:  v.s("report.record.activity"),
		Heading: v.s("report.sec.activities"),
		Empty:   v.s("report.none.activities"),
		Columns: []report.Column{
			v.col("id"), v.csvOnly("group"), v.col("question"), v.col("ref"), v.col("title"), v.col("status"),
			v.csvOnly("route"), v.col("aspects"), v.csvOnly("wsis"), v.col("created"), v.col("updated"),
			v.csvOnly("links"), v.csvOnly("note"),
		},
	}
	groups := make([]string, 0, len(rows.byGroup))
	for g := range rows.byGroup {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, v.groupOrder())
	for _, g := range groups {
		rs := rows.byGroup[g]
		s.Groups = append(s.Groups, report.Group{Heading: g + " (" + i18n.Number(v.lang, int64(len(rs))) + ")", Rows: rs})
	}
	return s
}

func (v *reportView) matrixSection(mx *jca.Matrix) report.Section {
	s := report.Section{Heading: v.s("report.sec.matrix"), Empty: v.s("report.none.matrix")}
	s.Columns = append(s.Columns, v.col("group"))
	for _, a := range mx.Aspects {
		s.Columns = append(s.Columns, report.Column{Key: "aspect." + string(a), Label: aspectLabel(v.r.d.Catalog, v.lang, a), Numeric: true})
	}
	s.Columns = append(s.Columns, v.num("total"))
	if mx.Total == 0 {
		return s
	}
	var g report.Group
	for _, r := range mx.Rows {
		row := report.Row{report.C(r.Group)}
		for _, n := range r.Counts {
			row = append(row, matrixCell(n))
		}
		g.Rows = append(g.Rows, append(row, report.N(r.Total)))
	}
	total := report.Row{report.C(v.s("report.col.total"))}
	for _, n := range mx.AspectTotals {
		total = append(total, matrixCell(n))
	}
	g.Rows = append(g.Rows, append(total, report.N(mx.Total)))
	s.Groups = []report.Group{g}
	if len(mx.EmptyAspects) > 0 {
		s.Notes = append(s.Notes, v.s("matrix.gap_aspects", "list", aspectList(mx.EmptyAspects)))
	}
	if len(mx.SilentGroups) > 0 {
		s.Notes = append(s.Notes, v.s("matrix.gap_groups", "list", strings.Join(mx.SilentGroups, ", ")))
	}
	if mx.OverlapTotal == 0 {
		s.Notes = append(s.Notes, v.s("matrix.no_overlap"))
		return s
	}
	s.Notes = append(s.Notes, v.s("matrix.overlaps", "n", mx.OverlapTotal))
	for _, o := range mx.Overlaps {
		s.Notes = append(s.Notes, v.s("matrix.overlap_line", "a", jca.ActivityRef(o.A), "ga", o.GroupA,
			"b", jca.ActivityRef(o.B), "gb", o.GroupB, "pct", int(o.Similarity*100+0.5)))
	}
	if mx.OverlapTotal > len(mx.Overlaps) {
		s.Notes = append(s.Notes, v.s("matrix.overlaps_more", "shown", len(mx.Overlaps), "total", mx.OverlapTotal))
	}
	return s
}

// positionsAt counts the supports and objections given by the period's end.
func (v *reportView) positionsAt(p *jca.Proposal) (support, object int) {
	for _, x := range p.Positions {
		if x.At.After(v.until) {
			continue
		}
		switch x.Stance {
		case jca.Support:
			support++
		case jca.Object:
			object++
		}
	}
	return support, object
}

func (v *reportView) proposalSection(kind jca.ProposalKind, ps []*jca.Proposal) report.Section {
	s := report.Section{
		Record:  v.s("report.record." + string(kind)),
		Heading: v.s("report.sec." + string(kind) + "s"),
		Empty:   v.s("report.none." + string(kind) + "s"),
		Columns: []report.Column{v.col("id"), v.col("title"), v.col("groups")},
	}
	joint := kind == jca.JointProposal
	if joint {
		s.Columns = append(s.Columns, v.col("joint_kind"), v.col("convener"))
	}
	s.Columns = append(s.Columns, v.csvOnly("aspects"), v.col("status"), v.num("support"), v.num("objections"),
		v.col("deadline"), v.col("created"), v.csvOnly("why"))
	var g report.Group
	for _, p := range ps {
		sup, obj := v.positionsAt(p)
		row := report.Row{report.C(p.Ref()), report.C(p.Title), report.C(strings.Join(p.Groups, ", "))}
		if joint {
			row = append(row, report.C(p.JointKind), report.C(v.name(p.Convener)))
		}
		row = append(row, report.C(aspectList(p.Aspects)), report.C(v.asOf(p.Status, "status", p.History)),
			report.N(sup), report.N(obj), v.dateCell(p.Deadline), v.dateCell(p.CreatedAt), report.C(p.Why))
		g.Rows = append(g.Rows, row)
	}
	s.Groups = []report.Group{g}
	return s
}

func (v *reportView) liaisonSection(ls []*jca.Liaison) report.Section {
	s := report.Section{
		Record:  v.s("report.record.liaison"),
		Heading: v.s("report.sec.liaisons"),
		Empty:   v.s("report.none.liaisons"),
		Columns: []report.Column{
			v.col("id"), v.col("direction"), v.col("from"), v.col("to"), v.col("title"), v.col("purpose"),
			v.col("status"), v.col("deadline"), v.col("reply_to"), v.csvOnly("links"), v.col("created"),
		},
	}
	var g report.Group
	for _, l := range ls {
		status := v.asOf(string(l.Status), "status", l.History)
		if word, _, ok := strings.Cut(status, " ("); ok { // "answered (L-5)"
			status = word
		}
		if status == string(jca.LiaisonOpen) && l.Overdue(v.until) {
			status = v.s("report.overdue")
		}
		reply := ""
		if l.ReplyTo != 0 {
			reply = jca.LiaisonRef(l.ReplyTo)
		}
		g.Rows = append(g.Rows, report.Row{
			report.C(jca.LiaisonRef(l.ID)), report.D(v.s("liaison.dir."+l.Direction), l.Direction),
			report.C(l.From), report.C(strings.Join(l.To, ", ")), report.C(l.Title),
			report.D(v.s("liaison.purpose."+l.Purpose), l.Purpose), report.C(status), v.dateCell(l.Deadline),
			report.C(reply), report.C(strings.Join(l.Links, " ")), v.dateCell(l.CreatedAt),
		})
	}
	s.Groups = []report.Group{g}
	return s
}

func (v *reportView) meetingSection(ms []*jca.Meeting) report.Section {
	s := report.Section{
		Record:  v.s("report.record.meeting"),
		Heading: v.s("report.sec.meetings"),
		Empty:   v.s("report.none.meetings"),
		Columns: []report.Column{
			v.col("id"), v.col("title"), v.col("start"), v.col("duration"), v.col("meeting_kind"),
			v.col("where"), v.col("agenda"),
		},
	}
	var g report.Group
	for _, m := range ms {
		where := m.Where
		if m.Link != "" {
			where = strings.TrimSpace(where + " " + m.Link)
		}
		items := make([]string, len(m.Agenda))
		for i, it := range m.Agenda {
			items[i] = strconv.Itoa(i+1) + ". " + it.Text
			if it.Topic != 0 {
				items[i] = strconv.Itoa(i+1) + ". " + jca.TopicProposal.Ref(it.Topic) + " " + it.Text
			}
		}
		g.Rows = append(g.Rows, report.Row{
			report.C(jca.MeetingRef(m.ID)), report.C(m.Title),
			report.D(when.DateTime(m.Start, v.loc, string(v.lang)), m.Start.In(v.loc).Format("2006-01-02T15:04Z07:00")),
			report.C(hoursMinutes(m.Duration)),
			report.C(m.Kind), report.C(where), report.C(strings.Join(items, "; ")),
		})
	}
	s.Groups = []report.Group{g}
	return s
}

// matrixCell shows a count of the matrix, a gap as "·" so it stands out.
func matrixCell(n int) report.Cell {
	if n == 0 {
		return report.C("·")
	}
	return report.N(n)
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
