package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
)

// export → import → export gives the same bytes, and ids stay never reused.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := MustOpen(t)
	for _, a := range []*jca.Activity{newActivity("SG13", "Réseaux IMT-2030", t0, "capacity"), newActivity("IETF", "DNS", t0)} {
		if err := src.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	src.UpdateActivity(ctx, 2, func(a *jca.Activity) error { a.Removed = true; return nil })
	src.CreateProposal(ctx, &jca.Proposal{Kind: jca.TopicProposal, Title: "Trust", Groups: []string{"SG13", "SG17"}, Status: "proposed",
		Positions: []jca.Position{{Person: "slack:U1", Stance: jca.Object, Comment: "why", At: t0}}})
	src.CreateProposal(ctx, &jca.Proposal{Kind: jca.JointProposal, Title: "JRG", Status: "proposed"})
	src.UpdateOrg(ctx, "IETF", true, func(o *jca.Org) error { o.Status = "invited"; return nil })
	src.CreateLiaison(ctx, &jca.Liaison{Direction: "out", From: "JCA-Res.178", To: []string{"IETF"}, Title: "LS", Purpose: "action", Deadline: t0.Add(48 * time.Hour), Status: "open"})
	p := newPoll(t, src)
	src.Vote(ctx, p.ID, "slack:U1", map[int]jca.Answer{1: jca.Yes}, t0, func(*jca.Poll) error { return nil })
	src.CreateMeeting(ctx, &jca.Meeting{Title: "M", Start: t0.Add(time.Hour), Duration: time.Hour}, nil)
	src.UpdatePerson(ctx, "slack:U1", func(p *jca.Person) error { p.Lang = "fr"; return nil })
	src.UpdateChannel(ctx, "slack:T1/C1", func(c *jca.Channel) error { c.TZ = "Europe/Zurich"; return nil })
	src.PutDigest(ctx, &jca.Digest{Channel: "slack:T1/C1", Spec: "@weekly", TZ: "Europe/Zurich", Since: t0})

	export := func(db *DB) []byte {
		r, err := db.ExportSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.MarshalIndent(r, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := export(src)
	var r jca.Snapshot
	if err := json.Unmarshal(first, &r); err != nil {
		t.Fatal(err)
	}
	dst, err := Open(ctx, filepath.Join(t.TempDir(), "copy.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := dst.ImportSnapshot(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if second := export(dst); !bytes.Equal(first, second) {
		t.Fatalf("export after import differs:\n%s\n---\n%s", first, second)
	}
	if _, total, _ := dst.ListActivities(ctx, jca.ActivityFilter{}); total != 1 {
		t.Fatalf("imported index: %d live activities", total)
	}
	a := newActivity("SG17", "after import", t0)
	if err := dst.CreateActivity(ctx, a); err != nil || a.ID != 3 {
		t.Fatalf("next id after import = %d, %v", a.ID, err)
	}
	// A store that holds records refuses an import and keeps what it has.
	if err := dst.ImportSnapshot(ctx, &r); jca.ErrorCode(err) != jca.EConflict {
		t.Fatalf("import into a non-empty store: %v", err)
	}
}

// One record of every kind (jca.Kinds) is exported, survives a backup, and
// an import into an empty store gives the same register back. A new kind
// without a seeder here, or without its place in export, import or the
// backup, fails.
func TestEveryKindIsStored(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	at := time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)
	poll := &jca.Poll{Title: "P", Zone: "UTC", Duration: time.Hour, Slots: []time.Time{at.Add(48 * time.Hour)}, CreatedAt: at}
	seed := map[string]func() error{
		"activities": func() error { return db.CreateActivity(ctx, newActivity("SG13", "Seeded", at)) },
		"topics": func() error {
			return db.CreateProposal(ctx, &jca.Proposal{Kind: jca.TopicProposal, Title: "T", Status: "proposed", CreatedAt: at})
		},
		"joints": func() error {
			return db.CreateProposal(ctx, &jca.Proposal{Kind: jca.JointProposal, Title: "G", Status: "proposed", CreatedAt: at})
		},
		"orgs": func() error {
			_, err := db.UpdateOrg(ctx, "IETF", true, func(o *jca.Org) error { o.Status = "invited"; return nil })
			return err
		},
		"liaisons": func() error {
			return db.CreateLiaison(ctx, &jca.Liaison{Direction: "out", From: "JCA-Res.178", To: []string{"IETF"}, Title: "L", Status: jca.LiaisonOpen, CreatedAt: at})
		},
		"polls": func() error { return db.CreatePoll(ctx, poll) },
		"ballots": func() error {
			_, err := db.Vote(ctx, poll.ID, "console:bob", map[int]jca.Answer{1: jca.Yes}, at, func(*jca.Poll) error { return nil })
			return err
		},
		"meetings": func() error {
			return db.CreateMeeting(ctx, &jca.Meeting{Title: "M", Start: at.Add(72 * time.Hour), Duration: time.Hour, Zone: "UTC", CreatedAt: at}, nil)
		},
		"people": func() error {
			_, err := db.UpdatePerson(ctx, "console:bob", func(p *jca.Person) error { p.Lang = "fr"; return nil })
			return err
		},
		"channels": func() error {
			_, err := db.UpdateChannel(ctx, "console:general", func(c *jca.Channel) error { c.TZ = "Europe/Zurich"; return nil })
			return err
		},
		"digests": func() error {
			return db.PutDigest(ctx, &jca.Digest{Channel: "console:general", Spec: "0 9 * * MON", TZ: "UTC", CreatedAt: at})
		},
	}
	for _, k := range jca.Kinds { // in order: ballots need their poll
		fn, ok := seed[k.Name]
		if !ok {
			t.Fatalf("no seeder for the kind %s: add one here", k.Name)
		}
		if err := fn(); err != nil {
			t.Fatalf("seed %s: %v", k.Name, err)
		}
	}
	exported, err := db.ExportSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range jca.Kinds {
		if n, _ := exported.Count(k.Name); n == 0 {
			t.Errorf("the export has no %s", k.Name)
		}
	}
	// The backup holds every kind.
	var copyOf bytes.Buffer
	if _, err := db.Backup(ctx, &copyOf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, copyOf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	restored, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	fromBackup, err := restored.ExportSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// An import into an empty store gives the same register back.
	empty := MustOpen(t)
	if err := empty.ImportSnapshot(ctx, exported); err != nil {
		t.Fatal(err)
	}
	imported, err := empty.ExportSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := mustJSON(t, exported)
	for name, got := range map[string]*jca.Snapshot{"backup": fromBackup, "import": imported} {
		if mustJSON(t, got) != want {
			t.Errorf("the %s differs from the store:\n%s\n%s", name, mustJSON(t, got), want)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The snapshot knows every kind of the domain, in its order, each in a
// bucket of its own.
func TestSnapshotKindsFollowTheDomain(t *testing.T) {
	if len(snapshotKinds) != len(jca.Kinds) {
		t.Fatalf("%d snapshot kinds for %d kinds", len(snapshotKinds), len(jca.Kinds))
	}
	buckets := map[string]bool{}
	for i, k := range snapshotKinds {
		if k.name != jca.Kinds[i].Name || k.export == nil || k.put == nil {
			t.Errorf("snapshot kind %d is %q, want %q", i, k.name, jca.Kinds[i].Name)
		}
		if buckets[string(k.bucket)] {
			t.Errorf("bucket %s used twice", k.bucket)
		}
		buckets[string(k.bucket)] = true
	}
}
