package storetest

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/textfold"
)

// listsAgree: every filtered list of activities, proposals and liaisons
// (and the count of open liaisons by body) is what a scan of the records gives, through
// creates, edits that change what is filtered on, replies that answer, a
// restart, and an export → import into a new store. A store answers lists
// from an index; this is the proof that the index follows the records.
func listsAgree(t *testing.T, open Opener, fresh func(t *testing.T) Opener) {
	ctx := context.Background()
	s := open(t)
	rng := rand.New(rand.NewPCG(3, 5))
	words := []string{"IPv6", "sécurité", "security", "réseaux", "quantum", "cloud", "Internet"}
	groups := []string{"SG13", "SG17", "SG20", "IETF"}
	title := func() string { return words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))] }
	for i := 0; i < 60; i++ {
		kind := []jca.ProposalKind{jca.TopicProposal, jca.JointProposal}[i%2]
		p := &jca.Proposal{Kind: kind, Title: title(), Why: title(), Groups: []string{groups[rng.IntN(4)], groups[rng.IntN(4)]},
			Status: kind.Statuses()[rng.IntN(3)], CreatedAt: t0}
		must(t, s.CreateProposal(ctx, p))
	}
	for i := 0; i < 60; i++ { // edits: status, groups, title
		kind := []jca.ProposalKind{jca.TopicProposal, jca.JointProposal}[i%2]
		_, err := s.UpdateProposal(ctx, kind, 1+rng.IntN(30), func(p *jca.Proposal) error {
			p.Status = kind.Statuses()[rng.IntN(4)]
			p.Groups = []string{groups[rng.IntN(4)]}
			p.Title = title()
			return nil
		})
		must(t, err)
	}
	for i := 0; i < 50; i++ {
		l := &jca.Liaison{Direction: "out", From: groups[rng.IntN(4)], To: []string{groups[rng.IntN(4)]}, Title: title(),
			Purpose: "action", Status: jca.LiaisonOpen, CreatedAt: t0}
		if rng.IntN(2) == 0 {
			l.Deadline = t0.Add(time.Duration(rng.IntN(40)-20) * 24 * time.Hour)
		}
		if i > 5 && rng.IntN(3) == 0 { // a reply: answers its liaison when that is open
			l.ReplyTo = 1 + rng.IntN(i)
		}
		must(t, s.CreateLiaison(ctx, l))
	}
	for i := 0; i < 30; i++ {
		_, err := s.UpdateLiaison(ctx, 1+rng.IntN(50), func(l *jca.Liaison) error {
			l.SetStatus(jca.LiaisonStatuses[rng.IntN(len(jca.LiaisonStatuses))], "console:chair", t0)
			l.To = []string{groups[rng.IntN(4)]}
			return nil
		})
		must(t, err)
	}
	for i := 0; i < 40; i++ {
		a := activity(title())
		a.Group = groups[rng.IntN(4)]
		must(t, s.CreateActivity(ctx, a))
	}
	for i := 0; i < 30; i++ { // moves and removals
		_, err := s.UpdateActivity(ctx, 1+rng.IntN(40), func(a *jca.Activity) error {
			a.Group = groups[rng.IntN(4)]
			a.Removed = rng.IntN(3) == 0
			return nil
		})
		must(t, err)
	}
	ListsMatchTheRecords(t, s, "after the writes")
	must(t, s.Close())
	s = open(t)
	ListsMatchTheRecords(t, s, "after a restart")
	snap, err := s.ExportSnapshot(ctx)
	must(t, err)
	must(t, s.Close())
	other := fresh(t)(t)
	defer other.Close()
	must(t, other.ImportSnapshot(ctx, snap))
	ListsMatchTheRecords(t, other, "after an export and import")
}

// ListsMatchTheRecords checks s's filtered lists of activities, proposals
// and liaisons
// against a scan of its exported records (when names the moment, for the
// failure). Upgrade calls it on a store opened on an earlier release's data.
func ListsMatchTheRecords(t *testing.T, s Store, when string) {
	t.Helper()
	ctx := context.Background()
	snap, err := s.ExportSnapshot(ctx)
	must(t, err)
	for kind, all := range map[jca.ProposalKind][]*jca.Proposal{jca.TopicProposal: snap.Topics, jca.JointProposal: snap.Joints} {
		for _, f := range []jca.ProposalFilter{
			{}, {Status: "discussing"}, {Group: "SG13"}, {Group: "SG17", Status: "proposed"},
			{Text: "ipv6 securite"}, {Text: "Réseaux", Group: "SG13"}, {Text: "nothing-holds-this"},
		} {
			var want []int
			for _, p := range all {
				if (f.Status == "" || p.Status == f.Status) && (f.Group == "" || slices.Contains(p.Groups, f.Group)) &&
					(f.Text == "" || textfold.ContainsAll(p.Title+"\n"+p.Why, f.Text)) {
					want = append(want, p.ID)
				}
			}
			slices.Reverse(want) // newest first
			f.Limit = math.MaxInt32
			got, total, err := s.ListProposals(ctx, kind, f)
			must(t, err)
			if ids := proposalIDs(got); !slices.Equal(ids, want) || total != len(want) {
				t.Fatalf("%s, %s %+v: got %v (total %d), want %v", when, kind, f, ids, total, want)
			}
			f.Offset, f.Limit = 2, 3 // a page
			got, _, err = s.ListProposals(ctx, kind, f)
			must(t, err)
			if ids, page := proposalIDs(got), want[min(2, len(want)):min(5, len(want))]; !slices.Equal(ids, page) {
				t.Fatalf("%s, %s %+v: page %v, want %v", when, kind, f, ids, page)
			}
		}
	}
	overdue := t0
	for _, f := range []jca.LiaisonFilter{
		{}, {Open: true}, {Body: "IETF"}, {Open: true, Body: "SG13"}, {Overdue: overdue}, {ReplyTo: 1}, {ReplyTo: 7},
		{Text: "ipv6"}, {Text: "sécurité réseaux", Open: true},
	} {
		var want []int
		for _, l := range snap.Liaisons {
			ok := (!f.Open && f.Overdue.IsZero() || l.IsOpen()) &&
				(f.Overdue.IsZero() || (!l.Deadline.IsZero() && l.Deadline.Before(f.Overdue))) &&
				(f.Body == "" || slices.Contains(l.Bodies(), f.Body)) &&
				(f.ReplyTo == 0 || l.ReplyTo == f.ReplyTo) &&
				(f.Text == "" || textfold.ContainsAll(l.Title, f.Text))
			if ok {
				want = append(want, l.ID)
			}
		}
		slices.Reverse(want)
		f.Limit = math.MaxInt32
		got, total, err := s.ListLiaisons(ctx, f)
		must(t, err)
		ids := make([]int, len(got))
		for i, l := range got {
			ids[i] = l.ID
		}
		if !slices.Equal(ids, want) || total != len(want) {
			t.Fatalf("%s, liaisons %+v: got %v (total %d), want %v", when, f, ids, total, want)
		}
	}
	for _, f := range []jca.ActivityFilter{{}, {Group: "SG13"}, {Group: "IETF"}} {
		var want []int
		for _, a := range snap.Activities {
			if !a.Removed && (f.Group == "" || a.Group == f.Group) {
				want = append(want, a.ID)
			}
		}
		slices.Reverse(want)
		want = want[:min(len(want), jca.MaxPageSize)]
		f.Limit = jca.MaxPageSize
		got, _, err := s.ListActivities(ctx, f)
		must(t, err)
		ids := make([]int, len(got))
		for i, a := range got {
			ids[i] = a.ID
		}
		if !slices.Equal(ids, want) {
			t.Fatalf("%s, activities %+v: got %v, want %v", when, f, ids, want)
		}
	}
	want := map[string]int{}
	for _, l := range snap.Liaisons {
		if l.IsOpen() {
			for _, b := range slices.Compact(slices.Sorted(slices.Values(l.Bodies()))) {
				want[b]++
			}
		}
	}
	got, err := s.OpenLiaisonsByBody(ctx)
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s, open liaisons by body: %v, want %v", when, got, want)
	}
}

func proposalIDs(ps []*jca.Proposal) []int {
	ids := make([]int, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

// seriesAtomic: a series is stored whole, with consecutive ids and its
// first one's id as Series; updating it from a date on changes those
// occurrences and no other, and a refusal changes none.
func seriesAtomic(t *testing.T, open Opener, _ func(t *testing.T) Opener) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	lone := &jca.Meeting{Title: "alone", Start: t0, Duration: time.Hour, Zone: "UTC", CreatedAt: t0}
	must(t, s.CreateMeeting(ctx, lone, nil))
	var ms []*jca.Meeting
	for i := range 5 {
		ms = append(ms, &jca.Meeting{Title: "monthly", Start: t0.AddDate(0, i+1, 0), Duration: time.Hour, Zone: "UTC", Rule: "monthly", CreatedAt: t0})
	}
	must(t, s.CreateSeries(ctx, ms))
	for i, m := range ms {
		if m.ID != lone.ID+1+i || m.Series != ms[0].ID {
			t.Fatalf("occurrence %d: id %d series %d", i, m.ID, m.Series)
		}
		got, err := s.FindMeeting(ctx, m.ID)
		must(t, err)
		if got.Series != ms[0].ID || got.Title != "monthly" {
			t.Fatalf("stored: %+v", got)
		}
	}
	changed, err := s.UpdateSeries(ctx, ms[0].ID, ms[2].Start, func(m *jca.Meeting) error { m.Cancelled = true; return nil })
	must(t, err)
	if len(changed) != 3 {
		t.Fatalf("%d changed", len(changed))
	}
	for i, m := range ms {
		got, _ := s.FindMeeting(ctx, m.ID)
		if got.Cancelled != (i >= 2) {
			t.Fatalf("occurrence %d cancelled %v", i, got.Cancelled)
		}
	}
	refused := errors.New("refused")
	calls := 0
	if _, err := s.UpdateSeries(ctx, ms[0].ID, ms[0].Start, func(m *jca.Meeting) error {
		calls++
		if calls == 2 {
			return refused
		}
		m.Title = "renamed"
		return nil
	}); !errors.Is(err, refused) {
		t.Fatalf("refusal: %v", err)
	}
	for _, m := range ms {
		if got, _ := s.FindMeeting(ctx, m.ID); got.Title != "monthly" {
			t.Fatal("a refused series update wrote")
		}
	}
}
