package commands

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// The digest's week: from Wed 18 Nov 2026 10:00 UTC to Wed 25 Nov 10:00 UTC.
var (
	weekStart = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
	weekEnd   = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
)

const weekChannel bot.ChannelID = "console:general"

// seedDigest stores, around the digest's week, what a digest reports and
// what it must leave out.
func seedDigest(t *testing.T, db jca.Store) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	old, during := weekStart.AddDate(0, -2, 0), weekStart.Add(48*time.Hour)
	inDays := func(n int) time.Time { return weekEnd.Add(time.Duration(n) * 24 * time.Hour) }
	chg := func(at time.Time, field, o, n string) jca.Change {
		return jca.Change{At: at, Field: field, Old: o, New: n}
	}
	for _, a := range []*jca.Activity{
		// old, consented this week.
		{Group: "SG17", Title: "Security guidelines for DNS resolvers", Status: "consented", CreatedAt: old, UpdatedAt: during,
			History: []jca.Change{chg(during, "status", "under-study", "consented")}},
		// new this week.
		{Group: "SG13", Title: "Network requirements for IMT-2030", Status: "under-study", CreatedAt: during, UpdatedAt: during},
		// removed this week.
		{Group: "IETF", Title: "DNS privacy", Status: "under-study", Removed: true, CreatedAt: old, UpdatedAt: during,
			History: []jca.Change{chg(during, "removed", "false", "true")}},
		// untouched.
		{Group: "SG13", Title: "Untouched", Status: "approved", CreatedAt: old, UpdatedAt: old},
		// retitled this week.
		{Group: "SG13", Title: "Quantum key distribution networks", Status: "under-study", CreatedAt: old, UpdatedAt: during,
			History: []jca.Change{chg(during, "title", "QKD", "Quantum key distribution networks")}},
	} {
		must(db.CreateActivity(ctx, a))
	}
	for _, p := range []*jca.Proposal{
		{Kind: jca.TopicProposal, Title: "Trust in IMT-2030", Groups: []string{"SG13"}, Status: "proposed", Deadline: inDays(3),
			CreatedAt: during, UpdatedAt: during, Positions: []jca.Position{
				{Person: "console:a", Stance: jca.Support, At: during}, {Person: "console:b", Stance: jca.Support, At: during},
				{Person: "console:c", Stance: jca.Object, Comment: "overlap", At: during}}},
		{Kind: jca.TopicProposal, Title: "Digital twins", Groups: []string{"SG20"}, Status: "discussing", CreatedAt: old, UpdatedAt: during,
			History: []jca.Change{chg(during, "status", "proposed", "discussing")}},
		{Kind: jca.TopicProposal, Title: "Untouched topic", Groups: []string{"SG2"}, Status: "proposed", CreatedAt: old, UpdatedAt: old},
		{Kind: jca.JointProposal, Title: "JRG on quantum", Groups: []string{"SG13", "SG17"}, JointKind: "joint-rapporteur-group",
			Status: "proposed", CreatedAt: during, UpdatedAt: during},
	} {
		must(db.CreateProposal(ctx, p))
	}
	for _, l := range []*jca.Liaison{
		{Direction: "in", From: "IETF", To: []string{"SG13"}, Title: "Due soon", Purpose: "action", Deadline: inDays(5), Status: "open", CreatedAt: old},
		{Direction: "out", From: "JCA-Res.178", To: []string{"3GPP"}, Title: "Overdue", Purpose: "comment", Deadline: inDays(-2), Status: "open", CreatedAt: old},
		{Direction: "in", From: "W3C", To: []string{"JCA-Res.178"}, Title: "New for information", Purpose: "information", Status: "open", CreatedAt: during},
		{Direction: "in", From: "IEEE", To: []string{"SG15"}, Title: "Due later", Purpose: "action", Deadline: inDays(30), Status: "open", CreatedAt: old},
		{Direction: "in", From: "ETSI", To: []string{"SG5"}, Title: "Closed", Purpose: "action", Deadline: inDays(-3), Status: "closed", CreatedAt: old},
	} {
		must(db.CreateLiaison(ctx, l))
	}
	p := &jca.Poll{Title: "December e-meeting", Zone: "Europe/Zurich", Duration: 2 * time.Hour,
		Slots: []time.Time{inDays(10), inDays(11)}, Deadline: inDays(2), CreatedAt: during}
	must(db.CreatePoll(ctx, p))
	must(db.CreatePoll(ctx, &jca.Poll{Title: "Closed poll", Duration: time.Hour, Slots: []time.Time{inDays(9)}, Closed: true, CreatedAt: during}))
	for _, who := range []jca.PersonID{"console:a", "console:b", "console:c"} {
		_, err := db.UpdatePerson(ctx, who, func(p *jca.Person) error {
			p.Memberships = []jca.Membership{{Group: "SG13", Kind: jca.SGRep}}
			return nil
		})
		must(err)
	}
	for _, who := range []jca.PersonID{"console:a", "console:outsider"} {
		_, err := db.Vote(ctx, p.ID, who, map[int]jca.Answer{1: jca.Yes}, during, func(*jca.Poll) error { return nil })
		must(err)
	}
	for _, m := range []*jca.Meeting{
		{Title: "Quarterly e-meeting", Start: inDays(3).Add(4 * time.Hour), Duration: 2 * time.Hour, Kind: "e-meeting"},
		{Title: "Far away", Start: inDays(20), Duration: time.Hour, Kind: "e-meeting"},
		{Title: "Cancelled", Start: inDays(2), Duration: time.Hour, Kind: "e-meeting", Cancelled: true},
		{Title: "Past", Start: inDays(-1), Duration: time.Hour, Kind: "e-meeting"},
	} {
		must(db.CreateMeeting(ctx, m, nil))
	}
}

func digestText(msgs []bot.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString(plain(m))
	}
	return b.String()
}

// inOrder fails unless each of wants appears after the one before.
func inOrder(t *testing.T, got string, wants ...string) {
	t.Helper()
	at := 0
	for _, w := range wants {
		i := strings.Index(got[at:], w)
		if i < 0 {
			t.Fatalf("%q missing or out of order in:\n%s", w, got)
		}
		at += i + len(w)
	}
}

func TestDigestContent(t *testing.T) {
	e := newEnv(t)
	seedDigest(t, e.db)
	if _, err := e.db.UpdateChannel(context.Background(), string(weekChannel), func(c *jca.Channel) error {
		c.TZ = "Europe/Zurich"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	msgs, empty, err := e.r.Digest(context.Background(), weekChannel, weekStart, weekEnd)
	if err != nil || empty || len(msgs) != 1 {
		t.Fatalf("Digest: %d messages, empty %v, %v", len(msgs), empty, err)
	}
	got := digestText(msgs)
	mustContain(t, got, "Digest from Wed 18 Nov 2026, 11:00 (Zurich, CET) to Wed 25 Nov 2026, 11:00 (Zurich, CET)")
	// Sections in order, the closest deadlines first within each.
	inOrder(t, got,
		"Liaison statements (3)",
		"L-2 Overdue · JCA-Res.178 → 3GPP · overdue: was due Mon 23 Nov 2026 (2 days ago)",
		"L-1 Due soon · IETF → SG13 · due Mon 30 Nov 2026 (in 5 days)",
		"L-3 New for information · W3C → JCA-Res.178 · new · for information",
		"Open polls (1)",
		"P-1 December e-meeting · closes Fri 27 Nov 2026, 11:00 (Zurich, CET) (in 2 days) = 10:00 UTC · 1 of 3 members answered",
		"Meetings in the next 14 days (1)",
		"M-1 Quarterly e-meeting · Sat 28 Nov 2026, 15:00 (Zurich, CET) = 14:00 UTC · in 3 days",
		"Topics proposed or moved (2)",
		"T-1 Trust in IMT-2030 · new · proposed · 2 for, 1 against · due Sat 28 Nov 2026 (in 3 days)",
		"T-2 Digital twins · proposed → discussing · 0 for, 0 against",
		"Joint groups proposed or moved (1)",
		"G-1 JRG on quantum · new · proposed · 0 for, 0 against",
		"Activities added or changed (4), by group",
		"A-2 SG13 · Network requirements for IMT-2030 · new · under-study",
		"A-5 SG13 · Quantum key distribution networks · changed: title",
		"A-1 SG17 · Security guidelines for DNS resolvers · under-study → consented",
		"A-3 IETF · DNS privacy · removed",
		"for example `/jca liaison show L-2`")
	mustNotContain(t, got, "L-4", "L-5", "Due later", "Closed", "P-2", "Far away", "Cancelled", "Past", "T-3", "Untouched", "A-4")
	if n := strings.Count(got, "Liaison statements"); n != 1 {
		t.Fatalf("the liaison section appears %d times", n)
	}
}

// A channel's digest speaks its language.
func TestDigestFrench(t *testing.T) {
	e := newEnv(t)
	seedDigest(t, e.db)
	e.db.UpdateChannel(context.Background(), string(weekChannel), func(c *jca.Channel) error { c.Lang = "fr"; return nil })
	msgs, _, err := e.r.Digest(context.Background(), weekChannel, weekStart, weekEnd)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, digestText(msgs), "Récapitulatif du mer. 18 nov. 2026, 10:00 (UTC) au mer. 25 nov. 2026, 10:00 (UTC)",
		"Déclarations de liaison (3)", "en retard\u00a0: échéance le lun. 23 nov. 2026 (il y a 2 jours)", "nouvelle · pour information",
		"1 membre sur 3 a répondu", "Réunions des 14 prochains jours (1)", "2 pour, 1 contre", "nouveau · proposed",
		"Activités ajoutées ou modifiées (4), par groupe", "nouvelle · under-study", "modifiée\u00a0: titre", "retirée", "Le détail")
}

func TestDigestNothingNew(t *testing.T) {
	e := newEnv(t)
	msgs, empty, err := e.r.Digest(context.Background(), weekChannel, weekStart, weekEnd)
	if err != nil || !empty || len(msgs) != 1 {
		t.Fatalf("Digest: %d messages, empty %v, %v", len(msgs), empty, err)
	}
	if got := digestText(msgs); strings.TrimSpace(got) != "Nothing new since Wed 18 Nov 2026, 10:00 (UTC)." {
		t.Fatalf("got %q", got)
	}
}

// Only what moved in the period counts: the same register a week later
// has nothing new but what is pending (overdue liaisons, a meeting now
// within 14 days).
func TestDigestNextWeek(t *testing.T) {
	e := newEnv(t)
	seedDigest(t, e.db)
	msgs, empty, err := e.r.Digest(context.Background(), weekChannel, weekEnd, weekEnd.AddDate(0, 0, 7))
	if err != nil || empty {
		t.Fatalf("empty %v, %v", empty, err)
	}
	got := digestText(msgs)
	inOrder(t, got, "Liaison statements (2)", "L-2 Overdue", "L-1 Due soon · IETF → SG13 · overdue: was due Mon 30 Nov 2026 (2 days ago)",
		"Meetings in the next 14 days (1)", "M-2 Far away")
	mustNotContain(t, got, "Activities", "Topics", "L-3", "L-4", "Open polls")
}

// A long digest is split into messages within the platforms' limits, each
// item whole and each exactly once.
func TestDigestSplitsLongDigests(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const n = 700
	long := strings.Repeat("Very long title about networks ", 10)
	for i := 0; i < n; i++ {
		a := &jca.Activity{Group: e.r.d.Vocab.GroupCodes()[i%11], Title: fmt.Sprintf("%d %s", i, long), Status: "under-study",
			CreatedAt: weekStart.Add(time.Hour), UpdatedAt: weekStart.Add(time.Hour)}
		if err := e.db.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	msgs, empty, err := e.r.Digest(ctx, weekChannel, weekStart, weekEnd)
	if err != nil || empty {
		t.Fatalf("empty %v, %v", empty, err)
	}
	if len(msgs) < 3 {
		t.Fatalf("%d messages for %d items", len(msgs), n)
	}
	item := regexp.MustCompile(`^\*\*A-(\d+)\*\* (TSAG|SG\d+) · _(\d+) Very long title about networks .*…_ · new · under-study$`)
	seen := map[string]int{}
	for i, m := range msgs {
		if len(m.Blocks)+1 > digestMaxBlocks {
			t.Errorf("message %d: %d blocks and a title", i+1, len(m.Blocks))
		}
		total := textCost(m.Title)
		if i > 0 {
			mustContain(t, m.Title.String(), fmt.Sprintf("Digest, continued (%d/%d)", i+1, len(msgs)))
		}
		for j, b := range m.Blocks {
			c := textCost(b.Text)
			total += c
			if c > digestMaxSection {
				t.Errorf("message %d block %d: %d characters", i+1, j+1, c)
			}
			lines := strings.Split(marked(b.Text), "\n")
			if b.Kind == bot.SectionBlock && !strings.HasPrefix(lines[0], "**Activities added or changed**") {
				t.Errorf("message %d block %d starts %q", i+1, j+1, lines[0])
			}
			for _, l := range lines[1:] {
				mm := item.FindStringSubmatch(l)
				if mm == nil {
					t.Fatalf("a cut or malformed item: %q", l)
				}
				seen[mm[1]]++
			}
		}
		if total > digestMaxMessage {
			t.Errorf("message %d: %d characters", i+1, total)
		}
	}
	if len(seen) != n {
		t.Fatalf("%d items shown of %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Fatalf("A-%s shown %d times", id, k)
		}
	}
	mustContain(t, marked(msgs[1].Blocks[0].Text), "(continued)")
}

// marked shows bold as **x** and italics as _x_, to check an item's shape.
func marked(t bot.Text) string {
	var b strings.Builder
	for _, s := range t {
		switch s.Kind {
		case bot.Bold:
			b.WriteString("**" + s.Text + "**")
		case bot.Italic:
			b.WriteString("_" + s.Text + "_")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
