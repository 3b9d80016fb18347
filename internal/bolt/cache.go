package bolt

import (
	"sync"

	"github.com/jcabot/jcabot/internal/jca"
)

// recordCache keeps decoded activities, so the pages lists show are not
// decoded from JSON on every request. It is filled on reads and on every
// committed write of this process, which owns the file, so it never goes
// stale: an entry is replaced only by the same or a newer revision. It is
// bounded: when full, an arbitrary half is forgotten.
type recordCache struct {
	mu  sync.Mutex
	max int
	m   map[int]*jca.Activity
}

func newRecordCache(max int) *recordCache {
	return &recordCache{max: max, m: make(map[int]*jca.Activity, max)}
}

// get returns the cached activity, if any: a private copy, or with shared
// the cache's own record, which nobody may modify (entries are replaced,
// never changed in place).
func (c *recordCache) get(id int, shared bool) (*jca.Activity, bool) {
	c.mu.Lock()
	a, ok := c.m[id]
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	if shared {
		return a, true
	}
	return a.Clone(), true
}

// put caches a copy of a, unless a newer revision is cached.
func (c *recordCache) put(a *jca.Activity) {
	cp := a.Clone()
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[a.ID]; ok && old.Rev > a.Rev {
		return
	}
	if _, ok := c.m[a.ID]; !ok && len(c.m) >= c.max {
		n := 0
		for id := range c.m {
			delete(c.m, id)
			if n++; n >= c.max/2 {
				break
			}
		}
	}
	c.m[a.ID] = cp
}

// peopleCache keeps decoded people (every request reads its person). The
// owning process's writes replace entries after they commit; a person who
// was never stored is cached as the empty record FindPerson returns. Like
// recordCache, an entry is only replaced by the same or a newer revision,
// whatever order concurrent writers and readers report in.
type peopleCache struct {
	mu sync.Mutex
	m  map[jca.PersonID]*jca.Person
}

func (c *peopleCache) get(id jca.PersonID) (*jca.Person, bool) {
	c.mu.Lock()
	p, ok := c.m[id]
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	return p.Clone(), true
}

func (c *peopleCache) put(p *jca.Person) {
	cp := p.Clone()
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[p.ID]; ok && old.Rev > p.Rev {
		return
	}
	if c.m == nil || len(c.m) >= 65536 {
		c.m = map[jca.PersonID]*jca.Person{}
	}
	c.m[p.ID] = cp
}

// clear forgets everything (after an import).
func (c *peopleCache) clear() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}
