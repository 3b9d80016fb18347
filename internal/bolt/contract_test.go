package bolt_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/jca"
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

// A file written by an earlier release upgrades in place and keeps
// everything (the contract's Upgrade case). testdata/schema3.db was
// written by the release of commit 0367416 (schema 3) and never since;
// schema3.json is what that release exported from it.
func TestUpgradeFromSchema3(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "schema3.db"))
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, err := os.ReadFile(filepath.Join("testdata", "schema3.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want jca.Snapshot
	if err := json.Unmarshal(wantJSON, &want); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "jca.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	storetest.Upgrade(t, func(t *testing.T) storetest.Store {
		db, err := bolt.Open(context.Background(), path, bolt.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if v, err := db.Schema(); err != nil || v != bolt.SchemaVersion() {
			t.Fatalf("schema %d, %v after opening; want %d", v, err, bolt.SchemaVersion())
		}
		return db
	}, &want, []string{"remind/M-1/24h"})
}
