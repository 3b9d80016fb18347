package bolt

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/outbox"
)

var _ outbox.Store = (*DB)(nil)

// putEntries adds new outbox entries; keys already present are skipped, so
// a job that runs again never queues its post twice.
func putEntries(tx *bbolt.Tx, entries []outbox.Entry) error {
	b, due := tx.Bucket(bucketOutbox), tx.Bucket(bucketOutboxDue)
	for _, e := range entries {
		if b.Get([]byte(e.Key)) != nil {
			continue
		}
		if err := saveEntry(b, due, e); err != nil {
			return err
		}
	}
	return nil
}

func saveEntry(b, due *bbolt.Bucket, e outbox.Entry) error {
	if err := putJSON(b, []byte(e.Key), &e); err != nil {
		return err
	}
	if e.Status == outbox.Due {
		return due.Put([]byte(e.Key), nil)
	}
	return due.Delete([]byte(e.Key))
}

// Enqueue adds entries outside any other change (a digest, a refresh).
func (db *DB) Enqueue(ctx context.Context, entries ...outbox.Entry) error {
	var refusal error
	return db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		for i := range entries {
			entries[i].Status = outbox.Due
			if entries[i].NextAttempt.IsZero() {
				entries[i].NextAttempt = entries[i].Created
			}
		}
		return putEntries(tx, entries)
	})
}

// WaitingEntries returns the entries still to deliver, oldest first.
func (db *DB) WaitingEntries(ctx context.Context, limit int) ([]outbox.Entry, error) {
	var out []outbox.Entry
	err := db.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		return tx.Bucket(bucketOutboxDue).ForEach(func(k, _ []byte) error {
			var e outbox.Entry
			if err := json.Unmarshal(b.Get(k), &e); err != nil {
				return fmt.Errorf("decode outbox entry: %w", err)
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("waiting entries: %w", err)
	}
	slices.SortStableFunc(out, func(a, b outbox.Entry) int { return a.Created.Compare(b.Created) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// SaveEntry writes back an entry's delivery state.
func (db *DB) SaveEntry(ctx context.Context, e outbox.Entry) error {
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		return saveEntry(tx.Bucket(bucketOutbox), tx.Bucket(bucketOutboxDue), e)
	})
	if err != nil {
		return fmt.Errorf("save outbox entry: %w", err)
	}
	return nil
}

// Entries lists entries with the status (all when ""), newest first.
func (db *DB) Entries(ctx context.Context, status outbox.Status, limit int) ([]outbox.Entry, error) {
	var out []outbox.Entry
	err := db.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			var e outbox.Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode outbox entry: %w", err)
			}
			if status == "" || e.Status == status {
				out = append(out, e)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("outbox entries: %w", err)
	}
	slices.SortStableFunc(out, func(a, b outbox.Entry) int { return b.Created.Compare(a.Created) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// HasEntry reports whether an entry with the key exists.
func (db *DB) HasEntry(ctx context.Context, key string) (bool, error) {
	var ok bool
	err := db.db.View(func(tx *bbolt.Tx) error {
		ok = tx.Bucket(bucketOutbox).Get([]byte(key)) != nil
		return nil
	})
	return ok, err
}

// OutboxSummary counts the entries by status and finds the oldest one still
// due. It decodes only each entry's status and creation time.
func (db *DB) OutboxSummary(ctx context.Context) (outbox.Summary, error) {
	s := outbox.Summary{ByStatus: map[outbox.Status]int{}}
	err := db.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			var e struct {
				Status  outbox.Status
				Created time.Time
			}
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode outbox entry: %w", err)
			}
			s.ByStatus[e.Status]++
			if e.Status == outbox.Due && (s.OldestDue.IsZero() || e.Created.Before(s.OldestDue)) {
				s.OldestDue = e.Created
			}
			return nil
		})
	})
	if err != nil {
		return outbox.Summary{}, fmt.Errorf("outbox summary: %w", err)
	}
	return s, nil
}
