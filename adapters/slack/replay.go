package slack

import (
	"crypto/sha256"
	"errors"
	"sync"
	"time"
)

// errReplayed refuses a request whose signature was already accepted.
var errReplayed = errors.New("request already received (replayed)")

// replayGuard remembers the signatures of the requests accepted within the
// timestamp window, so that a signed request captured and sent again while
// its timestamp is still fresh is refused instead of run twice. Slack never
// sends the same bytes twice: an Events API retry carries a new timestamp
// and so a new signature. It is safe for concurrent use; it is one
// process's memory.
//
// An entry is kept until its timestamp is stale (at most 2 × MaxClockSkew
// after it arrives) and swept once the map has doubled since the last
// sweep, so its size follows the rate of accepted requests.
type replayGuard struct {
	mu        sync.Mutex
	seen      map[[sha256.Size]byte]int64 // signature → Unix time after which its timestamp is stale
	sweptSize int                         // len(seen) after the last sweep
}

// first records a verified request's signature, signed at the Unix time ts,
// and reports whether it is the first time it is seen.
func (g *replayGuard) first(sig [sha256.Size]byte, ts int64, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = make(map[[sha256.Size]byte]int64)
	}
	if until, ok := g.seen[sig]; ok && now.Unix() <= until {
		return false
	}
	g.seen[sig] = ts + int64(MaxClockSkew/time.Second)
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
