package bolt

import (
	"context"
	"testing"

	"github.com/jcabot/jcabot/internal/jca"
)

// LinkPeople writes the two people, the ballots and the positions in one
// transaction; a refusal writes none of it, and a person's ballot moved to
// a poll nobody else voted on keeps the voter count.
func TestLinkPeopleIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	const canon, joined jca.PersonID = "slack:T1/UALICE", "console:alice&co" // "&" is escaped in JSON
	p1, p2 := newPoll(t, db), newPoll(t, db)
	vote := func(poll int, who jca.PersonID, a map[int]jca.Answer) {
		t.Helper()
		if _, err := db.Vote(ctx, poll, who, a, t0, open); err != nil {
			t.Fatal(err)
		}
	}
	vote(p1.ID, canon, map[int]jca.Answer{1: jca.Yes})
	vote(p1.ID, joined, map[int]jca.Answer{1: jca.No, 2: jca.Maybe})
	vote(p2.ID, joined, map[int]jca.Answer{2: jca.Yes})
	topic := &jca.Proposal{Kind: jca.TopicProposal, Title: "T", CreatedBy: "console:chair",
		Positions: []jca.Position{{Person: joined, Stance: jca.Object, Comment: "overlap"}, {Person: "console:bob", Stance: jca.Support}}}
	if err := db.CreateProposal(ctx, topic); err != nil {
		t.Fatal(err)
	}
	snapshot := func() string {
		t.Helper()
		var out string
		for _, id := range []int{p1.ID, p2.ID} {
			bs, err := db.Ballots(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := db.FindPoll(ctx, id)
			out += fmtBallots(bs) + " voters " + string(rune('0'+p.Voters)) + "; "
		}
		tp, _ := db.FindProposal(ctx, jca.TopicProposal, topic.ID)
		for _, x := range tp.Positions {
			out += string(x.Person) + "=" + string(x.Stance) + " "
		}
		a, _ := db.FindPerson(ctx, canon)
		b, _ := db.FindPerson(ctx, joined)
		return out + "| " + string(b.LinkedTo) + " " + a.Name
	}

	before := snapshot()
	_, err := db.LinkPeople(ctx, canon, joined, func(c, j *jca.Person) error {
		c.Name, j.LinkedTo = "changed", canon
		return jca.Errorf(jca.EInvalid, "err.link.bad_code", "code", "X")
	})
	if jca.ErrorCode(err) != jca.EInvalid {
		t.Fatalf("refusal: %v", err)
	}
	if after := snapshot(); after != before {
		t.Fatalf("a refused link wrote:\nbefore %s\nafter  %s", before, after)
	}

	res, err := db.LinkPeople(ctx, canon, joined, func(c, j *jca.Person) error {
		c.Links, j.LinkedTo = []jca.PersonID{joined}, canon
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Ballots != 2 || res.Positions != 1 || len(res.Polls) != 2 {
		t.Fatalf("result %+v", res)
	}
	want := "slack:T1/UALICE{1:yes 2:maybe} voters 1; slack:T1/UALICE{2:yes} voters 1; console:bob=support slack:T1/UALICE=object | slack:T1/UALICE "
	if got := snapshot(); got != want {
		t.Fatalf("after the link:\n got %s\nwant %s", got, want)
	}
	if p, _ := db.FindPerson(ctx, joined); p.LinkedTo != canon { // the cache too
		t.Fatalf("joined %+v", p)
	}
}

func fmtBallots(bs []jca.Ballot) string {
	var out string
	for _, b := range bs {
		out += string(b.Person) + "{"
		for slot := 1; slot <= 3; slot++ {
			if a, ok := b.Answers[slot]; ok {
				if out[len(out)-1] != '{' {
					out += " "
				}
				out += string(rune('0'+slot)) + ":" + string(a)
			}
		}
		out += "}"
	}
	return out
}
