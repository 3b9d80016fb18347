package bolt

import (
	"context"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// CreateActivity stores a new activity and assigns its id.
func (db *DB) CreateActivity(ctx context.Context, a *jca.Activity) error {
	var stored jca.Activity
	err := db.write(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketActivities)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		stored = *a.Clone()
		stored.ID = int(seq)
		stored.Rev = 1
		return putJSON(b, itob(seq), &stored)
	})
	if err != nil {
		return fmt.Errorf("create activity: %w", err)
	}
	a.ID, a.Rev = stored.ID, stored.Rev
	db.acts.Put(&stored)
	return nil
}

// FindActivity returns ENOTFOUND if there is no such activity.
func (db *DB) FindActivity(ctx context.Context, id int) (*jca.Activity, error) {
	var a jca.Activity
	var found bool
	err := db.db.View(func(tx *bbolt.Tx) error {
		var err error
		found, err = getJSON(tx.Bucket(bucketActivities), itob(uint64(id)), &a)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find activity: %w", err)
	}
	if !found {
		return nil, notFound(jca.ActivityRef(id))
	}
	return &a, nil
}

// UpdateActivity applies fn in one transaction (see jca.ActivityService).
func (db *DB) UpdateActivity(ctx context.Context, id int, fn func(a *jca.Activity) error) (*jca.Activity, error) {
	var out *jca.Activity
	var refusal error
	err := db.write(ctx, func(tx *bbolt.Tx) error {
		out, refusal = nil, nil
		b := tx.Bucket(bucketActivities)
		var a jca.Activity
		found, err := getJSON(b, itob(uint64(id)), &a)
		if err != nil {
			return err
		}
		if !found {
			refusal = notFound(jca.ActivityRef(id))
			return nil
		}
		if err := fn(&a); err != nil {
			refusal = err
			return nil
		}
		a.ID = id
		a.Rev++
		if err := putJSON(b, itob(uint64(id)), &a); err != nil {
			return err
		}
		out = &a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update activity: %w", err)
	}
	if refusal != nil {
		return nil, refusal
	}
	db.acts.Put(out)
	return out.Clone(), nil
}

// ListActivities pages through live activities (see jca.ActivityService).
func (db *DB) ListActivities(ctx context.Context, f jca.ActivityFilter) ([]*jca.Activity, int, error) {
	ids, total := db.acts.List(f)
	as, err := db.activities(ids)
	return as, total, err
}

// SearchActivities pages through live activities containing every word.
func (db *DB) SearchActivities(ctx context.Context, query string, offset, limit int) ([]*jca.Activity, int, error) {
	ids, total := db.acts.Search(query, offset, limit)
	as, err := db.activities(ids)
	return as, total, err
}

// ActivityMatrix analyses the live register.
func (db *DB) ActivityMatrix(ctx context.Context, v *jca.Vocabulary) (*jca.Matrix, error) {
	return db.acts.Matrix(v), nil
}

func (db *DB) activities(ids []int) ([]*jca.Activity, error) {
	out := make([]*jca.Activity, 0, len(ids))
	err := db.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketActivities)
		for _, id := range ids {
			var a jca.Activity
			found, err := getJSON(b, itob(uint64(id)), &a)
			if err != nil {
				return err
			}
			if found {
				out = append(out, &a)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read activities: %w", err)
	}
	return out, nil
}
