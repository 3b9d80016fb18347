package bolt

import (
	"context"
	"crypto/rand"
	"fmt"

	bbolt "go.etcd.io/bbolt"
)

// Secret returns the named secret kept in the store, generating a random
// 32-byte one the first time (the HMAC key of Mattermost button contexts,
// when JCABOT_ACTION_SECRET is not set). It never leaves the process.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	key := []byte("secret/" + name)
	var out []byte
	err := db.db.View(func(tx *bbolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(key); v != nil {
			out = append([]byte(nil), v...)
		}
		return nil
	})
	if err != nil || out != nil {
		return out, err
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("generate secret: %w", err)
	}
	var refusal error
	err = db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(key); v != nil { // another writer won the race: keep theirs
			out = append([]byte(nil), v...)
			return nil
		}
		out = fresh
		return meta.Put(key, fresh)
	})
	if err != nil {
		return nil, fmt.Errorf("store secret: %w", err)
	}
	return out, nil
}
