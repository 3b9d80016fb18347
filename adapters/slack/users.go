package slack

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// userCache keeps people's display names and zones from users.info, each
// for ttl. A failed lookup never fails the command: it answers with what
// it knew (possibly nothing), and after a rate limit it stops asking for
// the time Slack said.
type userCache struct {
	api webAPI
	ttl time.Duration
	now func() time.Time

	mu          sync.Mutex
	m           map[string]userEntry
	pausedUntil time.Time
}

type userEntry struct {
	name, tz string
	expires  time.Time
}

// userLookupTimeout bounds one users.info call, so a slow Slack leaves
// the command time to answer within its 3 seconds.
const userLookupTimeout = time.Second

// retryFailedLookupAfter is how long a failed lookup is not repeated.
const retryFailedLookupAfter = time.Minute

// lookup returns the person's display name and IANA zone ("" when
// unknown).
func (c *userCache) lookup(ctx context.Context, id string) (name, tz string) {
	if id == "" {
		return "", ""
	}
	now := c.now()
	c.mu.Lock()
	e, ok := c.m[id]
	paused := now.Before(c.pausedUntil)
	c.mu.Unlock()
	if (ok && now.Before(e.expires)) || paused {
		return e.name, e.tz
	}
	lctx, cancel := context.WithTimeout(ctx, userLookupTimeout)
	u, err := c.api.GetUserInfoContext(lctx, id)
	cancel()
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		var rl *slack.RateLimitedError
		if errors.As(err, &rl) {
			c.pausedUntil = now.Add(rl.RetryAfter)
		}
		e.expires = now.Add(retryFailedLookupAfter) // keep what was known
		c.m[id] = e
		return e.name, e.tz
	}
	e = userEntry{name: displayName(u), tz: u.TZ, expires: now.Add(c.ttl)}
	c.m[id] = e
	return e.name, e.tz
}

// displayName is the name people see in Slack: the display name, else the
// real name, else the handle.
func displayName(u *slack.User) string {
	for _, s := range []string{u.Profile.DisplayName, u.Profile.RealName, u.RealName, u.Name} {
		if s != "" {
			return s
		}
	}
	return ""
}
