package bolt

import (
	"context"

	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
)

// postBatch collects the outbox entries a change causes, for write to
// commit in the change's own transaction. It is this package's own: the
// *Posting methods are the contract, the context only its plumbing.
type postBatch struct {
	entries []outbox.Entry
}

type postsKey struct{}

// withPosts returns a context carrying a new, empty batch.
func withPosts(ctx context.Context) (context.Context, *postBatch) {
	b := &postBatch{}
	return context.WithValue(ctx, postsKey{}, b), b
}

// postsFrom returns the context's batch, nil if none.
func postsFrom(ctx context.Context) *postBatch {
	b, _ := ctx.Value(postsKey{}).(*postBatch)
	return b
}

// add queues entries as due, first attempt at their creation.
func (b *postBatch) add(entries []outbox.Entry) {
	for _, e := range entries {
		e.Status = outbox.Due
		if e.NextAttempt.IsZero() {
			e.NextAttempt = e.Created
		}
		b.entries = append(b.entries, e)
	}
}

// UpdatePollPosting is UpdatePoll whose fn also returns the posts the change
// causes: they commit in the change's transaction, or not at all when fn
// refuses. An entry whose key exists already is not queued again.
func (db *DB) UpdatePollPosting(ctx context.Context, id int, fn func(p *jca.Poll) ([]outbox.Entry, error)) (*jca.Poll, error) {
	ctx, batch := withPosts(ctx)
	return db.UpdatePoll(ctx, id, func(p *jca.Poll) error {
		entries, err := fn(p)
		if err == nil {
			batch.add(entries)
		}
		return err
	})
}

// UpdateDigestPosting is UpdateDigest with the posts of the change, as
// UpdatePollPosting.
func (db *DB) UpdateDigestPosting(ctx context.Context, channel string, fn func(d *jca.Digest) ([]outbox.Entry, error)) (*jca.Digest, error) {
	ctx, batch := withPosts(ctx)
	return db.UpdateDigest(ctx, channel, func(d *jca.Digest) error {
		entries, err := fn(d)
		if err == nil {
			batch.add(entries)
		}
		return err
	})
}
