package commands

import (
	"testing"
	"time"
)

// The ledger counts the meetings held in each member's night or early or
// late hours, most burdened first, by person and by study group; a poll
// whose slots are within one person of each other then spares the most
// burdened, and its best line says so.
func TestFairnessLedgerAndRanking(t *testing.T) {
	e := newEnv(t)
	e.now = time.Date(2033, 3, 1, 12, 0, 0, 0, time.UTC)
	mustContain(t, e.ok("alice", "fairness"), "The JCA has no members yet")
	e.pollMember("ny", "America/New_York", "SG13")
	e.pollMember("tokyo", "Asia/Tokyo", "SG13")
	e.pollMember("zurich", "Europe/Zurich", "SG13")
	mustContain(t, e.ok("alice", "fairness"), "No meeting of the last 12 months fell outside anyone's working hours.")
	// Three meetings held at 07:00 UTC: 02:00 in New York (night), 16:00 in
	// Tokyo, 08:00 in Zurich; one at 17:00 UTC: 02:00 in Tokyo; one
	// cancelled at night for everyone; one ahead.
	e.now = time.Date(2032, 12, 1, 12, 0, 0, 0, time.UTC) // they are scheduled ahead
	for _, d := range []string{"2033-01-10 07:00", "2033-01-17 07:00", "2033-01-24 07:00", "2033-02-01 17:00", "2033-02-07 01:00", "2033-04-01 07:00"} {
		e.ok("chair", `meeting schedule "E-meeting" "`+d+`" --tz UTC`)
	}
	e.ok("chair", "meeting cancel M-5")
	e.now = time.Date(2033, 3, 1, 12, 0, 0, 0, time.UTC)
	out := e.ok("alice", "fairness")
	mustContain(t, out, "Fairness of meeting times, last 12 months", "@ny (SG13): 🌙 3 at night", "@tokyo (SG13): 🌙 1 at night",
		"SG13: 🌙 4 at night", "Counted from the meetings held")
	if i, j := indexOf(out, "@ny"), indexOf(out, "@tokyo"); i < 0 || j < i {
		t.Fatalf("not the most burdened first:\n%s", out)
	}
	mustNotContain(t, out, "@zurich") // no burden: not listed

	// A poll: 07:00 UTC (New York's night) or 17:00 UTC (Tokyo's), each
	// with the same answers but for one person: the ledger spares New York.
	e.ok("chair", `poll new "Spring" --slot "2033-03-20 07:00" --slot "2033-03-21 17:00" --tz UTC`)
	e.ok("zurich", "poll vote P-1 1=yes 2=yes")
	e.ok("tokyo", "poll vote P-1 1=yes 2=no")
	e.ok("ny", "poll vote P-1 1=no 2=yes")
	mustContain(t, e.ok("chair", "poll show P-1"), "★ Best: slot 2, Mon 21 Mar 2033, 17:00-19:00 (UTC): within one person of slot 1 on every count, and it spares those who carried the most night meetings this year (those it puts at night carried 1, against 3).")
	e.ok("chair", "lang set fr")
	mustContain(t, e.ok("chair", "fairness"), "Équité des horaires de réunion", "@ny (SG13)\u00a0: 🌙 3 de nuit")
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// poll suggest proposes slots for the JCA's members and keeps them for
// poll new --from-suggestion; bad spans are refused with an example.
func TestPollSuggest(t *testing.T) {
	e := newEnv(t)
	e.now = time.Date(2033, 2, 20, 12, 0, 0, 0, time.UTC)
	e.pollMember("zurich", "Europe/Zurich", "SG13")
	e.pollMember("tokyo", "Asia/Tokyo", "SG17")
	e.pollMember("ny", "America/New_York", "SG20")
	out := e.ok("zurich", "poll suggest --within 2033-03-01..2033-03-03 --duration 1h")
	mustContain(t, out, "3 suggested slots for 3 members", "poll new \"<title>\" --from-suggestion")
	mustNotContain(t, out, "at night") // 13:00 UTC is 14:00 in Zurich, 22:00 in Tokyo, 08:00 in New York: nobody at night
	for _, bad := range []string{"poll suggest --within 2033-03-05..2033-03-01", "poll suggest --within 2033-01-01..2033-06-01",
		"poll suggest --within march", "poll suggest"} {
		mustContain(t, e.refused("zurich", bad), "2033-03-01..2033-03-14")
	}
	mustContain(t, e.refused("tokyo", `poll new "Spring" --from-suggestion`), "You have no suggestion yet")
	mustContain(t, e.refused("zurich", `poll new "Spring" --from-suggestion --slot "2033-03-09 10:00"`), "not both")
	mustContain(t, e.ok("zurich", `poll new "Spring" --from-suggestion`), "P-1")
	p := e.poll(1)
	if len(p.Slots) != 3 || p.Duration != time.Hour || p.Zone != "Europe/Zurich" {
		t.Fatalf("poll from the suggestion: %+v", p)
	}
	e.now = time.Date(2033, 3, 10, 0, 0, 0, 0, time.UTC)
	mustContain(t, e.refused("zurich", `poll new "Late" --from-suggestion`), "have all passed")
}
