package mattermost

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// How long what the adapter learnt of a person is trusted.
const (
	personTTL     = time.Hour
	missingTTL    = time.Minute // a failed look-up is not retried before this
	lookupTimeout = 3 * time.Second
)

// profile is what the adapter keeps of a Mattermost account.
type profile struct {
	ID       string
	Username string
	Name     string // display name: full name, else nickname, else username
	TZ       string // IANA zone, "" when unknown
}

type cached struct {
	p       *profile // nil: the look-up failed
	expires time.Time
}

// people caches accounts by id and by username, with expiry.
type people struct {
	api API
	now func() time.Time

	mu     sync.Mutex
	byID   map[string]cached
	byName map[string]cached
}

func newPeople(api API, now func() time.Time) *people {
	return &people{api: api, now: now, byID: map[string]cached{}, byName: map[string]cached{}}
}

func profileOf(u *model.User) *profile {
	name := u.GetFullName()
	if name == "" {
		name = u.Nickname
	}
	if name == "" {
		name = u.Username
	}
	return &profile{ID: u.Id, Username: u.Username, Name: name, TZ: model.GetPreferredTimezone(u.Timezone)}
}

// byUserID returns the account with the id, nil when the server does not
// answer or does not know it.
func (pp *people) byUserID(ctx context.Context, id string) *profile {
	if id == "" {
		return nil
	}
	now := pp.now()
	pp.mu.Lock()
	c, ok := pp.byID[id]
	pp.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.p
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	u, _, err := pp.api.GetUser(ctx, id, "")
	if err != nil || u == nil {
		pp.store(id, "", nil, now)
		return nil
	}
	p := profileOf(u)
	pp.store(id, p.Username, p, now)
	return p
}

// byUsername returns the account with the username ("alice", no @).
func (pp *people) byUsername(ctx context.Context, name string) *profile {
	name = strings.ToLower(name)
	if name == "" {
		return nil
	}
	now := pp.now()
	pp.mu.Lock()
	c, ok := pp.byName[name]
	pp.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.p
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	u, _, err := pp.api.GetUserByUsername(ctx, name, "")
	if err != nil || u == nil {
		pp.mu.Lock()
		pp.byName[name] = cached{expires: now.Add(missingTTL)}
		pp.mu.Unlock()
		return nil
	}
	p := profileOf(u)
	pp.store(p.ID, name, p, now)
	return p
}

func (pp *people) store(id, name string, p *profile, now time.Time) {
	c := cached{p: p, expires: now.Add(personTTL)}
	if p == nil {
		c.expires = now.Add(missingTTL)
	}
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if id != "" {
		pp.byID[id] = c
	}
	if name != "" {
		pp.byName[strings.ToLower(name)] = c
	}
}
