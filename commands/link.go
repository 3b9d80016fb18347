package commands

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"slices"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// Linking identities: a person present on two platforms (a Slack workspace
// and a Mattermost team, say) joins their two identities, after which they
// vote, take positions and hold memberships once. "link" gives a code,
// valid 10 minutes, shown to that person alone; "link CODE" typed as the
// other identity joins the two.
//
// The identity that issued the code is the canonical one: its record lists
// the identities joined to it (Person.Links) and takes over their
// memberships, chair appointment and preferences; each joined record points
// to it (Person.LinkedTo), and the router acts as the canonical identity
// whenever a joined one asks (followLink). Pending codes are kept on the
// issuing person's record (Person.LinkCode, LinkExpires): no other store.

const (
	linkCodeTTL = 10 * time.Minute
	linkCodeLen = 8
	// linkAlphabet has 32 symbols, without the look-alikes 0/O and 1/I:
	// 8 of them are 40 bits, far beyond guessing within 10 minutes.
	linkAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
)

func linkArea() *Area {
	return &Area{
		Name: "link",
		Run: &Verb{
			Usage: "[<code> | remove]", Rule: "rule.self", MaxArgs: 1,
			Examples: []string{"link K7QF2M3X", "link", "link remove"},
			Run:      linkRun,
		},
	}
}

// followLink makes a joined identity act as its canonical person: c.Me and
// c.person become the canonical ones. It returns the person in effect.
func (r *Router) followLink(ctx context.Context, c *Call) *jca.Person {
	p := c.person
	if p == nil || p.LinkedTo == "" || p.LinkedTo == p.ID {
		return p
	}
	q, err := r.linkStore().FindPerson(ctx, p.LinkedTo)
	if err != nil {
		r.d.Log.Error("read linked person", "err", err)
		return p
	}
	c.Me, c.person = q.ID, q
	return q
}

func linkRun(ctx context.Context, c *Call) (bot.Reply, error) {
	if len(c.Args) == 0 {
		return linkIssue(ctx, c)
	}
	if strings.EqualFold(c.Args[0], "help") {
		return c.r.verbHelpReply(c, c.Verb), nil
	}
	if slices.Contains(unlinkWords, strings.ToLower(c.Args[0])) {
		return linkRemove(ctx, c)
	}
	return linkJoin(ctx, c, c.Args[0])
}

// unlinkWords undo a link ("link remove").
var unlinkWords = []string{"remove", "off", "undo", "retirer", "supprimer", "annuler"}

// linkRemove undoes links: typed on a joined account, it detaches that
// account; on the account that gave the code, every account joined to it.
// What was voted, held and said while linked stays with the person.
func linkRemove(ctx context.Context, c *Call) (bot.Reply, error) {
	me := jca.PersonID(c.Req.Person.ID)
	now := c.Now()
	detach := func(canon, joined jca.PersonID) (*jca.Person, error) {
		canonOut, _, err := c.r.linkStore().UnlinkPeople(ctx, canon, joined, func(p, j *jca.Person) error {
			if !p.Unlink(j, me, now) {
				return jca.Errorf(jca.EConflict, "err.link.none")
			}
			return nil
		})
		return canonOut, err
	}
	var m bot.Message
	switch {
	case c.Me != me: // a joined account
		canon, err := detach(c.Me, me)
		if err != nil {
			return bot.Reply{}, err
		}
		m.Section(c.T("link.removed", "who", c.personName(canon)))
	case c.person != nil && len(c.person.Links) > 0:
		var names []string
		for _, id := range slices.Clone(c.person.Links) {
			joined, err := c.r.linkStore().FindPerson(ctx, id)
			if err != nil {
				return bot.Reply{}, err
			}
			if _, err := detach(me, id); err != nil {
				return bot.Reply{}, err
			}
			names = append(names, c.personName(joined))
		}
		m.Section(c.T("link.removed_all", "who", strings.Join(names, ", ")))
	default:
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.link.none")
	}
	m.Context(c.T("link.removed.next"))
	return c.reply(m), nil
}

// newLinkCode draws a random code.
func newLinkCode() (string, error) {
	var b [linkCodeLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	out := make([]byte, linkCodeLen)
	for i, x := range b {
		out[i] = linkAlphabet[x%32] // 256 is a multiple of 32: no bias
	}
	return string(out), nil
}

// normalLinkCode reads a typed code: case and dashes or spaces do not
// matter. ok is false when it cannot be a code.
func normalLinkCode(s string) (string, bool) {
	s = strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(s))
	if len(s) != linkCodeLen {
		return s, false
	}
	for _, r := range s {
		if !strings.ContainsRune(linkAlphabet, r) {
			return s, false
		}
	}
	return s, true
}

// linkIssue gives the person a new code, replacing any earlier one.
func linkIssue(ctx context.Context, c *Call) (bot.Reply, error) {
	code, err := newLinkCode()
	if err != nil {
		return bot.Reply{}, err
	}
	expires := c.Now().Add(linkCodeTTL)
	p, err := c.r.linkStore().UpdatePerson(ctx, c.Me, func(p *jca.Person) error {
		p.LinkCode, p.LinkExpires = code, expires
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("link.code", "code", code, "when", c.dateTime(expires)))
	m.Context(c.T("link.code.next", "code", code))
	if others := c.linkedNames(ctx, p); len(others) > 0 {
		m.Context(c.T("link.current", "who", strings.Join(others, ", ")))
	}
	return c.reply(m), nil
}

// linkJoin joins the asking identity to the one that issued code.
func linkJoin(ctx context.Context, c *Call, typed string) (bot.Reply, error) {
	code, ok := normalLinkCode(typed)
	if !ok {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.link.bad_code", "code", typed)
	}
	me := jca.PersonID(c.Req.Person.ID)
	if c.Me != me { // this identity already acts as another
		return bot.Reply{}, jca.Errorf(jca.EConflict, "err.link.already", "who", c.personName(c.person))
	}
	if c.person != nil && len(c.person.Links) > 0 {
		return bot.Reply{}, jca.Errorf(jca.EConflict, "err.link.has_links")
	}
	people, err := c.r.linkStore().ListPeople(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	var issuer *jca.Person
	for _, p := range people {
		if p.LinkCode != "" && subtle.ConstantTimeCompare([]byte(p.LinkCode), []byte(code)) == 1 {
			issuer = p
		}
	}
	now := c.Now()
	if issuer == nil || !now.Before(issuer.LinkExpires) {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.link.bad_code", "code", typed)
	}
	if issuer.ID == me {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.link.same")
	}
	// One transaction: the canonical record consumes the code (a second
	// use, or a race with another, finds it gone) and takes over what this
	// identity held; this identity points to it; its ballots and positions
	// become the person's.
	res, err := c.r.linkStore().LinkPeople(ctx, issuer.ID, me, func(p, mine *jca.Person) error {
		if p.LinkCode != code || !now.Before(p.LinkExpires) || p.LinkedTo != "" {
			return jca.Errorf(jca.EInvalid, "err.link.bad_code", "code", typed)
		}
		if mine.LinkedTo != "" { // linked meanwhile, by a concurrent "link"
			return jca.Errorf(jca.EConflict, "err.link.already", "who", string(mine.LinkedTo))
		}
		if len(mine.Links) > 0 {
			return jca.Errorf(jca.EConflict, "err.link.has_links")
		}
		p.Link(mine, me, now)
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("link.joined", "who", c.personName(res.Canon)))
	if res.Ballots > 0 || res.Positions > 0 {
		m.Context(c.T("link.merged", "who", c.personName(res.Canon), "votes", res.Ballots, "positions", res.Positions))
	}
	m.Context(c.T("link.joined.next"))
	rep := c.reply(m)
	for _, id := range res.Polls { // their posted copies show the new tally
		p, err := c.r.linkStore().FindPoll(ctx, id)
		if err != nil {
			c.r.d.Log.Error("refresh a poll after a link", "poll", jca.PollRef(id), "err", err)
			continue
		}
		ups := c.withUpdates(ctx, bot.Reply{}, p).Updates
		rep.Updates = append(rep.Updates, ups...)
	}
	return rep, nil
}

// personName shows a person with their platform: "Alice (slack)".
func (c *Call) personName(p *jca.Person) string {
	if p == nil {
		return ""
	}
	id := bot.Identity(p.ID)
	name := p.Name
	if name == "" {
		name = id.User()
	}
	if pl := id.Platform(); pl != "" {
		return name + " (" + string(pl) + ")"
	}
	return name
}

// linkedNames lists the identities joined to p.
func (c *Call) linkedNames(ctx context.Context, p *jca.Person) []string {
	var out []string
	for _, id := range p.Links {
		q, err := c.r.linkStore().FindPerson(ctx, id)
		if err != nil {
			continue
		}
		out = append(out, c.personName(q))
	}
	return out
}

// linkStore is what the link room uses of the store.
type linkStore interface {
	jca.PersonService
	jca.LinkService
	jca.PollService
}

func (r *Router) linkStore() linkStore { return r.d.Store }
