package gctune

import (
	"runtime/debug"
	"testing"
)

func TestApplySetsThePaceAndRestoresIt(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	got, restore := Apply(func(string) string { return "" })
	if got != "200" {
		t.Fatalf("in force %q", got)
	}
	if now := debug.SetGCPercent(Percent); now != Percent {
		t.Fatalf("the runtime's pace is %d, want %d", now, Percent)
	}
	restore()
	if now := debug.SetGCPercent(100); now != 100 {
		t.Fatalf("after restore the pace is %d, want 100", now)
	}
}

func TestApplyLeavesAnOperatorsGOGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	got, restore := Apply(func(k string) string {
		if k == "GOGC" {
			return "50"
		}
		return ""
	})
	restore()
	if got != "50" {
		t.Fatalf("in force %q", got)
	}
	if now := debug.SetGCPercent(100); now != 100 {
		t.Fatalf("the pace was changed to %d although GOGC was set", now)
	}
}
