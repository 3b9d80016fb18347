package commands

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Roles and the words shared by every area: who may do what, people named
// by mention, groups, deadlines.

// chairList is every chair: the configured ones, then those appointed.
func (r *Router) chairList(ctx context.Context) []bot.Identity {
	out := slices.Clone(r.d.Chairs)
	people, err := r.memberStore().ListPeople(ctx)
	if err != nil {
		r.d.Log.Error("list chairs", "err", err)
		return out
	}
	for _, p := range people {
		if p.Chair && !slices.Contains(out, bot.Identity(p.ID)) {
			out = append(out, bot.Identity(p.ID))
		}
	}
	return out
}

// chairs is every chair the person can meet where they are: chairList,
// with, on the console, its own operator (console:local), who is a chair
// there and nowhere else.
func (c *Call) chairs(ctx context.Context) []bot.Identity {
	out := c.r.chairList(ctx)
	if c.Req.Platform == bot.Console && !slices.Contains(out, LocalOperator) {
		out = append([]bot.Identity{LocalOperator}, out...)
	}
	return out
}

// isConfiguredChair reports whether id is a chair by configuration (which
// "chair remove" cannot change).
func (r *Router) isConfiguredChair(id bot.Identity) bool {
	return id == LocalOperator || slices.Contains(r.d.Chairs, id)
}

// IsChair reports whether the person may act as a chair.
func (c *Call) IsChair() bool {
	return c.r.isConfiguredChair(c.Req.Person.ID) || c.r.isConfiguredChair(bot.Identity(c.Me)) ||
		(c.person != nil && c.person.Chair)
}

// IsMember reports whether the person represents any group.
func (c *Call) IsMember() bool { return c.person != nil && c.person.IsMember() }

// requireChair refuses unless the person is a chair; action is the catalog
// key of what they tried ("action.forward_topic": "forward a topic").
func (c *Call) requireChair(action string) error {
	if c.IsChair() {
		return nil
	}
	return jca.Errorf(jca.EForbidden, "err.only_chair", "action", jca.MsgKey(action))
}

// requireAuthorOrChair refuses unless the person wrote the record or is a chair.
func (c *Call) requireAuthorOrChair(author jca.PersonID, ref, action string) error {
	if author == c.Me || c.IsChair() {
		return nil
	}
	return jca.Errorf(jca.EForbidden, "err.only_author_or_chair_action", "id", ref, "action", jca.MsgKey(action))
}

// requireMemberOrChair refuses unless the person is a member or a chair.
func (c *Call) requireMemberOrChair(action string) error {
	if c.IsMember() || c.IsChair() {
		return nil
	}
	return jca.Errorf(jca.EForbidden, "err.only_member_or_chair", "action", jca.MsgKey(action))
}

// everybody are the mentions that stand for a whole channel or team, not
// for a person (Slack's and Mattermost's @channel, @here, @all, @everyone).
var everybody = map[string]bool{"channel": true, "here": true, "all": true, "everyone": true}

// consoleName is what a console name may be: the characters of a mention
// (letters, digits, _ . -), as the console's own mention reader takes them.
var consoleName = regexp.MustCompile(`^[\p{L}\p{N}_.\-]+$`)

// mentioned resolves a person named by mention ("@alice"). The adapters
// supply the mentions of a request; on the console "@name" is console:name.
// An account joined to another with "link" resolves to the person it
// stands for.
func (c *Call) mentioned(ctx context.Context, tok string) (jca.PersonID, error) {
	var id jca.PersonID
	if name, ok := strings.CutPrefix(tok, "@"); ok && everybody[strings.ToLower(name)] {
		return "", jca.Errorf(jca.EInvalid, "err.mention_everybody", "value", tok)
	}
	if m, ok := c.Req.MentionFor(tok); ok { // the platform's own mention, whatever its text
		id = jca.PersonID(m.ID)
	} else if strings.Count(tok, "@") > 1 || strings.ContainsAny(tok, ",;") {
		return "", jca.Errorf(jca.EInvalid, "err.mention_several", "value", tok)
	} else if name, ok := strings.CutPrefix(tok, "@"); ok && consoleName.MatchString(name) && c.Req.Platform == bot.Console {
		id = jca.PersonID(bot.NewIdentity(bot.Console, name))
	} else {
		return "", jca.Errorf(jca.EInvalid, "err.bad_mention", "value", tok)
	}
	// An account linked to another stands for its person.
	if p, err := c.r.memberStore().FindPerson(ctx, id); err == nil && p.LinkedTo != "" {
		return p.LinkedTo, nil
	}
	return id, nil
}

// resolveBody reads a group name: a study group, an organization of the
// vocabulary or one added with "org add", or the JCA. Returns the canonical
// code and kind.
func (c *Call) resolveBody(ctx context.Context, s string) (jca.Body, error) {
	v := c.r.d.Vocab
	if b, ok := v.Body(s); ok {
		return b, nil
	}
	names := v.BodyNames()
	if orgs, err := c.r.memberStore().ListOrgs(ctx); err == nil {
		for _, o := range orgs {
			if o.Added && strings.EqualFold(o.Short, strings.TrimSpace(s)) {
				return jca.Body{Kind: jca.OrganizationBody, Code: o.Short}, nil
			}
			if o.Added {
				names = append(names, o.Short)
			}
		}
	}
	return jca.Body{}, jca.Errorf(jca.EInvalid, "err.unknown_group", "value", s,
		"groups", strings.Join(v.GroupCodes(), ", "), "jca", v.JCA).
		WithSuggestions(suggestions(s, names)...)
}

// resolveStudyGroups reads a list of study groups (not organizations).
func (c *Call) resolveStudyGroups(ctx context.Context, words []string) ([]string, error) {
	var out []string
	for _, w := range words {
		b, err := c.resolveBody(ctx, w)
		if err != nil {
			return nil, err
		}
		if b.Kind != jca.StudyGroupBody {
			return nil, jca.Errorf(jca.EInvalid, "err.not_study_group", "value", b.Code,
				"groups", strings.Join(c.r.d.Vocab.GroupCodes(), ", "))
		}
		if !slices.Contains(out, b.Code) {
			out = append(out, b.Code)
		}
	}
	return out, nil
}

// deadline reads a deadline in the person's zone; a day alone means the end
// of that day. A deadline already past is refused.
func (c *Call) deadline(s string) (time.Time, error) {
	t, ok := when.ParseDeadline(s, c.Loc)
	if !ok {
		return time.Time{}, jca.Errorf(jca.EInvalid, "err.bad_deadline", "value", s, "example", "2033-01-15")
	}
	if !t.After(c.Now()) {
		return time.Time{}, jca.Errorf(jca.EInvalid, "err.deadline_past", "value", s)
	}
	return t, nil
}
