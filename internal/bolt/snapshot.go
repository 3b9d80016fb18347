package bolt

import (
	"context"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// The buckets of the register, with the export name of their sequence.
// snapshotKind is how one kind of record (jca.Kinds) goes into a snapshot
// and back: its bucket, and the snapshot's list of it.
type snapshotKind struct {
	name   string
	bucket []byte
	// export decodes the bucket into the snapshot's list.
	export func(tx *bbolt.Tx, s *jca.Snapshot) error
	// put writes the snapshot's list into the bucket.
	put func(tx *bbolt.Tx, s *jca.Snapshot) error
}

// snapshotKinds are every kind, in the order of jca.Kinds (checked by
// TestSnapshotKindsFollowTheDomain). A new kind is one entry, defined in its
// noun's file.
var snapshotKinds = []snapshotKind{activityKind, topicKind, jointKind, orgKind, liaisonKind, pollKind, ballotKind,
	meetingKind, personKind, channelKind, digestKind}

// putAll writes items into bucket, each under key(item).
func putAll[T any](tx *bbolt.Tx, bucket []byte, items []T, key func(T) []byte) error {
	b := tx.Bucket(bucket)
	for _, x := range items {
		if err := putJSON(b, key(x), x); err != nil {
			return err
		}
	}
	return nil
}

// ExportSnapshot reads every record in one read transaction.
func (db *DB) ExportSnapshot(ctx context.Context) (*jca.Snapshot, error) {
	r := &jca.Snapshot{Format: jca.SnapshotFormat, Sequences: map[string]int{}}
	err := db.db.View(func(tx *bbolt.Tx) error {
		for _, k := range snapshotKinds {
			if seq := tx.Bucket(k.bucket).Sequence(); seq > 0 {
				r.Sequences[k.name] = int(seq)
			}
		}
		for _, k := range snapshotKinds {
			if err := k.export(tx, r); err != nil {
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
	if err := db.indexed(ctx); err != nil {
		return err
	}
	done, err := db.writingActivities()
	if err != nil {
		return err
	}
	defer done()
	var refusal error
	err = db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		refusal = nil
		for _, k := range snapshotKinds {
			if c, _ := tx.Bucket(k.bucket).Cursor().First(); c != nil {
				refusal = jca.Errorf(jca.EConflict, "err.import_not_empty", "kind", k.name)
				return nil
			}
		}
		for _, k := range snapshotKinds {
			if err := k.put(tx, r); err != nil {
				return err
			}
			if seq, ok := r.Sequences[k.name]; ok {
				if err := tx.Bucket(k.bucket).SetSequence(uint64(seq)); err != nil {
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
	for _, a := range r.Activities {
		db.idx.acts.Put(a)
	}
	for _, p := range r.Topics {
		db.idx.topics.Put(proposalEntry(p))
	}
	for _, p := range r.Joints {
		db.idx.joints.Put(proposalEntry(p))
	}
	for _, l := range r.Liaisons {
		db.idx.liaisons.Put(liaisonEntry(l))
	}
	db.people.clear()
	return nil
}
