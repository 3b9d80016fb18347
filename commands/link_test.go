package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// linkDo runs a line as a platform identity ("slack:U1", "mattermost:m1").
func (e *env) linkDo(id bot.Identity, line string) bot.Reply {
	e.t.Helper()
	e.now = e.now.Add(time.Minute)
	ch := bot.NewChannelID(id.Platform(), "T1", "C1")
	return e.r.Handle(context.Background(), bot.Request{
		Platform: id.Platform(), Channel: ch, Team: "T1",
		Person: bot.Person{ID: id, Name: "Name of " + id.User()},
		Text:   line, Time: e.now,
	})
}

func (e *env) linkOK(id bot.Identity, line string) string {
	e.t.Helper()
	rep := e.linkDo(id, line)
	if rep.Refused {
		e.t.Fatalf("%s as %s: refused: %s", line, id, plain(rep.Message))
	}
	return plain(rep.Message)
}

func (e *env) linkRefused(id bot.Identity, line string) string {
	e.t.Helper()
	rep := e.linkDo(id, line)
	if !rep.Refused {
		e.t.Fatalf("%s as %s: accepted: %s", line, id, plain(rep.Message))
	}
	return plain(rep.Message)
}

// linkCode issues a code as id and returns it.
func (e *env) linkCode(id bot.Identity) string {
	e.t.Helper()
	rep := e.linkDo(id, "link")
	if rep.Refused {
		e.t.Fatalf("link as %s refused: %s", id, plain(rep.Message))
	}
	for _, s := range rep.Message.Blocks[0].Text {
		if s.Kind == bot.Bold {
			return s.Text
		}
	}
	e.t.Fatalf("no code in %s", plain(rep.Message))
	return ""
}

func (e *env) linkPerson(id bot.Identity) *jca.Person {
	e.t.Helper()
	p, err := e.db.FindPerson(context.Background(), jca.PersonID(id))
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

const (
	slackAlice bot.Identity = "slack:UALICE"
	mmAlice    bot.Identity = "mattermost:alice0000000000000000000000"
)

func TestLinkJoinsTwoIdentities(t *testing.T) {
	e := newEnv(t)
	e.linkOK(mmAlice, "member join SG13")
	e.linkOK(slackAlice, "member join SG17")

	code := e.linkCode(slackAlice)
	if _, ok := normalLinkCode(code); !ok || len(code) < 6 || len(code) > 8 {
		t.Fatalf("code %q is not 6-8 characters of the alphabet", code)
	}
	out := e.linkOK(slackAlice, "link") // a new code replaces the old one
	mustContain(t, out, "/jca link ", "valid until")
	code = e.linkCode(slackAlice)

	out = e.linkOK(mmAlice, "link "+strings.ToLower(code[:4])+"-"+code[4:]) // case and dashes do not matter
	mustContain(t, out, "Linked", "Name of UALICE (slack)", "count once")

	canon, other := e.linkPerson(slackAlice), e.linkPerson(mmAlice)
	if other.LinkedTo != jca.PersonID(slackAlice) || len(canon.Links) != 1 || canon.Links[0] != jca.PersonID(mmAlice) {
		t.Fatalf("links not stored: canonical %+v, other %+v", canon.Links, other.LinkedTo)
	}
	if canon.LinkCode != "" {
		t.Fatal("the code was not consumed")
	}
	if got := strings.Join(canon.Groups(), ","); got != "SG17,SG13" {
		t.Fatalf("canonical groups = %s, want SG17,SG13", got)
	}
	if other.IsMember() {
		t.Fatal("the joined identity still holds memberships")
	}
	// Memberships count once: the roster shows Alice once per group.
	out = e.linkOK(mmAlice, "member show")
	mustContain(t, out, "SG13", "SG17")
	out = e.ok("bob", "member list")
	if n := strings.Count(out, "@UALICE"); n != 2 {
		t.Fatalf("Alice listed %d times, want twice (SG13, SG17):\n%s", n, out)
	}
	mustNotContain(t, out, "alice0000")

	// The issuer sees who is linked with the next code.
	out = e.linkOK(slackAlice, "link")
	mustContain(t, out, "Already linked to this account: Name of alice0000000000000000000000 (mattermost)")
}

func TestLinkedPersonVotesOnce(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", pollMarch)
	code := e.linkCode(slackAlice)
	e.linkOK(mmAlice, "link "+code)

	e.linkOK(slackAlice, "poll vote P-1 1=yes 2=yes")
	e.linkOK(mmAlice, "poll vote P-1 2=no")
	bs := e.pollBallots(1)
	if len(bs) != 1 {
		t.Fatalf("%d ballots, want 1: %v", len(bs), bs)
	}
	b, ok := bs["UALICE"]
	if !ok || b[1] != jca.Yes || b[2] != jca.No {
		t.Fatalf("ballot = %v, want 1=yes 2=no under slack:UALICE", bs)
	}
	if p := e.poll(1); p.Voters != 1 {
		t.Fatalf("poll counts %d voters, want 1", p.Voters)
	}
}

func TestLinkedIdentityActsAsChair(t *testing.T) {
	e := newEnv(t)
	mmChair := bot.Identity("mattermost:chair000000000000000000000")
	e.linkRefused(mmChair, "channel tz Europe/Zurich")
	code := e.linkCode("console:chair") // a configured chair
	e.linkOK(mmChair, "link "+code)
	e.linkOK(mmChair, "channel tz Europe/Zurich")
}

func TestLinkRefusals(t *testing.T) {
	e := newEnv(t)
	carol := bot.Identity("mattermost:carol")
	dave := bot.Identity("slack:UDAVE")

	out := e.linkRefused(mmAlice, "link 12")
	mustContain(t, out, "Unknown or expired link code `12`", "/jca link K7QF2M3X")
	out = e.linkRefused(mmAlice, "link ABCDEFGH")
	mustContain(t, out, "Unknown or expired link code `ABCDEFGH`")

	code := e.linkCode(slackAlice)
	out = e.linkRefused(slackAlice, "link "+code)
	mustContain(t, out, "made on this very account")

	e.now = e.now.Add(10 * time.Minute) // linkDo adds a minute more: expired
	out = e.linkRefused(mmAlice, "link "+code)
	mustContain(t, out, "expired")
	if p := e.linkPerson(mmAlice); p.LinkedTo != "" {
		t.Fatal("a refused link changed the store")
	}

	code = e.linkCode(slackAlice)
	e.linkOK(mmAlice, "link "+code)
	out = e.linkRefused(carol, "link "+code) // used once
	mustContain(t, out, "Unknown or expired")

	code = e.linkCode(dave)
	out = e.linkRefused(mmAlice, "link "+code)
	mustContain(t, out, "already linked to Name of UALICE (slack); nothing was changed")
	out = e.linkRefused(slackAlice, "link "+code)
	mustContain(t, out, "Other accounts are already linked to this one")
	if p := e.linkPerson(dave); len(p.Links) != 0 || p.LinkCode != code {
		t.Fatalf("a refused link changed the issuer: %+v", p)
	}

	out = e.linkOK(mmAlice, "link help")
	mustContain(t, out, "link [<code> | remove]")
}

func TestLinkFrench(t *testing.T) {
	e := newEnv(t)
	e.linkOK(slackAlice, "lang set fr")
	out := e.linkOK(slackAlice, "link")
	mustContain(t, out, "Votre code de liaison", "/jca link ")
	out = e.linkRefused(slackAlice, "link ZZZZZZZZ")
	mustContain(t, out, "Code de liaison `ZZZZZZZZ` inconnu ou expiré")
}

// Votes and positions given from both accounts before they were linked
// count once afterwards: the account that issued the code keeps its own
// answers, the other one's fill the gaps, and the posted poll is refreshed.
func TestLinkMergesWhatBothAccountsGaveBefore(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.ok("chair", pollMarch)
	if err := e.r.Posts().RecordPost(ctx, PollTag(1), bot.MessageRef{Channel: "slack:T1/C1", ID: "s1"}); err != nil {
		t.Fatal(err)
	}
	e.ok("alice", `topic propose "Quantum-safe signalling" --group SG13 --why "Both groups study parts of it"`)
	e.ok("alice", `topic propose "Digital twins" --group SG20 --why "Cities"`)

	e.linkOK(slackAlice, "poll vote P-1 1=yes")
	e.linkOK(mmAlice, "poll vote P-1 1=no 2=maybe")
	e.linkOK(slackAlice, "topic support T-1")
	e.linkOK(mmAlice, `topic object T-1 --reason "overlaps SG17"`)
	e.linkOK(mmAlice, "topic support T-2")
	if p := e.poll(1); p.Voters != 2 {
		t.Fatalf("before the link: %d voters, want 2", p.Voters)
	}

	code := e.linkCode(slackAlice)
	rep := e.linkDo(mmAlice, "link "+code)
	if rep.Refused {
		t.Fatal(plain(rep.Message))
	}
	mustContain(t, plain(rep.Message), "Now counted under Name of UALICE (slack): 1 poll ballots and 2 positions")
	if len(rep.Updates) != 1 || rep.Updates[0].Ref.ID != "s1" {
		t.Fatalf("updates %+v: the posted poll is not refreshed", rep.Updates)
	}

	bs := e.pollBallots(1)
	if len(bs) != 1 || bs["UALICE"][1] != jca.Yes || bs["UALICE"][2] != jca.Maybe {
		t.Fatalf("ballots %v, want one: 1=yes (her own) 2=maybe (from the other account)", bs)
	}
	if p := e.poll(1); p.Voters != 1 {
		t.Fatalf("after the link: %d voters, want 1", p.Voters)
	}
	mustContain(t, e.ok("bob", "topic show T-1"), "1 for, 0 against")
	t2, err := e.db.FindProposal(ctx, jca.TopicProposal, 2)
	if err != nil {
		t.Fatal(err)
	}
	if pos, ok := t2.Position(jca.PersonID(slackAlice)); !ok || pos.Stance != jca.Support || len(t2.Positions) != 1 {
		t.Fatalf("T-2 positions %+v: the other account's support should now be hers", t2.Positions)
	}
}

// Naming the joined account (a mention from Mattermost) acts on the
// person it stands for: a chair removing it from a group removes the
// person's membership.
func TestMentionOfALinkedAccountIsThePerson(t *testing.T) {
	e := newEnv(t)
	e.linkOK(slackAlice, "member join SG13")
	e.linkOK(mmAlice, "link "+e.linkCode(slackAlice))
	mmChair := bot.Identity("mattermost:chair000000000000000000000")
	e.linkOK(mmChair, "link "+e.linkCode("console:chair"))

	e.now = e.now.Add(time.Minute)
	rep := e.r.Handle(context.Background(), bot.Request{
		Platform: bot.Mattermost, Channel: bot.NewChannelID(bot.Mattermost, "T1", "C1"), Team: "T1",
		Person: bot.Person{ID: mmChair, Name: "Chair"}, Text: "member remove @alice SG13", Time: e.now,
		Mentions: []bot.Mention{{Token: "@alice", ID: mmAlice, Name: "alice"}},
	})
	if rep.Refused {
		t.Fatal(plain(rep.Message))
	}
	if p := e.linkPerson(slackAlice); p.IsMember() {
		t.Fatalf("Alice still represents %v", p.Groups())
	}
}

// "link remove" detaches a joined account (typed on it) or every account
// joined to this one (typed on the account that gave the code); what was
// voted while linked stays with the person.
func TestLinkRemove(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.linkRefused(mmAlice, "link remove"), "This account is not linked to another; nothing was changed.")
	e.ok("chair", pollMarch)
	e.linkOK(slackAlice, "member join SG13")
	e.linkOK(mmAlice, "link "+e.linkCode(slackAlice))
	e.linkOK(mmAlice, "poll vote P-1 1=yes")

	out := e.linkOK(mmAlice, "link remove")
	mustContain(t, out, "This account is no longer linked to Name of UALICE (slack)", "stays with the account that gave the code")
	if p, q := e.linkPerson(mmAlice), e.linkPerson(slackAlice); p.LinkedTo != "" || len(q.Links) != 0 {
		t.Fatalf("still linked: %q %v", p.LinkedTo, q.Links)
	}
	if bs := e.pollBallots(1); len(bs) != 1 || bs["UALICE"][1] != jca.Yes {
		t.Fatalf("ballots %v: the vote cast while linked should stay with her", bs)
	}
	// The account acts as itself again: no groups, its own vote.
	mustContain(t, e.linkOK(mmAlice, "member show"), "Represents no group yet.")
	e.linkOK(mmAlice, "poll vote P-1 2=no")
	if bs := e.pollBallots(1); len(bs) != 2 {
		t.Fatalf("ballots %v", bs)
	}
	mustContain(t, e.linkRefused(mmAlice, "link remove"), "not linked")

	// From the account that gave the code, every joined account goes.
	e.linkOK(mmAlice, "link "+e.linkCode(slackAlice))
	mustContain(t, e.linkOK(slackAlice, "link retirer"), "No account is linked to this one any more: Name of alice0000000000000000000000 (mattermost).")
	if p := e.linkPerson(mmAlice); p.LinkedTo != "" {
		t.Fatalf("still linked to %q", p.LinkedTo)
	}
}
