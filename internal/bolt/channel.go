package bolt

import (
	"context"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// FindChannel returns the channel's settings, defaults when none stored.
func (db *DB) FindChannel(ctx context.Context, id string) (*jca.Channel, error) {
	c := &jca.Channel{ID: id}
	if _, err := findKeyed(db, bucketChannels, []byte(id), c); err != nil {
		return nil, err
	}
	c.ID = id
	return c, nil
}

// UpdateChannel applies fn to the channel's settings in one transaction.
func (db *DB) UpdateChannel(ctx context.Context, id string, fn func(c *jca.Channel) error) (*jca.Channel, error) {
	return updateKeyed(ctx, db, bucketChannels, []byte(id), func() *jca.Channel { return &jca.Channel{ID: id} }, nil,
		func(c *jca.Channel) error { c.ID = id; return fn(c) })
}

// channelKind puts the channels' settings into snapshots.
var channelKind = snapshotKind{name: "channels", bucket: bucketChannels,
	export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketChannels, &s.Channels) },
	put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
		return putAll(tx, bucketChannels, s.Channels, func(c *jca.Channel) []byte { return []byte(c.ID) })
	}}
