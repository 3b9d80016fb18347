package commands

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/report"
	"github.com/jcabot/jcabot/internal/when"
)

// liaisonFields are the label/value pairs of a liaison; full adds what
// only "liaison show" needs.
func (c *Call) liaisonFields(l *jca.Liaison, full bool) []bot.Field {
	var f []bot.Field
	add := func(key string, v bot.Text) {
		if len(v) > 0 && v.String() != "" {
			f = append(f, c.field(key, v))
		}
	}
	if full {
		add("liaison.field.direction", c.T("liaison.dir."+l.Direction))
		add("liaison.field.from", bot.T(l.From))
		add("liaison.field.to", bot.T(strings.Join(l.To, ", ")))
	}
	add("liaison.field.purpose", c.T("liaison.purpose."+l.Purpose))
	add("liaison.field.status", bot.T(string(l.Status)))
	if !l.Deadline.IsZero() {
		add("liaison.field.deadline", c.liaisonDeadlineText(l, true))
	}
	var links bot.Text
	for i, u := range l.Links {
		if i > 0 {
			links = append(links, bot.Span{Text: " "})
		}
		links = append(links, bot.Span{Kind: bot.LinkSpan, Text: u, URL: u})
	}
	add("field.links", links)
	if full {
		add("liaison.field.logged", c.T("org.by_when", "who", bot.Identity(l.CreatedBy), "when", c.dateTime(l.CreatedAt)))
	}
	return f
}

// liaisonDeadlineText shows a deadline with its relative hint, marked when an open
// liaison is overdue; long gives the time and zone, short the day only.
func (c *Call) liaisonDeadlineText(l *jca.Liaison, long bool) bot.Text {
	rel := when.Relative(l.Deadline, c.Now(), string(c.Lang))
	overdue := l.Overdue(c.Now())
	if long {
		if overdue {
			return c.T("liaison.deadline_overdue", "date", c.dateTime(l.Deadline), "rel", rel)
		}
		return c.T("liaison.deadline", "date", c.dateTime(l.Deadline), "rel", rel)
	}
	date := when.Date(l.Deadline, c.Loc, string(c.Lang))
	if overdue {
		return c.T("liaison.overdue", "date", date, "rel", rel)
	}
	return c.T("liaison.due", "date", date, "rel", rel)
}

// liaisonLine is one line of a list:
// **L-4** outgoing · JCA-Res.178 → IETF · *Title* · for action · open · due Tue 1 Feb 2033 (in 3 days)
func (c *Call) liaisonLine(l *jca.Liaison) bot.Text {
	t := bot.Text{{Kind: bot.Bold, Text: jca.LiaisonRef(l.ID)}, {Text: " "}}
	t = append(t, c.T("liaison.dir."+l.Direction)...)
	t = append(t, bot.Span{Text: " · " + l.From + " → " + strings.Join(l.To, ", ") + " · "}, bot.Span{Kind: bot.Italic, Text: l.Title}, bot.Span{Text: " · "})
	t = append(t, c.T("liaison.purpose."+l.Purpose)...)
	t = append(t, bot.Span{Text: " · " + string(l.Status)})
	if !l.Deadline.IsZero() && l.IsOpen() {
		t = append(t, bot.Span{Text: " · "})
		t = append(t, c.liaisonDeadlineText(l, false)...)
	}
	return t
}

// liaisons: the open ones overdue or due within the horizon, then the new
// ones, the closest deadline first.
func (v *digestView) liaisons(ctx context.Context) (digestSection, error) {
	all, _, err := v.r.liaisonStore().ListLiaisons(ctx, jca.LiaisonFilter{Limit: math.MaxInt32})
	if err != nil {
		return digestSection{}, err
	}
	type entry struct {
		l    *jca.Liaison
		rank int // 0 overdue, 1 due soon, 2 new
	}
	var es []entry
	for _, l := range all {
		open := l.IsOpen() && !l.Deadline.IsZero()
		switch {
		case open && v.now.After(l.Deadline):
			es = append(es, entry{l, 0})
		case open && l.Deadline.Sub(v.now) <= digestHorizon:
			es = append(es, entry{l, 1})
		case v.isNew(l.CreatedAt):
			es = append(es, entry{l, 2})
		}
	}
	slices.SortFunc(es, func(a, b entry) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if a.rank < 2 {
			return cmp.Or(a.l.Deadline.Compare(b.l.Deadline), a.l.ID-b.l.ID)
		}
		return a.l.ID - b.l.ID
	})
	s := digestSection{title: v.t("digest.content.liaisons", "n", len(es))}
	for _, e := range es {
		l := e.l
		t := digestAdd(digestHead(jca.LiaisonRef(l.ID), l.Title), bot.Span{Text: l.From + " → " + strings.Join(l.To, ", ")})
		if v.isNew(l.CreatedAt) {
			t = digestAdd(t, v.t("digest.content.new_liaison")...)
		}
		switch e.rank {
		case 0:
			t = digestAdd(t, v.t("digest.content.overdue", "date", v.date(l.Deadline), "rel", v.rel(l.Deadline))...)
		case 1:
			t = digestAdd(t, v.t("digest.content.due", "date", v.date(l.Deadline), "rel", v.rel(l.Deadline))...)
		default:
			t = digestAdd(t, v.t("liaison.purpose."+l.Purpose)...)
			if !l.IsOpen() {
				t = digestAdd(t, bot.Span{Text: string(l.Status)})
			}
		}
		s.items = append(s.items, t)
	}
	return s, nil
}

// liaisonReport is the liaison statements' part of the report: those that
// existed in the period and were still open in it or changed in it.
func liaisonReport(ctx context.Context, v *reportView) (reportPiece, error) {
	all, _, err := v.r.reportStore().ListLiaisons(ctx, jca.LiaisonFilter{Limit: math.MaxInt32})
	if err != nil {
		return reportPiece{}, err
	}
	var pc reportPiece
	var ls []*jca.Liaison
	for _, l := range all {
		earliest(&pc.first, l.CreatedAt)
		if v.current(l.CreatedAt, l.UpdatedAt, !l.IsOpen(), l.History) {
			ls = append(ls, l)
		}
	}
	slices.SortFunc(ls, func(a, b *jca.Liaison) int { return a.ID - b.ID })
	pc.summary = []summaryLine{v.numberLine("report.sec.liaisons", len(ls))}
	pc.section = v.liaisonSection(ls)
	return pc, nil
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
