package storetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
)

// Upgrade is the contract's case for migrations: open is an Opener on a
// copy of data an earlier release of the store wrote, and want is what
// that release exported from it. Opened by this build, the store holds the
// same register (every record, its history, its sequences), the earlier
// release's waiting posts are still waiting, new ids follow the old ones,
// and it reopens the same. A store calls it once per earlier data format
// it can still read (a backend with no earlier release has none yet).
func Upgrade(t *testing.T, open Opener, want *jca.Snapshot, waiting []string) {
	ctx := context.Background()
	s := open(t)
	same := func(when string) {
		t.Helper()
		got, err := s.ExportSnapshot(ctx)
		must(t, err)
		if a, b := canonical(t, got), canonical(t, want); a != b {
			t.Fatalf("%s, the register differs from what the earlier release exported:\n%s\nwant\n%s", when, a, b)
		}
	}
	same("after the upgrade")
	ListsMatchTheRecords(t, s, "after the upgrade")
	entries, err := s.WaitingEntries(ctx, 0)
	must(t, err)
	keys := map[string]bool{}
	for _, e := range entries {
		keys[e.Key] = true
	}
	for _, k := range waiting {
		if !keys[k] {
			t.Errorf("the waiting post %q was lost in the upgrade (waiting: %v)", k, keys)
		}
	}
	must(t, s.Close())
	s = open(t)
	same("reopened")

	// New records take the ids after the earlier release's.
	a := activity("after the upgrade")
	must(t, s.CreateActivity(ctx, a))
	if a.ID != want.Sequences["activities"]+1 {
		t.Errorf("the first activity after the upgrade is A-%d, want A-%d", a.ID, want.Sequences["activities"]+1)
	}
	l := &jca.Liaison{Direction: "out", From: "JCA", To: []string{"IETF"}, Title: "after", Status: jca.LiaisonOpen, CreatedAt: t0}
	must(t, s.CreateLiaison(ctx, l))
	if l.ID != want.Sequences["liaisons"]+1 {
		t.Errorf("the first liaison after the upgrade is L-%d, want L-%d", l.ID, want.Sequences["liaisons"]+1)
	}
	must(t, s.Enqueue(ctx, outbox.Entry{Key: "after-the-upgrade", Channel: "console:general", Created: t0}))
	must(t, s.Close())
}

// canonical is a snapshot as JSON, through the current types, so fields
// this build added compare as their zero values.
func canonical(t *testing.T, s *jca.Snapshot) string {
	t.Helper()
	b, err := json.Marshal(s)
	must(t, err)
	var again jca.Snapshot
	must(t, json.Unmarshal(b, &again))
	b, err = json.MarshalIndent(&again, "", " ")
	must(t, err)
	return string(b)
}
