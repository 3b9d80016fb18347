package bolt

import (
	"bytes"
	"context"
	"encoding/json"
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
		r, err := db.ExportRegister(ctx)
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
	var r jca.Register
	if err := json.Unmarshal(first, &r); err != nil {
		t.Fatal(err)
	}
	dst, err := Open(ctx, filepath.Join(t.TempDir(), "copy.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := dst.ImportRegister(ctx, &r); err != nil {
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
	if err := dst.ImportRegister(ctx, &r); jca.ErrorCode(err) != jca.EConflict {
		t.Fatalf("import into a non-empty store: %v", err)
	}
}
