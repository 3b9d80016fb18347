package jca

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ProposalKind tells topics (clause 2.3) from joint groups (clause 2.4).
type ProposalKind string

const (
	TopicProposal ProposalKind = "topic" // id T-n
	JointProposal ProposalKind = "joint" // id G-n
)

// Prefix is the letter of the kind's ids.
func (k ProposalKind) Prefix() string {
	if k == JointProposal {
		return "G"
	}
	return "T"
}

// Ref formats an id of the kind: "T-3", "G-2".
func (k ProposalKind) Ref(id int) string { return k.Prefix() + "-" + strconv.Itoa(id) }

// Statuses lists the statuses of the kind; the first is the initial one.
func (k ProposalKind) Statuses() []string {
	if k == JointProposal {
		return []string{"proposed", "discussing", "recommended", "established", "declined", "withdrawn"}
	}
	return []string{"proposed", "discussing", "forwarded", "accepted", "declined", "withdrawn"}
}

// Closed reports whether status ends the proposal (no more positions).
func (k ProposalKind) Closed(status string) bool {
	switch status {
	case "declined", "withdrawn", "accepted", "established":
		return true
	}
	return false
}

// JointKinds are the kinds of group a joint group proposal may create.
var JointKinds = []string{"joint-working-party", "joint-rapporteur-group", "intersector-rapporteur-group",
	"focus-group", "correspondence-group", "other"}

// JointKindNeedsTwoParents reports whether a kind is joint by nature.
func JointKindNeedsTwoParents(kind string) bool {
	return strings.HasPrefix(kind, "joint-") || kind == "intersector-rapporteur-group"
}

// Stance is a person's position on a proposal.
type Stance string

const (
	Support Stance = "support"
	Object  Stance = "object"
)

// Position is one person's stance; a person has at most one per proposal.
type Position struct {
	Person  PersonID
	Stance  Stance
	Comment string // for an objection, its reason (required)
	At      time.Time
}

// Proposal is a topic proposed to study groups or a joint group proposed
// for creation.
type Proposal struct {
	Kind      ProposalKind
	ID        int
	Title     string   // the topic, or the joint group's name
	Why       string   // the rationale (topic) or the mandate (joint group)
	Groups    []string // target study groups (topic) or parent groups (joint)
	Aspects   []Aspect
	JointKind string   // joint groups only: one of JointKinds
	Convener  PersonID // joint groups only, optional
	Deadline  time.Time
	Status    string
	Positions []Position
	Channel   string // where it was proposed (deadline reminders go there)
	CreatedBy PersonID
	CreatedAt time.Time
	UpdatedAt time.Time
	History   []Change
	Rev       int
}

// Ref is the proposal's id as people type it.
func (p *Proposal) Ref() string { return p.Kind.Ref(p.ID) }

// Position returns person's position, if any.
func (p *Proposal) Position(person PersonID) (Position, bool) {
	for _, x := range p.Positions {
		if x.Person == person {
			return x, true
		}
	}
	return Position{}, false
}

// SetPosition records person's stance, replacing an earlier one (the
// change is kept in the history). A zero stance withdraws the position.
// It reports whether anything changed.
func (p *Proposal) SetPosition(pos Position) bool {
	old, had := p.Position(pos.Person)
	if had && old.Stance == pos.Stance && old.Comment == pos.Comment {
		return false
	}
	if !had && pos.Stance == "" {
		return false
	}
	p.Positions = slices.DeleteFunc(p.Positions, func(x Position) bool { return x.Person == pos.Person })
	if pos.Stance != "" {
		p.Positions = append(p.Positions, pos)
	}
	p.History = append(p.History, Change{At: pos.At, By: pos.Person, Field: "position",
		Old: string(old.Stance), New: string(pos.Stance)})
	p.UpdatedAt = pos.At
	return true
}

// Counts returns the number of supports and objections.
func (p *Proposal) Counts() (support, object int) {
	for _, x := range p.Positions {
		if x.Stance == Support {
			support++
		} else if x.Stance == Object {
			object++
		}
	}
	return support, object
}

// Clone returns a deep copy.
func (p *Proposal) Clone() *Proposal {
	c := *p
	c.Groups = slices.Clone(p.Groups)
	c.Aspects = slices.Clone(p.Aspects)
	c.Positions = slices.Clone(p.Positions)
	c.History = slices.Clone(p.History)
	return &c
}

// ProposalFilter selects proposals. Zero fields match all.
type ProposalFilter struct {
	Status string
	Group  string // proposals naming this group
	// Text keeps the proposals whose title or rationale hold every word of
	// it, ignoring case and accents ("" for all).
	Text   string
	Offset int
	Limit  int
}

// ProposalService stores topic and joint group proposals. Each kind has its
// own id sequence.
type ProposalService interface {
	// CreateProposal assigns p.ID.
	CreateProposal(ctx context.Context, p *Proposal) error
	// FindProposal returns ENOTFOUND if there is none.
	FindProposal(ctx context.Context, kind ProposalKind, id int) (*Proposal, error)
	// UpdateProposal has the contract of UpdateActivity.
	UpdateProposal(ctx context.Context, kind ProposalKind, id int, fn func(p *Proposal) error) (*Proposal, error)
	// ListProposals returns a page, newest first, and the number of matches.
	ListProposals(ctx context.Context, kind ProposalKind, f ProposalFilter) ([]*Proposal, int, error)
}

// SetStatus moves the proposal to status by by at now, with its history and
// the note given with it (none when ""). It reports whether the status
// changed.
func (p *Proposal) SetStatus(status, note string, by PersonID, now time.Time) bool {
	if p.Status == status {
		return false
	}
	p.History = append(p.History, Change{At: now, By: by, Field: "status", Old: p.Status, New: status})
	if note != "" {
		p.History = append(p.History, Change{At: now, By: by, Field: "note", New: note})
	}
	p.Status, p.UpdatedAt = status, now
	return true
}

// Diff appends to p's history one Change per edited field that differs
// between old and p, and sets UpdatedAt. It reports whether anything
// changed. The history names the fields as the edit command's flags do:
// a topic's "title", "why" and "group", a joint group's "name",
// "mandate" and "parents".
func (p *Proposal) Diff(old *Proposal, by PersonID, at time.Time) bool {
	n := len(p.History)
	add := func(field, o, nw string) {
		if o != nw {
			p.History = append(p.History, Change{At: at, By: by, Field: field, Old: o, New: nw})
		}
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	title, why, groups := "title", "why", "group"
	if p.Kind == JointProposal {
		title, why, groups = "name", "mandate", "parents"
	}
	add(title, old.Title, p.Title)
	add(why, old.Why, p.Why)
	add(groups, strings.Join(old.Groups, ","), strings.Join(p.Groups, ","))
	add("aspects", joinAspects(old.Aspects), joinAspects(p.Aspects))
	add("kind", old.JointKind, p.JointKind)
	add("convener", string(old.Convener), string(p.Convener))
	add("deadline", day(old.Deadline), day(p.Deadline))
	if len(p.History) == n {
		return false
	}
	p.UpdatedAt = at
	return true
}
