// Package gctune sets the Go garbage collector's pace for `jcabot serve`.
//
// The bot's live heap is small: a few MB for a new JCA; the register's
// index holds about 21 MB at 100,000 activities. At Go's default pace
// (GOGC=100) a cycle starts each time the heap has grown by its live size,
// so a burst of commands, each allocating some tens of KB for its answer,
// runs the collector over a hundred times a second: about a sixth of the
// CPU in the slash-command benchmarks. Serve lets the heap grow by twice
// its live size between cycles (GOGC=200), which raised `/jca activity
// list` under 64 connections from about 16,000 to 22,000 commands a second
// on the 2-core test machine, for a heap of at most three times the live
// one instead of two.
//
// An operator's own GOGC always wins, and GOMEMLIMIT keeps bounding the
// heap as the runtime documents.
package gctune

import (
	"runtime/debug"
	"strconv"
)

// Percent is the GOGC value serve runs with when the environment sets
// none.
const Percent = 200

// Apply sets the collector's pace to Percent unless getenv("GOGC") is set.
// It returns the GOGC value in force (as the runtime reads it: a number or
// "off") and a function that restores the previous pace (a no-op when
// nothing was changed).
func Apply(getenv func(string) string) (inForce string, restore func()) {
	if v := getenv("GOGC"); v != "" {
		return v, func() {}
	}
	old := debug.SetGCPercent(Percent)
	return strconv.Itoa(Percent), func() { debug.SetGCPercent(old) }
}
