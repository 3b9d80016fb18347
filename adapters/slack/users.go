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
// the time Slack said. Only Slack's own word that there is no such person
// (user_not_found, or a deactivated account) makes the person unknown;
// that answer is kept for retryFailedLookupAfter.
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
	unknown  bool // Slack said there is no such active person
	expires  time.Time
}

// userLookupTimeout bounds one users.info call, so a slow Slack leaves
// the command time to answer within its 3 seconds.
const userLookupTimeout = time.Second

// retryFailedLookupAfter is how long a failed lookup is not repeated.
const retryFailedLookupAfter = time.Minute

// lookup returns the person's display name and IANA zone ("" when
// unknown), and whether Slack said there is no such active person.
func (c *userCache) lookup(ctx context.Context, id string) (name, tz string, unknown bool) {
	if id == "" {
		return "", "", false
	}
	now := c.now()
	c.mu.Lock()
	e, ok := c.m[id]
	paused := now.Before(c.pausedUntil)
	c.mu.Unlock()
	if (ok && now.Before(e.expires)) || paused {
		return e.name, e.tz, e.unknown
	}
	lctx, cancel := context.WithTimeout(ctx, userLookupTimeout)
	u, err := c.api.GetUserInfoContext(lctx, id)
	cancel()
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		var rl *slack.RateLimitedError
		var se slack.SlackErrorResponse
		switch {
		case errors.As(err, &rl):
			c.pausedUntil = now.Add(rl.RetryAfter)
		case errors.As(err, &se) && se.Err == "user_not_found":
			e = userEntry{unknown: true}
		}
		e.expires = now.Add(retryFailedLookupAfter) // keep what was known
		c.m[id] = e
		return e.name, e.tz, e.unknown
	}
	if u.Deleted {
		e = userEntry{unknown: true, expires: now.Add(retryFailedLookupAfter)}
	} else {
		e = userEntry{name: displayName(u), tz: u.TZ, expires: now.Add(c.ttl)}
	}
	c.m[id] = e
	return e.name, e.tz, e.unknown
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
