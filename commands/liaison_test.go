package commands

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
)

func (e *env) liaisonCount() int {
	e.t.Helper()
	_, total, err := e.db.ListLiaisons(context.Background(), jca.LiaisonFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return total
}

func (e *env) liaison(id int) *jca.Liaison {
	e.t.Helper()
	l, err := e.db.FindLiaison(context.Background(), id)
	if err != nil {
		e.t.Fatalf("find L-%d: %v", id, err)
	}
	return l
}

// The README walk-through: an outgoing liaison to IETF for action with a
// deadline, then its answer linked with --reply-to. These are the exact
// commands the README shows.
func TestLiaisonWalkthrough(t *testing.T) {
	e := newEnv(t)
	out := e.ok("alice", `/jca liaison add --direction out --from JCA --to IETF "Coordination on IPv6 deployment work" --purpose action --deadline 2027-01-31`)
	mustContain(t, out, "Logged L-1, outgoing, from JCA-Res.178 to IETF: Coordination on IPv6 deployment work.",
		"Purpose: for action", "Deadline: Sun 31 Jan 2027, 23:59 (UTC) (in 2 months)",
		"`/jca liaison add --direction in --from IETF --to JCA-Res.178 \"Reply to L-1\" --purpose information --reply-to L-1`")
	out = e.ok("bob", `/jca liaison add --direction in --from IETF --to JCA "Reply on IPv6 deployment work" --purpose information --reply-to L-1 --link https://datatracker.ietf.org/liaison/1903/`)
	mustContain(t, out, "Logged L-2, incoming, from IETF to JCA-Res.178: Reply on IPv6 deployment work.",
		"It answers L-1 (Coordination on IPv6 deployment work), now marked answered.")
	out = e.ok("carol", "/jca liaison show L-1")
	mustContain(t, out, "Status: answered", "Answered by (1)", "L-2 from IETF", "@bob changed the status: open → answered (L-2)")
	mustContain(t, e.ok("carol", "/jca liaison show L-2"), "Answers L-1 from JCA-Res.178: Coordination on IPv6 deployment work (answered)",
		"Links: https://datatracker.ietf.org/liaison/1903/")
	mustContain(t, e.ok("carol", "/jca liaison list --open"), "Open liaison statements (1)", "L-2 incoming")

	l := e.liaison(1)
	if l.Direction != "out" || l.From != "JCA-Res.178" || len(l.To) != 1 || l.To[0] != "IETF" || l.Purpose != "action" ||
		l.Status != "answered" || l.CreatedBy != "console:alice" || l.Channel != "console:general" ||
		!l.Deadline.Equal(time.Date(2027, 1, 31, 23, 59, 59, 999999999, time.UTC)) {
		t.Fatalf("stored %+v", l)
	}
	if r := e.liaison(2); r.ReplyTo != 1 || r.Status != "open" || len(r.Links) != 1 {
		t.Fatalf("stored %+v", r)
	}
}

func TestLiaisonAddRefusals(t *testing.T) {
	const ok = `liaison add --direction out --from JCA --to IETF "Title" --purpose information`
	tests := []struct {
		name  string
		line  string
		wants []string
	}{
		{"no direction", `liaison add --from JCA --to IETF "T" --purpose information`, []string{"`--direction` is required, for example `--direction out`", "Example: `/jca liaison add"}},
		{"bad direction", `liaison add --direction ot --from JCA --to IETF "T" --purpose information`, []string{"Unknown direction `ot`", "Did you mean `out`?"}},
		{"no from", `liaison add --direction out --to IETF "T" --purpose information`, []string{"`--from` is required"}},
		{"no to", `liaison add --direction out --from JCA "T" --purpose information`, []string{"`--to` is required, for example `--to IETF,SG13`"}},
		{"no purpose", `liaison add --direction out --from JCA --to IETF "T"`, []string{"`--purpose` is required"}},
		{"bad purpose", `liaison add --direction out --from JCA --to IETF "T" --purpose acton`, []string{"Unknown purpose `acton`. Purposes: action, comment, information.", "Did you mean `action`?"}},
		{"action without deadline", `liaison add --direction out --from JCA --to IETF "T" --purpose action`, []string{"A liaison statement for action needs a deadline: add `--deadline 2033-02-01`.", "Example:"}},
		{"same sender and receiver", `liaison add --direction out --from IETF --to SG13,ietf "T" --purpose information`, []string{"IETF is both the sender and a receiver."}},
		{"unknown body", `liaison add --direction out --from JCA --to IETG "T" --purpose information`, []string{"Unknown group `IETG`", "Did you mean `IETF`?"}},
		{"unknown sender", `liaison add --direction in --from SG99 --to JCA "T" --purpose information`, []string{"Unknown group `SG99`", "Study groups: TSAG"}},
		{"past deadline", ok + ` --deadline 2026-11-24`, []string{"The deadline `2026-11-24` has already passed."}},
		{"bad deadline", ok + ` --deadline 31/01/2027`, []string{"`31/01/2027` is not a deadline", "2033-01-15"}},
		{"bad link", ok + ` --link ftp://example.org/x`, []string{"`ftp://example.org/x` is not a web link"}},
		{"too many links", ok + ` --link ` + manyLinks(11), []string{"Too many links: at most 10."}},
		{"bad reply id", ok + ` --reply-to X-2`, []string{"`X-2` is not an id. Write it like `L-4`."}},
		{"reply to unknown", ok + ` --reply-to L-9`, []string{"L-9 does not exist, so this cannot answer it."}},
		{"empty title", `liaison add --direction out --from JCA --to IETF "" --purpose information`, []string{"The title is empty."}},
		{"title too long", `liaison add --direction out --from JCA --to IETF "` + strings.Repeat("x", 301) + `" --purpose information`, []string{"too long: 301 characters, at most 300"}},
		{"no title", `liaison add --direction out --from JCA --to IETF --purpose information`, []string{"`\"<title>\"` is missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			out := e.refused("alice", tt.line)
			mustContain(t, out, tt.wants...)
			mustNotContain(t, out, "jca invalid", "%!")
			if n := e.liaisonCount(); n != 0 {
				t.Fatalf("a refused add stored %d liaisons", n)
			}
		})
	}
}

func manyLinks(n int) string {
	var ls []string
	for i := 0; i < n; i++ {
		ls = append(ls, fmt.Sprintf("https://example.org/%d", i))
	}
	return strings.Join(ls, ",")
}

// A reply to a liaison that does not exist writes nothing, even when the
// check before the store is passed: the store refuses under its lock, and the
// id sequence is not used up.
func TestLiaisonReplyToUnknownWritesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	err := e.db.CreateLiaison(ctx, &jca.Liaison{Direction: "in", From: "IETF", To: []string{"SG13"}, Title: "T",
		Purpose: "information", Status: "open", ReplyTo: 7, CreatedAt: e.now})
	if jca.ErrorCode(err) != jca.ENotFound {
		t.Fatalf("CreateLiaison with an unknown reply-to: %v", err)
	}
	mustContain(t, e.refused("bob", `liaison add --direction in --from IETF --to JCA "T" --purpose information --reply-to L-7`), "L-7 does not exist")
	if n := e.liaisonCount(); n != 0 {
		t.Fatalf("stored %d liaisons", n)
	}
	mustContain(t, e.ok("bob", `liaison add --direction in --from IETF --to JCA "T" --purpose information`), "Logged L-1,")
}

func TestLiaisonReplyChain(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `liaison add --direction out --from SG13 --to IETF,3GPP "Network slicing terminology" --purpose comment --deadline 2027-03-01`)
	mustContain(t, e.ok("bob", `liaison add --direction in --from IETF --to SG13 "IETF comments on slicing" --purpose information --reply-to L-1`),
		"It answers L-1 (Network slicing terminology), now marked answered.")
	// A second answer links too; the first liaison stays answered.
	mustContain(t, e.ok("bob", `liaison add --direction in --from 3GPP --to SG13 "3GPP comments on slicing" --purpose action --deadline 2027-04-01 --reply-to l1`),
		"It answers L-1 (Network slicing terminology), which stays `answered`.")
	// An answer to an answer.
	e.ok("alice", `liaison add --direction out --from SG13 --to 3GPP "Reply to 3GPP on slicing" --purpose information --reply-to L-3`)
	e.ok("chair", "liaison status L-3 open")

	out := e.ok("carol", "liaison show L-1")
	mustContain(t, out, "Status: answered", "Answered by (2)", "L-2 from IETF", "L-3 from 3GPP")
	if strings.Index(out, "L-2 from") > strings.Index(out, "L-3 from") {
		t.Fatalf("answers not in the order of the conversation:\n%s", out)
	}
	out = e.ok("carol", "liaison show L-4")
	mustContain(t, out, "Answers L-3 from 3GPP: 3GPP comments on slicing", "Answers L-1 from SG13: Network slicing terminology (answered)")
	mustContain(t, e.ok("carol", "liaison show L-3"), "Answers L-1", "Answered by (1)", "L-4 from SG13",
		"History (2 changes)", "changed the status: open → answered (L-4)", "@chair changed the status: answered → open")
	mustContain(t, e.ok("carol", "liaison show L-2"), "Answers L-1")
	mustNotContain(t, e.ok("carol", "liaison show L-2"), "Answered by")
}

func TestLiaisonEdit(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `liaison add --direction out --from JCA --to IETF "IPv6 work items" --purpose information`)
	before := e.liaison(1)

	// Only the author or a chair; the refusal names the chairs and changes nothing.
	out := e.refused("bob", "liaison edit L-1 --title Other")
	mustContain(t, out, "Only the author of L-1 or a chair can edit it.", "Chairs: @chair")
	if l := e.liaison(1); l.Rev != before.Rev || l.Title != before.Title {
		t.Fatalf("a refused edit changed %+v", l)
	}
	// The author may.
	out = e.ok("alice", `liaison edit L-1 --title "IPv6 work items of ITU-T" --link https://www.itu.int/ls/1`)
	mustContain(t, out, "Edited L-1: IPv6 work items of ITU-T.", "@alice changed the title: IPv6 work items → IPv6 work items of ITU-T", "changed the links: — → https://www.itu.int/ls/1")
	// Action needs a deadline, at edit time too.
	mustContain(t, e.refused("alice", "liaison edit L-1 --purpose action"), "needs a deadline")
	mustContain(t, e.ok("alice", "liaison edit L-1 --purpose action --deadline 2027-02-01"), "changed the purpose: information → action",
		"changed the deadline: — → Mon 1 Feb 2027, 23:59 (UTC)")
	// A chair may; the sender cannot become a receiver.
	mustContain(t, e.refused("chair", "liaison edit L-1 --to IETF,JCA"), "JCA-Res.178 is both the sender and a receiver.")
	mustContain(t, e.ok("chair", "liaison edit L-1 --to IETF,IAB"), "@chair changed the addressees: IETF → IETF, IAB")
	mustContain(t, e.refused("chair", "liaison edit L-1 --to IETF,IAB"), "Nothing changed: L-1 already has those values.")
	mustContain(t, e.refused("alice", "liaison edit L-1"), "Say what to change in L-1")
	mustContain(t, e.refused("alice", "liaison edit L-1 --deadline 2020-01-01"), "has already passed")
	mustContain(t, e.refused("alice", "liaison edit L-9 --title X"), "L-9 does not exist")

	l := e.liaison(1)
	if len(l.History) != 5 || l.Purpose != "action" || strings.Join(l.To, ",") != "IETF,IAB" {
		t.Fatalf("stored %+v", l)
	}
	mustContain(t, e.ok("bob", "liaison show L-1"), "History (5 changes)", "To: IETF, IAB", "Purpose: for action")

	// A deadline is cleared with "none", but not while the liaison is for action.
	mustContain(t, e.refused("alice", "liaison edit L-1 --deadline none"), "needs a deadline")
	if l := e.liaison(1); l.Deadline.IsZero() {
		t.Fatal("a refused edit cleared the deadline")
	}
	mustContain(t, e.ok("alice", "liaison edit L-1 --purpose comment --deadline none"), "changed the deadline: Mon 1 Feb 2027, 23:59 (UTC) → —")
	if l := e.liaison(1); !l.Deadline.IsZero() || l.Purpose != "comment" {
		t.Fatalf("stored %+v", l)
	}
}

func TestLiaisonStatus(t *testing.T) {
	e := newEnv(t)
	e.ok("alice", `liaison add --direction in --from ETSI --to SG13 "NFV update" --purpose information`)
	mustContain(t, e.refused("alice", "liaison status L-1 closed"), "Only a chair can change a liaison statement's status.", "@chair")
	if l := e.liaison(1); l.Status != "open" || len(l.History) != 0 {
		t.Fatalf("a refused status changed %+v", l)
	}
	mustContain(t, e.ok("chair", "liaison status L-1 closed"), "L-1 (NFV update) is now `closed` (it was `open`).")
	mustContain(t, e.refused("chair", "liaison status L-1 closed"), "Nothing changed: L-1 is already `closed`.")
	mustContain(t, e.refused("chair", "liaison status L-1 clsoed"), "Unknown status `clsoed`", "Did you mean `closed`?")
	mustContain(t, e.refused("chair", "liaison status L-5 closed"), "L-5 does not exist")
	l := e.liaison(1)
	if l.Status != "closed" || len(l.History) != 1 || l.History[0].By != "console:chair" {
		t.Fatalf("stored %+v", l)
	}
}

func TestLiaisonListOverdue(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("bob", "liaison list"), "No liaison statement logged yet.")
	e.ok("alice", `liaison add --direction out --from JCA --to IETF "Soon due" --purpose action --deadline 2026-11-30`)
	e.ok("alice", `liaison add --direction in --from W3C --to SG17 "No deadline" --purpose information`)
	e.ok("alice", `liaison add --direction out --from SG13 --to ETSI "Later" --purpose comment --deadline 2027-03-01`)
	out := e.ok("bob", "liaison list")
	mustContain(t, out, "Liaison statements (3)", "L-1 outgoing · JCA-Res.178 → IETF · Soon due · for action · open · due Mon 30 Nov 2026 (in 5 days)")
	if strings.Index(out, "L-3") > strings.Index(out, "L-1") {
		t.Fatalf("not newest first:\n%s", out)
	}
	mustContain(t, e.ok("bob", "liaison list --overdue"), "No liaison statement matches.")

	// Five days later, L-1 is overdue.
	e.now = time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	out = e.ok("bob", "liaison list --overdue")
	mustContain(t, out, "Overdue liaison statements (1)", "L-1 outgoing", "overdue: due Mon 30 Nov 2026 (4 days ago)")
	mustNotContain(t, out, "L-2", "L-3")
	mustContain(t, e.ok("bob", "liaison list"), "L-1 outgoing · JCA-Res.178 → IETF · Soon due · for action · open · overdue:")
	mustContain(t, e.ok("bob", "liaison show L-1"), "Overdue: the deadline passed 4 days ago and no answer is recorded.",
		"Deadline: Mon 30 Nov 2026, 23:59 (UTC): overdue (4 days ago)")
	// Closed, it is no longer overdue.
	e.ok("chair", "liaison status L-1 closed")
	mustContain(t, e.ok("bob", "liaison list --overdue"), "No liaison statement matches.")

	// Filters.
	mustContain(t, e.ok("bob", "liaison list --open"), "Open liaison statements (2)")
	mustContain(t, e.ok("bob", "liaison list --org etsi"), "Liaison statements (1)", "L-3")
	mustContain(t, e.ok("bob", "liaison list --org SG17 --open"), "Open liaison statements (1)", "L-2")
	mustContain(t, e.refused("bob", "liaison list --org IETG"), "Unknown group `IETG`", "Did you mean `IETF`?")

	// Pages of 20.
	for i := 0; i < 20; i++ {
		e.ok("alice", fmt.Sprintf(`liaison add --direction in --from IEEE --to SG15 "Item %d" --purpose information`, i))
	}
	mustContain(t, e.ok("bob", "liaison list"), "Liaison statements (23)", "1-20 of 23. `--page 2` for more.")
	mustContain(t, e.ok("bob", "liaison list --page 2"), "21-23 of 23.", "L-1 ")
	mustContain(t, e.ok("bob", "liaison list --page 3"), "There is no such page: the last is page 2.")
}

// A day without a time is the end of that day in the zone of the person who
// typed it.
func TestLiaisonDeadlineInPersonsZone(t *testing.T) {
	e := newEnv(t)
	if _, err := e.db.UpdatePerson(context.Background(), "console:yuki", func(p *jca.Person) error {
		p.TZ = "Asia/Tokyo"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	out := e.ok("yuki", `liaison add --direction out --from JCA --to IETF "T" --purpose action --deadline 2027-01-31`)
	mustContain(t, out, "Deadline: Sun 31 Jan 2027, 23:59 (Tokyo, JST)")
	want := time.Date(2027, 1, 31, 14, 59, 59, 999999999, time.UTC)
	if l := e.liaison(1); !l.Deadline.Equal(want) {
		t.Fatalf("deadline %v, want %v", l.Deadline, want)
	}
	// Someone in UTC sees it in their own zone.
	mustContain(t, e.ok("bob", "liaison show L-1"), "Deadline: Sun 31 Jan 2027, 14:59 (UTC)")
}

func TestLiaisonFrench(t *testing.T) {
	e := newEnv(t)
	e.ok("marie", "lang set fr")
	out := e.ok("marie", `liaison add --direction out --from JCA --to IETF « Travaux sur IPv6 » --purpose action --deadline 2027-01-31`)
	mustContain(t, out, "L-1 enregistrée (envoyée, JCA-Res.178 → IETF)\u00a0: Travaux sur IPv6.", "Objet\u00a0: pour action", "Échéance\u00a0: dim. 31 janv. 2027, 23:59 (UTC) (dans 2 mois)")
	mustContain(t, e.refused("marie", `liaison add --direction out --from JCA --to IETF "T" --purpose action`),
		"Une déclaration de liaison pour action exige une échéance\u00a0: ajoutez `--deadline 2033-02-01`.")
	mustContain(t, e.refused("marie", "liaison status L-1 closed"), "Seul un président peut modifier le statut d'une déclaration de liaison.")
	mustContain(t, e.ok("marie", `liaison add --direction in --from IETF --to JCA "Réponse" --purpose information --reply-to L-1`),
		"Elle répond à L-1 (Travaux sur IPv6), désormais marquée comme répondue.")
	mustContain(t, e.ok("marie", "liaison list"), "Déclarations de liaison (2)", "L-2 reçue")
}

func TestLiaisonHelp(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("bob", "help liaison"), "liaison add", "liaison status <L-n> <open|answered|closed>")
	mustContain(t, e.ok("bob", "liaison edit --help"), "Only its author or a chair can do this.", "--deadline YYYY-MM-DD")
	mustContain(t, e.ok("bob", "help org status"), "Only a chair can do this.")
	mustContain(t, e.refused("bob", "liaison lst"), "`liaison` has no verb `lst`", "`liaison list`")
}
