package commands

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// proposalMember makes who a member of the groups by writing the person
// record directly (the member commands are tested on their own).
func (e *env) proposalMember(who string, groups ...string) {
	e.t.Helper()
	_, err := e.db.UpdatePerson(context.Background(), jca.PersonID("console:"+who), func(p *jca.Person) error {
		for _, g := range groups {
			p.Memberships = append(p.Memberships, jca.Membership{Group: g, Kind: jca.SGRep, Since: e.now})
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// proposal reads a stored proposal.
func (e *env) proposal(kind jca.ProposalKind, id int) *jca.Proposal {
	e.t.Helper()
	p, err := e.db.FindProposal(context.Background(), kind, id)
	if err != nil {
		e.t.Fatalf("find %s: %v", kind.Ref(id), err)
	}
	return p
}

// proposalCount counts the stored proposals of a kind.
func (e *env) proposalCount(kind jca.ProposalKind) int {
	e.t.Helper()
	_, n, err := e.db.ListProposals(context.Background(), kind, jca.ProposalFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestTopicProposeShowList(t *testing.T) {
	e := newEnv(t)
	out := e.ok("alice", `topic propose "Quantum-safe signalling" --group sg13,SG17 --aspect security,evolution --why "Both groups study parts of it" --deadline 2033-01-15`)
	mustContain(t, out, "Proposed T-1 to SG13, SG17: Quantum-safe signalling.", "Aspects: evolution, security",
		"Deadline: Sat 15 Jan 2033, 23:59 (UTC), in 6 years", "`/jca topic support T-1`", "`/jca topic object T-1 --reason")
	p := e.proposal(jca.TopicProposal, 1)
	if p.Kind != jca.TopicProposal || p.Status != "proposed" || p.CreatedBy != "console:alice" ||
		p.Channel != "console:general" || p.Why != "Both groups study parts of it" || strings.Join(p.Groups, ",") != "SG13,SG17" {
		t.Fatalf("stored %+v", p)
	}
	if len(p.History) != 0 {
		t.Fatalf("a new proposal has history: %+v", p.History)
	}
	// Aliases of the area and the verb; the ids run per kind.
	mustContain(t, e.ok("bob", `topics add "Digital twins of networks" --group SG13`), "Proposed T-2 to SG13")
	mustContain(t, e.ok("bob", `jointgroup new "FG on quantum networks" --kind fg --parents SG13`),
		"Proposed G-1, a `focus-group` of SG13: FG on quantum networks.")

	show := e.ok("dave", "topic show t1")
	mustContain(t, show, "T-1 Quantum-safe signalling", "Status: proposed", "Study groups: SG13, SG17",
		"Why: Both groups study parts of it", "Proposed: by @alice, Wed 25 Nov 2026", "No position yet.",
		"No position yet from: SG13, SG17.")
	mustNotContain(t, show, "History")

	list := e.ok("dave", "topic list")
	mustContain(t, list, "Topic proposals (2)", "T-2 Digital twins of networks · SG13 · proposed · 0 for, 0 against",
		"T-1 Quantum-safe signalling · SG13, SG17 · proposed · 0 for, 0 against · due Sat 15 Jan 2033")
	if strings.Index(list, "T-2") > strings.Index(list, "T-1") {
		t.Fatalf("list is not newest first:\n%s", list)
	}
	mustContain(t, e.ok("dave", "joint ls"), "Joint group proposals (1)", "G-1 FG on quantum networks · focus-group · SG13 · proposed")
}

func TestTopicProposeRefusals(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		wants []string
	}{
		{"no group", `topic propose "T"`, []string{"Say which study groups the topic is for: `--group SG13,SG17`.", "Example: `/jca topic propose"}},
		{"unknown group", `topic propose "T" --group SG13,SG99`, []string{"Unknown group `SG99`", "Study groups: TSAG, SG2"}},
		{"misspelt group", `topic propose "T" --group SG31`, []string{"Unknown group `SG31`", "Did you mean", "`SG13`"}},
		{"organization as target", `topic propose "T" --group SG13,IETF`, []string{"`IETF` is not a study group.", "Study groups: TSAG"}},
		{"the JCA as target", `topic propose "T" --group JCA`, []string{"is not a study group"}},
		{"empty title", `topic propose "  " --group SG13`, []string{"The title is empty."}},
		{"title too long", `topic propose "` + strings.Repeat("x", 301) + `" --group SG13`, []string{"The title is too long: 301 characters, at most 300."}},
		{"why too long", `topic propose "T" --group SG13 --why "` + strings.Repeat("y", 2001) + `"`, []string{"The rationale is too long: 2,001 characters, at most 2,000."}},
		{"bad deadline", `topic propose "T" --group SG13 --deadline 15/01/2033`, []string{"`15/01/2033` is not a deadline", "`2033-01-15`"}},
		{"past deadline", `topic propose "T" --group SG13 --deadline 2026-11-24`, []string{"The deadline `2026-11-24` has already passed."}},
		{"unknown aspect", `topic propose "T" --group SG13 --aspect secrity`, []string{"Unknown aspect `secrity`", "Did you mean `security`?"}},
		{"joint flags on a topic", `topic propose "T" --group SG13 --kind focus-group`, []string{"Unknown option `--kind`"}},
		{"unquoted title", `topic propose Quantum signalling --group SG13`, []string{"Too many words, from `signalling`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			out := e.refused("alice", tt.line)
			mustContain(t, out, tt.wants...)
			mustNotContain(t, out, "jca invalid", "%!", "err.")
			if n := e.proposalCount(jca.TopicProposal); n != 0 {
				t.Fatalf("a refused proposal stored %d topics", n)
			}
		})
	}
}

func TestJointProposeAndRefusals(t *testing.T) {
	e := newEnv(t)
	out := e.ok("alice", `joint propose "JRG on IMT-2030 security" --kind JRG --parents SG13,SG17 --mandate "Security of IMT-2030" --convener @bob --deadline 2033-01-15`)
	mustContain(t, out, "Proposed G-1, a `joint-rapporteur-group` of SG13, SG17: JRG on IMT-2030 security.", "Convener: @bob")
	g := e.proposal(jca.JointProposal, 1)
	if g.JointKind != "joint-rapporteur-group" || g.Convener != "console:bob" || g.Why != "Security of IMT-2030" || len(g.Groups) != 2 {
		t.Fatalf("stored %+v", g)
	}
	show := e.ok("dave", "joint show G-1")
	mustContain(t, show, "G-1 JRG on IMT-2030 security", "Kind: joint-rapporteur-group", "Parent groups: SG13, SG17",
		"Mandate: Security of IMT-2030", "Convener: @bob")
	// Kinds that are not joint by nature may have one parent.
	for i, kind := range []string{"focus-group", "correspondence-group", "other"} {
		mustContain(t, e.ok("alice", fmt.Sprintf(`joint propose "Group %d" --kind %s --parents SG13`, i, kind)), fmt.Sprintf("Proposed G-%d", i+2))
	}

	tests := []struct {
		name  string
		line  string
		wants []string
	}{
		{"joint working party with one parent", `joint propose "JWP" --kind joint-working-party --parents SG13`,
			[]string{"A `joint-working-party` is joint: it needs at least two parent study groups, and only SG13 is named.", "`--parents SG13,SG17`"}},
		{"JRG with one parent named twice", `joint propose "JRG" --kind jrg --parents SG13,sg13`, []string{"only SG13 is named"}},
		{"intersector group with one parent", `joint propose "IRG" --kind intersector-rapporteur-group --parents SG17`, []string{"A `intersector-rapporteur-group` is joint", "only SG17"}},
		{"no kind", `joint propose "X" --parents SG13,SG17`, []string{"Say what kind of group to create, with `--kind`: joint-working-party, joint-rapporteur-group"}},
		{"unknown kind", `joint propose "X" --kind joint-rapporteur-groop --parents SG13,SG17`, []string{"Unknown kind of group `joint-rapporteur-groop`", "Did you mean `joint-rapporteur-group`?"}},
		{"no parents", `joint propose "X" --kind focus-group`, []string{"Name the parent study groups: `--parents SG13,SG17`."}},
		{"organization as parent", `joint propose "X" --kind jrg --parents SG13,IETF`, []string{"`IETF` is not a study group."}},
		{"unknown parent", `joint propose "X" --kind jrg --parents SG13,SG42`, []string{"Unknown group `SG42`"}},
		{"bad convener", `joint propose "X" --kind jrg --parents SG13,SG17 --convener bob`, []string{"`bob` does not name a person", "`@alice`"}},
		{"mandate too long", `joint propose "X" --kind fg --parents SG13 --mandate "` + strings.Repeat("m", 2001) + `"`, []string{"The mandate is too long"}},
		{"name too long", `joint propose "` + strings.Repeat("n", 301) + `" --kind fg --parents SG13`, []string{"The name is too long: 301 characters"}},
		{"past deadline", `joint propose "X" --kind fg --parents SG13 --deadline 2020-01-01`, []string{"has already passed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := e.refused("alice", tt.line)
			mustContain(t, out, tt.wants...)
			mustNotContain(t, out, "%!", "err.")
			if n := e.proposalCount(jca.JointProposal); n != 4 {
				t.Fatalf("a refused proposal changed the store: %d joint groups", n)
			}
		})
	}
}

func TestProposalPositions(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `topic propose "Quantum-safe signalling" --group SG13,SG17`)

	mustContain(t, e.ok("bob", "topic support T-1"), "You support T-1: Quantum-safe signalling.", "Positions now: 1 for, 0 against.")
	mustContain(t, e.refused("bob", "topic support T-1"), "You already support T-1; nothing changed.")
	// A comment changes the position.
	e.ok("bob", `topic support T-1 --comment "SG13 has a Question ready"`)

	out := e.refused("carol", "topic object T-1")
	mustContain(t, out, "An objection needs a reason", "`/jca topic object T-1 --reason \"Overlaps with Q6/17\"`")
	mustContain(t, e.refused("carol", `topic object T-1 --reason "   "`), "An objection needs a reason")
	mustContain(t, e.refused("carol", `topic object T-1 --reason "`+strings.Repeat("r", 2001)+`"`), "The reason is too long")
	mustContain(t, e.refused("carol", `topic support T-1 --comment "`+strings.Repeat("c", 2001)+`"`), "The comment is too long")
	if _, ok := e.proposal(jca.TopicProposal, 1).Position("console:carol"); ok {
		t.Fatal("a refused objection was stored")
	}
	mustContain(t, e.ok("carol", `topic oppose T-1 --reason "Overlaps with Q6/17"`), "You object to T-1", "1 for, 1 against")
	mustContain(t, e.refused("carol", `topic object T-1 --reason "Overlaps with Q6/17"`), "You already object to T-1 for that reason")
	// Changing one's mind replaces the position.
	mustContain(t, e.ok("carol", "topic support T-1"), "You now support T-1; your objection is withdrawn", "2 for, 0 against")
	mustContain(t, e.ok("bob", `topic object T-1 --reason "On second thought, SG17 owns it"`), "You now object to T-1; your support is withdrawn", "1 for, 1 against")
	// Withdrawing removes whatever it was.
	mustContain(t, e.ok("bob", "topic withdraw-support T-1"), "You no longer have a position on T-1", "1 for, 0 against")
	mustContain(t, e.refused("bob", "topic withdraw-support T-1"), "You have no position on T-1, so there is nothing to withdraw.")

	p := e.proposal(jca.TopicProposal, 1)
	if len(p.Positions) != 1 || p.Positions[0].Person != "console:carol" || p.Positions[0].Stance != jca.Support {
		t.Fatalf("positions %+v", p.Positions)
	}
	var got []string
	for _, h := range p.History {
		got = append(got, fmt.Sprintf("%s %s:%s>%s", strings.TrimPrefix(string(h.By), "console:"), h.Field, h.Old, h.New))
	}
	want := []string{
		"bob position:>support", "bob position:support>support", "carol position:>object",
		"carol position:object>support", "bob position:support>object", "bob position:object>",
	}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Fatalf("history\n got %v\nwant %v", got, want)
	}

	// Joint groups take positions the same way, with endorse as an alias.
	e.ok("alice", `joint propose "JRG" --kind jrg --parents SG13,SG17`)
	mustContain(t, e.ok("bob", `joint endorse G-1 --comment "SG17 can host it"`), "You support G-1: JRG.")
	mustContain(t, e.refused("carol", "joint object G-1"), "An objection needs a reason", "`/jca joint object G-1 --reason")
	e.ok("carol", `joint object G-1 --reason "Too early"`)
	e.ok("carol", "joint withdraw-support G-1")
	if g := e.proposal(jca.JointProposal, 1); len(g.Positions) != 1 || len(g.History) != 3 {
		t.Fatalf("joint positions %+v history %+v", g.Positions, g.History)
	}

	// Ids: malformed, of the other kind, missing.
	mustContain(t, e.refused("bob", "topic support X-1"), "`X-1` is not an id. Write it like `T-3`.")
	mustContain(t, e.refused("bob", "joint support T-1"), "`T-1` is not an id. Write it like `G-2`.")
	mustContain(t, e.refused("bob", "topic support T-9"), "T-9 does not exist")
	mustContain(t, e.refused("bob", `topic object T-9 --reason "x"`), "T-9 does not exist")
}

func TestProposalPositionsRefusedWhenClosed(t *testing.T) {
	for _, st := range []string{"declined", "withdrawn", "accepted"} {
		t.Run(st, func(t *testing.T) {
			e := newEnv(t)
			e.ok("alice", `topic propose "T" --group SG13`)
			e.ok("bob", "topic support T-1")
			e.ok("chair", "topic status T-1 "+st)
			rev := e.proposal(jca.TopicProposal, 1).Rev
			for _, line := range []string{"topic support T-1", `topic object T-1 --reason "No"`, "topic withdraw-support T-1"} {
				out := e.refused("bob", line)
				mustContain(t, out, "T-1 is "+st+": it no longer takes positions.", "`/jca topic status T-1 discussing`")
			}
			mustContain(t, e.refused("alice", `topic edit T-1 --title "New"`), "T-1 is "+st+": it can no longer change.")
			if p := e.proposal(jca.TopicProposal, 1); p.Rev != rev || len(p.Positions) != 1 {
				t.Fatalf("a refused position changed the proposal: %+v", p)
			}
			mustContain(t, e.ok("dave", "topic show T-1"), "Closed ("+st+"): it no longer takes positions.")
			// A chair can reopen it.
			e.ok("chair", "topic status T-1 discussing")
			e.ok("bob", `topic object T-1 --reason "No"`)
		})
	}
	e := newEnv(t)
	e.ok("alice", `joint propose "JRG" --kind jrg --parents SG13,SG17`)
	e.ok("chair", "joint status G-1 established")
	mustContain(t, e.refused("bob", "joint support G-1"), "G-1 is established: it no longer takes positions.")
	e.ok("alice", `joint propose "FG" --kind fg --parents SG13`)
	e.ok("chair", "joint status G-2 recommended")
	e.ok("bob", "joint support G-2") // recommended is not closed
}

func TestProposalStatusPermissions(t *testing.T) {
	tests := []struct {
		name    string
		who     string
		line    string
		allowed bool
		wants   []string
	}{
		{"chair forwards", "chair", "topic status T-1 forwarded", true, []string{"T-1 is now forwarded (was proposed)"}},
		{"author cannot forward", "alice", "topic status T-1 forwarded", false, []string{"Only a chair can forward a topic.", "Chairs: @chair"}},
		{"member cannot forward", "bob", "topic status T-1 forwarded", false, []string{"Only a chair can forward a topic."}},
		{"member cannot accept", "bob", "topic status T-1 accepted", false, []string{"Only a chair can record a topic as accepted."}},
		{"member cannot decline", "bob", "topic status T-1 declined", false, []string{"Only a chair can decline a topic."}},
		{"member cannot discuss", "bob", "topic status T-1 discussing", false, []string{"Only a chair can open a topic for discussion."}},
		{"author withdraws", "alice", "topic status T-1 withdrawn", true, []string{"T-1 is now withdrawn (was proposed)"}},
		{"chair withdraws", "chair", `topic status T-1 withdrawn --note "Merged into T-2"`, true, []string{"T-1 is now withdrawn"}},
		{"other cannot withdraw", "bob", "topic status T-1 withdrawn", false, []string{"Only the author of T-1 or a chair can withdraw it.", "Chairs: @chair"}},
		{"console operator is a chair", "local", "topic status T-1 discussing", true, []string{"T-1 is now discussing"}},
		{"appointed chair", "carol", "topic status T-1 accepted", true, []string{"T-1 is now accepted"}},
		{"same status", "chair", "topic status T-1 proposed", false, []string{"T-1 is already proposed; nothing changed."}},
		{"unknown status", "chair", "topic status T-1 forwardd", false, []string{"Unknown status `forwardd`", "Did you mean `forwarded`?"}},
		{"joint status on a topic", "chair", "topic status T-1 recommended", false, []string{"Unknown status `recommended`", "forwarded"}},
		{"bad id", "chair", "topic status 1-T forwarded", false, []string{"`1-T` is not an id"}},
		{"missing", "chair", "topic status T-7 forwarded", false, []string{"T-7 does not exist"}},
		{"note too long", "chair", `topic status T-1 declined --note "` + strings.Repeat("n", 2001) + `"`, false, []string{"The note is too long"}},
		{"joint: chair recommends", "chair", "joint status G-1 recommended", true, []string{"G-1 is now recommended"}},
		{"joint: member cannot recommend", "bob", "joint status G-1 recommended", false, []string{"Only a chair can recommend a joint group."}},
		{"joint: author cannot establish", "alice", "joint status G-1 established", false, []string{"Only a chair can record a joint group as established."}},
		{"joint: author withdraws", "alice", "joint status G-1 withdrawn", true, []string{"G-1 is now withdrawn"}},
		{"joint: other cannot withdraw", "bob", "joint status G-1 withdrawn", false, []string{"Only the author of G-1 or a chair can withdraw it."}},
		{"joint: topic status", "chair", "joint status G-1 forwarded", false, []string{"Unknown status `forwarded`", "recommended"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if _, err := e.db.UpdatePerson(context.Background(), "console:carol", func(p *jca.Person) error { p.Chair = true; return nil }); err != nil {
				t.Fatal(err)
			}
			e.proposalMember("bob", "SG13")
			e.ok("alice", `topic propose "T" --group SG13`)
			e.ok("alice", `joint propose "JRG" --kind jrg --parents SG13,SG17`)
			before := []*jca.Proposal{e.proposal(jca.TopicProposal, 1), e.proposal(jca.JointProposal, 1)}
			var out string
			if tt.allowed {
				out = e.ok(tt.who, tt.line)
			} else {
				out = e.refused(tt.who, tt.line)
			}
			mustContain(t, out, tt.wants...)
			mustNotContain(t, out, "%!", "err.", "action.")
			after := []*jca.Proposal{e.proposal(jca.TopicProposal, 1), e.proposal(jca.JointProposal, 1)}
			changed := after[0].Rev != before[0].Rev || after[1].Rev != before[1].Rev
			if changed != tt.allowed {
				t.Fatalf("allowed=%v but changed=%v", tt.allowed, changed)
			}
		})
	}
}

func TestProposalStatusHistoryAndAnnouncements(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `topic propose "Quantum-safe signalling" --group SG13,SG17`)
	e.ok("bob", "topic support T-1")
	e.ok("carol", `topic object T-1 --reason "Overlaps"`)

	rep := e.do("chair", "topic status T-1 discussing")
	if rep.Refused || rep.Announce != nil {
		t.Fatalf("discussing is not news for the channel: %+v", rep)
	}
	rep = e.do("chair", `topic status T-1 forwarded --note "Agreed at the meeting of 24 Nov"`)
	if rep.Refused || rep.Audience != bot.ToPerson || rep.Announce == nil {
		t.Fatalf("forwarding: %+v", rep)
	}
	mustContain(t, plain(rep.Message), "T-1 is now forwarded (was discussing): Quantum-safe signalling.", "The channel was told.")
	mustContain(t, plain(*rep.Announce), "T-1 is forwarded to SG13, SG17: Quantum-safe signalling (1 for, 1 against).", "`/jca topic show T-1`")

	p := e.proposal(jca.TopicProposal, 1)
	h := p.History[len(p.History)-3:]
	if h[0].Field != "status" || h[0].Old != "proposed" || h[0].New != "discussing" ||
		h[1].Field != "status" || h[1].Old != "discussing" || h[1].New != "forwarded" || h[1].By != "console:chair" ||
		h[2].Field != "note" || h[2].New != "Agreed at the meeting of 24 Nov" {
		t.Fatalf("history %+v", h)
	}
	mustContain(t, e.ok("dave", "topic show T-1"), "@chair changed the status: discussing → forwarded", "@chair noted: Agreed at the meeting")

	// The channel hears it in its own language; the person in theirs.
	if _, err := e.db.UpdateChannel(context.Background(), "console:general", func(c *jca.Channel) error { c.Lang = "fr"; return nil }); err != nil {
		t.Fatal(err)
	}
	e.ok("alice", `joint propose "JRG on IMT-2030 security" --kind jrg --parents SG13,SG17`)
	e.ok("bob", "joint support G-1")
	rep = e.do("chair", "joint status G-1 recommended")
	mustContain(t, plain(rep.Message), "G-1 is now recommended")
	mustContain(t, plain(*rep.Announce), "La création de G-1 est recommandée\u00a0: JRG on IMT-2030 security, `joint-rapporteur-group` de SG13, SG17 (1 pour, 0 contre).")
	rep = e.do("chair", "joint status G-1 established")
	mustContain(t, plain(*rep.Announce), "G-1 est créé\u00a0: JRG on IMT-2030 security")
	if rep = e.do("chair", "joint status G-1 declined"); rep.Announce != nil {
		t.Fatal("declined is announced")
	}
}

func TestProposalEditPermissionsAndHistory(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `topic propose "Quantum-safe signalling" --group SG13 --deadline 2033-01-15`)

	mustContain(t, e.refused("bob", `topic edit T-1 --title "Mine now"`), "Only the author of T-1 or a chair can edit it.", "Chairs: @chair")
	out := e.ok("alice", `topic update T-1 --group SG13,SG17 --why "SG17 asked" --aspect security`)
	mustContain(t, out, "Updated T-1: Quantum-safe signalling.", "@alice changed the group: SG13 → SG13,SG17", "@alice changed the rationale: — → SG17 asked", "changed the aspects")
	mustContain(t, e.ok("chair", `topic edit T-1 --title "Quantum-safe signalling for IMT-2030" --deadline none`),
		"changed the title: Quantum-safe signalling → Quantum-safe signalling for IMT-2030", "changed the deadline: Sat 15 Jan 2033, 23:59 (UTC) → —")
	mustContain(t, e.refused("alice", "topic edit T-1 --group sg17,SG13"), "Nothing changed: T-1 already has those values.")
	mustContain(t, e.refused("alice", "topic edit T-1"), "Say what to change in T-1", "`--deadline 2033-01-15`")
	mustContain(t, e.refused("alice", "topic edit T-1 --group IETF"), "`IETF` is not a study group.")
	mustContain(t, e.refused("alice", `topic edit T-1 --title ""`), "The title is empty.")
	mustContain(t, e.refused("alice", "topic edit T-1 --deadline 2026-01-01"), "has already passed")
	mustContain(t, e.refused("alice", "topic edit T-5 --deadline 2033-01-01"), "T-5 does not exist")

	p := e.proposal(jca.TopicProposal, 1)
	if p.Title != "Quantum-safe signalling for IMT-2030" || len(p.Groups) != 2 || !p.Deadline.IsZero() || len(p.History) != 5 {
		t.Fatalf("stored %+v", p)
	}
	mustContain(t, e.ok("bob", "topic show T-1"), "History (5 changes)")

	// Joint groups: the two-parent rule holds after an edit too.
	e.ok("alice", `joint propose "FG" --kind focus-group --parents SG13`)
	mustContain(t, e.refused("alice", "joint edit G-1 --kind jrg"), "A `joint-rapporteur-group` is joint", "only SG13 is named")
	out = e.ok("alice", `joint edit G-1 --kind jrg --parents SG13,SG20 --name "JRG" --convener @bob --mandate "M"`)
	mustContain(t, out, "Updated G-1: JRG.", "changed the kind: focus-group → joint-rapporteur-group", "changed the parent groups: SG13 → SG13,SG20",
		"changed the name: FG → JRG", "changed the convener: — → console:bob", "changed the mandate: — → M")
	mustContain(t, e.refused("alice", "joint edit G-1 --parents SG13"), "only SG13 is named")
	mustContain(t, e.refused("carol", "joint edit G-1 --convener none"), "Only the author of G-1 or a chair can edit it.")
	e.ok("chair", "joint edit G-1 --convener none")
	if g := e.proposal(jca.JointProposal, 1); g.Convener != "" || g.JointKind != "joint-rapporteur-group" {
		t.Fatalf("stored %+v", g)
	}
	mustContain(t, e.refused("alice", "joint edit G-1 --aspect security"), "Unknown option `--aspect`")
}

func TestProposalShowGroupsPositionsByMembership(t *testing.T) {
	e := newEnv(t)
	e.proposalMember("alice", "SG13")
	e.proposalMember("bob", "SG13", "SG20") // counts for both
	e.proposalMember("erin", "SG11")
	// carol and dave are no members.
	e.ok("alice", `topic propose "Quantum-safe signalling" --group SG13,SG17,SG11`)
	e.ok("alice", "topic support T-1")
	e.ok("bob", `topic object T-1 --reason "Overlaps with Q6/17"`)
	e.ok("carol", `topic support T-1 --comment "Useful for operators"`)
	e.ok("dave", `topic object T-1 --reason "Too early"`)

	out := e.ok("frank", "topic show T-1")
	mustContain(t, out,
		"Positions: 2 for, 2 against",
		"SG13: for @alice; against @bob",
		"SG20: against @bob",
		"No group: for @carol; against @dave",
		"No position yet from: SG11, SG17.",
		"Objections (2)", "@bob: Overlaps with Q6/17", "@dave: Too early",
		"Comments of support (1)", "@carol: Useful for operators",
	)
	// Target groups first, then other study groups, then no group.
	if i, j, k := strings.Index(out, "SG13: for"), strings.Index(out, "SG20: against"), strings.Index(out, "No group:"); !(i < j && j < k) {
		t.Fatalf("group order:\n%s", out)
	}
	mustNotContain(t, out, "SG11: ")

	// Once a member of SG11 speaks, SG11 is heard.
	e.ok("erin", "topic support T-1")
	out = e.ok("frank", "topic show T-1")
	mustContain(t, out, "SG11: for @erin", "No position yet from: SG17.")
}

func TestProposalShowIsShortWithManyPositions(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `topic propose "T" --group SG13`)
	for i := range 14 {
		e.ok(fmt.Sprintf("p%02d", i), fmt.Sprintf(`topic object T-1 --reason "reason %d"`, i))
	}
	out := e.ok("frank", "topic show T-1")
	mustContain(t, out, "No group: against @p00,", "@p09 +4", "Objections (14)", "@p09: reason 9", "… and 4 more.", "History (14 changes)")
	mustNotContain(t, out, "@p10: reason")
}

func TestProposalDeadlineInTheProposersZone(t *testing.T) {
	e := newEnv(t)
	for who, zone := range map[string]string{"tokyo": "Asia/Tokyo", "newyork": "America/New_York"} {
		if _, err := e.db.UpdatePerson(context.Background(), jca.PersonID("console:"+who), func(p *jca.Person) error { p.TZ = zone; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	mustContain(t, e.ok("tokyo", `topic propose "From Tokyo" --group SG13 --deadline 2033-01-15`), "Deadline: Sat 15 Jan 2033, 23:59 (Tokyo, JST)")
	mustContain(t, e.ok("newyork", `topic propose "From New York" --group SG13 --deadline 2033-01-15`), "Deadline: Sat 15 Jan 2033, 23:59 (New York, EST)")
	mustContain(t, e.ok("newyork", `joint propose "FG" --kind fg --parents SG13 --deadline "2033-01-15 12:00"`), "Deadline: Sat 15 Jan 2033, 12:00 (New York, EST)")

	tokyo := e.proposal(jca.TopicProposal, 1).Deadline
	ny := e.proposal(jca.TopicProposal, 2).Deadline
	if want := time.Date(2033, 1, 15, 14, 59, 59, 999999999, time.UTC); !tokyo.Equal(want) {
		t.Errorf("Tokyo deadline %v, want %v", tokyo.UTC(), want)
	}
	if want := time.Date(2033, 1, 16, 4, 59, 59, 999999999, time.UTC); !ny.Equal(want) {
		t.Errorf("New York deadline %v, want %v", ny.UTC(), want)
	}
	if want := time.Date(2033, 1, 15, 17, 0, 0, 0, time.UTC); !e.proposal(jca.JointProposal, 1).Deadline.Equal(want) {
		t.Errorf("joint deadline %v, want %v", e.proposal(jca.JointProposal, 1).Deadline.UTC(), want)
	}
	// Each viewer sees the stored instant in their own zone.
	mustContain(t, e.ok("newyork", "topic show T-1"), "Deadline: Sat 15 Jan 2033, 09:59 (New York, EST), in 6 years")
	mustContain(t, e.ok("tokyo", "topic show T-2"), "Deadline: Sun 16 Jan 2033, 13:59 (Tokyo, JST)")
	mustContain(t, e.ok("someone", "topic show T-2"), "Deadline: Sun 16 Jan 2033, 04:59 (UTC)")
}

func TestProposalListFiltersAndPages(t *testing.T) {
	e := newEnv(t)
	for i := range 23 {
		g := "SG13"
		if i%2 == 0 {
			g = "SG13,SG17"
		}
		e.ok("alice", fmt.Sprintf(`topic propose "Topic %d" --group %s`, i, g))
	}
	e.ok("bob", "topic support T-23")
	e.ok("carol", `topic object T-23 --reason "No"`)
	e.ok("chair", "topic status T-22 forwarded")
	out := e.ok("dave", "topic list")
	mustContain(t, out, "Topic proposals (23)", "T-23 Topic 22 · SG13, SG17 · proposed · 1 for, 1 against", "1-20 of 23. `--page 2` for more.")
	mustNotContain(t, out, "T-3 ")
	mustContain(t, e.ok("dave", "topic list --page 2"), "21-23 of 23.", "T-1 Topic 0")
	mustContain(t, e.ok("dave", "topic list --page 9"), "There is no such page: the last is page 2.")
	mustContain(t, e.ok("dave", "topic list --group sg17"), "Topic proposals (12)")
	mustContain(t, e.ok("dave", "topic list --status forwarded"), "Topic proposals (1)", "T-22")
	mustContain(t, e.ok("dave", "topic list --status accepted"), "No topic proposal matches.", "`/jca topic propose")
	mustContain(t, e.refused("dave", "topic list --status forwarde"), "Unknown status `forwarde`", "Did you mean `forwarded`?")
	mustContain(t, e.refused("dave", "topic list --group IETF"), "`IETF` is not a study group.")
	mustContain(t, e.refused("dave", "topic list --page 0"), "`0` is not a page number")
	mustContain(t, e.ok("dave", "joint list"), "No joint group proposal matches.", "`/jca joint propose")
}

func TestProposalHelp(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("a", "help"), "`topic` — Topic proposals", "`joint` — Joint group proposals")
	mustContain(t, e.ok("a", "help topic"), "topic withdraw-support <T-n>", "topic status <T-n> <proposed|discussing|forwarded|accepted|declined|withdrawn>")
	mustContain(t, e.ok("a", "help joint status"), "Only a chair can do this; its author may also withdraw it.", "joint status G-2 recommended")
	mustContain(t, e.ok("a", "jointgroup propose --help"), `joint propose "<name>"`, "--kind KIND", "JRG", "The first three need two parent groups.")
	mustContain(t, e.ok("a", "help topic edit"), "Only its author or a chair can do this.", "`none` removes it")
	mustContain(t, e.refused("a", "topic withdraw T-1"), "`topic` has no verb `withdraw`", "`topic withdraw-support`")
}

func TestProposalFrench(t *testing.T) {
	e := newEnv(t)
	e.ok("marie", "lang set fr")
	mustContain(t, e.ok("marie", `topic propose "Signalisation résistante au quantique" --group SG13,SG17`),
		"Sujet T-1 proposé à SG13, SG17\u00a0: Signalisation résistante au quantique.", "Prenez position avec")
	mustContain(t, e.refused("marie", "topic object T-1"), "Une objection doit être motivée", "--reason « Recoupe la Q6/17 »")
	mustContain(t, e.ok("marie", `topic object T-1 --reason "Recoupe la Q6/17"`), "Vous vous opposez à T-1\u00a0:", "Positions à présent\u00a0: 0 pour, 1 contre.")
	mustContain(t, e.refused("marie", "topic status T-1 forwarded"), "Seul un président peut transmettre un sujet.", "Présidents\u00a0: @chair")
	mustContain(t, e.refused("marie", `joint propose "GRM" --kind jrg --parents SG13`),
		"Le type `joint-rapporteur-group` réunit plusieurs commissions\u00a0: il faut au moins deux commissions mères, or seule SG13 est nommée.")
	e.ok("chair", "topic status T-1 declined")
	mustContain(t, e.refused("marie", "topic support T-1"), "T-1 est à l'état declined\u00a0: on ne peut plus y prendre position.")
	mustContain(t, e.ok("marie", "topic show T-1"), "Commissions d'études\u00a0: SG13, SG17", "Sans groupe\u00a0: contre @marie", "Objections (1)")
	mustContain(t, e.ok("marie", "topic list"), "Propositions de sujets (1)", "0 pour, 1 contre")
	// Someone else still reads English.
	mustContain(t, e.ok("bob", "topic list"), "Topic proposals (1)")
}

// One position per person even under concurrent clicks: 200 people each
// change their mind several times at once on one topic; every change is
// kept, none is lost, and each ends with exactly one position, their last.
func TestTopicPositionsUnderConcurrentClicks(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `topic propose "Quantum-safe signalling" --group SG13,SG17`)
	const people = 200
	// Each person alternates, repeats their last stance once (no change,
	// refused), then changes once more.
	seq := func(i int) []jca.Stance {
		a, b := jca.Support, jca.Object
		if i%2 == 1 {
			a, b = b, a
		}
		return []jca.Stance{a, b, a, a, b}
	}
	at := e.now.Add(time.Hour)
	type result struct {
		who     string
		refused bool
		text    string
	}
	results := make(chan result, people*5)
	var wg sync.WaitGroup
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := fmt.Sprintf("p%03d", i)
			for n, st := range seq(i) {
				line := "topic support T-1"
				if st == jca.Object {
					line = `topic object T-1 --reason "Overlaps with Q6/17"`
				}
				rep := e.r.Handle(context.Background(), bot.Request{
					Platform: bot.Console, Channel: "console:general",
					Person: bot.Person{ID: bot.NewIdentity(bot.Console, who), Name: who},
					Text:   line, Time: at.Add(time.Duration(n) * time.Second),
				})
				results <- result{who, rep.Refused, plain(rep.Message)}
			}
		}()
	}
	wg.Wait()
	close(results)
	refused := 0
	for r := range results {
		if r.refused {
			refused++
			if !strings.Contains(r.text, "You already") {
				t.Errorf("%s refused: %s", r.who, r.text)
			}
		}
	}
	if refused != people {
		t.Errorf("%d refusals, want %d (one repeated stance each)", refused, people)
	}

	p := e.proposal(jca.TopicProposal, 1)
	if len(p.Positions) != people {
		t.Fatalf("%d positions, want %d", len(p.Positions), people)
	}
	seen := map[jca.PersonID]bool{}
	for _, pos := range p.Positions {
		if seen[pos.Person] {
			t.Fatalf("%s has two positions", pos.Person)
		}
		seen[pos.Person] = true
		var i int
		fmt.Sscanf(strings.TrimPrefix(string(pos.Person), "console:p"), "%d", &i)
		if s := seq(i); pos.Stance != s[len(s)-1] {
			t.Errorf("%s ends with %s, want %s", pos.Person, pos.Stance, s[len(s)-1])
		}
	}
	if sup, obj := p.Counts(); sup != people/2 || obj != people/2 {
		t.Errorf("counts %d for, %d against", sup, obj)
	}
	// One history entry per effective change: four per person, in order.
	if len(p.History) != people*4 {
		t.Fatalf("%d history entries, want %d", len(p.History), people*4)
	}
	chain := map[jca.PersonID][]string{}
	for _, h := range p.History {
		if h.Field != "position" {
			t.Fatalf("unexpected history entry %+v", h)
		}
		chain[h.By] = append(chain[h.By], h.Old+">"+h.New)
	}
	for i := range people {
		s := seq(i)
		want := fmt.Sprintf(">%s %s>%s %s>%s %s>%s", s[0], s[0], s[1], s[1], s[2], s[2], s[4])
		id := jca.PersonID(fmt.Sprintf("console:p%03d", i))
		if got := strings.Join(chain[id], " "); got != want {
			t.Errorf("%s history %q, want %q", id, got, want)
		}
	}
}
