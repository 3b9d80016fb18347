package jca

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Availability polls and meetings: the JCA works by e-meetings across many
// time zones, so choosing a time is a real problem. What matters is not a
// head count but whether every study group can be there, with a chair.

// Answer is a person's availability for one slot.
type Answer string

const (
	Yes   Answer = "yes"
	Maybe Answer = "maybe" // if need be
	No    Answer = "no"
)

// MaxSlots is how many slots a poll may have.
const MaxSlots = 20

// PostRef is a posted copy of a message (a poll shown in a channel), so its
// tally can be updated in place. ID is the platform's message id ("" until
// the post is confirmed).
type PostRef struct {
	Channel string
	ID      string
}

// Poll is an availability poll for a meeting time.
type Poll struct {
	ID       int
	Title    string
	Zone     string        // the poll's IANA zone: slots were typed in it
	Duration time.Duration // of each slot
	Slots    []time.Time   // start instants, in time order, distinct
	Deadline time.Time     // zero: the poll closes when its first slot starts
	Hidden   bool          // until closed, people see only how many voted and their own answers
	Closed   bool
	ClosedAt time.Time
	ClosedBy PersonID // "" when it closed by itself
	Decided  int      // the chosen slot, 1-based; 0 while undecided
	Meeting  int      // the meeting created from it
	Channel  string   // where it was created
	Posts    []PostRef
	// Voters counts the people who answered (kept with each vote).
	Voters    int
	CreatedBy PersonID
	CreatedAt time.Time
	History   []Change
	Rev       int
}

// Close ends the voting: closed at closedAt (the deadline, for a poll
// that closes by itself; the moment a person closes it), by by ("" for
// nobody), with an entry in the history at now. It reports whether it
// changed anything (false when the poll was closed already).
func (p *Poll) Close(closedAt time.Time, by PersonID, now time.Time) bool {
	if p.Closed {
		return false
	}
	p.Closed, p.ClosedAt, p.ClosedBy = true, closedAt, by
	p.History = append(p.History, Change{At: now, By: by, Field: "closed", Old: "false", New: "true"})
	return true
}

// Decide records the chosen slot (1-based) by by at now, closing the poll
// at the same moment if it was still open.
func (p *Poll) Decide(slot int, by PersonID, now time.Time) {
	p.Decided = slot
	if !p.Closed {
		p.Closed, p.ClosedAt, p.ClosedBy = true, now, by
	}
	p.History = append(p.History, Change{At: now, By: by, Field: "decided", New: strconv.Itoa(slot)})
}

// PostIn adds a post of the poll in channel (its message id is recorded
// when the post is made) by by at now, with its history.
func (p *Poll) PostIn(channel string, by PersonID, now time.Time) {
	p.Posts = append(p.Posts, PostRef{Channel: channel})
	p.History = append(p.History, Change{At: now, By: by, Field: "posted", New: channel})
}

// PollRef formats a poll id: "P-4".
func PollRef(id int) string { return "P-" + strconv.Itoa(id) }

// ClosesAt is when voting stops: the deadline, or the first slot's start.
func (p *Poll) ClosesAt() time.Time {
	if !p.Deadline.IsZero() {
		return p.Deadline
	}
	if len(p.Slots) == 0 {
		return time.Time{}
	}
	return p.Slots[0]
}

// OpenAt reports whether votes are accepted at now.
func (p *Poll) OpenAt(now time.Time) bool {
	return !p.Closed && now.Before(p.ClosesAt())
}

// Clone returns a deep copy.
func (p *Poll) Clone() *Poll {
	c := *p
	c.Slots = slices.Clone(p.Slots)
	c.Posts = slices.Clone(p.Posts)
	c.History = slices.Clone(p.History)
	return &c
}

// Ballot is one person's answers to a poll, by slot (1-based).
type Ballot struct {
	Poll    int
	Person  PersonID
	Answers map[int]Answer
	At      time.Time
}

// SlotScore is the ranking of one slot.
type SlotScore struct {
	Slot           int // 1-based
	Start          time.Time
	End            time.Time
	Yes, Maybe, No int
	// Groups are the study groups with at least one member answering yes or
	// maybe, in vocabulary order.
	Groups []string
	// Of those who answered yes or maybe: how many would attend at a
	// sociable hour, early or late, or at night, in their zone and hours;
	// NoZone of them have no zone and are counted at the default one.
	Sociable, EarlyLate, Night, NoZone int
	// ChairAvailable is true when a chair answered yes or maybe; ChairYes
	// when one answered yes.
	ChairAvailable, ChairYes bool
	// Burden adds up, over the members for whom the slot is at night, the
	// meetings that fell in their night in the last year (the ledger).
	Burden int
	// ByLedger names the slot this one was ranked above by the ledger
	// (step 5 of Rank), 0 when it was not.
	ByLedger int
	// OutOfHours counts the members with a known zone for whom the slot is
	// outside their working hours (early, late or at night); Zones names
	// those zones.
	OutOfHours int
	Zones      []string
	Rank       int // 1 is best
}

// YesMaybe is how many answered yes or if need be.
func (s *SlotScore) YesMaybe() int { return s.Yes + s.Maybe }

// RankInput is what ranking needs besides the poll and its ballots.
type RankInput struct {
	People       []*Person           // every stored person (members and others)
	IsChair      func(PersonID) bool //
	StudyGroups  []string            // vocabulary order: which groups count for coverage
	LoadLocation func(string) (*time.Location, error)
	// DefaultZone is the zone of those who set none (JCABOT_TZ; UTC when
	// nil); DefaultHours the hours of those who set none (the channel's,
	// else DefaultHours when zero).
	DefaultZone  *time.Location
	DefaultHours Hours
	// Ledger counts, per person, the JCA's meetings of the last year that
	// fell in their night (see NightLedger); nil for none.
	Ledger map[PersonID]int
}

// Rank scores every slot and orders them (the result is in rank order):
//
//  1. more study groups with a member answering yes or if need be;
//  2. more of those answering yes or if need be at a sociable hour;
//  3. more yes or if need be;
//  4. fewer of those at night;
//  5. where slots are within one person of each other on 2-4 (and equal on
//     1), the one with the lower Burden: it spares those who carried the
//     most nights this year;
//  6. a chair's yes;
//  7. the earlier slot.
//
// Step 5 is applied rank by rank: the best remaining slot gives way to the
// slot of lowest Burden among those within one person of it.
func Rank(p *Poll, ballots []Ballot, in RankInput) []SlotScore {
	people := map[PersonID]*Person{}
	for _, x := range in.People {
		people[x.ID] = x
	}
	var load func(string) (*time.Location, error)
	in.DefaultZone, in.DefaultHours, load = clockDefaults(in.DefaultZone, in.DefaultHours, in.LoadLocation)
	scores := make([]SlotScore, len(p.Slots))
	for i, s := range p.Slots {
		scores[i] = SlotScore{Slot: i + 1, Start: s, End: s.Add(p.Duration)}
	}
	// Where a slot falls for a person depends on their zone and hours
	// only: many share them, so each pair is classified once per slot.
	type place struct {
		zone  string
		hours Hours
	}
	classes := map[place][]Sociability{}
	classify := func(per *Person) (cl []Sociability, known bool) {
		pl := place{hours: in.DefaultHours}
		if per != nil {
			pl.zone = per.Zone()
			if per.Hours != nil {
				pl.hours = *per.Hours
			}
		}
		if c, ok := classes[pl]; ok {
			return c, pl.zone != ""
		}
		loc := in.DefaultZone
		if pl.zone != "" {
			if l, err := load(pl.zone); err == nil {
				loc = l
			}
		}
		c := make([]Sociability, len(scores))
		for i := range scores {
			c[i] = pl.hours.Classify(scores[i].Start, scores[i].End, loc)
		}
		classes[pl] = c
		return c, pl.zone != ""
	}
	for _, b := range ballots {
		// Who the voter is does not depend on the slot: read it once.
		chair := in.IsChair != nil && in.IsChair(b.Person)
		per := people[b.Person]
		var groups []string
		if per != nil {
			for _, g := range per.Groups() {
				if slices.Contains(in.StudyGroups, g) {
					groups = append(groups, g)
				}
			}
		}
		cl, known := classify(per)
		for slot, a := range b.Answers {
			if slot < 1 || slot > len(scores) {
				continue
			}
			sc := &scores[slot-1]
			switch a {
			case Yes:
				sc.Yes++
				sc.ChairYes = sc.ChairYes || chair
			case Maybe:
				sc.Maybe++
			case No:
				sc.No++
				continue
			default:
				continue
			}
			switch cl[slot-1] {
			case Sociable:
				sc.Sociable++
			case EarlyLate:
				sc.EarlyLate++
			case Night:
				sc.Night++
			}
			if !known {
				sc.NoZone++
			}
			if chair {
				sc.ChairAvailable = true
			}
			for _, g := range groups {
				if !slices.Contains(sc.Groups, g) {
					sc.Groups = append(sc.Groups, g)
				}
			}
		}
	}
	for _, per := range in.People {
		if !per.IsMember() {
			continue
		}
		cl, known := classify(per)
		for i := range scores {
			sc := &scores[i]
			if cl[i] == Night {
				sc.Burden += in.Ledger[per.ID]
			}
			if known && cl[i] != Sociable {
				sc.OutOfHours++
				if z := per.Zone(); !slices.Contains(sc.Zones, z) {
					sc.Zones = append(sc.Zones, z)
				}
			}
		}
	}
	for i := range scores {
		sc := &scores[i]
		slices.SortFunc(sc.Groups, func(a, b string) int {
			return slices.Index(in.StudyGroups, a) - slices.Index(in.StudyGroups, b)
		})
		sort.Strings(sc.Zones)
	}
	sort.SliceStable(scores, func(i, j int) bool { return rankedBefore(&scores[i], &scores[j]) })
	if len(in.Ledger) > 0 {
		for i := range scores {
			best := i
			for j := i + 1; j < len(scores); j++ {
				if withinOne(&scores[i], &scores[j]) && scores[j].Burden < scores[best].Burden {
					best = j
				}
			}
			if best != i {
				moved := scores[best]
				moved.ByLedger = scores[i].Slot
				copy(scores[i+1:best+1], scores[i:best])
				scores[i] = moved
			}
		}
	}
	for i := range scores {
		scores[i].Rank = i + 1
	}
	return scores
}

// rankedBefore is steps 1-4, 6 and 7 of Rank.
func rankedBefore(a, b *SlotScore) bool {
	switch {
	case len(a.Groups) != len(b.Groups):
		return len(a.Groups) > len(b.Groups)
	case a.Sociable != b.Sociable:
		return a.Sociable > b.Sociable
	case a.YesMaybe() != b.YesMaybe():
		return a.YesMaybe() > b.YesMaybe()
	case a.Night != b.Night:
		return a.Night < b.Night
	case a.ChairYes != b.ChairYes:
		return a.ChairYes
	}
	return a.Start.Before(b.Start)
}

// withinOne reports whether b is as good as a on step 1 and within one
// person of it on steps 2-4: where the ledger may decide.
func withinOne(a, b *SlotScore) bool {
	near := func(x, y int) bool { return x-y <= 1 && y-x <= 1 }
	return len(a.Groups) == len(b.Groups) && near(a.Sociable, b.Sociable) && near(a.YesMaybe(), b.YesMaybe()) && near(a.Night, b.Night)
}

// PollFilter selects polls.
type PollFilter struct {
	Open   bool      // only polls still open
	Now    time.Time // for Open
	Offset int
	Limit  int
}

// PollService stores polls and their ballots.
type PollService interface {
	// CreatePoll assigns p.ID.
	CreatePoll(ctx context.Context, p *Poll) error
	// FindPoll returns ENOTFOUND if there is none.
	FindPoll(ctx context.Context, id int) (*Poll, error)
	// UpdatePoll has the contract of UpdateActivity.
	UpdatePoll(ctx context.Context, id int, fn func(p *Poll) error) (*Poll, error)
	// ListPolls returns a page, newest first, and the number of matches.
	ListPolls(ctx context.Context, f PollFilter) ([]*Poll, int, error)
	// Vote merges answers into person's ballot in one transaction, after
	// check(poll) accepts (a refusal from check writes nothing). It returns
	// the whole ballot. The poll's Voters count follows.
	Vote(ctx context.Context, poll int, person PersonID, answers map[int]Answer, at time.Time, check func(p *Poll) error) (*Ballot, error)
	// Ballots returns every ballot of a poll, by person.
	Ballots(ctx context.Context, poll int) ([]Ballot, error)
}
