package mattermost

import (
	"context"
	"net/http"
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
	p *profile // nil: the look-up failed
	// gone: the server said there is no such account (404), or it is
	// deactivated.
	gone    bool
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
	p, _ := pp.account(ctx, id)
	return p
}

// account is byUserID, and gone is true only when the server said there
// is no such active account (404, or deactivated): not when it failed to
// answer.
func (pp *people) account(ctx context.Context, id string) (p *profile, gone bool) {
	return pp.lookup(ctx, pp.byID, id, func(ctx context.Context) (*model.User, *model.Response, error) {
		return pp.api.GetUser(ctx, id, "")
	}, func(p *profile) (string, string) { return id, p.Username })
}

// byUsername returns the account with the username ("alice", no @).
func (pp *people) byUsername(ctx context.Context, name string) *profile {
	name = strings.ToLower(name)
	p, _ := pp.lookup(ctx, pp.byName, name, func(ctx context.Context) (*model.User, *model.Response, error) {
		return pp.api.GetUserByUsername(ctx, name, "")
	}, func(p *profile) (string, string) { return p.ID, name })
	return p
}

// lookup answers from the cache index when it holds an unexpired entry
// for key, else asks the server through fetch and caches the answer (or
// the failure, for missingTTL) under both the id and the username that
// keys gives.
func (pp *people) lookup(ctx context.Context, index map[string]cached, key string,
	fetch func(context.Context) (*model.User, *model.Response, error), keys func(*profile) (id, name string)) (*profile, bool) {
	if key == "" {
		return nil, false
	}
	now := pp.now()
	pp.mu.Lock()
	c, ok := index[key]
	pp.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.p, c.gone
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	u, resp, err := fetch(ctx)
	if err != nil || u == nil || u.DeleteAt != 0 {
		gone := (resp != nil && resp.StatusCode == http.StatusNotFound) || (err == nil && u != nil && u.DeleteAt != 0)
		pp.mu.Lock()
		index[key] = cached{gone: gone, expires: now.Add(missingTTL)}
		pp.mu.Unlock()
		return nil, gone
	}
	p := profileOf(u)
	id, name := keys(p)
	pp.store(id, name, p, now)
	return p, false
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
