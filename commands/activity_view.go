package commands

import (
	"cmp"
	"context"
	"fmt"
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

// activityFields are the label/value pairs of an activity; full adds the
// author, dates, links and note.
func (c *Call) activityFields(a *jca.Activity, full bool) []bot.Field {
	var f []bot.Field
	add := func(key string, v bot.Text) {
		if len(v) > 0 && v.String() != "" {
			f = append(f, c.field(key, v))
		}
	}
	if full {
		add("field.group", bot.T(a.Group))
	}
	add("field.status", bot.T(string(a.Status)))
	add("field.question", bot.T(a.Question))
	add("field.ref", bot.T(a.Ref))
	add("field.route", bot.T(a.Route))
	add("field.aspects", bot.T(c.aspectLabels(a.Aspects)))
	add("field.wsis", bot.T(strings.Join(a.WSIS, ", ")))
	if full {
		var links bot.Text
		for i, l := range a.Links {
			if i > 0 {
				links = append(links, bot.Span{Text: " "})
			}
			links = append(links, bot.Span{Kind: bot.LinkSpan, Text: l, URL: l})
		}
		add("field.links", links)
		add("field.note", bot.T(a.Note))
		add("field.logged", c.T("activity.logged_by", "who", bot.Identity(a.CreatedBy), "when", c.dateTime(a.CreatedAt)))
	}
	return f
}

// dateTime shows an instant in the person's zone and language.
func (c *Call) dateTime(t time.Time) string {
	return when.DateTime(t, c.Loc, string(c.Lang))
}

// activityLine is one line of a list: **A-12** SG13 · Title · status.
func (c *Call) activityLine(a *jca.Activity) bot.Text {
	var b bot.TextBuilder
	writeActivityLine(&b, a)
	return b.Text()
}

// writeActivityLine writes an activity's list line: its id in bold, its
// group, its title in italics, its status and reference.
func writeActivityLine(b *bot.TextBuilder, a *jca.Activity) {
	var ref [24]byte
	b.Start(bot.Bold)
	b.Write(jca.AppendActivityRef(ref[:0], a.ID))
	b.Start(bot.Plain)
	b.WriteString(" ")
	b.WriteString(a.Group)
	b.WriteString(" · ")
	b.AddSpan(bot.Span{Kind: bot.Italic, Text: a.Title}) // the record's own string, not copied
	b.Start(bot.Plain)
	b.WriteString(" · ")
	b.WriteString(string(a.Status))
	if a.Ref != "" {
		b.WriteString(" · ")
		b.WriteString(a.Ref)
	}
}

func abbrev(a jca.Aspect) string {
	s := strings.ToUpper(string(a))
	if len(s) > 3 {
		s = s[:3]
	}
	return s
}

// matrixTable lays the counts out as fixed-width text.
func matrixTable(mx *jca.Matrix) string {
	w := len("TOTAL")
	for _, r := range mx.Rows {
		w = max(w, len([]rune(r.Group)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s", w, "")
	for _, a := range mx.Aspects {
		fmt.Fprintf(&b, " %5s", abbrev(a))
	}
	fmt.Fprintf(&b, " %6s\n", "ALL")
	for _, r := range mx.Rows {
		fmt.Fprintf(&b, "%-*s", w, r.Group)
		for _, n := range r.Counts {
			fmt.Fprintf(&b, " %5s", countCell(n))
		}
		fmt.Fprintf(&b, " %6d\n", r.Total)
	}
	fmt.Fprintf(&b, "%-*s", w, "TOTAL")
	for _, n := range mx.AspectTotals {
		fmt.Fprintf(&b, " %5d", n)
	}
	fmt.Fprintf(&b, " %6d", mx.Total)
	return b.String()
}

func countCell(n int) string {
	if n == 0 {
		return "·"
	}
	return fmt.Sprint(n)
}

// activities: those added, changed or removed since the last digest, by
// group in vocabulary order.
func (v *digestView) activities(ctx context.Context) (digestSection, error) {
	as, err := v.r.activityStore().ActivitiesChangedSince(ctx, v.since)
	if err != nil {
		return digestSection{}, err
	}
	order := (&reportView{r: v.r}).groupOrder()
	slices.SortStableFunc(as, func(a, b *jca.Activity) int { return cmp.Or(order(a.Group, b.Group), a.ID-b.ID) })
	s := digestSection{title: v.t("digest.content.activities", "n", len(as))}
	for _, a := range as {
		t := bot.Text{{Kind: bot.Bold, Text: jca.ActivityRef(a.ID)}, {Text: " " + a.Group + " · "},
			{Kind: bot.Italic, Text: clip(a.Title, digestTitleMax)}}
		switch {
		case a.Removed:
			t = digestAdd(t, v.t("digest.content.removed")...)
		case v.isNew(a.CreatedAt):
			t = digestAdd(t, v.t("digest.content.new_activity")...)
			t = digestAdd(t, bot.Span{Text: string(a.Status)})
		default:
			if old, ok := v.statusBefore(a.History); ok && old != string(a.Status) {
				t = digestAdd(t, bot.Span{Text: old + " → " + string(a.Status)})
			}
			if fields := v.changedFields(a.History); fields != "" {
				t = digestAdd(t, v.t("digest.content.changed", "fields", fields)...)
			}
		}
		s.items = append(s.items, t)
	}
	return s, nil
}

// changedFields names the fields changed since the period began, other
// than the status (shown as old → new), once each.
func (v *digestView) changedFields(h []jca.Change) string {
	var names []string
	for _, c := range h {
		if !v.isNew(c.At) || c.Field == "status" || c.Field == "removed" {
			continue
		}
		key := "field." + c.Field
		if !v.r.d.Catalog.Has(key) {
			continue
		}
		if n := v.r.d.Catalog.String(v.lang, key); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// activityReport is the activities' part of the report: those created or
// changed in the period, each as it stood at the period's end, by group.
// The store's index says which they are and how many, without reading a
// record; each group's rows are then read and written one activity at a
// time as the file is written, so the whole register is never held.
func activityReport(ctx context.Context, v *reportView) (reportPiece, error) {
	st := v.r.reportStore()
	in, err := st.ActivitiesInPeriod(ctx, v.since, v.until)
	if err != nil {
		return reportPiece{}, err
	}
	// Those changed after the period are few: read now, they go to the
	// group they were in at its end.
	err = st.ReadActivities(ctx, in.Later, func(a *jca.Activity) error {
		v.activityAsOfEnd(a)
		ids := in.ByGroup[a.Group]
		i, _ := slices.BinarySearch(ids, a.ID)
		in.ByGroup[a.Group] = slices.Insert(ids, i, a.ID)
		if a.Removed {
			in.Removed++
		}
		return nil
	})
	if err != nil {
		return reportPiece{}, err
	}
	n := 0
	for _, ids := range in.ByGroup {
		n += len(ids)
	}
	line := v.numberLine("report.label.activities", n)
	if in.Removed > 0 {
		line.value = v.r.d.Catalog.Plural(v.lang, "report.removed_count", in.Removed, "total", n).String()
	}
	return reportPiece{summary: []summaryLine{line}, section: v.activitySection(ctx, in.ByGroup), first: in.First}, nil
}

// matrixReport is the coverage matrix's part of the report: the live
// register, with its gaps.
func matrixReport(ctx context.Context, v *reportView) (reportPiece, error) {
	mx, err := v.r.reportStore().ActivityMatrix(ctx, v.r.d.Vocab)
	if err != nil {
		return reportPiece{}, err
	}
	return reportPiece{summary: []summaryLine{v.numberLine("report.label.register", mx.Total)}, section: v.matrixSection(mx)}, nil
}

// activityAsOfEnd sets a's group, title, status and removal to what they
// were at the period's end, undoing the changes made after it.
func (v *reportView) activityAsOfEnd(a *jca.Activity) {
	if n := len(a.History); n == 0 || !a.History[n-1].At.After(v.until) {
		return
	}
	a.Status = jca.Status(v.asOf(string(a.Status), "status", a.History))
	a.Group = v.asOf(a.Group, "group", a.History)
	a.Title = v.asOf(a.Title, "title", a.History)
	a.Removed = v.asOf(strconv.FormatBool(a.Removed), "removed", a.History) == "true"
}

// activityRow fills row (13 cells) with a, as it stood at the period's end.
func (v *reportView) activityRow(a *jca.Activity, row report.Row, removed string) {
	updated := a.UpdatedAt
	if n := len(a.History); n > 0 && a.History[n-1].At.After(v.until) {
		v.activityAsOfEnd(a)
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
	}
	row[0], row[1], row[2], row[3] = report.C(jca.ActivityRef(a.ID)), report.C(a.Group), report.C(a.Question), report.C(a.Ref)
	row[4], row[5], row[6], row[7] = report.C(a.Title), status, report.C(a.Route), report.C(aspectList(a.Aspects))
	row[8], row[9], row[10] = report.C(strings.Join(a.WSIS, ",")), v.dateCell(a.CreatedAt), v.dateCell(updated)
	row[11], row[12] = report.C(strings.Join(a.Links, " ")), report.C(a.Note)
}

// activitySection lays the activities out by group, in vocabulary order;
// within a group by id. Each group's rows are streamed: read from the
// store as the file is written.
func (v *reportView) activitySection(ctx context.Context, byGroup map[string][]int) report.Section {
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
	groups := make([]string, 0, len(byGroup))
	for g, ids := range byGroup {
		if len(ids) > 0 {
			groups = append(groups, g)
		}
	}
	slices.SortFunc(groups, v.groupOrder())
	removed := v.s("report.removed")
	for _, g := range groups {
		ids := byGroup[g]
		s.Groups = append(s.Groups, report.Group{
			Heading: g + " (" + i18n.Number(v.lang, int64(len(ids))) + ")",
			N:       len(ids),
			Stream: func(emit func(report.Row) error) error {
				row := make(report.Row, len(s.Columns))
				return v.r.reportStore().ReadActivities(ctx, ids, func(a *jca.Activity) error {
					v.activityRow(a, row, removed)
					return emit(row)
				})
			},
		})
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
