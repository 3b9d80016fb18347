package slack

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// errReplayed refuses a request whose signature was already accepted.
var errReplayed = errors.New("request already received (replayed)")

// replayGuard remembers the signatures of the requests accepted within the
// timestamp window, so that a signed request captured and sent again while
// its timestamp is still fresh is refused instead of run twice. Slack never
// sends the same bytes twice: an Events API retry carries a new timestamp
// and so a new signature. It is safe for concurrent use.
//
// Its memory is bounded by the rate of accepted requests over 2 ×
// MaxClockSkew: an entry is kept until its timestamp would be refused
// anyway, and swept once the map has doubled since the last sweep.
type replayGuard struct {
	mu        sync.Mutex
	seen      map[string]int64 // signature → Unix time after which its timestamp is stale
	sweptSize int              // len(seen) after the last sweep
}

// first records the signature of a verified request and reports whether it
// is the first time it is seen. Call it only after the signature checked.
func (g *replayGuard) first(h http.Header, now time.Time) bool {
	sig := h.Get("X-Slack-Signature")
	ts, _ := strconv.ParseInt(h.Get("X-Slack-Request-Timestamp"), 10, 64) // checked by Verify
	expires := ts + int64(MaxClockSkew/time.Second)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = make(map[string]int64)
	}
	if until, ok := g.seen[sig]; ok && now.Unix() <= until {
		return false
	}
	g.seen[sig] = expires
	if len(g.seen) >= 2*max(g.sweptSize, 512) {
		g.sweep(now.Unix())
	}
	return true
}

// sweep forgets the signatures whose timestamps are now stale.
func (g *replayGuard) sweep(now int64) {
	for sig, until := range g.seen {
		if now > until {
			delete(g.seen, sig)
		}
	}
	g.sweptSize = len(g.seen)
}
