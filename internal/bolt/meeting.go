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

type meetingRecord jca.Meeting

func (m *meetingRecord) setID(id int) { m.ID = id }
func (m *meetingRecord) bumpRev()     { m.Rev++ }

// CreateSeries stores a series' meetings in one transaction (see
// jca.MeetingService).
func (db *DB) CreateSeries(ctx context.Context, ms []*jca.Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	ids := make([]int, len(ms))
	var refusal error // never set: a series is refused before it is written
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketMeetings)
		for i, m := range ms {
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			ids[i] = int(seq)
			stored := *m
			stored.ID, stored.Series, stored.Rev = ids[i], ids[0], m.Rev+1
			if err := putJSON(b, itob(seq), &stored); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("create a series: %w", err)
	}
	for i, m := range ms {
		m.ID, m.Series, m.Rev = ids[i], ids[0], m.Rev+1
	}
	return nil
}

// UpdateSeries applies fn to the series' meetings from a time on, in one
// transaction (see jca.MeetingService).
func (db *DB) UpdateSeries(ctx context.Context, series int, from time.Time, fn func(m *jca.Meeting) error) ([]*jca.Meeting, error) {
	var out []*jca.Meeting
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		out, refusal = nil, nil
		b := tx.Bucket(bucketMeetings)
		var changed []*jca.Meeting
		err := b.ForEach(func(k, v []byte) error {
			var m jca.Meeting
			if err := json.Unmarshal(v, &m); err != nil {
				return err
			}
			if m.Series == series && !m.Start.Before(from) {
				changed = append(changed, &m)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, m := range changed {
			if err := fn(m); err != nil {
				refusal = err
				return nil
			}
		}
		for _, m := range changed {
			m.Rev++
			if err := putJSON(b, itob(uint64(m.ID)), m); err != nil {
				return err
			}
		}
		out = changed
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update a series: %w", err)
	}
	if refusal != nil {
		return nil, refusal
	}
	if len(out) == 0 {
		return nil, notFound(jca.MeetingRef(series))
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

// meetingKind puts the meetings into snapshots.
var meetingKind = snapshotKind{name: "meetings", bucket: bucketMeetings,
	export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketMeetings, &s.Meetings) },
	put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
		return putAll(tx, bucketMeetings, s.Meetings, func(m *jca.Meeting) []byte { return itob(uint64(m.ID)) })
	}}
