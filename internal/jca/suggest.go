package jca

import (
	"slices"
	"time"
)

// Suggestion is a slot proposed for a poll: when it starts and how the
// JCA's members would meet it, in their zones and working hours.
type Suggestion struct {
	Start                      time.Time
	Sociable, EarlyLate, Night int
}

// SuggestedPoll is the last suggestion a person asked for, kept so that
// `poll new … --from-suggestion` makes a poll of it.
type SuggestedPoll struct {
	Slots    []time.Time
	Duration time.Duration
	Zone     string // the zone the days were read in
}

// SuggestInput is what Suggest needs besides the people.
type SuggestInput struct {
	From, To time.Time     // slots start at or after From and end by To
	Duration time.Duration // of each slot
	Step     time.Duration // between candidate starts (30 minutes when zero)
	Max      int           // slots to propose (8 when zero)
	// Day is the zone whose calendar days spread the proposals: at most
	// one per day (UTC when nil).
	Day          *time.Location
	DefaultZone  *time.Location // for members with no zone
	DefaultHours Hours          // for members with no hours
	LoadLocation func(string) (*time.Location, error)
}

// Suggest proposes up to in.Max slots between in.From and in.To, every
// in.Step, for the members of people: the candidates with the most members
// at a sociable hour, then the fewest at night, then the fewest early or
// late, then the earliest, at most one a day; never one where most members
// are at night when any candidate has fewer. They come back in time order.
func Suggest(people []*Person, in SuggestInput) []Suggestion {
	var load func(string) (*time.Location, error)
	in.DefaultZone, in.DefaultHours, load = clockDefaults(in.DefaultZone, in.DefaultHours, in.LoadLocation)
	if in.Step <= 0 {
		in.Step = 30 * time.Minute
	}
	if in.Max <= 0 {
		in.Max = 8
	}
	if in.Day == nil {
		in.Day = time.UTC
	}
	type place struct {
		zone  string
		hours Hours
	}
	places := map[place]int{} // members sharing a zone and hours
	members := 0
	for _, p := range people {
		if !p.IsMember() {
			continue
		}
		pl := place{zone: p.Zone(), hours: in.DefaultHours}
		if p.Hours != nil {
			pl.hours = *p.Hours
		}
		places[pl]++
		members++
	}
	locs := map[place]*time.Location{}
	for pl := range places {
		locs[pl] = in.DefaultZone
		if pl.zone != "" {
			if l, err := load(pl.zone); err == nil {
				locs[pl] = l
			}
		}
	}
	var cands []Suggestion
	for s := in.From.Truncate(in.Step); !s.Add(in.Duration).After(in.To); s = s.Add(in.Step) {
		if s.Before(in.From) {
			continue
		}
		c := Suggestion{Start: s}
		for pl, n := range places {
			switch pl.hours.Classify(s, s.Add(in.Duration), locs[pl]) {
			case Sociable:
				c.Sociable += n
			case EarlyLate:
				c.EarlyLate += n
			case Night:
				c.Night += n
			}
		}
		cands = append(cands, c)
	}
	if slices.ContainsFunc(cands, func(c Suggestion) bool { return 2*c.Night <= members }) {
		cands = slices.DeleteFunc(cands, func(c Suggestion) bool { return 2*c.Night > members })
	}
	slices.SortStableFunc(cands, func(a, b Suggestion) int {
		switch {
		case a.Sociable != b.Sociable:
			return b.Sociable - a.Sociable
		case a.Night != b.Night:
			return a.Night - b.Night
		case a.EarlyLate != b.EarlyLate:
			return a.EarlyLate - b.EarlyLate
		}
		return a.Start.Compare(b.Start)
	})
	var out []Suggestion
	days := map[string]bool{}
	for _, c := range cands {
		day := c.Start.In(in.Day).Format(time.DateOnly)
		if days[day] {
			continue
		}
		days[day] = true
		out = append(out, c)
		if len(out) == in.Max {
			break
		}
	}
	slices.SortFunc(out, func(a, b Suggestion) int { return a.Start.Compare(b.Start) })
	return out
}
