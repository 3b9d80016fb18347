package bolt_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/storetest"
)

// The bbolt store keeps the store contract (internal/storetest).
func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Opener {
		path := filepath.Join(t.TempDir(), "jca.db")
		return func(t *testing.T) storetest.Store {
			db, err := bolt.Open(context.Background(), path, bolt.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
	})
}
