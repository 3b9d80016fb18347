package gctune

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A big piece of work that allocates far more than it keeps (the whole
// register's report decodes 100,000 records and keeps only the file it
// writes) would let the heap grow by the pace's factor of the whole live
// heap before the collector runs: the process's memory would rise by
// twice or three times the register's index. Bound caps that rise instead.

var bound struct {
	mu     sync.Mutex
	active int   // bounds in force
	base   int64 // the runtime's memory when the first began
	before int64 // the limit in force before it
	extra  int64 // sum of the bounds' allowances
}

// Bound makes the collector keep the Go runtime's memory within extra
// bytes of what it is now until the returned function is called (which,
// for the last bound in force, also returns the garbage to the system),
// through
// the soft memory limit (runtime/debug.SetMemoryLimit): the collector runs
// as often as it must to stay under it, and, as the runtime documents, lets
// the heap pass it rather than spend more than half the CPU. Concurrent
// bounds add their allowances; a lower limit already in force (an
// operator's GOMEMLIMIT) is kept. Safe for concurrent use.
func Bound(extra int64) (release func()) {
	bound.mu.Lock()
	defer bound.mu.Unlock()
	if bound.active == 0 {
		bound.base = runtimeMemory()
		bound.before = debug.SetMemoryLimit(-1)
	}
	bound.active++
	bound.extra += extra
	apply()
	var once sync.Once
	return func() {
		once.Do(func() {
			bound.mu.Lock()
			defer bound.mu.Unlock()
			bound.active--
			bound.extra -= extra
			if bound.active == 0 {
				debug.SetMemoryLimit(bound.before)
				debug.FreeOSMemory() // the work's garbage goes back now
				return
			}
			apply()
		})
	}
}

// apply sets the limit of the bounds in force; bound.mu is held.
func apply() {
	debug.SetMemoryLimit(min(bound.before, bound.base+bound.extra))
}

// runtimeMemory is what the memory limit counts (the runtime's mapped
// memory less what it has returned to the system) less the heap it holds
// free: what the process uses now. A limit above it is room to grow; the
// free heap beyond the limit is returned to the system.
func runtimeMemory() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64() - s[1].Value.Uint64() - s[2].Value.Uint64())
}
