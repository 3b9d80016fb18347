// Package testbot builds the real bot for tests and benchmarks of the
// adapters: the command router on a real bbolt store in a temporary
// directory, closed when the test ends. It is test support only; no
// production code imports it.
package testbot

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
)

// Options tune New.
type Options struct {
	Chairs []bot.Identity
	// NoSync skips fsync, for tests that load much and measure nothing.
	NoSync bool
	// Observe is the router's Deps.Observe (metrics), nil for none.
	Observe func(commands.Handled)
}

// New returns a router on a fresh store, the store, and the catalog.
func New(tb testing.TB, opt Options) (*commands.Router, *bolt.DB, *i18n.Catalog) {
	tb.Helper()
	db, err := bolt.Open(context.Background(), filepath.Join(tb.TempDir(), "jca.db"), bolt.Options{NoSync: opt.NoSync})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	cat, err := i18n.Default()
	if err != nil {
		tb.Fatal(err)
	}
	v, err := jca.NewVocabulary(jca.DefaultVocabulary())
	if err != nil {
		tb.Fatal(err)
	}
	r, err := commands.NewRouter(commands.Deps{Store: db, Outbox: db, Vocab: v, Catalog: cat, Chairs: opt.Chairs, DefaultTZ: time.UTC,
		Observe: opt.Observe})
	if err != nil {
		tb.Fatal(err)
	}
	return r, db, cat
}
