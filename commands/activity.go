package commands

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/textfold"
	"github.com/jcabot/jcabot/internal/when"
)

// The flags shared by activity add and activity update.
var activityFieldFlags = []Flag{
	{Name: "question", Value: "Q16/13"},
	{Name: "ref", Value: "Y.3001"},
	{Name: "status", Value: "STATUS"},
	{Name: "route", Value: "AAP|TAP"},
	{Name: "aspect", Value: "ASPECT", Multi: true},
	{Name: "wsis", Value: "C2", Multi: true},
	{Name: "link", Value: "URL", Multi: true},
	{Name: "note", Value: `"..."`},
}

func activityArea() *Area {
	return &Area{
		Name:    "activity",
		Aliases: []string{"act", "activities", "activite", "activité"},
		Verbs: []*Verb{
			{
				Name: "add", Aliases: []string{"log", "new"},
				Usage: `<group> "<title>"`, Rule: "rule.anyone",
				MinArgs: 2, MaxArgs: 2,
				Flags: activityFieldFlags,
				Examples: []string{
					`activity add SG13 "Network requirements for IMT-2030" --aspect capacity,evolution`,
					`activity add SG17 "Security guidelines for DNS resolvers" --question Q6/17 --ref X.1350 --status under-study --aspect security --wsis C5 --link https://www.itu.int/`,
				},
				Run: activityAdd,
			},
			{
				Name: "list", Aliases: []string{"ls"},
				Rule: "rule.anyone", MaxArgs: 0,
				Flags: []Flag{
					{Name: "group", Value: "SG13"},
					{Name: "status", Value: "STATUS"},
					{Name: "aspect", Value: "ASPECT"},
					{Name: "since", Value: "YYYY-MM-DD"},
					{Name: "page", Value: "N"},
				},
				Examples: []string{"activity list", "activity list --group SG13 --aspect security --since 2026-01-01", "activity list --status approved --page 2"},
				Run:      activityList,
			},
			{
				Name: "show", Aliases: []string{"get", "view"},
				Usage: "<A-n>", Rule: "rule.anyone", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"activity show A-12"},
				Run:      activityShow,
			},
			{
				Name: "update", Aliases: []string{"edit", "set"},
				Usage: "<A-n>", Rule: "rule.author_or_chair", MinArgs: 1, MaxArgs: 1,
				Flags: append([]Flag{{Name: "title", Value: `"..."`}, {Name: "group", Value: "SG13"}}, activityFieldFlags...),
				Examples: []string{
					"activity update A-12 --status consented",
					`activity update A-12 --title "Network requirements for IMT-2030 and beyond" --aspect capacity,evolution,security`,
				},
				Run: activityUpdate,
			},
			{
				Name: "remove", Aliases: []string{"rm", "delete"},
				Usage: "<A-n>", Rule: "rule.author_or_chair", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"activity remove A-12"},
				Run:      activityRemove,
			},
			{
				Name: "search", Aliases: []string{"find", "grep"},
				Usage: "<words>", Rule: "rule.anyone", MinArgs: 1, MaxArgs: -1,
				Flags:    []Flag{{Name: "page", Value: "N"}},
				Examples: []string{"activity search IMT-2030", "activity search réseaux sécurité"},
				Run:      activitySearch,
			},
			{
				Name: "matrix", Aliases: []string{"analyse", "analyze", "coverage"},
				Rule: "rule.anyone", MaxArgs: 0,
				Examples: []string{"activity matrix"},
				Run:      activityMatrix,
			},
		},
	}
}

func suggestions(word string, candidates []string) []string {
	return didYouMean(word, candidates, "")
}

// activityFlags reads the flags of add or update that need the store
// (run them before the store's transaction, then apply).
type activityFlags struct {
	group *jca.Body
}

func (c *Call) readActivityFlags(ctx context.Context) (activityFlags, error) {
	var f activityFlags
	if s, ok := c.Flag("group"); ok {
		b, err := c.resolveBody(ctx, s)
		if err != nil {
			return f, err
		}
		f.group = &b
	}
	return f, nil
}

// applyActivityFlags sets the fields named by the flags of add or update.
// body is the activity's group as resolved (nil: unchanged).
func (c *Call) applyActivityFlags(a *jca.Activity, f activityFlags, body *jca.Body) error {
	v := c.r.d.Vocab
	if s, ok := c.Flag("title"); ok {
		a.Title = s
	}
	if f.group != nil {
		a.Group, body = f.group.Code, f.group
	}
	if s, ok := c.Flag("question"); ok {
		a.Question = s
	}
	if s, ok := c.Flag("ref"); ok {
		a.Ref = s
	}
	if s, ok := c.Flag("status"); ok {
		st, ok := v.Status(s)
		if !ok {
			return jca.Errorf(jca.EInvalid, "err.unknown_status", "value", s, "list", strings.Join(v.StatusNames(), ", ")).
				WithSuggestions(suggestions(s, v.StatusNames())...)
		}
		a.Status = st
	}
	if s, ok := c.Flag("route"); ok {
		if s == "" {
			a.Route = ""
		} else if r, ok := v.Route(s); ok {
			a.Route = r
		} else {
			return jca.Errorf(jca.EInvalid, "err.unknown_route", "value", s, "list", strings.Join(v.Routes, ", "))
		}
	}
	if c.Has("aspect") {
		as, err := c.aspects(c.Flags("aspect"))
		if err != nil {
			return err
		}
		a.Aspects = as
	}
	if c.Has("wsis") {
		a.WSIS = nil
		for _, s := range c.Flags("wsis") {
			w, ok := v.WSISLine(s)
			if !ok {
				return jca.Errorf(jca.EInvalid, "err.unknown_wsis", "value", s, "list", strings.Join(v.WSISCodes(), ", "))
			}
			a.WSIS = append(a.WSIS, w)
		}
	}
	if c.Has("link") {
		a.Links = append([]string(nil), c.Flags("link")...)
	}
	if s, ok := c.Flag("note"); ok {
		a.Note = strings.TrimSpace(s)
	}
	if body != nil {
		return a.Validate(v, *body)
	}
	return a.Validate(v)
}

func (c *Call) aspects(words []string) ([]jca.Aspect, error) {
	v := c.r.d.Vocab
	var out []jca.Aspect
	for _, w := range words {
		a, ok := v.Aspect(w)
		if !ok {
			a, ok = c.aspectByLabel(w)
		}
		if !ok {
			return nil, jca.Errorf(jca.EInvalid, "err.unknown_aspect", "value", w, "list", strings.Join(v.AspectNames(), ", ")).
				WithSuggestions(suggestions(w, v.AspectNames())...)
		}
		out = append(out, a)
	}
	return out, nil
}

// aspectLabel is how an aspect reads in the person's language: the
// catalog's "aspect.<name>" ("sécurité" in French), else its vocabulary
// name (a configured aspect the catalog does not know).
func (c *Call) aspectLabel(a jca.Aspect) string {
	return aspectLabel(c.r.d.Catalog, c.Lang, a)
}

func aspectLabel(cat *i18n.Catalog, l i18n.Lang, a jca.Aspect) string {
	if key := "aspect." + string(a); cat.Has(key) {
		return cat.String(l, key)
	}
	return string(a)
}

// aspectLabels joins the aspects' labels with ", ".
func (c *Call) aspectLabels(as []jca.Aspect) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = c.aspectLabel(a)
	}
	return strings.Join(names, ", ")
}

// aspectByLabel finds the aspect a person wrote by its label in either
// language, accents and case aside ("securite", "Sécurité").
func (c *Call) aspectByLabel(w string) (jca.Aspect, bool) {
	want := textfold.Fold(w)
	for _, a := range c.r.d.Vocab.Aspects {
		for _, l := range []i18n.Lang{i18n.EN, i18n.FR} {
			if textfold.Fold(aspectLabel(c.r.d.Catalog, l, a)) == want {
				return a, true
			}
		}
	}
	return "", false
}

func activityAdd(ctx context.Context, c *Call) (bot.Reply, error) {
	body, err := c.resolveBody(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	f, err := c.readActivityFlags(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	a := &jca.Activity{
		Group:     body.Code,
		Title:     c.Args[1],
		Status:    c.r.d.Vocab.Statuses[0],
		CreatedBy: c.Me,
		CreatedAt: c.Now(),
		UpdatedAt: c.Now(),
	}
	if err := c.applyActivityFlags(a, f, &body); err != nil {
		return bot.Reply{}, err
	}
	if err := c.r.d.Store.CreateActivity(ctx, a); err != nil {
		return bot.Reply{}, err
	}
	ref := jca.ActivityRef(a.ID)
	var m bot.Message
	m.Section(c.T("activity.added", "id", ref, "group", a.Group, "title", a.Title))
	m.AddFields(c.activityFields(a, false)...)
	m.Context(c.T("activity.added.next", "id", ref))
	return c.reply(m), nil
}

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

func (c *Call) activityRef(s string) (int, error) {
	id, ok := jca.ParseRef("A", s)
	if !ok {
		return 0, jca.Errorf(jca.EInvalid, "err.bad_id", "value", s, "example", "A-12")
	}
	return id, nil
}

func activityShow(ctx context.Context, c *Call) (bot.Reply, error) {
	id, err := c.activityRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	a, err := c.r.d.Store.FindActivity(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Title = bot.Text{{Kind: bot.Bold, Text: jca.ActivityRef(a.ID)}, {Text: " " + a.Title}}
	if a.Removed {
		m.Section(c.T("activity.removed_note"))
	}
	m.AddFields(c.activityFields(a, true)...)
	if len(a.History) > 0 {
		m.Section(c.P("history.title", len(a.History)))
		for _, h := range lastChanges(a.History, 10) {
			m.Context(c.changeLine(h))
		}
	}
	return c.reply(m), nil
}

func lastChanges(h []jca.Change, n int) []jca.Change {
	if len(h) > n {
		return h[len(h)-n:]
	}
	return h
}

// changeLine is one history entry: when, who, field, old → new.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// errNoChange stops an update that would change nothing.
var errNoChange = jca.Errorf(jca.EInvalid, "err.no_change")

func activityUpdate(ctx context.Context, c *Call) (bot.Reply, error) {
	id, err := c.activityRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if len(c.flags) == 0 {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.nothing_to_update", "id", jca.ActivityRef(id))
	}
	ref := jca.ActivityRef(id)
	f, err := c.readActivityFlags(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	current, err := c.r.d.Store.FindActivity(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	body, err := c.resolveBody(ctx, current.Group) // an added organization stays valid
	if err != nil {
		body = jca.Body{Code: current.Group}
	}
	a, err := c.r.d.Store.UpdateActivity(ctx, id, func(a *jca.Activity) error {
		if a.Removed {
			return jca.Errorf(jca.EConflict, "err.activity_removed", "id", ref)
		}
		if a.CreatedBy != c.Me && !c.IsChair() {
			return jca.Errorf(jca.EForbidden, "err.only_author_or_chair", "id", ref)
		}
		old := a.Clone()
		if err := c.applyActivityFlags(a, f, &body); err != nil {
			return err
		}
		if !a.Diff(old, c.Me, c.Now()) {
			return errNoChange
		}
		return nil
	})
	if errors.Is(err, errNoChange) {
		return c.refuse(c.T("err.no_change", "id", ref)), nil
	}
	if err != nil {
		return bot.Reply{}, err
	}
	return c.changesReply(c.T("activity.updated", "id", ref, "title", a.Title), a.History), nil
}

// changesReply confirms an edit with the history entries this call made.
func (c *Call) changesReply(head bot.Text, history []jca.Change) bot.Reply {
	var m bot.Message
	m.Section(head)
	for _, h := range history {
		if h.At.Equal(c.Now()) && h.By == c.Me {
			m.Context(c.changeLine(h))
		}
	}
	return c.reply(m)
}

func activityRemove(ctx context.Context, c *Call) (bot.Reply, error) {
	id, err := c.activityRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	ref := jca.ActivityRef(id)
	a, err := c.r.d.Store.UpdateActivity(ctx, id, func(a *jca.Activity) error {
		if a.Removed {
			return jca.Errorf(jca.EConflict, "err.activity_removed", "id", ref)
		}
		if a.CreatedBy != c.Me && !c.IsChair() {
			return jca.Errorf(jca.EForbidden, "err.only_author_or_chair", "id", ref)
		}
		old := a.Clone()
		a.Removed = true
		a.Diff(old, c.Me, c.Now())
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("activity.removed", "id", ref, "title", a.Title))
	m.Context(c.T("activity.removed.next", "id", ref))
	return c.reply(m), nil
}

func activityList(ctx context.Context, c *Call) (bot.Reply, error) {
	v := c.r.d.Vocab
	var f jca.ActivityFilter
	if s, ok := c.Flag("group"); ok {
		b, err := c.resolveBody(ctx, s)
		if err != nil {
			return bot.Reply{}, err
		}
		f.Group = b.Code
	}
	if s, ok := c.Flag("status"); ok {
		st, ok := v.Status(s)
		if !ok {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.unknown_status", "value", s, "list", strings.Join(v.StatusNames(), ", ")).
				WithSuggestions(suggestions(s, v.StatusNames())...)
		}
		f.Status = st
	}
	if s, ok := c.Flag("aspect"); ok {
		as, err := c.aspects([]string{s})
		if err != nil {
			return bot.Reply{}, err
		}
		f.Aspect = as[0]
	}
	if s, ok := c.Flag("since"); ok {
		y, mo, d, ok := when.ParseDay(s)
		if !ok {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.bad_date", "value", s, "example", "2026-01-31")
		}
		f.Since = when.StartOfDay(y, mo, d, c.Loc)
	}
	off, err := c.pageOffset()
	if err != nil {
		return bot.Reply{}, err
	}
	f.Offset = off
	as, total, err := c.r.d.Store.ListActivities(ctx, f)
	if err != nil {
		return bot.Reply{}, err
	}
	return c.activityPage(as, total, off, "activity.list.title", "activity.list.none"), nil
}

// activityPage renders a page of activities with its total and the hint for
// the next page.
func (c *Call) activityPage(as []*jca.Activity, total, offset int, titleKey, noneKey string) bot.Reply {
	var m bot.Message
	if total == 0 {
		m.Section(c.T(noneKey))
		m.Context(c.T("activity.list.none.next"))
		return c.reply(m)
	}
	if len(as) == 0 {
		m.Section(c.T("err.page_past_end", "pages", max(1, (total+jca.PageSize-1)/jca.PageSize)))
		return c.reply(m)
	}
	m.Title = c.T(titleKey, "n", total)
	// One section of lines rather than a block per line: lighter on every
	// platform, and the adapters split a section that grows too long.
	var lines bot.TextBuilder
	size := 0
	for _, a := range as {
		size += len(a.Group) + len(a.Status) + len(a.Ref) + 24
	}
	lines.Grow(size, 4*len(as))
	for i, a := range as {
		if i > 0 {
			lines.WriteString("\n")
		}
		writeActivityLine(&lines, a)
	}
	m.Section(lines.Text())
	c.pageFooter(&m, offset, len(as), total)
	return c.reply(m)
}

func (c *Call) pageFooter(m *bot.Message, offset, shown, total int) {
	if offset+shown < total {
		m.Context(c.T("page.more", "from", offset+1, "to", offset+shown, "total", total, "next", offset/jca.PageSize+2))
	} else if offset > 0 || shown < total {
		m.Context(c.T("page.last", "from", offset+1, "to", offset+shown, "total", total))
	}
}

func activitySearch(ctx context.Context, c *Call) (bot.Reply, error) {
	q := strings.Join(c.Args, " ")
	if err := jca.CheckText("query", q, 1, 200); err != nil {
		return bot.Reply{}, err
	}
	off, err := c.pageOffset()
	if err != nil {
		return bot.Reply{}, err
	}
	as, total, err := c.r.d.Store.SearchActivities(ctx, q, off, jca.PageSize)
	if err != nil {
		return bot.Reply{}, err
	}
	if total == 0 {
		return c.reply(*new(bot.Message).Section(c.T("activity.search.none", "query", q))), nil
	}
	return c.activityPage(as, total, off, "activity.search.title", "activity.search.none"), nil
}

func activityMatrix(ctx context.Context, c *Call) (bot.Reply, error) {
	v := c.r.d.Vocab
	mx, err := c.r.d.Store.ActivityMatrix(ctx, v)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Title = c.P("matrix.title", mx.Total)
	if mx.Total == 0 {
		m.Section(c.T("matrix.empty"))
		m.Context(c.T("activity.list.none.next"))
		return c.reply(m), nil
	}
	m.Preformatted(matrixTable(mx))
	legend := make([]string, len(mx.Aspects))
	for i, a := range mx.Aspects {
		legend[i] = abbrev(a) + " " + c.aspectLabel(a)
	}
	m.Context(bot.T(strings.Join(legend, " · ")))
	if len(mx.EmptyAspects) > 0 {
		m.Section(c.T("matrix.gap_aspects", "list", c.aspectLabels(mx.EmptyAspects)))
	}
	if len(mx.SilentGroups) > 0 {
		m.Section(c.T("matrix.gap_groups", "list", strings.Join(mx.SilentGroups, ", ")))
	}
	if mx.OverlapTotal == 0 {
		m.Section(c.T("matrix.no_overlap"))
	} else {
		m.Section(c.T("matrix.overlaps", "n", mx.OverlapTotal))
		for _, o := range mx.Overlaps {
			m.Context(c.T("matrix.overlap_line", "a", jca.ActivityRef(o.A), "ga", o.GroupA, "b", jca.ActivityRef(o.B), "gb", o.GroupB, "pct", int(o.Similarity*100+0.5)))
		}
		if mx.OverlapTotal > len(mx.Overlaps) {
			m.Context(c.T("matrix.overlaps_more", "shown", len(mx.Overlaps), "total", mx.OverlapTotal))
		}
	}
	return c.reply(m), nil
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

// searchActivities: the register's own search (title, note, reference,
// Question).
func searchActivities(ctx context.Context, c *Call, q string) (*findKind, error) {
	acts := &findKind{titleKey: "find.activities", moreKey: "find.activities.more"}
	as, n, err := c.r.d.Store.SearchActivities(ctx, q, 0, findPerKind)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		acts.lines = append(acts.lines, c.activityLine(a))
	}
	acts.total = n
	return acts, nil
}

// activities: those added, changed or removed since the last digest, by
// group in vocabulary order.
func (v *digestView) activities(ctx context.Context) (digestSection, error) {
	as, err := v.r.d.Store.ActivitiesChangedSince(ctx, v.since)
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
