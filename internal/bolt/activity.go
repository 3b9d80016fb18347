package bolt

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

type activityRecord jca.Activity

func (a *activityRecord) setID(id int) { a.ID = id }
func (a *activityRecord) bumpRev()     { a.Rev++ }

// CreateActivity stores a new activity and assigns its id.
func (db *DB) CreateActivity(ctx context.Context, a *jca.Activity) error {
	done, err := db.writingActivities()
	if err != nil {
		return err
	}
	defer done()
	stored := a.Clone()
	if _, err := createRecord(ctx, db, bucketActivities, (*activityRecord)(stored), nil); err != nil {
		return err
	}
	a.ID, a.Rev = stored.ID, stored.Rev
	db.idx.acts.Put(stored)
	db.cache.put(stored)
	return nil
}

// FindActivity returns ENOTFOUND if there is no such activity.
func (db *DB) FindActivity(ctx context.Context, id int) (*jca.Activity, error) {
	a, ok, err := findRecord[activityRecord](db, bucketActivities, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound(jca.ActivityRef(id))
	}
	return (*jca.Activity)(a), nil
}

// UpdateActivity applies fn in one transaction (see jca.ActivityService).
func (db *DB) UpdateActivity(ctx context.Context, id int, fn func(a *jca.Activity) error) (*jca.Activity, error) {
	done, err := db.writingActivities()
	if err != nil {
		return nil, err
	}
	defer done()
	a, err := updateRecord(ctx, db, bucketActivities, id, notFound(jca.ActivityRef(id)), func(a *activityRecord) error {
		return fn((*jca.Activity)(a))
	})
	if err != nil {
		return nil, err
	}
	db.idx.acts.Put((*jca.Activity)(a))
	db.cache.put((*jca.Activity)(a))
	return (*jca.Activity)(a).Clone(), nil
}

// ListActivities pages through live activities (see jca.ActivityService).
func (db *DB) ListActivities(ctx context.Context, f jca.ActivityFilter) ([]*jca.Activity, int, error) {
	if err := db.indexed(ctx); err != nil {
		return nil, 0, err
	}
	ids, total := db.idx.acts.List(f)
	as, err := db.activities(ids, true)
	return as, total, err
}

// SearchActivities pages through live activities containing every word.
func (db *DB) SearchActivities(ctx context.Context, query string, offset, limit int) ([]*jca.Activity, int, error) {
	if err := db.indexed(ctx); err != nil {
		return nil, 0, err
	}
	ids, total := db.idx.acts.Search(query, offset, limit)
	as, err := db.activities(ids, true)
	return as, total, err
}

// ActivityMatrix analyses the live register.
func (db *DB) ActivityMatrix(ctx context.Context, v *jca.Vocabulary) (*jca.Matrix, error) {
	if err := db.indexed(ctx); err != nil {
		return nil, err
	}
	return db.idx.acts.Matrix(v), nil
}

// activities reads the activities with the ids, from the cache when it can.
// With shared, the records returned are the cache's own: read-only.
func (db *DB) activities(ids []int, shared bool) ([]*jca.Activity, error) {
	out := make([]*jca.Activity, len(ids))
	var missing []int // positions in ids
	for i, id := range ids {
		if a, ok := db.cache.get(id, shared); ok {
			out[i] = a
		} else {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		err := db.db.View(func(tx *bbolt.Tx) error {
			b := tx.Bucket(bucketActivities)
			for _, i := range missing {
				var a jca.Activity
				found, err := getJSON(b, itob(uint64(ids[i])), &a)
				if err != nil {
					return err
				}
				if found {
					out[i] = &a
					db.cache.put(&a)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read activities: %w", err)
		}
	}
	return slices.DeleteFunc(out, func(a *jca.Activity) bool { return a == nil }), nil
}

// ActivitiesChangedSince reads the activities the index says changed at or
// after t.
func (db *DB) ActivitiesChangedSince(ctx context.Context, t time.Time) ([]*jca.Activity, error) {
	if err := db.indexed(ctx); err != nil {
		return nil, err
	}
	return db.activities(db.idx.acts.ChangedSince(t), false)
}

// ActivitiesInPeriod asks the activity index (see jca.ActivityService).
func (db *DB) ActivitiesInPeriod(ctx context.Context, since, until time.Time) (*jca.PeriodActivities, error) {
	if err := db.indexed(ctx); err != nil {
		return nil, err
	}
	return db.idx.acts.InPeriod(since, until), nil
}

// ReadActivities decodes the activities of ids one at a time, in one read
// transaction, past the cache (a report reads the whole register once),
// and gives back the mapped pages a long read touched.
func (db *DB) ReadActivities(ctx context.Context, ids []int, fn func(*jca.Activity) error) error {
	return db.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketActivities)
		for i, id := range ids {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			raw := b.Get(itob(uint64(id)))
			if raw == nil {
				continue
			}
			var a jca.Activity
			if err := json.Unmarshal(raw, &a); err != nil {
				return fmt.Errorf("decode activity %d: %w", id, err)
			}
			if err := fn(&a); err != nil {
				return err
			}
		}
		if len(ids) >= releaseAfter {
			db.releaseMapped(tx)
		}
		return nil
	})
}

// releaseAfter is how many records a read takes before it gives the pages
// it touched back (see releaseMapped): a report's group, not a page.
const releaseAfter = 1000

// activityKind puts the activities into snapshots.
var activityKind = snapshotKind{name: "activities", bucket: bucketActivities,
	export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketActivities, &s.Activities) },
	put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
		return putAll(tx, bucketActivities, s.Activities, func(a *jca.Activity) []byte { return itob(uint64(a.ID)) })
	}}
