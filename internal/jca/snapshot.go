package jca

import (
	"context"
)

// SnapshotFormat is the version of the export format.
const SnapshotFormat = 1

// Snapshot is the whole state of a JCA, for export and import: every
// record, with the id sequences so ids stay never reused.
type Snapshot struct {
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

// SnapshotService exports and imports the whole register.
type SnapshotService interface {
	// ExportSnapshot reads everything in one consistent view, each list by id.
	ExportSnapshot(ctx context.Context) (*Snapshot, error)
	// ImportSnapshot writes r into an empty store in one transaction;
	// EConflict when the store already holds records.
	ImportSnapshot(ctx context.Context, r *Snapshot) error
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
func (r *Snapshot) Count(kind string) (int, bool) {
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
