package commands

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
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
