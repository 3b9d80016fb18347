package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

type pollRecord jca.Poll

func (p *pollRecord) setID(id int) { p.ID = id }
func (p *pollRecord) bumpRev()     { p.Rev++ }

// ballotKey is the poll id (8 bytes, big-endian) then the person id, so a
// poll's ballots are one contiguous range.
func ballotKey(poll int, person jca.PersonID) []byte {
	return append(itob(uint64(poll)), person...)
}

// CreatePoll stores a new poll.
func (db *DB) CreatePoll(ctx context.Context, p *jca.Poll) error {
	_, err := createRecord(ctx, db, bucketPolls, (*pollRecord)(p), nil)
	return err
}

// FindPoll returns ENOTFOUND if there is none.
func (db *DB) FindPoll(ctx context.Context, id int) (*jca.Poll, error) {
	p, ok, err := findRecord[pollRecord](db, bucketPolls, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound(jca.PollRef(id))
	}
	return (*jca.Poll)(p), nil
}

// UpdatePoll applies fn in one transaction.
func (db *DB) UpdatePoll(ctx context.Context, id int, fn func(p *jca.Poll) error) (*jca.Poll, error) {
	p, err := updateRecord(ctx, db, bucketPolls, id, notFound(jca.PollRef(id)), func(p *pollRecord) error {
		return fn((*jca.Poll)(p))
	})
	return (*jca.Poll)(p), err
}

// ListPolls returns a page of polls, newest first.
func (db *DB) ListPolls(ctx context.Context, f jca.PollFilter) ([]*jca.Poll, int, error) {
	all, err := scanRecords(db, bucketPolls, func(p *pollRecord) bool {
		return !f.Open || (*jca.Poll)(p).OpenAt(f.Now)
	})
	if err != nil {
		return nil, 0, err
	}
	page := pageOf(all, f.Offset, f.Limit)
	out := make([]*jca.Poll, len(page))
	for i, p := range page {
		out[i] = (*jca.Poll)(p)
	}
	return out, len(all), nil
}

// Vote merges answers into the person's ballot (see jca.PollService).
func (db *DB) Vote(ctx context.Context, poll int, person jca.PersonID, answers map[int]jca.Answer, at time.Time, check func(p *jca.Poll) error) (*jca.Ballot, error) {
	var out *jca.Ballot
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		out, refusal = nil, nil
		polls := tx.Bucket(bucketPolls)
		var p jca.Poll
		found, err := getJSON(polls, itob(uint64(poll)), &p)
		if err != nil {
			return err
		}
		if !found {
			refusal = notFound(jca.PollRef(poll))
			return nil
		}
		if err := check(&p); err != nil {
			refusal = err
			return nil
		}
		ballots := tx.Bucket(bucketBallots)
		key := ballotKey(poll, person)
		b := jca.Ballot{Poll: poll, Person: person, Answers: map[int]jca.Answer{}}
		existed, err := getJSON(ballots, key, &b)
		if err != nil {
			return err
		}
		for slot, a := range answers {
			b.Answers[slot] = a
		}
		b.At = at
		if !existed {
			p.Voters++
			p.Rev++
			if err := putJSON(polls, itob(uint64(poll)), &p); err != nil {
				return err
			}
		}
		out = &b
		return putJSON(ballots, key, &b)
	})
	if err != nil {
		return nil, fmt.Errorf("vote: %w", err)
	}
	if refusal != nil {
		return nil, refusal
	}
	return out, nil
}

// Ballots returns every ballot of a poll, by person id.
func (db *DB) Ballots(ctx context.Context, poll int) ([]jca.Ballot, error) {
	var out []jca.Ballot
	prefix := itob(uint64(poll))
	err := db.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketBallots).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var b jca.Ballot
			if err := json.Unmarshal(v, &b); err != nil {
				return fmt.Errorf("decode ballot: %w", err)
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ballots: %w", err)
	}
	return out, nil
}

// pollKind and ballotKind put the polls and their ballots into snapshots.
var (
	pollKind = snapshotKind{name: "polls", bucket: bucketPolls,
		export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketPolls, &s.Polls) },
		put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
			return putAll(tx, bucketPolls, s.Polls, func(p *jca.Poll) []byte { return itob(uint64(p.ID)) })
		}}
	ballotKind = snapshotKind{name: "ballots", bucket: bucketBallots,
		export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketBallots, &s.Ballots) },
		put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
			for i := range s.Ballots {
				b := &s.Ballots[i]
				if err := putJSON(tx.Bucket(bucketBallots), ballotKey(b.Poll, b.Person), b); err != nil {
					return err
				}
			}
			return nil
		}}
)
