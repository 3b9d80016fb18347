// Package benchreg generates the registers the benchmarks run on: a JCA
// after many study periods (100,000 activities, 5,000 topics, 500 joint
// groups, 2,000 liaisons, 300 people at the large size), deterministic for
// a size, loaded through the store's own import.
package benchreg

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
)

// Now is the benchmarks' clock; the register spans the four years before
// it.
var Now = time.Date(2028, 6, 30, 9, 0, 0, 0, time.UTC)

var words = strings.Fields("network requirements framework security IMT-2030 quantum key distribution cloud computing " +
	"Internet of things identity management routing IPv6 transport access home performance quality service experience " +
	"signalling protocol testing counterfeit digital twin smart city sustainable energy efficiency artificial intelligence " +
	"machine learning data trust blockchain DNS resolver satellite optical fibre 5G 6G metaverse")

// Size is the size of a generated register.
type Size struct{ Activities, Topics, Liaisons, People int }

// Large is the register of most benchmarks: a JCA after many study periods.
var Large = Size{100_000, 5_000, 2_000, 300}

// Register generates a register of size n: most records years old,
// about 1 % of the activities changed in the last week, a few topics and
// liaisons moving, some deadlines close; a tenth as many joint groups as
// topics.
func Register(v *jca.Vocabulary, n Size) *jca.Snapshot {
	rng := rand.New(rand.NewPCG(7, 11))
	span := 4 * 365 * 24 * time.Hour
	at := func() time.Time { return Now.Add(-time.Duration(rng.Int64N(int64(span)))) }
	recent := func() time.Time { return Now.Add(-time.Duration(rng.Int64N(int64(6 * 24 * time.Hour)))) }
	// Titles of 4 to 9 words from a vocabulary of 20,000, as the store's
	// own benchmarks draw them.
	title := func() string {
		n := 4 + rng.IntN(6)
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.IntN(len(words))] + strconv.Itoa(rng.IntN(400))
		}
		return strings.Join(w, " ")
	}
	groups, bodies := v.GroupCodes(), v.BodyNames()
	r := &jca.Snapshot{Format: jca.SnapshotFormat, Sequences: map[string]int{
		"activities": n.Activities, "topics": n.Topics, "joints": n.Topics / 10, "liaisons": n.Liaisons,
		"polls": 10, "meetings": 200,
	}}
	for i := 1; i <= n.Activities; i++ {
		created := at()
		a := &jca.Activity{ID: i, Group: bodies[rng.IntN(len(bodies))], Title: title(), Status: v.Statuses[rng.IntN(len(v.Statuses))],
			Aspects: []jca.Aspect{v.Aspects[rng.IntN(len(v.Aspects))]}, CreatedBy: "console:alice", CreatedAt: created, UpdatedAt: created, Rev: 1}
		if rng.IntN(100) == 0 {
			when := recent()
			a.History = append(a.History, jca.Change{At: when, By: "console:bob", Field: "status", Old: "under-study", New: string(a.Status)})
			a.UpdatedAt, a.Rev = when, 2
		}
		r.Activities = append(r.Activities, a)
	}
	stance := []jca.Stance{jca.Support, jca.Support, jca.Object}
	for i := 1; i <= n.Topics; i++ {
		kind := jca.TopicProposal
		p := &jca.Proposal{Kind: kind, ID: i, Title: title(), Groups: []string{groups[rng.IntN(len(groups))], groups[rng.IntN(len(groups))]},
			Status: kind.Statuses()[rng.IntN(6)], CreatedAt: at(), Rev: 1}
		p.UpdatedAt = p.CreatedAt
		for k := 0; k < rng.IntN(8); k++ {
			p.Positions = append(p.Positions, jca.Position{Person: jca.PersonID(fmt.Sprintf("console:p%d", rng.IntN(n.People))),
				Stance: stance[rng.IntN(3)], Comment: "reason", At: p.CreatedAt})
		}
		if rng.IntN(50) == 0 {
			p.UpdatedAt = recent()
			p.Deadline = Now.Add(time.Duration(rng.IntN(20)) * 24 * time.Hour)
		}
		r.Topics = append(r.Topics, p)
		if i%10 == 0 {
			j := *p
			j.Kind, j.ID, j.JointKind = jca.JointProposal, i/10, "joint-rapporteur-group"
			j.Status = jca.JointProposal.Statuses()[rng.IntN(6)]
			r.Joints = append(r.Joints, &j)
		}
	}
	for i := 1; i <= n.Liaisons; i++ {
		l := &jca.Liaison{ID: i, Direction: []string{"in", "out"}[rng.IntN(2)], From: bodies[rng.IntN(len(bodies))],
			To: []string{groups[rng.IntN(len(groups))]}, Title: title(), Purpose: "action", Status: jca.LiaisonStatuses[rng.IntN(3)],
			CreatedAt: at(), Rev: 1}
		l.Deadline = l.CreatedAt.Add(60 * 24 * time.Hour)
		if rng.IntN(40) == 0 {
			l.Status, l.CreatedAt = "open", recent()
			l.Deadline = Now.Add(time.Duration(rng.IntN(30)-10) * 24 * time.Hour)
		}
		l.UpdatedAt = l.CreatedAt
		r.Liaisons = append(r.Liaisons, l)
	}
	for i := 1; i <= n.People; i++ {
		p := &jca.Person{ID: jca.PersonID(fmt.Sprintf("console:p%d", i)), Name: fmt.Sprintf("Person %d", i),
			Memberships: []jca.Membership{{Group: groups[i%len(groups)], Kind: jca.SGRep}}}
		r.People = append(r.People, p)
	}
	for i := 1; i <= 10; i++ {
		p := &jca.Poll{ID: i, Title: title(), Duration: 2 * time.Hour, Slots: []time.Time{Now.Add(time.Duration(i) * 48 * time.Hour)},
			CreatedAt: recent(), Rev: 1}
		r.Polls = append(r.Polls, p)
		for k := 1; k <= 40; k++ {
			r.Ballots = append(r.Ballots, jca.Ballot{Poll: i, Person: jca.PersonID(fmt.Sprintf("console:p%d", k*7%n.People+1)),
				Answers: map[int]jca.Answer{1: jca.Yes}, At: p.CreatedAt})
		}
	}
	for i := 1; i <= 200; i++ {
		start := Now.Add(time.Duration(i-190) * 7 * 24 * time.Hour)
		r.Meetings = append(r.Meetings, &jca.Meeting{ID: i, Title: title(), Start: start, Duration: 2 * time.Hour, Kind: "e-meeting",
			Agenda: []jca.AgendaItem{{Topic: i, Text: "topic"}, {Text: "Liaison statements received"}}, CreatedAt: start.AddDate(0, -1, 0), Rev: 1})
	}
	return r
}
