package commands

import (
	"context"
	"errors"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
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
	if err := c.r.activityStore().CreateActivity(ctx, a); err != nil {
		return bot.Reply{}, err
	}
	ref := jca.ActivityRef(a.ID)
	var m bot.Message
	m.Section(c.T("activity.added", "id", ref, "group", a.Group, "title", a.Title))
	m.AddFields(c.activityFields(a, false)...)
	m.Context(c.T("activity.added.next", "id", ref))
	return c.reply(m), nil
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
	a, err := c.r.activityStore().FindActivity(ctx, id)
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
	current, err := c.r.activityStore().FindActivity(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	body, err := c.resolveBody(ctx, current.Group) // an added organization stays valid
	if err != nil {
		body = jca.Body{Code: current.Group}
	}
	a, err := c.r.activityStore().UpdateActivity(ctx, id, func(a *jca.Activity) error {
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
	a, err := c.r.activityStore().UpdateActivity(ctx, id, func(a *jca.Activity) error {
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
	as, total, err := c.r.activityStore().ListActivities(ctx, f)
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
	as, total, err := c.r.activityStore().SearchActivities(ctx, q, off, jca.PageSize)
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
	mx, err := c.r.activityStore().ActivityMatrix(ctx, v)
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

// searchActivities: the register's own search (title, note, reference,
// Question).
func searchActivities(ctx context.Context, c *Call, q string) (*findKind, error) {
	acts := &findKind{titleKey: "find.activities", moreKey: "find.activities.more"}
	as, n, err := c.r.activityStore().SearchActivities(ctx, q, 0, findPerKind)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		acts.lines = append(acts.lines, c.activityLine(a))
	}
	acts.total = n
	return acts, nil
}

// activityStore is what the activity room uses of the store.
type activityStore interface {
	jca.ActivityService
}

func (r *Router) activityStore() activityStore { return r.d.Store }
