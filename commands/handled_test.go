package commands

import (
	"testing"
)

// Every request is reported once, in the declared words: area and verb,
// and whether it was done, refused, or failed through the bot's fault.
func TestHandledReportsAreaVerbAndOutcome(t *testing.T) {
	e := newEnv(t)
	var got []Handled
	e.r.d.Observe = func(h Handled) { got = append(got, h) }
	e.ok("alice", `activity add SG13 "Network requirements for IMT-2030"`)
	e.refused("alice", `activity show A-99`)
	e.refused("alice", `activty list`)
	e.refused("alice", `activity lsit`)
	e.ok("alice", `poll`)
	e.ok("alice", `activity add --help`)
	e.db.Close()
	e.refused("alice", `activity add SG17 "Quantum key distribution"`)
	want := []Handled{
		{Area: "activity", Verb: "add", Outcome: Done},
		{Area: "activity", Verb: "show", Outcome: Refused},
		{Area: "unknown", Outcome: Refused},
		{Area: "activity", Verb: "unknown", Outcome: Refused},
		{Area: "poll", Outcome: Done},
		{Area: "activity", Verb: "add", Outcome: Done},
		{Area: "activity", Verb: "add", Outcome: Failed},
	}
	if len(got) != len(want) {
		t.Fatalf("%d reports, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		h := got[i]
		if h.Area != w.Area || h.Verb != w.Verb || h.Outcome != w.Outcome || h.Platform != "console" || h.Took <= 0 {
			t.Errorf("report %d: %+v, want %+v", i, h, w)
		}
	}
}
