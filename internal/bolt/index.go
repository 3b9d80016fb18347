package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/activityindex"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/recordindex"
)

// indexes are the store's in-memory indexes: the activity register's
// (activityindex) and those of the topics, the joint groups and the
// liaisons (recordindex), which answer every "all of X where Y" without
// decoding a bucket. Open starts filling them from the file in the
// background, so a store holding a big register is ready at once; a read
// that needs an index waits until they are filled (DB.indexed). Every write
// this process commits updates them after its commit; a write that reports
// late never replaces a newer entry (both index kinds keep the highest Rev).
type indexes struct {
	acts                     *activityindex.Index
	topics, joints, liaisons recordindex.Index
	filled                   chan struct{} // closed when filling ends
	err                      error         // why filling failed, set before filled closes
	// writes is held shared by every write of activities, from before its
	// transaction until the index has it; exclusively while the kept index
	// is loaded (the file must not change meanwhile) and while Close marks
	// the store closed.
	writes sync.RWMutex
	closed bool // set by Close: activity writes are refused
	// fromSnapshot says the activity index was loaded from the file.
	fromSnapshot bool
}

// errClosed refuses a write to a closed store.
var errClosed = errors.New("the store is closed")

// writingActivities is called first by every write of activities: it
// holds the index's writes lock shared until the returned function is
// called, after the index has the write, and refuses writes to a closed
// store.
func (db *DB) writingActivities() (done func(), err error) {
	db.idx.writes.RLock()
	if db.idx.closed {
		db.idx.writes.RUnlock()
		return nil, errClosed
	}
	return db.idx.writes.RUnlock, nil
}

// loadActivityIndex loads the activity index kept in the file when it is
// valid: written at the file's latest transaction (nothing changed the
// file since) for the same aspects. It reports whether it did.
func (db *DB) loadActivityIndex() bool {
	db.idx.writes.Lock()
	defer db.idx.writes.Unlock()
	var loaded *activityindex.Index
	db.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(keyActivityIndex)
		if len(v) < 8 || btoi(v[:8]) != uint64(tx.ID()) {
			return nil // none, or older than the file
		}
		x, err := activityindex.Load(db.vocab.Aspects, v[8:])
		if err == nil {
			loaded = x
		}
		return nil
	})
	if loaded == nil {
		return false
	}
	db.idx.acts, db.idx.fromSnapshot = loaded, true
	return true
}

// activityIndexKept reports whether the file holds the activity index
// valid at its latest transaction (nothing was written since it was kept).
func (db *DB) activityIndexKept() bool {
	kept := false
	db.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(keyActivityIndex)
		kept = len(v) >= 8 && btoi(v[:8]) == uint64(tx.ID())
		return nil
	})
	return kept
}

// keepActivityIndex writes the activity index into the file, valid at the
// transaction that writes it.
func (db *DB) keepActivityIndex() error {
	snap := db.idx.acts.AppendSnapshot(nil)
	err := db.db.Update(func(tx *bbolt.Tx) error {
		v := make([]byte, 8, 8+len(snap))
		binary.BigEndian.PutUint64(v, uint64(tx.ID()))
		return tx.Bucket(bucketMeta).Put(keyActivityIndex, append(v, snap...))
	})
	if err != nil {
		return fmt.Errorf("keep the activity index: %w", err)
	}
	return nil
}

// fill loads the activity index kept in the file when it is valid, or
// reads every activity into it, and reads every proposal and liaison into
// theirs.
func (db *DB) fill() {
	defer close(db.idx.filled)
	fromFile := db.loadActivityIndex()
	err := db.db.View(func(tx *bbolt.Tx) error {
		if !fromFile {
			if err := db.fillActivities(tx); err != nil {
				return err
			}
		}
		for _, kind := range []jca.ProposalKind{jca.TopicProposal, jca.JointProposal} {
			if err := tx.Bucket(proposalBucket(kind)).ForEach(func(k, v []byte) error {
				var p jca.Proposal
				if err := json.Unmarshal(v, &p); err != nil {
					return fmt.Errorf("load %s %d: %w", kind, btoi(k), err)
				}
				db.proposalIndex(kind).Put(proposalEntry(&p))
				return nil
			}); err != nil {
				return err
			}
		}
		err := tx.Bucket(bucketLiaisons).ForEach(func(k, v []byte) error {
			var l jca.Liaison
			if err := json.Unmarshal(v, &l); err != nil {
				return fmt.Errorf("load liaison %d: %w", btoi(k), err)
			}
			db.idx.liaisons.Put(liaisonEntry(&l))
			return nil
		})
		db.releaseMapped(tx)
		return err
	})
	if err != nil {
		db.idx.err = fmt.Errorf("index the register: %w", err)
	}
}

// fillActivities decodes the activities on every core: the cursor hands
// each record's bytes (valid while tx is open) to workers that decode it
// and put it in the index, most of the time of a start on a big register.
func (db *DB) fillActivities(tx *bbolt.Tx) error {
	work := make(chan []byte, 1024)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for v := range work {
				var a jca.Activity
				if err := json.Unmarshal(v, &a); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("load an activity: %w", err)
					}
					mu.Unlock()
					continue
				}
				db.idx.acts.Put(&a)
			}
		})
	}
	c := tx.Bucket(bucketActivities).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		work <- v
	}
	close(work)
	wg.Wait()
	return firstErr
}

// indexed waits until the indexes are filled, and returns why filling
// failed, if it did.
func (db *DB) indexed(ctx context.Context) error {
	select {
	case <-db.idx.filled:
		return db.idx.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WaitIndexed waits until the indexes are filled (serve reports it once,
// with how long it took). Reads wait for it themselves.
func (db *DB) WaitIndexed(ctx context.Context) error { return db.indexed(ctx) }

func (db *DB) proposalIndex(kind jca.ProposalKind) *recordindex.Index {
	if kind == jca.JointProposal {
		return &db.idx.joints
	}
	return &db.idx.topics
}

// proposalEntry is what the index keeps of a proposal: its title and
// rationale to search, its status and groups to filter.
func proposalEntry(p *jca.Proposal) recordindex.Entry {
	e := recordindex.Entry{ID: p.ID, Rev: p.Rev, Text: p.Title + "\n" + p.Why, Tags: []string{"status=" + p.Status}}
	for _, g := range p.Groups {
		e.Tags = append(e.Tags, "group="+g)
	}
	return e
}

// liaisonEntry is what the index keeps of a liaison: its title to search;
// whether it is open, the bodies it names and what it answers, to filter;
// its deadline, for the overdue.
func liaisonEntry(l *jca.Liaison) recordindex.Entry {
	e := recordindex.Entry{ID: l.ID, Rev: l.Rev, Text: l.Title}
	if l.IsOpen() {
		e.Tags = append(e.Tags, "open")
	}
	for _, b := range slices.Compact(slices.Sorted(slices.Values(l.Bodies()))) {
		e.Tags = append(e.Tags, "body="+b)
	}
	if l.ReplyTo != 0 {
		e.Tags = append(e.Tags, replyTag(l.ReplyTo))
	}
	if !l.Deadline.IsZero() {
		e.Due = l.Deadline.UnixNano()
	}
	return e
}

func replyTag(id int) string { return "reply=" + strconv.Itoa(id) }

// readRecords reads the records with the ids, in their order, in one read
// transaction; an id with no record is skipped.
func readRecords[T any](db *DB, bucket []byte, ids []int) ([]*T, error) {
	out := make([]*T, 0, len(ids))
	err := db.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucket)
		for _, id := range ids {
			v := new(T)
			found, err := getJSON(b, itob(uint64(id)), v)
			if err != nil {
				return err
			}
			if found {
				out = append(out, v)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", bucket, err)
	}
	return out, nil
}

// pageLimit is a filter's page size: jca.PageSize when none is given.
func pageLimit(limit int) int {
	if limit <= 0 {
		return jca.PageSize
	}
	return limit
}
