package jca

import (
	"reflect"
	"testing"
	"time"
)

func TestMergeBallotPersonsOwnAnswersWin(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	joined := Ballot{Poll: 4, Person: "mattermost:x", Answers: map[int]Answer{1: No, 2: Yes, 3: Maybe}, At: t0.Add(time.Hour)}
	canon := &Ballot{Poll: 4, Person: "slack:T1/U1", Answers: map[int]Answer{1: Yes}, At: t0}
	got := MergeBallot(canon, joined, "slack:T1/U1")
	want := Ballot{Poll: 4, Person: "slack:T1/U1", Answers: map[int]Answer{1: Yes, 2: Yes, 3: Maybe}, At: t0.Add(time.Hour)}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	// Nothing from the person: joined's ballot becomes theirs.
	got = MergeBallot(nil, joined, "slack:T1/U1")
	if got.Person != "slack:T1/U1" || !reflect.DeepEqual(got.Answers, joined.Answers) {
		t.Fatalf("moved %+v", got)
	}
	got.Answers[1] = Yes
	if joined.Answers[1] != No {
		t.Fatal("the merge shares the joined ballot's answers")
	}
}

func TestMergePositions(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	p := &Proposal{Positions: []Position{
		{Person: "slack:T1/U9", Stance: Support, At: at},
		{Person: "mattermost:x", Stance: Object, Comment: "overlaps SG20", At: at},
	}}
	if !p.MergePositions("slack:T1/U1", "mattermost:x") {
		t.Fatal("joined's position not seen")
	}
	if pos, ok := p.Position("slack:T1/U1"); !ok || pos.Stance != Object || pos.Comment != "overlaps SG20" || len(p.Positions) != 2 {
		t.Fatalf("positions %+v", p.Positions)
	}
	// The person's own position wins; joined's goes.
	p = &Proposal{Positions: []Position{{Person: "slack:T1/U1", Stance: Support}, {Person: "mattermost:x", Stance: Object, Comment: "no"}}}
	p.MergePositions("slack:T1/U1", "mattermost:x")
	if len(p.Positions) != 1 || p.Positions[0].Stance != Support {
		t.Fatalf("positions %+v", p.Positions)
	}
	if s, o := p.Counts(); s != 1 || o != 0 {
		t.Fatalf("counts %d %d", s, o)
	}
	if (&Proposal{}).MergePositions("a", "b") {
		t.Fatal("a position out of nowhere")
	}
}

func TestLinkAndUnlinkWriteBothHistories(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	p := &Person{ID: "slack:T1/U1", LinkCode: "k-1", LinkExpires: now.Add(time.Hour), TZ: "Europe/Paris",
		Memberships: []Membership{{Group: "SG13"}}}
	j := &Person{ID: "mattermost:x", Chair: true, Lang: "fr", TZ: "Asia/Tokyo",
		Memberships: []Membership{{Group: "SG13", Org: "Orange"}, {Group: "SG17"}}}
	p.Link(j, j.ID, now)
	if p.LinkCode != "" || !p.LinkExpires.IsZero() || !reflect.DeepEqual(p.Links, []PersonID{j.ID}) {
		t.Fatalf("the code is not used up or the link not kept: %+v", p)
	}
	if got := p.Groups(); !reflect.DeepEqual(got, []string{"SG13", "SG17"}) || !p.Chair || p.Lang != "fr" || p.TZ != "Europe/Paris" {
		t.Fatalf("canonical record after link: groups %v chair %v lang %q tz %q", got, p.Chair, p.Lang, p.TZ)
	}
	if m, _ := p.Membership("SG13"); m.Org != "" {
		t.Fatalf("the person's own membership of SG13 was replaced: %+v", m)
	}
	if j.LinkedTo != p.ID || j.Memberships != nil || j.Chair {
		t.Fatalf("joined record after link: %+v", j)
	}
	for _, x := range []*Person{p, j} {
		if n := len(x.History); n != 1 || x.History[0].Field != "link" {
			t.Fatalf("%s history %+v", x.ID, x.History)
		}
	}
	p.Link(j, j.ID, now) // twice: one link kept
	if len(p.Links) != 1 {
		t.Fatalf("links %v", p.Links)
	}

	other := &Person{ID: "slack:T1/U9"}
	if other.Unlink(j, j.ID, now) {
		t.Fatal("unlinked from a record it is not linked to")
	}
	if !p.Unlink(j, j.ID, now) || j.LinkedTo != "" || len(p.Links) != 0 {
		t.Fatalf("after unlink: %+v %+v", p, j)
	}
	if last := j.History[len(j.History)-1]; last.Old != string(p.ID) || last.New != "" {
		t.Fatalf("joined's history: %+v", last)
	}
}
