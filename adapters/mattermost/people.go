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
	return pp.lookup(ctx, pp.byID, id, func(ctx context.Context) (*model.User, error) {
		u, _, err := pp.api.GetUser(ctx, id, "")
		return u, err
	}, func(p *profile) (string, string) { return id, p.Username })
}

// byUsername returns the account with the username ("alice", no @).
func (pp *people) byUsername(ctx context.Context, name string) *profile {
	name = strings.ToLower(name)
	return pp.lookup(ctx, pp.byName, name, func(ctx context.Context) (*model.User, error) {
		u, _, err := pp.api.GetUserByUsername(ctx, name, "")
		return u, err
	}, func(p *profile) (string, string) { return p.ID, name })
}

// lookup answers from the cache index when it holds an unexpired entry
// for key, else asks the server through fetch and caches the answer (or
// the failure, for missingTTL) under both the id and the username that
// keys gives.
func (pp *people) lookup(ctx context.Context, index map[string]cached, key string,
	fetch func(context.Context) (*model.User, error), keys func(*profile) (id, name string)) *profile {
	if key == "" {
		return nil
	}
	now := pp.now()
	pp.mu.Lock()
	c, ok := index[key]
	pp.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.p
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	u, err := fetch(ctx)
	if err != nil || u == nil {
		pp.mu.Lock()
		index[key] = cached{expires: now.Add(missingTTL)}
		pp.mu.Unlock()
		return nil
	}
	p := profileOf(u)
	id, name := keys(p)
	pp.store(id, name, p, now)
	return p
}

// store caches an account under its id and its username.
func (pp *people) store(id, name string, p *profile, now time.Time) {
	c := cached{p: p, expires: now.Add(personTTL)}
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if id != "" {
		pp.byID[id] = c
	}
	if name != "" {
		pp.byName[strings.ToLower(name)] = c
	}
}
