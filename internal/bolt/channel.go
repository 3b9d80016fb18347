package bolt

import (
	"context"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// FindChannel returns the channel's settings, defaults when none stored.
func (db *DB) FindChannel(ctx context.Context, id string) (*jca.Channel, error) {
	c := &jca.Channel{ID: id}
	err := db.db.View(func(tx *bbolt.Tx) error {
		_, err := getJSON(tx.Bucket(bucketChannels), []byte(id), c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find channel: %w", err)
	}
	c.ID = id
	return c, nil
}

// UpdateChannel applies fn to the channel's settings in one transaction.
func (db *DB) UpdateChannel(ctx context.Context, id string, fn func(c *jca.Channel) error) (*jca.Channel, error) {
	var out *jca.Channel
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		out, refusal = nil, nil
		b := tx.Bucket(bucketChannels)
		c := &jca.Channel{ID: id}
		if _, err := getJSON(b, []byte(id), c); err != nil {
			return err
		}
		c.ID = id
		if err := fn(c); err != nil {
			refusal = err
			return nil
		}
		out = c
		return putJSON(b, []byte(id), c)
	})
	if err != nil {
		return nil, fmt.Errorf("update channel: %w", err)
	}
	if refusal != nil {
		return nil, refusal
	}
	return out, nil
}
