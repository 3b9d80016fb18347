package jca

import (
	"context"
	"slices"
	"strconv"
	"time"
)

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
	// Hours are the working hours of the people who set none, for the
	// polls made here; nil for DefaultHours.
	Hours *Hours `json:",omitempty"`
}

// ChannelService stores channel settings.
type ChannelService interface {
	// FindChannel never returns ENOTFOUND: an unknown channel has defaults.
	FindChannel(ctx context.Context, id string) (*Channel, error)
	UpdateChannel(ctx context.Context, id string, fn func(c *Channel) error) (*Channel, error)
}

// Join makes p a member of m.Group (replacing an earlier membership of
// that group, whose start it keeps), by by at now, with its history. It
// reports whether p was a member of that group already.
func (p *Person) Join(m Membership, by PersonID, now time.Time) (updated bool) {
	old, had := p.Membership(m.Group)
	if had {
		m.Since = old.Since
	}
	p.Memberships = slices.DeleteFunc(p.Memberships, func(x Membership) bool { return x.Group == m.Group })
	p.Memberships = append(p.Memberships, m)
	p.History = append(p.History, Change{At: now, By: by, Field: "member " + m.Group, Old: old.label(had), New: m.label(true)})
	return had
}

// Leave takes p out of group by by at now, with its history. It reports
// whether p was a member.
func (p *Person) Leave(group string, by PersonID, now time.Time) bool {
	old, had := p.Membership(group)
	if !had {
		return false
	}
	p.Memberships = slices.DeleteFunc(p.Memberships, func(x Membership) bool { return x.Group == group })
	p.History = append(p.History, Change{At: now, By: by, Field: "member " + group, Old: old.label(true)})
	return true
}

// SetChair appoints p a chair (or not) by by at now, with its history. It
// reports whether anything changed.
func (p *Person) SetChair(chair bool, by PersonID, now time.Time) bool {
	if p.Chair == chair {
		return false
	}
	p.Chair = chair
	p.History = append(p.History, Change{At: now, By: by, Field: "chair", Old: strconv.FormatBool(!chair), New: strconv.FormatBool(chair)})
	return true
}

// label is Label, or "" when there is no membership (ok false).
func (m Membership) label(ok bool) string {
	if !ok {
		return ""
	}
	return m.Label()
}

// Label is how a membership reads: its kind, with the organization when
// there is one ("member-rep (Orange)").
func (m Membership) Label() string {
	if m.Org != "" {
		return string(m.Kind) + " (" + m.Org + ")"
	}
	return string(m.Kind)
}
