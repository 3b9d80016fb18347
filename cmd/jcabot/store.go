package main

import (
	"context"
	"io"
	"time"

	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
)

// dataStore is everything jcabot's wiring uses of its store: the services
// the commands use, the outbox, and the operator's needs (a consistent
// backup, the outbox at a glance, commit times, the adapters' secrets).
// A new backend implements it (and passes internal/storetest); openStore
// picks it. bbolt is the only one today.
type dataStore interface {
	jca.Store
	commands.OutboxStore
	OutboxSummary(ctx context.Context) (outbox.Summary, error)
	// Backup writes a consistent copy of the whole store to w.
	Backup(ctx context.Context, w io.Writer) (int64, error)
	// ObserveCommits has fn told of every transaction committed.
	ObserveCommits(fn func(took time.Duration, writes int))
	// Secret returns the named secret, made and kept on first use.
	Secret(ctx context.Context, name string) ([]byte, error)
	// WaitIndexed waits until the store's indexes, filled in the
	// background after it opens, are ready (reads wait for them anyway).
	WaitIndexed(ctx context.Context) error
	Close() error
}

var _ dataStore = (*bolt.DB)(nil)
