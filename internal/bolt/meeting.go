package bolt

import (
	"context"
	"slices"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

type meetingRecord jca.Meeting

func (m *meetingRecord) setID(id int) { m.ID = id }
func (m *meetingRecord) bumpRev()     { m.Rev++ }

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
