package jca

import (
	"context"
	"slices"
	"time"
)

// LinkService joins a person's identities on two platforms.
type LinkService interface {
	// LinkPeople joins the identity joined to canon in one transaction:
	// fn edits both person records (an error from fn is a refusal and
	// writes nothing); then what joined voted and the positions it took
	// become canon's (MergeBallot, MergePositions), so the person counts
	// once everywhere.
	LinkPeople(ctx context.Context, canon, joined PersonID, fn func(canon, joined *Person) error) (*LinkResult, error)
	// UnlinkPeople applies fn to both person records in one transaction
	// (an error from fn is a refusal and writes nothing); ballots and
	// positions stay where they are.
	UnlinkPeople(ctx context.Context, canon, joined PersonID, fn func(canon, joined *Person) error) (canonOut, joinedOut *Person, err error)
}

// LinkResult is what LinkPeople wrote.
type LinkResult struct {
	Canon, Joined *Person
	// Polls are the polls whose ballots changed (their posted copies need
	// refreshing), in id order.
	Polls []int
	// Ballots and Positions count what joined had: ballots and proposal
	// positions now counted as canon's.
	Ballots, Positions int
}

// Link joins the account j to p, the person's canonical record, by by at
// now: p's link code is used up; p takes over j's memberships (those of
// groups p is not in), its chair and, where p has none, its language and
// zone; j points to p and holds nothing itself. Both histories record it.
// The caller has checked the code and that j is not linked.
func (p *Person) Link(j *Person, by PersonID, now time.Time) {
	p.LinkCode, p.LinkExpires = "", time.Time{}
	if !slices.Contains(p.Links, j.ID) {
		p.Links = append(p.Links, j.ID)
	}
	for _, ms := range j.Memberships {
		if _, has := p.Membership(ms.Group); !has {
			p.Memberships = append(p.Memberships, ms)
		}
	}
	p.Chair = p.Chair || j.Chair
	if p.Lang == "" {
		p.Lang = j.Lang
	}
	if p.TZ == "" {
		p.TZ = j.TZ
	}
	p.History = append(p.History, Change{At: now, By: by, Field: "link", New: string(j.ID)})

	j.LinkedTo = p.ID
	j.Memberships, j.Chair = nil, false // held by the canonical record now
	j.LinkCode, j.LinkExpires = "", time.Time{}
	j.History = append(j.History, Change{At: now, By: by, Field: "link", New: string(p.ID)})
}

// Unlink detaches the account j from p, by by at now, with both
// histories. It reports false, changing nothing, when j is not linked to p.
func (p *Person) Unlink(j *Person, by PersonID, now time.Time) bool {
	if j.LinkedTo != p.ID {
		return false
	}
	p.Links = slices.DeleteFunc(p.Links, func(id PersonID) bool { return id == j.ID })
	j.LinkedTo = ""
	p.History = append(p.History, Change{At: now, By: by, Field: "link", Old: string(j.ID)})
	j.History = append(j.History, Change{At: now, By: by, Field: "link", Old: string(p.ID)})
	return true
}

// MergeBallot folds the ballot an identity gave before it was linked
// (joined) into its person's ballot on the same poll (canon, nil when the
// person had not voted there): the person's own answers win slot by slot,
// joined's fill the slots they left. The result is canon's ballot.
func MergeBallot(canon *Ballot, joined Ballot, canonID PersonID) Ballot {
	out := Ballot{Poll: joined.Poll, Person: canonID, Answers: map[int]Answer{}, At: joined.At}
	for slot, a := range joined.Answers {
		out.Answers[slot] = a
	}
	if canon != nil {
		for slot, a := range canon.Answers {
			out.Answers[slot] = a
		}
		if canon.At.After(out.At) {
			out.At = canon.At
		}
	}
	return out
}

// MergePositions gives joined's position on a proposal to canon when canon
// has none there (canon's own position wins otherwise), and removes
// joined's. It reports whether joined had a position.
func (p *Proposal) MergePositions(canon, joined PersonID) bool {
	j, had := p.Position(joined)
	if !had {
		return false
	}
	out := p.Positions[:0]
	for _, x := range p.Positions {
		if x.Person != joined {
			out = append(out, x)
		}
	}
	p.Positions = out
	if _, has := p.Position(canon); !has {
		j.Person = canon
		p.Positions = append(p.Positions, j)
	}
	return true
}
