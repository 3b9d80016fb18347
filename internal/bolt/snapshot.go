package bolt

import (
	"context"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// The buckets of the register, with the export name of their sequence.
var snapshotBuckets = kindBuckets()

// kindBucket is the bucket of each kind of record (jca.Kinds).
var kindBucket = map[string][]byte{
	"activities": bucketActivities, "topics": bucketTopics, "joints": bucketJoints, "orgs": bucketOrgs,
	"liaisons": bucketLiaisons, "polls": bucketPolls, "ballots": bucketBallots, "meetings": bucketMeetings,
	"people": bucketPeople, "channels": bucketChannels, "digests": bucketDigests,
}

// kindBuckets lists the register's buckets in the order of jca.Kinds; a
// kind without a bucket is a programming error, found at start-up (and by
// TestEveryKindIsStored).
func kindBuckets() []struct {
	name   string
	bucket []byte
} {
	var out []struct {
		name   string
		bucket []byte
	}
	for _, k := range jca.Kinds {
		b, ok := kindBucket[k.Name]
		if !ok {
			panic("bolt: no bucket for the kind " + k.Name)
		}
		out = append(out, struct {
			name   string
			bucket []byte
		}{k.Name, b})
	}
	return out
}

// ExportSnapshot reads every record in one read transaction.
func (db *DB) ExportSnapshot(ctx context.Context) (*jca.Snapshot, error) {
	r := &jca.Snapshot{Format: jca.SnapshotFormat, Sequences: map[string]int{}}
	err := db.db.View(func(tx *bbolt.Tx) error {
		for _, b := range snapshotBuckets {
			if seq := tx.Bucket(b.bucket).Sequence(); seq > 0 {
				r.Sequences[b.name] = int(seq)
			}
		}
		steps := []error{
			decodeAll(tx, bucketActivities, &r.Activities),
			decodeAll(tx, bucketTopics, &r.Topics),
			decodeAll(tx, bucketJoints, &r.Joints),
			decodeAll(tx, bucketOrgs, &r.Orgs),
			decodeAll(tx, bucketLiaisons, &r.Liaisons),
			decodeAll(tx, bucketPolls, &r.Polls),
			decodeAll(tx, bucketBallots, &r.Ballots),
			decodeAll(tx, bucketMeetings, &r.Meetings),
			decodeAll(tx, bucketPeople, &r.People),
			decodeAll(tx, bucketChannels, &r.Channels),
			decodeAll(tx, bucketDigests, &r.Digests),
		}
		for _, err := range steps {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return r, nil
}

// ImportSnapshot writes r into an empty store in one transaction.
func (db *DB) ImportSnapshot(ctx context.Context, r *jca.Snapshot) error {
	if r.Format != jca.SnapshotFormat {
		return jca.Errorf(jca.EInvalid, "err.import_format", "format", r.Format, "want", jca.SnapshotFormat)
	}
	var refusal error
	var imported []*jca.Activity
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		refusal, imported = nil, nil
		for _, b := range snapshotBuckets {
			if k, _ := tx.Bucket(b.bucket).Cursor().First(); k != nil {
				refusal = jca.Errorf(jca.EConflict, "err.import_not_empty", "kind", b.name)
				return nil
			}
		}
		put := func(bucket []byte, key []byte, v any) error { return putJSON(tx.Bucket(bucket), key, v) }
		for _, a := range r.Activities {
			if err := put(bucketActivities, itob(uint64(a.ID)), a); err != nil {
				return err
			}
			imported = append(imported, a)
		}
		for _, p := range r.Topics {
			if err := put(bucketTopics, itob(uint64(p.ID)), p); err != nil {
				return err
			}
		}
		for _, p := range r.Joints {
			if err := put(bucketJoints, itob(uint64(p.ID)), p); err != nil {
				return err
			}
		}
		for _, o := range r.Orgs {
			if err := put(bucketOrgs, orgKey(o.Short), o); err != nil {
				return err
			}
		}
		for _, l := range r.Liaisons {
			if err := put(bucketLiaisons, itob(uint64(l.ID)), l); err != nil {
				return err
			}
		}
		for _, p := range r.Polls {
			if err := put(bucketPolls, itob(uint64(p.ID)), p); err != nil {
				return err
			}
		}
		for i := range r.Ballots {
			b := &r.Ballots[i]
			if err := put(bucketBallots, ballotKey(b.Poll, b.Person), b); err != nil {
				return err
			}
		}
		for _, m := range r.Meetings {
			if err := put(bucketMeetings, itob(uint64(m.ID)), m); err != nil {
				return err
			}
		}
		for _, p := range r.People {
			if err := put(bucketPeople, []byte(p.ID), p); err != nil {
				return err
			}
		}
		for _, c := range r.Channels {
			if err := put(bucketChannels, []byte(c.ID), c); err != nil {
				return err
			}
		}
		for _, d := range r.Digests {
			if err := put(bucketDigests, []byte(d.Channel), d); err != nil {
				return err
			}
		}
		for _, b := range snapshotBuckets {
			if seq, ok := r.Sequences[b.name]; ok {
				if err := tx.Bucket(b.bucket).SetSequence(uint64(seq)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if refusal != nil {
		return refusal
	}
	for _, a := range imported {
		db.acts.Put(a)
	}
	db.people.clear()
	return nil
}
