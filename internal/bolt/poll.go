package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

type pollRecord jca.Poll

func (p *pollRecord) setID(id int) { p.ID = id }
func (p *pollRecord) bumpRev()     { p.Rev++ }

type meetingRecord jca.Meeting

func (m *meetingRecord) setID(id int) { m.ID = id }
func (m *meetingRecord) bumpRev()     { m.Rev++ }

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

// CreateMeeting stores a new meeting; from a poll, it marks the poll
// decided in the same transaction (see jca.MeetingService).
func (db *DB) CreateMeeting(ctx context.Context, m *jca.Meeting, decide func(p *jca.Poll) error) error {
	var extra func(tx *bbolt.Tx, id int) (error, error)
	if m.Poll != 0 {
		extra = func(tx *bbolt.Tx, id int) (error, error) {
			polls := tx.Bucket(bucketPolls)
			var p jca.Poll
			found, err := getJSON(polls, itob(uint64(m.Poll)), &p)
			if err != nil || !found {
				return notFound(jca.PollRef(m.Poll)), err
			}
			if decide != nil {
				if refusal := decide(&p); refusal != nil {
					return refusal, nil
				}
			}
			p.Meeting = id
			p.Rev++
			return nil, putJSON(polls, itob(uint64(m.Poll)), &p)
		}
	}
	_, err := createRecord(ctx, db, bucketMeetings, (*meetingRecord)(m), extra)
	return err
}

// FindMeeting returns ENOTFOUND if there is none.
func (db *DB) FindMeeting(ctx context.Context, id int) (*jca.Meeting, error) {
	m, ok, err := findRecord[meetingRecord](db, bucketMeetings, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound(jca.MeetingRef(id))
	}
	return (*jca.Meeting)(m), nil
}

// UpdateMeeting applies fn in one transaction.
func (db *DB) UpdateMeeting(ctx context.Context, id int, fn func(m *jca.Meeting) error) (*jca.Meeting, error) {
	m, err := updateRecord(ctx, db, bucketMeetings, id, notFound(jca.MeetingRef(id)), func(m *meetingRecord) error {
		return fn((*jca.Meeting)(m))
	})
	return (*jca.Meeting)(m), err
}

// ListMeetings returns a page of meetings in start order.
func (db *DB) ListMeetings(ctx context.Context, f jca.MeetingFilter) ([]*jca.Meeting, int, error) {
	all, err := scanRecords(db, bucketMeetings, func(m *meetingRecord) bool {
		return (f.IncludeCancelled || !m.Cancelled) && (f.From.IsZero() || (*jca.Meeting)(m).End().After(f.From))
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortStableFunc(all, func(a, b *meetingRecord) int { return a.Start.Compare(b.Start) })
	page := pageOf(all, f.Offset, f.Limit)
	out := make([]*jca.Meeting, len(page))
	for i, m := range page {
		out[i] = (*jca.Meeting)(m)
	}
	return out, len(all), nil
}
