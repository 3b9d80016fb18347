package jca

import (
	"context"
	"time"
)

// Digest is a channel's subscription to the periodic digest.
type Digest struct {
	Channel string
	Spec    string // cron spec: 5 fields or a descriptor (@weekly)
	TZ      string // the zone the spec is read in
	Quiet   bool   // post nothing when nothing happened
	// Since is the start of the period the next digest covers: when the
	// channel subscribed, then each digest's own time.
	Since       time.Time
	LastRun     time.Time
	LastOutcome string // "sent", "empty", "failed: ..."
	CreatedBy   PersonID
	CreatedAt   time.Time
}

// DigestService stores digest subscriptions, one per channel.
type DigestService interface {
	// FindDigest returns ENOTFOUND when the channel has no subscription.
	FindDigest(ctx context.Context, channel string) (*Digest, error)
	// PutDigest creates or replaces the channel's subscription.
	PutDigest(ctx context.Context, d *Digest) error
	// UpdateDigest applies fn in one transaction; ENOTFOUND if none.
	UpdateDigest(ctx context.Context, channel string, fn func(d *Digest) error) (*Digest, error)
	// DeleteDigest removes it; ENOTFOUND if none.
	DeleteDigest(ctx context.Context, channel string) error
	// ListDigests returns every subscription, by channel.
	ListDigests(ctx context.Context) ([]*Digest, error)
}

// RegisterFormat is the version of the export format.
const RegisterFormat = 1

// Register is the whole state of a JCA, for export and import: every
// record, with the id sequences so ids stay never reused.
type Register struct {
	Format     int
	Sequences  map[string]int // last id used, per kind
	Activities []*Activity
	Topics     []*Proposal
	Joints     []*Proposal
	Orgs       []*Org
	Liaisons   []*Liaison
	Polls      []*Poll
	Ballots    []Ballot
	Meetings   []*Meeting
	People     []*Person
	Channels   []*Channel
	Digests    []*Digest
}

// RegisterService exports and imports the whole register.
type RegisterService interface {
	// ExportRegister reads everything in one consistent view, each list by id.
	ExportRegister(ctx context.Context) (*Register, error)
	// ImportRegister writes r into an empty store in one transaction;
	// EConflict when the store already holds records.
	ImportRegister(ctx context.Context, r *Register) error
}

// Kind is one kind of stored record, named as the register and the store
// name it ("activities"): the one list every part that must know them all
// (export, import, backup, the report, search) is checked against.
type Kind struct {
	Name string
	// Reported kinds have a section of their own in the report to TSAG.
	Reported bool
	// Searched kinds are found by `find`.
	Searched bool
}

// Kinds are every kind of record the store keeps (the outbox and the
// store's own metadata aside).
var Kinds = []Kind{
	{Name: "activities", Reported: true, Searched: true},
	{Name: "topics", Reported: true, Searched: true},
	{Name: "joints", Reported: true, Searched: true},
	{Name: "orgs", Searched: true},
	{Name: "liaisons", Reported: true, Searched: true},
	{Name: "polls"},
	{Name: "ballots"},
	{Name: "meetings", Reported: true},
	{Name: "people"},
	{Name: "channels"},
	{Name: "digests"},
}

// Count is how many records of kind the register holds, and false for a
// name that is not a kind.
func (r *Register) Count(kind string) (int, bool) {
	switch kind {
	case "activities":
		return len(r.Activities), true
	case "topics":
		return len(r.Topics), true
	case "joints":
		return len(r.Joints), true
	case "orgs":
		return len(r.Orgs), true
	case "liaisons":
		return len(r.Liaisons), true
	case "polls":
		return len(r.Polls), true
	case "ballots":
		return len(r.Ballots), true
	case "meetings":
		return len(r.Meetings), true
	case "people":
		return len(r.People), true
	case "channels":
		return len(r.Channels), true
	case "digests":
		return len(r.Digests), true
	}
	return 0, false
}
