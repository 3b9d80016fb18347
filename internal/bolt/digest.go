package bolt

import (
	"context"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

func noDigest() error { return jca.Errorf(jca.ENotFound, "err.no_digest") }

// FindDigest returns ENOTFOUND when the channel has no subscription.
func (db *DB) FindDigest(ctx context.Context, channel string) (*jca.Digest, error) {
	d := &jca.Digest{}
	found, err := findKeyed(db, bucketDigests, []byte(channel), d)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, noDigest()
	}
	return d, nil
}

// PutDigest creates or replaces the channel's subscription.
func (db *DB) PutDigest(ctx context.Context, d *jca.Digest) error {
	_, err := updateKeyed(ctx, db, bucketDigests, []byte(d.Channel), func() *jca.Digest { return &jca.Digest{} }, nil,
		func(x *jca.Digest) error { *x = *d; return nil })
	return err
}

// UpdateDigest applies fn in one transaction.
func (db *DB) UpdateDigest(ctx context.Context, channel string, fn func(d *jca.Digest) error) (*jca.Digest, error) {
	return updateKeyed(ctx, db, bucketDigests, []byte(channel), func() *jca.Digest { return &jca.Digest{} }, noDigest(), fn)
}

// DeleteDigest removes the channel's subscription.
func (db *DB) DeleteDigest(ctx context.Context, channel string) error {
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		refusal = nil
		b := tx.Bucket(bucketDigests)
		if b.Get([]byte(channel)) == nil {
			refusal = noDigest()
			return nil
		}
		return b.Delete([]byte(channel))
	})
	if err != nil {
		return fmt.Errorf("delete digest: %w", err)
	}
	return refusal
}

// ListDigests returns every subscription, by channel.
func (db *DB) ListDigests(ctx context.Context) ([]*jca.Digest, error) {
	return listKeyed[jca.Digest](db, bucketDigests)
}

// digestKind puts the digest subscriptions into snapshots.
var digestKind = snapshotKind{name: "digests", bucket: bucketDigests,
	export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketDigests, &s.Digests) },
	put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
		return putAll(tx, bucketDigests, s.Digests, func(d *jca.Digest) []byte { return []byte(d.Channel) })
	}}
