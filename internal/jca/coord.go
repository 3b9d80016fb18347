package jca

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds the coordination domain (mandate clauses 2.2 to 2.4 and
// the membership rule): members and chairs, channel settings, topic and
// joint group proposals, organizations and liaison statements.

// MemberKind says whom a member represents.
type MemberKind string

const (
	SGRep     MemberKind = "sg-rep"     // designated representative of a study group
	MemberRep MemberKind = "member-rep" // representative of an ITU-T Member
	SDORep    MemberKind = "sdo-rep"    // representative of an invited SDO or forum
)

// MemberKinds lists the kinds in the order help shows them.
var MemberKinds = []MemberKind{SGRep, MemberRep, SDORep}

// Membership is one group a person represents.
type Membership struct {
	Group string     // body code: "SG13", "IETF"
	Kind  MemberKind //
	Org   string     // the organization they come from ("Orange"), optional
	Since time.Time
}

// IsMember reports whether p represents any group.
func (p *Person) IsMember() bool { return len(p.Memberships) > 0 }

// Membership returns p's membership of group, if any.
func (p *Person) Membership(group string) (Membership, bool) {
	for _, m := range p.Memberships {
		if m.Group == group {
			return m, true
		}
	}
	return Membership{}, false
}

// Groups lists the groups p represents.
func (p *Person) Groups() []string {
	out := make([]string, len(p.Memberships))
	for i, m := range p.Memberships {
		out[i] = m.Group
	}
	return out
}

// Zone returns the zone to use for p when p is not the one asking: the zone
// set with "tz set", else the platform profile's, else "" (unknown).
func (p *Person) Zone() string {
	if p.TZ != "" {
		return p.TZ
	}
	return p.ProfileTZ
}

// Channel is what the bot remembers of a channel: the zone and language of
// its own posts (reminders, digests, announcements).
type Channel struct {
	ID   string // platform-qualified: "slack:T1/C1"
	TZ   string // "" for JCABOT_TZ
	Lang string // "" for JCABOT_LANG
}

// ChannelService stores channel settings.
type ChannelService interface {
	// FindChannel never returns ENOTFOUND: an unknown channel has defaults.
	FindChannel(ctx context.Context, id string) (*Channel, error)
	UpdateChannel(ctx context.Context, id string, fn func(c *Channel) error) (*Channel, error)
}

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

// OrgStatuses track the circular's "invited to participate".
var OrgStatuses = []string{"identified", "invited", "participating", "declined"}

// Org is the bot's record of an organization: one of the vocabulary, or
// one added with "org add".
type Org struct {
	Short     string
	Name      string
	Status    string // "" means identified
	Contacts  []string
	Added     bool // added with "org add" (not from the vocabulary)
	CreatedBy PersonID
	CreatedAt time.Time
	History   []Change
	Rev       int
}

// OrgService stores organizations.
type OrgService interface {
	// FindOrg looks a stored organization up by its short name, ignoring
	// case; ENOTFOUND if none is stored (vocabulary ones may have no record).
	FindOrg(ctx context.Context, short string) (*Org, error)
	// UpdateOrg applies fn to the stored record, creating it (with Short set)
	// when create is true and none exists; ENOTFOUND otherwise.
	UpdateOrg(ctx context.Context, short string, create bool, fn func(o *Org) error) (*Org, error)
	// ListOrgs returns every stored organization, by short name.
	ListOrgs(ctx context.Context) ([]*Org, error)
}

// Liaison statement vocabulary.
var (
	LiaisonDirections = []string{"in", "out"}
	LiaisonPurposes   = []string{"action", "comment", "information"}
	LiaisonStatuses   = []string{"open", "answered", "closed"}
)

// Liaison is a liaison statement with another body.
type Liaison struct {
	ID        int
	Direction string   // in or out
	From      string   // body code
	To        []string // body codes
	Title     string
	Purpose   string // action, comment or information
	Deadline  time.Time
	Links     []string
	ReplyTo   int // the liaison this one answers, 0 if none
	Status    string
	Channel   string
	CreatedBy PersonID
	CreatedAt time.Time
	UpdatedAt time.Time
	History   []Change
	Rev       int
}

// LiaisonRef formats a liaison id: "L-4".
func LiaisonRef(id int) string { return "L-" + strconv.Itoa(id) }

// Bodies lists every body the liaison names (from, then to).
func (l *Liaison) Bodies() []string { return append([]string{l.From}, l.To...) }

// Overdue reports whether an open liaison's deadline has passed at now.
func (l *Liaison) Overdue(now time.Time) bool {
	return l.Status == "open" && !l.Deadline.IsZero() && now.After(l.Deadline)
}

// Clone returns a deep copy.
func (l *Liaison) Clone() *Liaison {
	c := *l
	c.To = slices.Clone(l.To)
	c.Links = slices.Clone(l.Links)
	c.History = slices.Clone(l.History)
	return &c
}

// LiaisonFilter selects liaisons. Zero fields match all.
type LiaisonFilter struct {
	Open    bool      // status open only
	Body    string    // naming this body as sender or receiver
	Overdue time.Time // non-zero: only open ones whose deadline is before this instant
	Offset  int
	Limit   int
}

// LiaisonService stores liaison statements.
type LiaisonService interface {
	// CreateLiaison assigns l.ID. When l.ReplyTo names an open liaison, that
	// one becomes "answered" in the same transaction (its history says by
	// whom); ENOTFOUND when l.ReplyTo names none, and nothing is written.
	CreateLiaison(ctx context.Context, l *Liaison) error
	FindLiaison(ctx context.Context, id int) (*Liaison, error)
	UpdateLiaison(ctx context.Context, id int, fn func(l *Liaison) error) (*Liaison, error)
	// ListLiaisons returns a page, newest first, and the number of matches.
	ListLiaisons(ctx context.Context, f LiaisonFilter) ([]*Liaison, int, error)
}
