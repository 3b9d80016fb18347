package bolt

import (
	"context"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/recordindex"
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
	var answered *jca.Liaison // the liaison the reply answers, as written
	if l.ReplyTo != 0 {
		extra = func(tx *bbolt.Tx, id int) (error, error) {
			answered = nil
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
			answered = &parent
			return nil, putJSON(b, itob(uint64(parent.ID)), &parent)
		}
	}
	if _, err := createRecord(ctx, db, bucketLiaisons, (*liaisonRecord)(l), extra); err != nil {
		return err
	}
	db.idx.liaisons.Put(liaisonEntry(l))
	if answered != nil {
		db.idx.liaisons.Put(liaisonEntry(answered))
	}
	return nil
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
	if err != nil {
		return nil, err
	}
	db.idx.liaisons.Put(liaisonEntry((*jca.Liaison)(l)))
	return (*jca.Liaison)(l), nil
}

// ListLiaisons returns a page of liaisons, newest first, from the index:
// only the page's records are read.
func (db *DB) ListLiaisons(ctx context.Context, f jca.LiaisonFilter) ([]*jca.Liaison, int, error) {
	if err := db.indexed(ctx); err != nil {
		return nil, 0, err
	}
	q := recordindex.Query{Words: f.Text, Offset: f.Offset, Limit: pageLimit(f.Limit)}
	if f.Open || !f.Overdue.IsZero() {
		q.Tags = append(q.Tags, "open")
	}
	if f.Body != "" {
		q.Tags = append(q.Tags, "body="+f.Body)
	}
	if f.ReplyTo != 0 {
		q.Tags = append(q.Tags, replyTag(f.ReplyTo))
	}
	if !f.Overdue.IsZero() {
		q.DueBefore = f.Overdue.UnixNano()
	}
	ids, total := db.idx.liaisons.Find(q)
	page, err := readRecords[jca.Liaison](db, bucketLiaisons, ids)
	return page, total, err
}

// OpenLiaisonsByBody counts the open liaisons naming each body, from the
// index.
func (db *DB) OpenLiaisonsByBody(ctx context.Context) (map[string]int, error) {
	if err := db.indexed(ctx); err != nil {
		return nil, err
	}
	return db.idx.liaisons.Count("body=", "open"), nil
}

// liaisonKind puts the liaisons into snapshots.
var liaisonKind = snapshotKind{name: "liaisons", bucket: bucketLiaisons,
	export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketLiaisons, &s.Liaisons) },
	put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
		return putAll(tx, bucketLiaisons, s.Liaisons, func(l *jca.Liaison) []byte { return itob(uint64(l.ID)) })
	}}
