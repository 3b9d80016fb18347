package commands

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
)

// pollDoIn runs a line as console:<who> in another channel.
func (e *env) pollDoIn(channel bot.ChannelID, who, line string) bot.Reply {
	e.t.Helper()
	e.now = e.now.Add(time.Minute)
	return e.r.Handle(context.Background(), bot.Request{
		Platform: bot.Console, Channel: channel,
		Person: bot.Person{ID: bot.NewIdentity(bot.Console, who), Name: who},
		Text:   line, Time: e.now,
	})
}

func (e *env) poll(id int) *jca.Poll {
	e.t.Helper()
	p, err := e.db.FindPoll(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) pollCount() int {
	e.t.Helper()
	_, n, err := e.db.ListPolls(context.Background(), jca.PollFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) pollBallots(id int) map[string]map[int]jca.Answer {
	e.t.Helper()
	bs, err := e.db.Ballots(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]map[int]jca.Answer{}
	for _, b := range bs {
		out[bot.Identity(b.Person).User()] = b.Answers
	}
	return out
}

// pollMember makes who a member of the groups, in zone ("" for none).
func (e *env) pollMember(who, zone string, groups ...string) {
	e.t.Helper()
	for _, g := range groups {
		e.ok(who, "member join "+g)
	}
	if zone != "" {
		e.ok(who, "tz set "+zone)
	}
}

// pollLine returns the line of out that starts with prefix (a leading
// best-slot star ignored), failing the test when there is none.
func pollLine(t *testing.T, out, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimPrefix(l, "★ "), prefix) {
			return strings.TrimPrefix(l, "★ ")
		}
	}
	t.Fatalf("no line starting with %q in:\n%s", prefix, out)
	return ""
}

func mustEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

const pollMarch = `poll new "March e-meeting" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --tz Europe/Zurich`

// A poll typed in Zurich, with the clocks changing between its slots
// (2032-03-28), seen by members in Cairo, New York (changed 2032-03-14)
// and Tokyo (no DST), each in their own zone with Zurich beside.
func TestPollAcrossDaylightSavingChange(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "Africa/Cairo", "SG13")
	e.pollMember("bob", "America/New_York", "SG17")
	e.pollMember("carol", "Asia/Tokyo", "SG20")
	e.pollMember("dave", "Europe/Zurich", "SG2")
	e.ok("dave", pollMarch)

	p := e.poll(1)
	mustEqual(t, "zone", p.Zone, "Europe/Zurich")
	mustEqual(t, "slot 1", p.Slots[0], time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC))
	mustEqual(t, "slot 2", p.Slots[1], time.Date(2032, 3, 29, 7, 30, 0, 0, time.UTC))
	mustEqual(t, "duration", p.Duration, 2*time.Hour)

	views := []struct {
		who          string
		slot1, slot2 string
	}{
		{"alice",
			"1 · Fri 26 Mar 2032, 15:00-17:00 (Cairo, EET) = 14:00 (Zurich, CET)",
			"2 · Mon 29 Mar 2032, 09:30-11:30 (Cairo, EET)"}, // same offset as Zurich by then
		{"bob",
			"1 · Fri 26 Mar 2032, 09:00-11:00 (New York, EDT) = 14:00 (Zurich, CET)",
			"2 · Mon 29 Mar 2032, 03:30-05:30 (New York, EDT) = 09:30 (Zurich, CEST)"},
		{"carol",
			"1 · Fri 26 Mar 2032, 22:00-24:00 (Tokyo, JST) = 14:00 (Zurich, CET)",
			"2 · Mon 29 Mar 2032, 16:30-18:30 (Tokyo, JST) = 09:30 (Zurich, CEST)"},
		{"dave",
			"1 · Fri 26 Mar 2032, 14:00-16:00 (Zurich, CET)",
			"2 · Mon 29 Mar 2032, 09:30-11:30 (Zurich, CEST)"},
	}
	for _, v := range views {
		t.Run(v.who, func(t *testing.T) {
			out := e.ok(v.who, "poll show P-1")
			mustEqual(t, "slot 1", pollLine(t, out, "1 · "), v.slot1)
			mustEqual(t, "slot 2", pollLine(t, out, "2 · "), v.slot2)
			mustContain(t, out, "Note: clocks in Zurich change on Sun 28 Mar 2032 (CET → CEST).")
			mustNotContain(t, out, "clocks in New York", "clocks in Tokyo", "clocks in Cairo")
		})
	}

	// Out of hours: slot 1 ends at midnight in Tokyo, slot 2 starts at
	// 03:30 in New York.
	out := e.ok("alice", "poll show P-1")
	mustContain(t, out, "outside working hours for 1 member (Tokyo)", "outside working hours for 1 member (New York)")

	// A viewer in French sees the same instants with French dates.
	e.ok("alice", "lang set fr")
	out = e.ok("alice", "poll show P-1")
	mustEqual(t, "slot 1 (fr)", pollLine(t, out, "1 · "), "1 · ven. 26 mars 2032, 15:00-17:00 (Cairo, EET) = 14:00 (Zurich, CET)")
	mustContain(t, out, "Attention\u00a0: l'heure change à Zurich le dim. 28 mars 2032 (CET → CEST).")
}

func TestPollNewRefusesNonexistentLocalTime(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "Africa/Cairo", "SG13")
	out := e.refused("alice", `poll new "Spring" --slot "2032-03-28 02:30" --tz Europe/Zurich`)
	mustContain(t, out, "02:30 does not exist in Zurich on Sun 28 Mar 2032: clocks jump from 02:00 to 03:00. Did you mean 03:30 (`2032-03-28 03:30`)?")
	mustEqual(t, "polls", e.pollCount(), 0)

	// The valid reading offered is accepted.
	e.ok("alice", `poll new "Spring" --slot "2032-03-28 03:30" --tz Europe/Zurich`)
	mustEqual(t, "slot", e.poll(1).Slots[0], time.Date(2032, 3, 28, 1, 30, 0, 0, time.UTC))

	e.ok("alice", "lang set fr")
	out = e.refused("alice", `poll new "Printemps" --slot "2032-03-28 02:30" --tz Europe/Zurich`)
	mustContain(t, out, "02:30 n'existe pas à Zurich le dim. 28 mars 2032\u00a0: les horloges passent de 02:00 à 03:00. Vouliez-vous dire 03:30 (`2032-03-28 03:30`)\u00a0?")
}

// A slot range typed the wrong way round is refused as for a meeting, with
// the range the right way round; a late call past midnight is a slot.
func TestPollNewBackwardsRange(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	out := e.refused("alice", `poll new "Ranges" --slot "2032-03-26 16:00-14:00"`)
	mustContain(t, out, "`2032-03-26 16:00-14:00` ends before it starts", "would last 22h", "(`2032-03-26 14:00-16:00`)")
	mustEqual(t, "polls", e.pollCount(), 0)
	e.ok("alice", `poll new "Late" --slot "2032-03-26 23:00-01:00"`)
	mustEqual(t, "duration", e.poll(1).Duration, 2*time.Hour)
}

func TestPollNewAmbiguousAutumnTime(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	out := e.refused("alice", `poll new "Autumn" --slot "2032-10-31 02:30" --tz Europe/Zurich`)
	mustContain(t, out,
		"02:30 happens twice in Zurich on Sun 31 Oct 2032: clocks go back from 03:00 to 02:00.",
		"Write `2032-10-31T02:30+02:00` for the first one (CEST, 00:30 UTC) or `2032-10-31T02:30+01:00` for the second (CET, 01:30 UTC).")
	mustEqual(t, "polls", e.pollCount(), 0)

	// Either reading, written with its offset, is accepted as that instant.
	e.ok("alice", `poll new "Autumn" --slot 2032-10-31T02:30+02:00 --slot 2032-10-31T02:30+01:00 --tz Europe/Zurich --duration 30m`)
	p := e.poll(1)
	mustEqual(t, "first", p.Slots[0], time.Date(2032, 10, 31, 0, 30, 0, 0, time.UTC))
	mustEqual(t, "second", p.Slots[1], time.Date(2032, 10, 31, 1, 30, 0, 0, time.UTC))
	e.ok("alice", "tz set Europe/Zurich")
	out = e.ok("alice", "poll show P-1")
	mustEqual(t, "slot 1", pollLine(t, out, "1 · "), "1 · Sun 31 Oct 2032, 02:30-02:00 CET (Zurich, CEST)")
	mustEqual(t, "slot 2", pollLine(t, out, "2 · "), "2 · Sun 31 Oct 2032, 02:30-03:00 (Zurich, CET)")
	mustContain(t, out, "Note: clocks in Zurich change on Sun 31 Oct 2032 (CEST → CET).")
}

func TestPollNewForms(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "Africa/Cairo", "SG13")

	// Slots read in the creator's zone when --tz is absent, sorted, 2h.
	e.ok("alice", `poll new "Default" --slot "2032-03-29 09:30" --slot "2032-03-26 14:00"`)
	p := e.poll(1)
	mustEqual(t, "zone", p.Zone, "Africa/Cairo")
	mustEqual(t, "first", p.Slots[0], time.Date(2032, 3, 26, 12, 0, 0, 0, time.UTC))
	mustEqual(t, "second", p.Slots[1], time.Date(2032, 3, 29, 7, 30, 0, 0, time.UTC))
	mustEqual(t, "duration", p.Duration, 2*time.Hour)
	mustEqual(t, "channel", p.Channel, "console:general")
	mustEqual(t, "posts", len(p.Posts), 1)
	mustEqual(t, "deadline", p.Deadline.IsZero(), true)

	// A range sets the length; a deadline is typed in --tz like the slots.
	e.ok("alice", `poll new "Range" --slot "2032-03-26 14:00-15:30" --slot "2032-03-27 09:00-10:30" --tz Europe/Zurich --deadline "2032-03-20 12:00" --hidden`)
	p = e.poll(2)
	mustEqual(t, "duration", p.Duration, 90*time.Minute)
	mustEqual(t, "deadline", p.Deadline, time.Date(2032, 3, 20, 11, 0, 0, 0, time.UTC))
	mustEqual(t, "hidden", p.Hidden, true)

	// A range agreeing with --duration, ISO 8601 with an offset.
	e.ok("alice", `poll new "ISO" --slot "2032-03-26 14:00-15:00" --slot 2032-03-27T09:00-05:00 --duration 1h --tz Europe/Zurich`)
	p = e.poll(3)
	mustEqual(t, "iso slot", p.Slots[1], time.Date(2032, 3, 27, 14, 0, 0, 0, time.UTC))
	mustEqual(t, "duration", p.Duration, time.Hour)
	e.ok("alice", `poll new "Long" --slot "2032-03-26 14:00" --duration 1h30`)
	mustEqual(t, "duration", e.poll(4).Duration, 90*time.Minute)
}

func TestPollNewRefusals(t *testing.T) {
	var many []string
	for i := range jca.MaxSlots + 1 {
		many = append(many, fmt.Sprintf(`--slot "2032-04-%02d 10:00"`, i+1))
	}
	tests := []struct {
		name, line, want string
	}{
		{"no slot", `poll new "X"`, "Give the times to choose from, each with `--slot`"},
		{"past slot", `poll new "X" --slot "2026-11-20 14:00"`, "The slot `2026-11-20 14:00` has already passed (Fri 20 Nov 2026, 14:00 (UTC))."},
		{"duplicate", `poll new "X" --slot "2032-03-26 14:00" --slot 2032-03-26T13:00Z --tz Europe/Zurich`,
			"`2032-03-26 14:00` and `2032-03-26T13:00Z` are the same time, Fri 26 Mar 2032, 14:00 (Zurich, CET)."},
		{"too many", `poll new "X" ` + strings.Join(many, " "), "21 slots is too many: a poll has at most 20."},
		{"deadline after first slot", `poll new "X" --slot "2032-03-26 14:00" --tz Europe/Zurich --deadline "2032-03-26 14:30"`,
			"The deadline, Fri 26 Mar 2032, 14:30 (Zurich, CET), is after the first slot, Fri 26 Mar 2032, 14:00 (Zurich, CET)"},
		{"zero duration", `poll new "X" --slot "2032-03-26 14:00" --duration 0h`, "`0h` is not a meeting length"},
		{"too long", `poll new "X" --slot "2032-03-26 14:00" --duration 13h`, "`13h` is not a meeting length"},
		{"bad duration", `poll new "X" --slot "2032-03-26 14:00" --duration soon`, "`soon` is not a meeting length"},
		{"range too long", `poll new "X" --slot "2032-03-26 08:00-21:00"`, "`2032-03-26 08:00-21:00` is not a meeting length"},
		{"range against duration", `poll new "X" --slot "2032-03-26 14:00-16:00" --duration 1h`,
			"The slot `2032-03-26 14:00-16:00` lasts 2h, but `--duration` says 1h."},
		{"ranges differ", `poll new "X" --slot "2032-03-26 14:00-16:00" --slot "2032-03-27 14:00-15:00"`,
			"`2032-03-26 14:00-16:00` lasts 2h but `2032-03-27 14:00-15:00` lasts 1h"},
		{"bad slot", `poll new "X" --slot "next tuesday"`, "`next tuesday` is not a slot."},
		{"bad day", `poll new "X" --slot "2032-02-30 10:00"`, "`2032-02-30 10:00` is not a slot."},
		{"unknown zone", `poll new "X" --slot "2032-03-26 14:00" --tz Europe/Zurch`, "Unknown time zone `Europe/Zurch`"},
		{"bad deadline", `poll new "X" --slot "2032-03-26 14:00" --deadline someday`, "`someday` is not a deadline."},
		{"empty title", `poll new "" --slot "2032-03-26 14:00"`, "is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.pollMember("alice", "", "SG13")
			mustContain(t, e.refused("alice", tt.line), tt.want)
			mustEqual(t, "polls", e.pollCount(), 0)
		})
	}
}

func TestPollAnnouncedToTheChannel(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "Africa/Cairo", "SG13")
	e.ok("chair", "channel tz Europe/Zurich")
	rep := e.do("alice", pollMarch)
	if rep.Audience != bot.ToPerson || rep.Announce == nil {
		t.Fatalf("want a private confirmation and a channel post: %+v", rep)
	}
	mine := plain(rep.Message)
	mustContain(t, mine, "Created P-1: March e-meeting, 2 slots of 2h, read in Europe/Zurich.",
		"Voting closes Fri 26 Mar 2032, 15:00 (Cairo, EET), in ")
	ch := plain(*rep.Announce)
	mustEqual(t, "channel slot 1", pollLine(t, ch, "1 · "), "1 · Fri 26 Mar 2032, 14:00-16:00 (Zurich, CET) = 13:00 (UTC)")
	mustContain(t, ch, "@alice asks when you can meet", "✓ 0 · ~ 0 · ✗ 0",
		"[Yes · Fri 26 Mar 14:00][If need be · Fri 26 Mar 14:00][No · Fri 26 Mar 14:00]",
		"[Yes · Mon 29 Mar 09:30]")
	var buttons []bot.Button
	for _, b := range rep.Announce.Blocks {
		buttons = append(buttons, b.Buttons...)
	}
	mustEqual(t, "buttons", len(buttons), 6)
	mustEqual(t, "button value", buttons[4].Value, "poll vote P-1 2=maybe")
	mustEqual(t, "button action", buttons[4].Name, RunAction)

	// Clicking a button votes as the person who clicked.
	rep = e.r.Handle(context.Background(), bot.Request{Platform: bot.Console, Channel: "console:general",
		Person: bot.Person{ID: "console:bob"}, Action: &buttons[0].Action, Time: e.now})
	if rep.Refused {
		t.Fatalf("click refused: %s", plain(rep.Message))
	}
	mustEqual(t, "bob's answer", e.pollBallots(1)["bob"][1], jca.Yes)

	// In French, for a French channel.
	e.ok("chair", "channel lang fr")
	msg, err := e.r.PollMessage(context.Background(), e.poll(1), time.UTC, i18n.FR)
	if err != nil {
		t.Fatal(err)
	}
	out := plain(msg)
	mustContain(t, out, "[Oui · ven. 26 mars 13:00][Si besoin · ven. 26 mars 13:00][Non · ven. 26 mars 13:00]",
		"1 réponse.", "aucune commission")
}

func TestPollVote(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "Africa/Cairo", "SG13")
	e.ok("alice", `poll new "Three" --slot "2032-03-26 14:00" --slot "2032-03-27 14:00" --slot "2032-03-28 14:00"`)

	out := e.ok("bob", "poll vote P-1 1=yes 2=maybe 3=no")
	mustContain(t, out, "Recorded your answers to P-1 Three:", "✓ 1 · Fri 26 Mar 2032, 12:00-14:00 (UTC) = 14:00 (Cairo, EET)",
		"~ 2 · ", "✗ 3 · ")
	e.ok("carol", "poll vote P-1 yes 1,3 maybe 2")
	e.ok("dave", "poll vote P-1 if-need-be all")
	e.ok("erin", "poll vote p1 ✓ 1 ~ 2 ✗ 3")
	e.ok("fred", "poll vote 1 no 1-2")
	b := e.pollBallots(1)
	mustEqual(t, "bob", fmt.Sprint(b["bob"]), "map[1:yes 2:maybe 3:no]")
	mustEqual(t, "carol", fmt.Sprint(b["carol"]), "map[1:yes 2:maybe 3:yes]")
	mustEqual(t, "dave", fmt.Sprint(b["dave"]), "map[1:maybe 2:maybe 3:maybe]")
	mustEqual(t, "erin", fmt.Sprint(b["erin"]), "map[1:yes 2:maybe 3:no]")
	mustEqual(t, "fred", fmt.Sprint(b["fred"]), "map[1:no 2:no]")

	// A vote replaces the earlier answer for those slots only.
	out = e.ok("bob", "poll vote P-1 2=no")
	mustContain(t, out, "✓ 1 · ", "(unchanged)", "✗ 2 · ")
	mustEqual(t, "bob after", fmt.Sprint(e.pollBallots(1)["bob"]), "map[1:yes 2:no 3:no]")
	mustEqual(t, "voters", e.poll(1).Voters, 5)

	refusals := []struct{ line, want string }{
		{"poll vote P-1 4=yes", "There is no slot 4 in P-1: its slots are 1 to 3."},
		{"poll vote P-1 yes 0", "`0` is not an answer."},
		{"poll vote P-1 1=perhaps", "`1=perhaps` is not an answer."},
		{"poll vote P-1 1 2", "`1` is not an answer."},
		{"poll vote P-1 yes", "Say which slots get `yes`"},
		{"poll vote P-1 yes maybe 2", "Say which slots get `yes`"},
		{"poll vote P-1 1=yes 1=no", "Slot 1 gets two different answers."},
		{"poll vote P-9 1=yes", "P-9 does not exist."},
		{"poll vote X-1 1=yes", "`X-1` is not an id."},
	}
	for _, r := range refusals {
		mustContain(t, e.refused("bob", r.line), r.want)
	}
	mustEqual(t, "bob unchanged", fmt.Sprint(e.pollBallots(1)["bob"]), "map[1:yes 2:no 3:no]")
}

// Votes are refused once voting time is over, even before CloseDuePolls
// has marked the poll closed; CloseDuePolls then closes it and returns the
// ranking for its channel, in the channel's zone and language.
func TestPollAutoClose(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	e.ok("alice", `poll new "Deadline" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --tz Europe/Zurich --deadline "2032-03-20 12:00"`)
	e.ok("alice", `poll new "First slot" --slot "2032-04-26 14:00" --tz Europe/Zurich`)
	e.ok("alice", "poll vote P-1 2=yes")
	e.ok("chair", "channel lang fr")
	e.ok("chair", "channel tz Europe/Zurich")
	ctx := context.Background()

	deadline := time.Date(2032, 3, 20, 11, 0, 0, 0, time.UTC)
	posts, err := e.r.Planner().CloseDuePolls(ctx, deadline.Add(-time.Second))
	if err != nil || len(posts) != 0 {
		t.Fatalf("before the deadline: %d posts, %v", len(posts), err)
	}

	e.now = deadline.Add(time.Minute)
	mustContain(t, e.refused("bob", "poll vote P-1 1=yes"), "Too late: this poll is closed. P-1 stopped taking answers Sat 20 Mar 2032, 11:00 (UTC).")
	mustEqual(t, "not yet marked closed", e.poll(1).Closed, false)
	mustEqual(t, "ballots", len(e.pollBallots(1)), 1)
	// A hidden-or-not poll past its deadline shows its ranking already.
	mustContain(t, e.ok("bob", "poll show P-1"), "Closed Sat 20 Mar 2032, 11:00 (UTC)")

	posts, err = e.r.Planner().CloseDuePolls(ctx, e.now)
	if err != nil || len(posts) != 1 {
		t.Fatalf("at the deadline: %d posts, %v", len(posts), err)
	}
	mustEqual(t, "channel", posts[0].Channel, bot.ChannelID("console:general"))
	out := plain(posts[0].Message)
	mustContain(t, out, "Clos le sam. 20 mars 2032, 12:00 (Zurich, CET)", "★ Meilleur\u00a0: créneau 2, lun. 29 mars 2032, 09:30-11:30 (Zurich, CEST)")
	mustNotContain(t, out, "[Oui")
	p := e.poll(1)
	if !p.Closed || p.ClosedBy != "" || !p.ClosedAt.Equal(deadline) {
		t.Fatalf("closed %v by %q at %v", p.Closed, p.ClosedBy, p.ClosedAt)
	}
	mustEqual(t, "P-2 still open", e.poll(2).Closed, false)

	// Nothing twice.
	if posts, _ := e.r.Planner().CloseDuePolls(ctx, e.now); len(posts) != 0 {
		t.Fatalf("closed again: %d", len(posts))
	}
	// Without a deadline, a poll closes when its first slot starts.
	first := time.Date(2032, 4, 26, 12, 0, 0, 0, time.UTC)
	if posts, _ := e.r.Planner().CloseDuePolls(ctx, first.Add(-time.Minute)); len(posts) != 0 {
		t.Fatal("closed before its first slot")
	}
	posts, err = e.r.Planner().CloseDuePolls(ctx, first)
	if err != nil || len(posts) != 1 {
		t.Fatalf("at the first slot: %d posts, %v", len(posts), err)
	}
	mustEqual(t, "P-2 closed at", e.poll(2).ClosedAt, first)
	e.now = first.Add(-time.Hour) // the clock is not what refuses now: the poll is closed
	mustContain(t, e.refused("bob", "poll vote P-2 1=yes"), "this poll is closed")
}

// A slot with three yes from one study group loses to a slot with two yes
// from two groups; a slot no chair can attend is marked; out-of-hours
// counts name the zones.
func TestPollRanking(t *testing.T) {
	e := newEnv(t)
	e.pollMember("a1", "Europe/Zurich", "SG13")
	e.pollMember("a2", "Asia/Tokyo", "SG13")
	e.pollMember("a3", "America/New_York", "SG13")
	e.pollMember("b1", "Asia/Tokyo", "SG17")
	e.pollMember("c1", "", "SG20") // no zone: not counted out of hours
	e.ok("a1", `poll new "Ranking" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --tz Europe/Zurich`)
	e.ok("a1", "poll vote P-1 1=yes 2=no")
	e.ok("a2", "poll vote P-1 1=yes 2=yes")
	e.ok("a3", "poll vote P-1 1=yes 2=no")
	e.ok("b1", "poll vote P-1 1=no 2=yes")
	e.ok("chair", "poll vote P-1 2=maybe")

	out := e.ok("a1", "poll show P-1")
	mustContain(t, out,
		"★ Best: slot 2, Mon 29 Mar 2032, 09:30-11:30 (Zurich, CEST): it covers the most study groups (2, against 1 for slot 1).",
		// slot 1 is 22:00-24:00 in Tokyo for a2 (late), 08:00 in New York for a3
		"✓ 3 · ~ 0 · ✗ 1 · 1 group: SG13 · rank 2 · 1 early or late · outside working hours for 2 members (Tokyo)",
		// the chair has no zone: counted at the default, UTC
		"✓ 2 · ~ 1 · ✗ 2 · 2 groups: SG13, SG17 · rank 1 · 1 with no zone, counted at UTC · outside working hours for 1 member (New York)")
	mustNotContain(t, out, "no chair", "No chair") // the chair answered if need be on slot 2
	// The grid: voters × slots.
	mustContain(t, out, "       1  2\na1     ✓  ✗\na2     ✓  ✓\na3     ✓  ✗\nb1     ✗  ✓\nchair     ~")

	// Tie-breaks, each said in one line. x works in UTC, y in Tokyo: 14:00
	// UTC is 23:00-01:00 there (night), 13:00 UTC 22:00-24:00 (late), 08:00
	// UTC 17:00 (sociable).
	ties := func(slots ...string) *env {
		e := newEnv(t)
		e.pollMember("x", "UTC", "SG13")
		e.pollMember("y", "Asia/Tokyo", "SG13")
		line := `poll new "Ties"`
		for _, s := range slots {
			line += ` --slot "` + s + `"`
		}
		e.ok("x", line)
		return e
	}
	e2 := ties("2032-03-26 14:00", "2032-03-27 08:00")
	e2.ok("x", "poll vote P-1 1=yes 2=yes")
	e2.ok("y", "poll vote P-1 1=yes 2=yes")
	out = e2.ok("x", "poll show P-1")
	mustContain(t, out, "★ Best: slot 2, Sat 27 Mar 2032, 08:00-10:00 (UTC): as many study groups as slot 1, and more who can come at a sociable hour (2 against 1).",
		"✓ 2 · ~ 0 · ✗ 0 · 1 group: SG13 · rank 2 · 🌙 1 at night", "No chair has answered yes or if need be on any slot.")
	if n := strings.Count(out, "chair"); n != 1 {
		t.Fatalf("the missing chair is said %d times:\n%s", n, out)
	}
	e2.ok("y", "poll vote P-1 1=yes 2=no")
	mustContain(t, e2.ok("x", "poll show P-1"), "★ Best: slot 1, Fri 26 Mar 2032, 14:00-16:00 (UTC): as many study groups and people at a sociable hour as slot 2, and more yes or if need be (2 against 1).")
	e3 := ties("2032-03-26 14:00", "2032-03-27 13:00")
	e3.ok("x", "poll vote P-1 1=yes 2=yes")
	e3.ok("y", "poll vote P-1 1=yes 2=maybe")
	mustContain(t, e3.ok("x", "poll show P-1"), "★ Best: slot 2, Sat 27 Mar 2032, 13:00-15:00 (UTC): as good as slot 1 on groups, sociable hours and answers, and fewer would join from the night (0 against 1).",
		"1 early or late")
	e4 := ties("2032-03-26 08:00", "2032-03-27 08:00")
	e4.ok("x", "poll vote P-1 1=yes 2=yes")
	e4.ok("chair", "poll vote P-1 1=maybe 2=yes")
	out = e4.ok("x", "poll show P-1")
	mustContain(t, out, "★ Best: slot 2, Sat 27 Mar 2032, 08:00-10:00 (UTC): tied with slot 1 on every count, and a chair answered yes.")
	mustNotContain(t, out, "No chair")
	e4.ok("chair", "poll vote P-1 1=yes")
	mustContain(t, e4.ok("x", "poll show P-1"), "★ Best: slot 1, Fri 26 Mar 2032, 08:00-10:00 (UTC): tied with slot 2 on every count, and earlier.")
}

// Until a hidden poll closes, nobody, its creator and the chairs
// included, sees the others' answers: only how many answered, and their
// own.
func TestPollHidden(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	e.pollMember("bob", "", "SG17")
	rep := e.do("alice", `poll new "Secret" --slot "2032-03-26 14:00" --slot "2032-03-27 14:00" --hidden`)
	mustContain(t, plain(rep.Message), "Hidden poll: nobody, you included, sees the others' answers before it closes.")
	e.ok("bob", "poll vote P-1 1=yes 2=no")
	e.ok("carol", "poll vote P-1 1=maybe")

	for _, who := range []string{"alice", "chair"} {
		out := e.ok(who, "poll show P-1")
		mustContain(t, out, "Hidden poll: 2 people answered so far.")
		mustNotContain(t, out, "✓ 1", "bob", "carol", "Best", "rank")
	}
	out := e.ok("bob", "poll show P-1")
	mustContain(t, out, "Your answers: 1 ✓ · 2 ✗")
	mustNotContain(t, out, "carol", "✓ 1 · ~ 1")
	msg, err := e.r.PollMessage(context.Background(), e.poll(1), time.UTC, i18n.EN)
	if err != nil {
		t.Fatal(err)
	}
	ch := plain(msg)
	mustContain(t, ch, "Hidden poll: 2 people answered so far; the answers show when it closes.", "[Yes · Fri 26 Mar 14:00]")
	mustNotContain(t, ch, "✓ 1", "rank")

	rep = e.do("alice", "poll close P-1")
	mustContain(t, plain(*rep.Announce), "✓ 1 · ~ 1 · ✗ 0", "★ Best: slot 1")
	out = e.ok("carol", "poll show P-1")
	mustContain(t, out, "bob    ✓  ✗", "carol  ~   ")
}

func TestPollPending(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	e.pollMember("bob", "", "SG13", "SG17")
	e.pollMember("carol", "", "SG17")
	e.pollMember("dave", "", "SG20")
	e.ok("alice", `poll new "Pending" --slot "2032-03-26 14:00"`)
	e.ok("alice", "poll vote P-1 1=yes")
	e.ok("zoe", "poll vote P-1 1=no") // not a member: answers, never pending

	out := e.ok("chair", "poll pending P-1")
	mustContain(t, out, "P-1: 3 members have not answered", "SG13: @bob\n", "SG17: @bob, @carol\n", "SG20: @dave\n")
	mustNotContain(t, out, "@alice", "@zoe", "@chair")

	for _, who := range []string{"bob", "carol", "dave"} {
		e.ok(who, "poll vote P-1 1=maybe")
	}
	mustContain(t, e.ok("chair", "poll pending P-1"), "Every registered member has answered P-1.")
}

// Who may do what: members and chairs create; its creator or a chair
// closes, decides and posts; anyone votes and reads.
func TestPollPermissions(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	e.pollMember("bob", "", "SG17")

	out := e.refused("zoe", `poll new "Not a member" --slot "2032-03-26 14:00"`)
	mustContain(t, out, "Only a member or a chair can create a poll.", "Chairs: @chair")
	mustEqual(t, "polls", e.pollCount(), 0)
	e.ok("chair", `poll new "By a chair" --slot "2032-03-26 14:00"`)
	e.ok("alice", `poll new "By a member" --slot "2032-03-26 14:00" --slot "2032-03-27 14:00"`)
	e.ok("zoe", "poll vote P-2 1=yes")
	e.ok("zoe", "poll show P-2")
	e.ok("zoe", "poll pending P-2")
	e.ok("zoe", "poll list")

	for _, verb := range []struct{ line, action string }{
		{"poll close P-2", "close a poll"},
		{"poll decide P-2", "schedule the meeting of a poll"},
		{"poll decide P-2 1", "schedule the meeting of a poll"},
		{"poll post P-2", "post a poll in another channel"},
	} {
		for _, who := range []string{"bob", "zoe"} {
			out := e.refused(who, verb.line)
			mustContain(t, out, "Only the creator of P-2 or a chair can "+verb.action+".", "Chairs: @chair")
		}
	}
	p := e.poll(2)
	if p.Closed || p.Decided != 0 || len(p.Posts) != 1 {
		t.Fatalf("a refusal changed the poll: %+v", p)
	}

	// The creator may; so may a chair, configured or appointed.
	e.ok("alice", "poll post P-2")
	e.ok("chair", "poll post P-1")
	e.ok("chair", "chair add @dave")
	e.ok("dave", "poll post P-2")
	e.ok("dave", "poll close P-2")
	e.ok("chair", "poll decide P-2 2")
	mustContain(t, e.refused("alice", "poll close P-1"), "Only the creator of P-1 or a chair can close a poll.")
	e.ok("chair", "poll close P-1")
}

// A poll posted in a second channel keeps one tally: a vote from either
// channel shows in both copies.
func TestPollPostOneTally(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	e.ok("alice", `poll new "Shared" --slot "2032-03-26 14:00"`)
	rep := e.pollDoIn("mattermost:team/jca", "alice", "poll post P-1")
	if rep.Refused || rep.Announce == nil {
		t.Fatalf("post: %s", plain(rep.Message))
	}
	mustContain(t, plain(rep.Message), "Posted P-1 here too. It is in 2 channels, with one tally.")
	mustContain(t, plain(*rep.Announce), "P-1 Shared", "[Yes · Fri 26 Mar 14:00]")
	p := e.poll(1)
	mustEqual(t, "posts", len(p.Posts), 2)
	mustEqual(t, "second post", p.Posts[1], jca.PostRef{Channel: "mattermost:team/jca"})

	e.pollDoIn("mattermost:team/jca", "bob", "poll vote P-1 1=yes")
	e.ok("carol", "poll vote P-1 1=maybe")
	for _, ch := range p.Posts {
		loc, lang := e.r.channelSettings(context.Background(), bot.ChannelID(ch.Channel))
		msg, err := e.r.PollMessage(context.Background(), e.poll(1), loc, lang)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, plain(msg), "✓ 1 · ~ 1 · ✗ 0", "2 people answered.")
	}
	mustEqual(t, "voters", e.poll(1).Voters, 2)
}

func TestPollCloseAndDecide(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "Africa/Cairo", "SG13")
	e.pollMember("bob", "", "SG17")
	e.ok("alice", pollMarch)

	// Nobody available yet: there is no best slot to decide.
	mustContain(t, e.refused("alice", "poll decide P-1"), "Nobody has answered yes or if need be to P-1")
	if _, n, _ := e.db.ListMeetings(context.Background(), jca.MeetingFilter{}); n != 0 || e.poll(1).Closed {
		t.Fatalf("a refused decide wrote: %d meetings", n)
	}
	e.ok("alice", "poll vote P-1 1=yes 2=yes")
	e.ok("bob", "poll vote P-1 1=no 2=maybe")

	rep := e.do("alice", "poll close P-1")
	mustContain(t, plain(rep.Message), "Closed P-1 March e-meeting: 2 people answered.",
		"★ Best: slot 2, Mon 29 Mar 2032, 09:30-11:30 (Cairo, EET): it covers the most study groups (2, against 1 for slot 1).")
	ann := plain(*rep.Announce)
	mustContain(t, ann, "Closed Wed 25 Nov 2026", "★ Best: slot 2, Mon 29 Mar 2032, 07:30-09:30 (UTC)", "`/jca poll decide P-1` schedules the meeting.")
	mustNotContain(t, ann, "[Yes")
	p := e.poll(1)
	if !p.Closed || p.ClosedBy != "console:alice" {
		t.Fatalf("closed %v by %q", p.Closed, p.ClosedBy)
	}
	mustContain(t, e.refused("alice", "poll close P-1"), "P-1 is already closed")
	mustContain(t, e.refused("bob", "poll vote P-1 1=yes"), "this poll is closed")
	mustContain(t, e.refused("alice", "poll decide P-1 3"), "There is no slot 3 in P-1: its slots are 1 to 2.")

	// Decide: the best slot becomes a meeting, in one transaction with the
	// poll's decision.
	rep = e.do("alice", "poll decide P-1")
	if rep.Refused {
		t.Fatal(plain(rep.Message))
	}
	mustContain(t, plain(rep.Message), "Decided P-1: slot 2, Mon 29 Mar 2032, 09:30-11:30 (Cairo, EET). Scheduled meeting M-1")
	mustContain(t, plain(*rep.Announce), "M-1 March e-meeting", "Meeting set for Mon 29 Mar 2032, 07:30-09:30 (UTC) = 09:30 (Zurich, CEST), from poll P-1 (slot 2), by @alice.")
	m, err := e.db.FindMeeting(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Title != "March e-meeting" || !m.Start.Equal(time.Date(2032, 3, 29, 7, 30, 0, 0, time.UTC)) || m.Duration != 2*time.Hour ||
		m.Zone != "Europe/Zurich" || m.Kind != "e-meeting" || m.Poll != 1 || m.Channel != "console:general" ||
		m.CreatedBy != "console:alice" || fmt.Sprint(m.Remind) != "[24h0m0s 1h0m0s]" {
		t.Fatalf("meeting %+v", m)
	}
	p = e.poll(1)
	if p.Decided != 2 || p.Meeting != 1 || !p.Closed {
		t.Fatalf("poll after decide: %+v", p)
	}
	mustContain(t, e.refused("chair", "poll decide P-1 1"), "P-1 is already decided: slot 2, meeting M-1.")
	if _, n, _ := e.db.ListMeetings(context.Background(), jca.MeetingFilter{}); n != 1 {
		t.Fatalf("%d meetings", n)
	}
	mustContain(t, e.ok("bob", "poll show P-1"), "Decided: slot 2, meeting M-1")

	// A named slot, on an open poll, closes it; a slot that started cannot
	// be chosen.
	e.ok("alice", `poll new "Soon" --slot "2026-11-25 12:00" --slot "2026-11-26 12:00" --tz UTC`)
	e.now = time.Date(2026, 11, 25, 12, 30, 0, 0, time.UTC)
	mustContain(t, e.refused("alice", "poll decide P-2 1"), "Slot 1 has already started")
	e.ok("chair", "poll decide P-2 2")
	p = e.poll(2)
	if p.Decided != 2 || !p.Closed || p.ClosedBy != "console:chair" {
		t.Fatalf("poll after decide: %+v", p)
	}
}

func TestPollList(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("bob", "poll list"), "No poll yet.")
	e.pollMember("alice", "", "SG13")
	for i := range 22 {
		e.ok("alice", fmt.Sprintf(`poll new "Poll %d" --slot "2032-03-%02d 14:00"`, i+1, i+1))
	}
	e.ok("alice", "poll close P-22")
	e.ok("alice", `poll new "Hidden" --slot "2032-05-01 14:00" --hidden`)
	out := e.ok("bob", "poll list")
	mustContain(t, out, "Polls (23)", "P-23 Hidden · open until Sat 1 May 2032, 14:00 (UTC), in ", "1 slot · 0 people answered · hidden",
		"P-22 Poll 22 · closed", "1-20 of 23. `--page 2` for more.")
	out = e.ok("bob", "poll list --page 2")
	mustContain(t, out, "P-1 Poll 1", "21-23 of 23.")
	out = e.ok("bob", "poll list --open")
	mustContain(t, out, "Open polls (22)")
	mustNotContain(t, out, "P-22 ")
	mustContain(t, e.ok("bob", "poll list --page 5"), "There is no such page: the last is page 2.")
}

func TestPollShowGridPages(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	e.ok("alice", `poll new "Big" --slot "2032-03-26 14:00"`)
	for i := range 25 {
		e.ok(fmt.Sprintf("v%02d", i), "poll vote P-1 1=yes")
	}
	out := e.ok("alice", "poll show P-1")
	mustContain(t, out, "v00", "v19", "1-20 of 25. `--page 2` for more.")
	mustNotContain(t, out, "v20")
	out = e.ok("alice", "poll show P-1 --page 2")
	mustContain(t, out, "v20", "v24", "21-25 of 25.")
	mustContain(t, e.ok("alice", "poll show P-1 --page 3"), "There is no such page: the last is page 2.") // an answer, not a refusal, like every list
}

// 1,000 people voting at once through the router all count, once each.
func TestPollThousandConcurrentVoters(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	e.ok("alice", `poll new "Crowd" --slot "2032-03-26 14:00" --slot "2032-03-27 14:00"`)
	at := e.now.Add(time.Minute)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var refused []string
	for i := range 1000 {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			who := bot.NewIdentity(bot.Console, fmt.Sprintf("v%04d", i))
			for _, line := range []string{"poll vote P-1 1=yes", "poll vote P-1 2=maybe"} {
				rep := e.r.Handle(context.Background(), bot.Request{Platform: bot.Console, Channel: "console:general",
					Person: bot.Person{ID: who, Name: who.User()}, Text: line, Time: at})
				if rep.Refused {
					mu.Lock()
					refused = append(refused, plain(rep.Message))
					mu.Unlock()
				}
			}
		}(i)
	}
	wg.Wait()
	if len(refused) > 0 {
		t.Fatalf("%d refused, first: %s", len(refused), refused[0])
	}
	b := e.pollBallots(1)
	mustEqual(t, "ballots", len(b), 1000)
	for who, a := range b {
		if len(a) != 2 || a[1] != jca.Yes || a[2] != jca.Maybe {
			t.Fatalf("%s: %v", who, a)
		}
	}
	mustEqual(t, "voters", e.poll(1).Voters, 1000)
	mustContain(t, e.ok("alice", "poll show P-1"), "✓ 1,000 · ~ 0 · ✗ 0", "✓ 0 · ~ 1,000 · ✗ 0", "1,000 people answered")
}

func TestPollHelp(t *testing.T) {
	e := newEnv(t)
	out := e.ok("bob", "help poll")
	mustContain(t, out, "poll new", "poll vote", "poll decide")
	out = e.ok("bob", "help poll new")
	mustContain(t, out, "2h by default", "nobody, not even you or the chairs", "Only a member or a chair can do this.")
	mustContain(t, e.ok("bob", "help poll close"), "Only its creator or a chair can do this.")
}

// Every posted copy follows the one tally: the announcements are tagged
// so the adapters record where they went, and a vote, a close or a
// decision asks for each recorded copy to be refreshed; each is rendered
// when sent, from the state of that moment (RenderUpdate).
func TestPollCopiesRefreshed(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.pollMember("alice", "", "SG13")
	rep := e.do("alice", `poll new "Copies" --slot "2032-03-26 14:00" --slot "2032-03-27 14:00"`)
	mustEqual(t, "tag", rep.AnnounceTag, PollTag(1))
	rep = e.pollDoIn("slack:T1/C1", "alice", "poll post P-1")
	mustEqual(t, "tag", rep.AnnounceTag, PollTag(1))
	for _, ref := range []bot.MessageRef{{Channel: "console:general", ID: "c1"}, {Channel: "slack:T1/C1", ID: "s1"}} {
		if err := e.r.Posts().RecordPost(ctx, PollTag(1), ref); err != nil {
			t.Fatal(err)
		}
	}

	rep = e.do("bob", "poll vote P-1 1=yes")
	if len(rep.Updates) != 2 {
		t.Fatalf("%d updates", len(rep.Updates))
	}
	render := func(u bot.Update) string {
		t.Helper()
		mustEqual(t, "tag", u.Tag, PollTag(1))
		m, err := e.r.Posts().RenderUpdate(ctx, u.Tag, u.Ref)
		if err != nil {
			t.Fatal(err)
		}
		return plain(m)
	}
	for i, id := range []string{"c1", "s1"} {
		mustEqual(t, "ref", rep.Updates[i].Ref.ID, id)
		mustContain(t, render(rep.Updates[i]), "✓ 1 · ~ 0 · ✗ 0", "[Yes · Fri 26 Mar 14:00]")
	}
	rep = e.do("alice", "poll close P-1")
	mustEqual(t, "updates after close", len(rep.Updates), 2)
	mustNotContain(t, render(rep.Updates[1]), "[Yes")
	rep = e.do("alice", "poll decide P-1")
	mustEqual(t, "updates after decide", len(rep.Updates), 2)
	mustContain(t, render(rep.Updates[0]), "Decided: slot 1, Fri 26 Mar 2032, 14:00-16:00 (UTC)", "Meeting M-1.")
}

// The examples a poll shows name only slots it has: a 2-slot poll never
// suggests 3=no, and an answer without a slot number says so, with
// examples that fit.
func TestPollExamplesFitTheSlots(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "Europe/Zurich", "SG13")
	rep := e.do("alice", pollMarch)
	post := plain(*rep.Announce)
	mustContain(t, post, "`/jca poll vote P-1 1=yes 2=maybe`")
	if strings.Contains(post, "3=no") {
		t.Errorf("a 2-slot poll suggests slot 3:\n%s", post)
	}
	mustContain(t, e.ok("bob", "poll show P-1"), "`/jca poll vote P-1 1=yes 2=maybe`")
	out := e.refused("bob", "poll vote P-1 =yes")
	mustContain(t, out, "Say which slot each answer is for", "`/jca poll vote P-1 1=yes 2=maybe`", "`/jca poll vote P-1 yes 1 maybe 2`")
	if strings.HasPrefix(strings.TrimSpace(out), "``") || strings.Contains(out, "3=no") {
		t.Errorf("refusal:\n%s", out)
	}
	mustContain(t, e.refused("bob", "poll vote P-1 1=perhaps"), "`1=perhaps` is not an answer")
	e.ok("alice", `poll new "One slot" --slot "2032-04-02 10:00"`)
	mustContain(t, e.ok("bob", "poll show P-2"), "`/jca poll vote P-2 1=yes`")
}

// At start-up every copy of an open or recently closed poll is refreshed;
// a poll closed more than a week ago is left alone.
func TestStartupUpdatesCoverRecentPolls(t *testing.T) {
	e := newEnv(t)
	e.pollMember("alice", "", "SG13")
	e.ok("alice", pollMarch)
	e.ok("alice", `poll new "Old" --slot "2032-04-02 10:00"`)
	ctx := context.Background()
	for id, ref := range map[int]string{1: "p1", 2: "p2"} {
		if err := e.r.Posts().RecordPost(ctx, PollTag(id), bot.MessageRef{Channel: "slack:T1/C1", ID: ref}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.db.UpdatePoll(ctx, 2, func(p *jca.Poll) error {
		p.Closed, p.ClosedAt = true, e.now.Add(-8*24*time.Hour)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ups, err := e.r.Posts().StartupUpdates(ctx, e.now)
	if err != nil || len(ups) != 1 || ups[0].Ref.ID != "p1" || ups[0].Tag != PollTag(1) {
		t.Fatalf("updates %+v, %v", ups, err)
	}
}
