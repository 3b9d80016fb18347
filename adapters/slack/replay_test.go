package slack

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// The guard forgets what has gone stale: its size follows the requests of
// the last window, not every request ever received.
func TestReplayGuardForgetsStaleSignatures(t *testing.T) {
	var g replayGuard
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	signed := func(i int, at time.Time) http.Header {
		h := http.Header{}
		h.Set("X-Slack-Request-Timestamp", strconv.FormatInt(at.Unix(), 10))
		h.Set("X-Slack-Signature", fmt.Sprintf("v0=%064d", i))
		return h
	}
	for i := range 1000 {
		if !g.first(signed(i, t0), t0) {
			t.Fatalf("request %d refused the first time", i)
		}
	}
	if g.first(signed(7, t0), t0.Add(time.Minute)) {
		t.Fatal("a copy was accepted")
	}
	later := t0.Add(MaxClockSkew + time.Minute)
	for i := 1000; i < 5000; i++ {
		g.first(signed(i, later), later)
	}
	if n := len(g.seen); n > 4000 {
		t.Fatalf("the guard holds %d signatures; at most the 4,000 of the current window should be left", n)
	}
}
