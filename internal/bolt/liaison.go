package bolt

import (
	"context"
	"slices"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// liaisonRecord gives the domain type the record methods the generic
// helpers need, without putting storage methods on the domain.
type liaisonRecord jca.Liaison

func (l *liaisonRecord) setID(id int) { l.ID = id }
func (l *liaisonRecord) bumpRev()     { l.Rev++ }

// CreateLiaison stores a new liaison; a reply marks the open liaison it
// answers as answered, in the same transaction.
func (db *DB) CreateLiaison(ctx context.Context, l *jca.Liaison) error {
	var extra func(tx *bbolt.Tx, id int) (error, error)
	if l.ReplyTo != 0 {
		extra = func(tx *bbolt.Tx, id int) (error, error) {
			b := tx.Bucket(bucketLiaisons)
			var parent jca.Liaison
			found, err := getJSON(b, itob(uint64(l.ReplyTo)), &parent)
			if err != nil || !found {
				return notFound(jca.LiaisonRef(l.ReplyTo)), err
			}
			reply := *l
			reply.ID = id
			if !parent.AnsweredBy(&reply) {
				return nil, nil
			}
			parent.Rev++
			return nil, putJSON(b, itob(uint64(parent.ID)), &parent)
		}
	}
	_, err := createRecord(ctx, db, bucketLiaisons, (*liaisonRecord)(l), extra)
	return err
}

// FindLiaison returns ENOTFOUND if there is none.
func (db *DB) FindLiaison(ctx context.Context, id int) (*jca.Liaison, error) {
	l, ok, err := findRecord[liaisonRecord](db, bucketLiaisons, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound(jca.LiaisonRef(id))
	}
	return (*jca.Liaison)(l), nil
}

// UpdateLiaison applies fn in one transaction.
func (db *DB) UpdateLiaison(ctx context.Context, id int, fn func(l *jca.Liaison) error) (*jca.Liaison, error) {
	l, err := updateRecord(ctx, db, bucketLiaisons, id, notFound(jca.LiaisonRef(id)), func(l *liaisonRecord) error {
		return fn((*jca.Liaison)(l))
	})
	return (*jca.Liaison)(l), err
}

// ListLiaisons returns a page of liaisons, newest first.
func (db *DB) ListLiaisons(ctx context.Context, f jca.LiaisonFilter) ([]*jca.Liaison, int, error) {
	all, err := scanRecords(db, bucketLiaisons, func(l *liaisonRecord) bool {
		if (f.Open || !f.Overdue.IsZero()) && !(*jca.Liaison)(l).IsOpen() {
			return false
		}
		if !f.Overdue.IsZero() && (l.Deadline.IsZero() || !l.Deadline.Before(f.Overdue)) {
			return false
		}
		return f.Body == "" || slices.Contains((*jca.Liaison)(l).Bodies(), f.Body)
	})
	if err != nil {
		return nil, 0, err
	}
	page := pageOf(all, f.Offset, f.Limit)
	out := make([]*jca.Liaison, len(page))
	for i, l := range page {
		out[i] = (*jca.Liaison)(l)
	}
	return out, len(all), nil
}

// liaisonKind puts the liaisons into snapshots.
var liaisonKind = snapshotKind{name: "liaisons", bucket: bucketLiaisons,
	export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketLiaisons, &s.Liaisons) },
	put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
		return putAll(tx, bucketLiaisons, s.Liaisons, func(l *jca.Liaison) []byte { return itob(uint64(l.ID)) })
	}}
