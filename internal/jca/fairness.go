package jca

import (
	"time"
)

// LedgerYear is how far back the fairness ledger looks.
const LedgerYear = 365 * 24 * time.Hour

// Burden is what the JCA's meetings of the last year cost one member: how
// many fell in their night, and how many early or late for them.
type Burden struct {
	Night, EarlyLate int
}

// LedgerInput is what the ledger needs besides the meetings and people.
type LedgerInput struct {
	Now          time.Time
	DefaultZone  *time.Location // for members with no zone (UTC when nil)
	DefaultHours Hours          // for members with no hours (DefaultHours when zero)
	LoadLocation func(string) (*time.Location, error)
}

// NightLedger counts, for every member, the meetings held in the year
// before in.Now (not cancelled, started by then) that fell in their night
// or their early or late hours, in their zone and working hours of today,
// whoever attended. Members who share a zone and hours are classified
// together.
func NightLedger(meetings []*Meeting, people []*Person, in LedgerInput) map[PersonID]Burden {
	var load func(string) (*time.Location, error)
	in.DefaultZone, in.DefaultHours, load = clockDefaults(in.DefaultZone, in.DefaultHours, in.LoadLocation)
	var held []*Meeting
	for _, m := range meetings {
		if !m.Cancelled && !m.Start.After(in.Now) && in.Now.Sub(m.Start) <= LedgerYear {
			held = append(held, m)
		}
	}
	type place struct {
		zone  string
		hours Hours
	}
	burdens := map[place]Burden{}
	out := map[PersonID]Burden{}
	for _, per := range people {
		if !per.IsMember() {
			continue
		}
		pl := place{zone: per.Zone(), hours: in.DefaultHours}
		if per.Hours != nil {
			pl.hours = *per.Hours
		}
		b, ok := burdens[pl]
		if !ok {
			loc := in.DefaultZone
			if pl.zone != "" {
				if l, err := load(pl.zone); err == nil {
					loc = l
				}
			}
			for _, m := range held {
				switch pl.hours.Classify(m.Start, m.Start.Add(m.Duration), loc) {
				case Night:
					b.Night++
				case EarlyLate:
					b.EarlyLate++
				}
			}
			burdens[pl] = b
		}
		out[per.ID] = b
	}
	return out
}

// Nights is the night count of each member of a ledger, what Rank weighs.
func Nights(ledger map[PersonID]Burden) map[PersonID]int {
	out := make(map[PersonID]int, len(ledger))
	for id, b := range ledger {
		if b.Night > 0 {
			out[id] = b.Night
		}
	}
	return out
}
