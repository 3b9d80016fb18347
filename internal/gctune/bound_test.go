package gctune

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestBoundNestsAndRestores(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	debug.SetMemoryLimit(math.MaxInt64)
	base := runtimeMemory()
	one := Bound(64 << 20)
	l1 := debug.SetMemoryLimit(-1)
	if l1 < base+64<<20-8<<20 || l1 > base+64<<20+8<<20 {
		t.Fatalf("limit %d, want about %d", l1, base+64<<20)
	}
	two := Bound(64 << 20)
	if l2 := debug.SetMemoryLimit(-1); l2 != l1+64<<20 {
		t.Fatalf("a second bound: limit %d, want %d", l2, l1+64<<20)
	}
	one()
	one() // twice: once
	if l := debug.SetMemoryLimit(-1); l != l1 {
		t.Fatalf("after the first ends: limit %d, want %d", l, l1)
	}
	two()
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Fatalf("after both: limit %d, want none", l)
	}
	// An operator's lower limit is kept.
	debug.SetMemoryLimit(base + 1<<20)
	release := Bound(64 << 20)
	if l := debug.SetMemoryLimit(-1); l != base+1<<20 {
		t.Fatalf("an operator's limit was raised to %d", l)
	}
	release()
	if l := debug.SetMemoryLimit(-1); l != base+1<<20 {
		t.Fatalf("an operator's limit was not restored: %d", l)
	}
}
