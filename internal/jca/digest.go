package jca

import (
	"context"
	"time"
)

// Digest is a channel's subscription to the periodic digest.
type Digest struct {
	Channel string
	Spec    string // cron spec: 5 fields or a descriptor (@weekly)
	TZ      string // the zone the spec is read in
	Quiet   bool   // post nothing when nothing happened
	// Since is the start of the period the next digest covers: when the
	// channel subscribed, then each digest's own time.
	Since       time.Time
	LastRun     time.Time
	LastOutcome string // "sent", "empty", "failed: ..."
	CreatedBy   PersonID
	CreatedAt   time.Time
}

// DigestService stores digest subscriptions, one per channel.
type DigestService interface {
	// FindDigest returns ENOTFOUND when the channel has no subscription.
	FindDigest(ctx context.Context, channel string) (*Digest, error)
	// PutDigest creates or replaces the channel's subscription.
	PutDigest(ctx context.Context, d *Digest) error
	// UpdateDigest applies fn in one transaction; ENOTFOUND if none.
	UpdateDigest(ctx context.Context, channel string, fn func(d *Digest) error) (*Digest, error)
	// DeleteDigest removes it; ENOTFOUND if none.
	DeleteDigest(ctx context.Context, channel string) error
	// ListDigests returns every subscription, by channel.
	ListDigests(ctx context.Context) ([]*Digest, error)
}
