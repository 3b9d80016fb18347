package commands

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Liaison statements (mandate clause 2.2): what the JCA and the study groups
// send to other bodies and receive from them, what is waiting for an answer,
// and which statement answers which.

func liaisonArea() *Area {
	return &Area{
		Name:    "liaison",
		Aliases: []string{"liaisons", "ls"},
		Verbs: []*Verb{
			{
				Name: "add", Aliases: []string{"log", "new"},
				Usage: `"<title>"`, Rule: "rule.anyone", MinArgs: 1, MaxArgs: 1,
				Flags: []Flag{
					{Name: "direction", Value: "in|out"},
					{Name: "from", Value: "BODY"},
					{Name: "to", Value: "BODY", Multi: true},
					{Name: "purpose", Value: "action|comment|information"},
					{Name: "deadline", Value: "YYYY-MM-DD"},
					{Name: "link", Value: "URL", Multi: true},
					{Name: "reply-to", Value: "L-n"},
				},
				Examples: []string{
					`liaison add --direction out --from JCA --to IETF "Internet-related work items of ITU-T" --purpose action --deadline 2033-02-01`,
					`liaison add --direction in --from IETF --to JCA,SG13 "Reply on IPv6 work items" --purpose information --reply-to L-2 --link https://datatracker.ietf.org/liaison/`,
				},
				Run: liaisonAdd,
			},
			{
				Name: "list", Aliases: []string{"ls"},
				Rule: "rule.anyone", MaxArgs: 0,
				Flags: []Flag{
					{Name: "open"},
					{Name: "org", Value: "IETF"},
					{Name: "overdue"},
					{Name: "page", Value: "N"},
				},
				Examples: []string{"liaison list", "liaison list --open --org IETF", "liaison list --overdue"},
				Run:      liaisonList,
			},
			{
				Name: "show", Aliases: []string{"get", "view"},
				Usage: "<L-n>", Rule: "rule.anyone", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"liaison show L-4"},
				Run:      liaisonShow,
			},
			{
				Name: "edit", Aliases: []string{"update"},
				Usage: "<L-n>", Rule: "rule.author_or_chair", MinArgs: 1, MaxArgs: 1,
				Flags: []Flag{
					{Name: "title", Value: `"..."`},
					{Name: "to", Value: "BODY", Multi: true},
					{Name: "deadline", Value: "YYYY-MM-DD|none"},
					{Name: "purpose", Value: "action|comment|information"},
					{Name: "link", Value: "URL", Multi: true},
				},
				Examples: []string{"liaison edit L-4 --deadline 2033-03-01", "liaison edit L-4 --purpose comment --deadline none", `liaison edit L-4 --to IETF,IAB --title "IPv6 work items of ITU-T"`},
				Run:      liaisonEdit,
			},
			{
				Name: "status", Aliases: []string{"set"},
				Usage: "<L-n> <open|answered|closed>", Rule: "rule.chair", MinArgs: 2, MaxArgs: 2,
				Examples: []string{"liaison status L-4 closed"},
				Run:      liaisonStatus,
			},
		},
	}
}

// pickClosedWord reads one word of a small closed list: exact, or a unique prefix
// of at least three letters ("info"). Unknown words get did-you-mean.
// liaisonStatusWords are the statuses as people type them.
func liaisonStatusWords() []string {
	out := make([]string, len(jca.LiaisonStatuses))
	for i, s := range jca.LiaisonStatuses {
		out[i] = string(s)
	}
	return out
}

func pickClosedWord(s string, words []string, key string) (string, error) {
	w := strings.ToLower(strings.TrimSpace(s))
	var found string
	n := 0
	for _, x := range words {
		if x == w {
			return x, nil
		}
		if len(w) >= 3 && strings.HasPrefix(x, w) {
			found, n = x, n+1
		}
	}
	if n == 1 {
		return found, nil
	}
	return "", jca.Errorf(jca.EInvalid, key, "value", s, "list", strings.Join(words, ", ")).
		WithSuggestions(suggestions(s, words)...)
}

func (c *Call) liaisonRef(s string) (int, error) {
	id, ok := jca.ParseRef("L", s)
	if !ok {
		return 0, jca.Errorf(jca.EInvalid, "err.bad_id", "value", s, "example", "L-4")
	}
	return id, nil
}

// liaisonRequiredFlag returns a flag that must be given.
func (c *Call) liaisonRequiredFlag(name, example string) (string, error) {
	s, ok := c.Flag(name)
	if !ok {
		return "", jca.Errorf(jca.EInvalid, "err.liaison_flag_required", "flag", "--"+name, "example", example)
	}
	return s, nil
}

// liaisonBodies resolves the receivers: each a study group, an organization
// or the JCA, without repeats.
func (c *Call) liaisonBodies(ctx context.Context, words []string) ([]string, error) {
	var out []string
	for _, w := range words {
		b, err := c.resolveBody(ctx, w)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, b.Code) {
			out = append(out, b.Code)
		}
	}
	return out, nil
}

// liaisonLinks checks the links of --link: http(s), at most jca.MaxLinks.
func (c *Call) liaisonLinks() ([]string, error) {
	var out []string
	for _, s := range c.Flags("link") {
		l, err := jca.NormalizeLink(s)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	if len(out) > jca.MaxLinks {
		return nil, jca.Errorf(jca.EInvalid, "err.too_many_links", "max", jca.MaxLinks)
	}
	return out, nil
}

// checkLiaison enforces the rules that hold across fields: the sender is
// not a receiver, and a liaison for action has a deadline.
func checkLiaison(l *jca.Liaison) error {
	if slices.Contains(l.To, l.From) {
		return jca.Errorf(jca.EInvalid, "err.liaison_same_body", "body", l.From)
	}
	if l.Purpose == "action" && l.Deadline.IsZero() {
		return jca.Errorf(jca.EInvalid, "err.liaison_action_deadline", "example", "--deadline 2033-02-01")
	}
	return nil
}

func liaisonAdd(ctx context.Context, c *Call) (bot.Reply, error) {
	dir, err := c.liaisonRequiredFlag("direction", "--direction out")
	if err != nil {
		return bot.Reply{}, err
	}
	if dir, err = pickClosedWord(dir, jca.LiaisonDirections, "err.unknown_direction"); err != nil {
		return bot.Reply{}, err
	}
	fromWord, err := c.liaisonRequiredFlag("from", "--from JCA")
	if err != nil {
		return bot.Reply{}, err
	}
	from, err := c.resolveBody(ctx, fromWord)
	if err != nil {
		return bot.Reply{}, err
	}
	if !c.Has("to") {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.liaison_flag_required", "flag", "--to", "example", "--to IETF,SG13")
	}
	to, err := c.liaisonBodies(ctx, c.Flags("to"))
	if err != nil {
		return bot.Reply{}, err
	}
	title := strings.TrimSpace(c.Args[0])
	if err := jca.CheckText("title", title, 1, jca.MaxTitle); err != nil {
		return bot.Reply{}, err
	}
	purpose, err := c.liaisonRequiredFlag("purpose", "--purpose information")
	if err != nil {
		return bot.Reply{}, err
	}
	if purpose, err = pickClosedWord(purpose, jca.LiaisonPurposes, "err.unknown_purpose"); err != nil {
		return bot.Reply{}, err
	}
	l := &jca.Liaison{
		Direction: dir,
		From:      from.Code,
		To:        to,
		Title:     title,
		Purpose:   purpose,
		Status:    jca.LiaisonOpen,
		Channel:   string(c.Req.Channel),
		CreatedBy: c.Me,
		CreatedAt: c.Now(),
		UpdatedAt: c.Now(),
	}
	if s, ok := c.Flag("deadline"); ok {
		if l.Deadline, err = c.deadline(s); err != nil {
			return bot.Reply{}, err
		}
	}
	if l.Links, err = c.liaisonLinks(); err != nil {
		return bot.Reply{}, err
	}
	if s, ok := c.Flag("reply-to"); ok {
		if l.ReplyTo, err = c.liaisonRef(s); err != nil {
			return bot.Reply{}, err
		}
		// Checked here for a clear refusal; the store checks again under
		// its lock.
		if _, err := c.r.liaisonStore().FindLiaison(ctx, l.ReplyTo); jca.ErrorCode(err) == jca.ENotFound {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.liaison_reply_unknown", "id", jca.LiaisonRef(l.ReplyTo))
		} else if err != nil {
			return bot.Reply{}, err
		}
	}
	if err := checkLiaison(l); err != nil {
		return bot.Reply{}, err
	}
	// The store marks the liaison answered in the same transaction, or
	// refuses (ENOTFOUND) and writes nothing.
	if err := c.r.liaisonStore().CreateLiaison(ctx, l); err != nil {
		return bot.Reply{}, err
	}
	ref := jca.LiaisonRef(l.ID)
	var m bot.Message
	m.Section(c.T("liaison.added", "id", ref, "dir", jca.MsgKey("liaison.dir."+l.Direction),
		"from", l.From, "to", strings.Join(l.To, ", "), "title", l.Title))
	m.AddFields(c.liaisonFields(l, false)...)
	if l.ReplyTo != 0 {
		m.Section(c.replyOutcome(ctx, l))
	}
	switch {
	case l.ReplyTo != 0 || l.Purpose == "information":
		m.Context(c.T("liaison.added.next", "id", ref))
	case l.Direction == "out":
		m.Context(c.T("liaison.added.next_answer", "id", ref, "from", quoteBody(l.To[0]), "to", quoteBody(l.From)))
	default:
		m.Context(c.T("liaison.added.next_reply", "id", ref, "from", quoteBody(l.To[0]), "to", quoteBody(l.From)))
	}
	return c.reply(m), nil
}

// quoteBody quotes a word for a command line when it holds a space.
func quoteBody(s string) string {
	if strings.ContainsAny(s, " \t") {
		return `"` + s + `"`
	}
	return s
}

// replyOutcome says what became of the liaison a new one answers: marked
// answered by this one, or left as it was (already answered or closed).
func (c *Call) replyOutcome(ctx context.Context, l *jca.Liaison) bot.Text {
	ref, parentRef := jca.LiaisonRef(l.ID), jca.LiaisonRef(l.ReplyTo)
	p, err := c.r.liaisonStore().FindLiaison(ctx, l.ReplyTo)
	if err != nil {
		c.r.d.Log.Error("read answered liaison", "err", err)
		return c.T("liaison.reply_linked", "id", ref, "parent", parentRef)
	}
	if n := len(p.History); n > 0 && p.History[n-1].New == "answered ("+ref+")" {
		return c.T("liaison.reply_marked", "parent", parentRef, "title", p.Title)
	}
	return c.T("liaison.reply_unchanged", "parent", parentRef, "title", p.Title, "status", p.Status)
}

// allLiaisons reads every liaison matching f, newest first (the store
// reads only those).
func (c *Call) allLiaisons(ctx context.Context, f jca.LiaisonFilter) ([]*jca.Liaison, error) {
	f.Offset, f.Limit = 0, math.MaxInt32
	ls, _, err := c.r.liaisonStore().ListLiaisons(ctx, f)
	return ls, err
}

func liaisonList(ctx context.Context, c *Call) (bot.Reply, error) {
	f := jca.LiaisonFilter{Open: c.Has("open")}
	if s, ok := c.Flag("org"); ok {
		b, err := c.resolveBody(ctx, s)
		if err != nil {
			return bot.Reply{}, err
		}
		f.Body = b.Code
	}
	if c.Has("overdue") {
		f.Overdue = c.Now()
	}
	off, err := c.pageOffset()
	if err != nil {
		return bot.Reply{}, err
	}
	f.Offset, f.Limit = off, jca.PageSize
	ls, total, err := c.r.liaisonStore().ListLiaisons(ctx, f)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	if total == 0 {
		if f.Open || f.Body != "" || !f.Overdue.IsZero() {
			m.Section(c.T("liaison.list.none_match"))
		} else {
			m.Section(c.T("liaison.list.none"))
		}
		m.Context(c.T("liaison.list.none.next", "jca", c.r.d.Vocab.JCA))
		return c.reply(m), nil
	}
	if len(ls) == 0 {
		m.Section(c.T("err.page_past_end", "pages", max(1, (total+jca.PageSize-1)/jca.PageSize)))
		return c.reply(m), nil
	}
	switch {
	case !f.Overdue.IsZero():
		m.Title = c.T("liaison.list.title_overdue", "n", total)
	case f.Open:
		m.Title = c.T("liaison.list.title_open", "n", total)
	default:
		m.Title = c.T("liaison.list.title", "n", total)
	}
	for _, l := range ls {
		m.Section(c.liaisonLine(l))
	}
	c.pageFooter(&m, off, len(ls), total)
	m.Context(c.T("liaison.list.next"))
	return c.reply(m), nil
}

// maxReplyChain bounds how far up "liaison show" follows the replies.
const maxReplyChain = 10

func liaisonShow(ctx context.Context, c *Call) (bot.Reply, error) {
	id, err := c.liaisonRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	l, err := c.r.liaisonStore().FindLiaison(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Title = bot.Text{{Kind: bot.Bold, Text: jca.LiaisonRef(l.ID)}, {Text: " " + l.Title}}
	if l.Overdue(c.Now()) {
		m.Section(c.T("liaison.show.overdue", "rel", when.Relative(l.Deadline, c.Now(), string(c.Lang))))
	}
	m.AddFields(c.liaisonFields(l, true)...)

	// What it answers, up the chain.
	seen := map[int]bool{l.ID: true}
	for parent, n := l.ReplyTo, 0; parent != 0 && !seen[parent] && n < maxReplyChain; n++ {
		seen[parent] = true
		p, err := c.r.liaisonStore().FindLiaison(ctx, parent)
		if jca.ErrorCode(err) == jca.ENotFound {
			m.Context(c.T("liaison.show.answers_missing", "parent", jca.LiaisonRef(parent)))
			break
		}
		if err != nil {
			return bot.Reply{}, err
		}
		m.Context(c.T("liaison.show.answers", "parent", jca.LiaisonRef(p.ID), "title", p.Title, "from", p.From, "status", p.Status))
		parent = p.ReplyTo
	}
	// What answers it.
	answers, err := c.allLiaisons(ctx, jca.LiaisonFilter{ReplyTo: l.ID})
	if err != nil {
		return bot.Reply{}, err
	}
	slices.Reverse(answers) // oldest first: the order of the conversation
	if len(answers) > 0 {
		m.Section(c.T("liaison.show.answered_by", "n", len(answers)))
		for _, a := range answers {
			m.Context(c.T("liaison.show.answer", "id", jca.LiaisonRef(a.ID), "title", a.Title, "from", a.From, "when", c.dateTime(a.CreatedAt)))
		}
	} else if l.IsOpen() && l.Purpose != "information" {
		m.Context(c.T("liaison.show.no_answer", "id", jca.LiaisonRef(l.ID)))
	}
	if len(l.History) > 0 {
		m.Section(c.P("history.title", len(l.History)))
		for _, h := range lastChanges(l.History, 10) {
			m.Context(c.changeLine(h))
		}
	}
	return c.reply(m), nil
}

func liaisonEdit(ctx context.Context, c *Call) (bot.Reply, error) {
	id, err := c.liaisonRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	ref := jca.LiaisonRef(id)
	if len(c.flags) == 0 {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.liaison_nothing_to_edit", "id", ref)
	}
	cur, err := c.r.liaisonStore().FindLiaison(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := c.requireAuthorOrChair(cur.CreatedBy, ref, "action.edit_liaison"); err != nil {
		return bot.Reply{}, err
	}
	// Read every flag before taking the lock.
	title, hasTitle := c.Flag("title")
	title = strings.TrimSpace(title)
	if hasTitle {
		if err := jca.CheckText("title", title, 1, jca.MaxTitle); err != nil {
			return bot.Reply{}, err
		}
	}
	var to []string
	if c.Has("to") {
		if to, err = c.liaisonBodies(ctx, c.Flags("to")); err != nil {
			return bot.Reply{}, err
		}
	}
	var deadline *time.Time
	if s, ok := c.Flag("deadline"); ok {
		var t time.Time // "none" clears it
		if !clearsField(s) {
			if t, err = c.deadline(s); err != nil {
				return bot.Reply{}, err
			}
		}
		deadline = &t
	}
	var purpose string
	if s, ok := c.Flag("purpose"); ok {
		if purpose, err = pickClosedWord(s, jca.LiaisonPurposes, "err.unknown_purpose"); err != nil {
			return bot.Reply{}, err
		}
	}
	var links []string
	if c.Has("link") {
		if links, err = c.liaisonLinks(); err != nil {
			return bot.Reply{}, err
		}
	}
	l, err := c.r.liaisonStore().UpdateLiaison(ctx, id, func(l *jca.Liaison) error {
		if err := c.requireAuthorOrChair(l.CreatedBy, ref, "action.edit_liaison"); err != nil {
			return err
		}
		old := l.Clone()
		if hasTitle {
			l.Title = title
		}
		if to != nil {
			l.To = slices.Clone(to)
		}
		if deadline != nil {
			l.Deadline = *deadline
		}
		if purpose != "" {
			l.Purpose = purpose
		}
		if links != nil {
			l.Links = slices.Clone(links)
		}
		if err := checkLiaison(l); err != nil {
			return err
		}
		if !l.Diff(old, c.Me, c.Now()) {
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
	return c.changesReply(c.T("liaison.edited", "id", ref, "title", l.Title), l.History), nil
}

func liaisonStatus(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.change_liaison_status"); err != nil {
		return bot.Reply{}, err
	}
	id, err := c.liaisonRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	word, err := pickClosedWord(c.Args[1], liaisonStatusWords(), "err.unknown_liaison_status")
	if err != nil {
		return bot.Reply{}, err
	}
	ref := jca.LiaisonRef(id)
	status := jca.LiaisonStatus(word)
	var old jca.LiaisonStatus
	l, err := c.r.liaisonStore().UpdateLiaison(ctx, id, func(l *jca.Liaison) error {
		old = l.Status
		if !l.SetStatus(status, c.Me, c.Now()) {
			return jca.Errorf(jca.EConflict, "err.liaison_same_status", "id", ref, "status", status)
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("liaison.status_set", "id", ref, "title", l.Title, "status", status, "old", old))
	m.Context(c.T("liaison.show.next", "id", ref))
	return c.reply(m), nil
}

// searchLiaisons: liaisons whose title holds q.
func searchLiaisons(ctx context.Context, c *Call, q string) (*findKind, error) {
	ls, total, err := c.r.liaisonStore().ListLiaisons(ctx, jca.LiaisonFilter{Text: q, Limit: findPerKind})
	if err != nil {
		return nil, err
	}
	liaisons := &findKind{titleKey: "find.liaisons", moreKey: "find.liaisons.more", total: total}
	for _, l := range ls {
		liaisons.lines = append(liaisons.lines, c.liaisonLine(l))
	}
	return liaisons, nil
}

// liaisonStore is what the liaison room uses of the store.
type liaisonStore interface {
	jca.LiaisonService
}

func (r *Router) liaisonStore() liaisonStore { return r.d.Store }
