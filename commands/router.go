package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Deps is what the commands need from the rest of the bot.
type Deps struct {
	Store jca.Store
	// Outbox is where `jobs` reads what was posted and what failed: given
	// explicitly, never found by asserting Store's type. Without it, `jobs`
	// apologises (the bot is misconfigured).
	Outbox  OutboxStore
	Vocab   *jca.Vocabulary
	Catalog *i18n.Catalog
	// Chairs are the chair identities of the configuration (JCABOT_CHAIRS).
	// The console's own operator, console:local, is always a chair.
	Chairs      []bot.Identity
	DefaultLang i18n.Lang
	DefaultTZ   *time.Location
	Log         *slog.Logger
	// Observe, when set, is told of every request handled (for metrics).
	// It must be quick: it runs before the reply goes out.
	Observe func(Handled)
}

// Handled describes one request the router answered, in words from a
// bounded set: the declared areas and verbs, never what a person typed.
type Handled struct {
	Platform bot.Platform
	// Area and Verb are the command's ("poll", "vote"); "unknown" when the
	// words named none, Verb "" for an area without verbs or its help.
	Area, Verb string
	Outcome    Outcome
	Took       time.Duration
}

// Outcome is how a request ended.
type Outcome string

const (
	Done    Outcome = "done"    // carried out, or help shown
	Refused Outcome = "refused" // bad input, no permission, unknown id: nothing changed
	Failed  Outcome = "failed"  // the bot's own fault (the store, a panic): nothing changed
)

// RunAction is the action name of a button that runs a command line (its
// value) as the person who clicked: a vote button carries
// "poll vote P-4 1=yes". Adapters only deliver clicks they have verified.
const RunAction = "run"

// RunButton makes a button that runs line when clicked.
func RunButton(label, line string) bot.Button {
	return bot.Button{Label: label, Action: bot.Action{Name: RunAction, Value: line}}
}

// LocalOperator is the console's default person: whoever runs jcabot on
// their own machine. It is a chair.
const LocalOperator bot.Identity = "console:local"

// Router turns requests into calls of the declared verbs. It implements
// bot.Handler.
type Router struct {
	d   Deps
	reg *Registry
	// memo keeps the last plan Recheck computed, for its instant.
	memo struct {
		sync.Mutex
		at   time.Time
		jobs []job
	}
}

var _ bot.Handler = (*Router)(nil)

// NewRouter declares every area and checks the declarations.
func NewRouter(d Deps) (*Router, error) {
	if d.Store == nil || d.Vocab == nil || d.Catalog == nil {
		return nil, errors.New("commands: store, vocabulary and catalog are required")
	}
	if d.DefaultLang == "" {
		d.DefaultLang = i18n.EN
	}
	if d.DefaultTZ == nil {
		d.DefaultTZ = time.UTC
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	r := &Router{d: d}
	reg, err := NewRegistry(d.Catalog, Areas()...)
	if err != nil {
		return nil, err
	}
	r.reg = reg
	return r, nil
}

// Areas declares the whole language, in the order help lists it.
func Areas() []*Area {
	return []*Area{
		helpArea(),
		activityArea(),
		topicArea(), jointArea(),
		memberArea(),
		chairArea(),
		tzArea(),
		channelArea(),
		meetingArea(),
		orgArea(), liaisonArea(), findArea(),
		reportArea(),
		pollArea(),
		fairnessArea(),
		langArea(),
		digestArea(),
		jobsArea(),
		linkArea(),
	}
}

// Catalog is the message catalog the commands speak from (adapters use it
// for their own few words).
func (r *Router) Catalog() *i18n.Catalog { return r.d.Catalog }

// Registry exposes the declarations (help, the README reference).
func (r *Router) Registry() *Registry { return r.reg }

// Call is one invocation of a verb: the request, the person's language and
// zone, and the parsed arguments.
type Call struct {
	Req  bot.Request
	Me   jca.PersonID
	Lang i18n.Lang
	Loc  *time.Location
	Verb *Verb
	Args []string

	flags  map[string][]string
	r      *Router
	person *jca.Person // the stored record of the person (nil if unreadable)
	area   *Area       // the area the words named, for Handled
	failed bool        // the reply is an apology for the bot's own fault
}

// Deps returns the router's dependencies.
func (c *Call) Deps() *Deps { return &c.r.d }

// T renders a catalog message in the person's language.
func (c *Call) T(key string, kv ...any) bot.Text { return c.r.d.Catalog.Text(c.Lang, key, kv...) }

// field is a label/value pair whose label is the catalog message key, with
// the language's punctuation.
func (c *Call) field(key string, value bot.Text) bot.Field {
	return c.fieldLabel(c.S(key), value)
}

// fieldLabel is field with the label's text given as it is ("UTC", a flag).
func (c *Call) fieldLabel(text string, value bot.Text) bot.Field {
	return bot.Field{Label: c.r.d.Catalog.Label(c.Lang, text), Value: value}
}

// P renders the singular (key.one) or plural (key.other) form for n.
func (c *Call) P(key string, n int, kv ...any) bot.Text {
	return c.r.d.Catalog.Plural(c.Lang, key, n, kv...)
}

// S renders a catalog message as plain text.
func (c *Call) S(key string, kv ...any) string { return c.r.d.Catalog.String(c.Lang, key, kv...) }

// Flag returns a single-valued flag.
func (c *Call) Flag(name string) (string, bool) {
	v, ok := c.flags[name]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// Flags returns every value of a multi-valued flag.
func (c *Call) Flags(name string) []string { return c.flags[name] }

// Has reports whether a flag (or switch) was given.
func (c *Call) Has(name string) bool { _, ok := c.flags[name]; return ok }

// Now is the request's time.
func (c *Call) Now() time.Time { return c.Req.Time }

// Handle answers one request. It never panics and never returns a Go error
// to the person.
func (r *Router) Handle(ctx context.Context, req bot.Request) (rep bot.Reply) {
	c := &Call{Req: req, Me: jca.PersonID(req.Person.ID), r: r, Lang: r.d.DefaultLang, Loc: r.d.DefaultTZ}
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			r.d.Log.Error("command panicked", "verb", c.verbName(), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			rep = c.internalError()
			c.failed = true
		}
		if r.d.Observe != nil {
			r.d.Observe(c.handled(rep, time.Since(start)))
		}
	}()
	if req.Time.IsZero() {
		c.Req.Time = time.Now()
	}
	r.resolvePerson(ctx, c)
	text := req.Text
	if req.Action != nil {
		if req.Action.Name != RunAction {
			return c.refuse(c.T("err.unknown_action"))
		}
		text = req.Action.Value
	}
	toks, err := Tokenize(StripTrigger(text))
	if err != nil {
		return c.refuse(c.T("err.unclosed_quote"), c.T("hint.quotes"))
	}
	if len(toks) == 0 {
		return r.helpReply(c, nil)
	}
	area := lookupArea(r.reg.byName, toks[0].Text)
	if area != nil && !toks[0].Quoted {
		c.area = area
	}
	if area == nil || toks[0].Quoted {
		var names []string
		for _, a := range r.reg.areas {
			names = append(names, a.Name)
		}
		return c.refuseWithSuggestions(c.T("err.unknown_area", typedArgs([]any{"word", toks[0].Text})...), didYouMean(toks[0].Text, names, ""), c.T("hint.help"))
	}
	rest := toks[1:]
	v := area.Run
	if v == nil {
		if len(rest) == 0 || strings.EqualFold(rest[0].Text, "help") || isHelpFlag(rest[0]) {
			return r.helpReply(c, area)
		}
		v = area.verb(rest[0].Text)
		if v == nil || rest[0].Quoted {
			return c.refuseWithSuggestions(
				c.T("err.unknown_verb", typedArgs([]any{"word", rest[0].Text, "area", area.Name})...),
				didYouMean(rest[0].Text, area.verbNames(), area.Name+" "),
				c.T("hint.area_help", "area", area.Name))
		}
		rest = rest[1:]
	}
	c.Verb = v
	p, perr := parseArgs(v, rest)
	if perr != nil {
		return c.usageError(c.T(perr.key, typedArgs(perr.kv)...), perr.suggest)
	}
	if p.help {
		return r.verbHelpReply(c, v)
	}
	c.Args, c.flags = p.args, p.flags
	rep, err = v.Run(ctx, c)
	if err != nil {
		return c.errorReply(ctx, err)
	}
	return rep
}

func isHelpFlag(t Token) bool {
	n, _, _, ok := flagName(t)
	return ok && n == "help"
}

// StripTrigger removes a leading "/jca" from a typed line.
func StripTrigger(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 4 && strings.EqualFold(s[:4], "/jca") && (len(s) == 4 || s[4] == ' ' || s[4] == '\t') {
		return strings.TrimSpace(s[4:])
	}
	return s
}

func (r *Router) resolvePerson(ctx context.Context, c *Call) {
	if tz := c.Req.Person.TZ; tz != "" {
		if loc, err := when.Location(tz); err == nil {
			c.Loc = loc
		}
	}
	p, err := r.routerStore().FindPerson(ctx, c.Me)
	if err != nil {
		r.d.Log.Error("read person preferences", "err", err)
		return
	}
	c.person = p
	r.notePerson(ctx, c)
	p = r.followLink(ctx, c) // a linked identity acts as its canonical person (link.go)
	if l, ok := i18n.ParseLang(p.Lang); ok {
		c.Lang = l
	}
	if p.TZ != "" {
		if loc, err := when.Location(p.TZ); err == nil {
			c.Loc = loc
		}
	}
}

// notePerson remembers the display name and profile zone the platform
// sent, when they changed, so the person's zone is known when they are not
// the one asking (a poll's out-of-hours count, a pending list).
func (r *Router) notePerson(ctx context.Context, c *Call) {
	in := c.Req.Person
	p := c.person
	if (in.Name == "" || in.Name == p.Name) && (in.TZ == "" || in.TZ == p.ProfileTZ) {
		return
	}
	if in.TZ != "" {
		if _, err := when.Location(in.TZ); err != nil {
			in.TZ = ""
		}
	}
	up, err := r.routerStore().UpdatePerson(ctx, c.Me, func(p *jca.Person) error {
		if in.Name != "" {
			p.Name = in.Name
		}
		if in.TZ != "" {
			p.ProfileTZ = in.TZ
		}
		return nil
	})
	if err != nil {
		r.d.Log.Error("note person", "err", err)
		return
	}
	c.person = up
}

func (c *Call) verbName() string {
	if c.Verb == nil {
		return ""
	}
	return c.Verb.FullName()
}

// Reply to the person alone.
func (c *Call) reply(m bot.Message) bot.Reply {
	return bot.Reply{Audience: bot.ToPerson, Message: m}
}

func (c *Call) refuse(lines ...bot.Text) bot.Reply {
	var m bot.Message
	for i, l := range lines {
		if i == 0 {
			m.Section(l)
		} else {
			m.Context(l)
		}
	}
	return bot.Reply{Audience: bot.ToPerson, Message: m, Refused: true}
}

func (c *Call) refuseWithSuggestions(first bot.Text, suggestions []string, hint bot.Text) bot.Reply {
	lines := []bot.Text{first}
	if len(suggestions) > 0 {
		lines = append(lines, c.T("hint.did_you_mean", "words", codeList(suggestions)))
	}
	if hint != nil {
		lines = append(lines, hint)
	}
	return c.refuse(lines...)
}

// usageError refuses with the verb's usage line and first example.
func (c *Call) usageError(first bot.Text, suggestions []string) bot.Reply {
	rep := c.refuseWithSuggestions(first, suggestions, c.T("hint.usage", "usage", c.Verb.UsageLine()))
	rep.Message.Context(c.T("hint.example", "example", "/jca "+c.Verb.Examples[0]))
	return rep
}

// errorReply turns an error from a handler into a reply: a coded refusal in
// the person's words, or, for anything else, an apology that says nothing
// changed (the error is logged without message contents).
func (c *Call) errorReply(ctx context.Context, err error) bot.Reply {
	e, ok := jca.AsError(err)
	if !ok || e.Code == jca.EInternal {
		c.r.d.Log.Error("command failed", "verb", c.verbName(), "err", err)
		return c.internalError()
	}
	args := typedArgs(e.Args)
	switch e.Code {
	case jca.EInvalid:
		if c.Verb == nil {
			return c.refuseWithSuggestions(c.T(e.Key, args...), e.Suggest, c.T("hint.help"))
		}
		return c.usageError(c.T(e.Key, args...), e.Suggest)
	case jca.EForbidden:
		rep := c.refuse(c.T(e.Key, args...))
		if chairs := c.r.chairList(ctx); len(chairs) > 0 {
			rep.Message.Context(c.T("hint.chairs", "chairs", chairs))
		}
		return rep
	}
	return c.refuseWithSuggestions(c.T(e.Key, args...), e.Suggest, nil)
}

// typedArgs are a refusal's name/value arguments with every empty string
// shown as "": a refusal quotes what the person typed ("Unknown status
// `{value}`."), and an empty value must still read as one, not leave the
// sentence without its subject.
func typedArgs(kv []any) []any {
	var out []any // a copy, made at the first empty value
	for i := 1; i < len(kv); i += 2 {
		if s, ok := kv[i].(string); ok && s == "" {
			if out == nil {
				out = slices.Clone(kv)
			}
			out[i] = `""`
		}
	}
	if out == nil {
		return kv
	}
	return out
}

func (c *Call) internalError() bot.Reply {
	c.failed = true
	return c.refuse(c.T("err.internal"))
}

// handled describes the call once answered with rep.
func (c *Call) handled(rep bot.Reply, took time.Duration) Handled {
	h := Handled{Platform: c.Req.Platform, Area: "unknown", Outcome: Done, Took: took}
	switch {
	case c.Verb != nil:
		h.Area, h.Verb = c.Verb.area.Name, c.Verb.Name
	case c.area != nil:
		h.Area = c.area.Name
	}
	if c.area != nil && c.Verb == nil && rep.Refused {
		h.Verb = "unknown"
	}
	switch {
	case c.failed:
		h.Outcome = Failed
	case rep.Refused:
		h.Outcome = Refused
	}
	return h
}

// codeList formats words as `a`, `b` or `c`.
func codeList(words []string) bot.Text {
	var t bot.Text
	for i, w := range words {
		if i > 0 {
			t = append(t, bot.Span{Text: ", "})
		}
		t = append(t, bot.Span{Kind: bot.Code, Text: w})
	}
	return t
}

// pageFlag reads --page (1-based) into an offset.
func (c *Call) pageOffset() (int, error) {
	s, ok := c.Flag("page")
	if !ok {
		return 0, nil
	}
	n, ok := parsePositive(s)
	if !ok {
		return 0, jca.Errorf(jca.EInvalid, "err.bad_page", "value", s)
	}
	return (n - 1) * jca.PageSize, nil
}

func parsePositive(s string) (int, bool) {
	n := 0
	if s == "" || len(s) > 7 {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, n > 0
}

// routerStore is what the router itself uses of the store.
type routerStore interface {
	jca.PersonService
}

func (r *Router) routerStore() routerStore { return r.d.Store }
