package slack

import (
	"crypto/sha256"
	"encoding/binary"
	"testing"
	"time"
)

// The guard forgets what has gone stale: its size follows the requests of
// the last window, not every request ever received.
func TestReplayGuardForgetsStaleSignatures(t *testing.T) {
	var g replayGuard
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	sig := func(i int) (s [sha256.Size]byte) {
		binary.BigEndian.PutUint64(s[:], uint64(i))
		return s
	}
	for i := range 1000 {
		if !g.first(sig(i), t0.Unix(), t0) {
			t.Fatalf("request %d refused the first time", i)
		}
	}
	if g.first(sig(7), t0.Unix(), t0.Add(time.Minute)) {
		t.Fatal("a copy was accepted")
	}
	later := t0.Add(MaxClockSkew + time.Minute)
	for i := 1000; i < 5000; i++ {
		g.first(sig(i), later.Unix(), later)
	}
	if n := len(g.seen); n > 4000 {
		t.Fatalf("the guard holds %d signatures; at most the 4,000 of the current window should be left", n)
	}
}
