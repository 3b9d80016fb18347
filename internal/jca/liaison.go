package jca

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// Liaison statement vocabulary.
var (
	LiaisonDirections = []string{"in", "out"}
	LiaisonPurposes   = []string{"action", "comment", "information"}
	LiaisonStatuses   = []string{"open", "answered", "closed"}
)

// Liaison is a liaison statement with another body.
type Liaison struct {
	ID        int
	Direction string   // in or out
	From      string   // body code
	To        []string // body codes
	Title     string
	Purpose   string // action, comment or information
	Deadline  time.Time
	Links     []string
	ReplyTo   int // the liaison this one answers, 0 if none
	Status    string
	Channel   string
	CreatedBy PersonID
	CreatedAt time.Time
	UpdatedAt time.Time
	History   []Change
	Rev       int
}

// LiaisonRef formats a liaison id: "L-4".
func LiaisonRef(id int) string { return "L-" + strconv.Itoa(id) }

// Bodies lists every body the liaison names (from, then to).
func (l *Liaison) Bodies() []string { return append([]string{l.From}, l.To...) }

// Overdue reports whether an open liaison's deadline has passed at now.
func (l *Liaison) Overdue(now time.Time) bool {
	return l.Status == "open" && !l.Deadline.IsZero() && now.After(l.Deadline)
}

// Clone returns a deep copy.
func (l *Liaison) Clone() *Liaison {
	c := *l
	c.To = slices.Clone(l.To)
	c.Links = slices.Clone(l.Links)
	c.History = slices.Clone(l.History)
	return &c
}

// LiaisonFilter selects liaisons. Zero fields match all.
type LiaisonFilter struct {
	Open    bool      // status open only
	Body    string    // naming this body as sender or receiver
	Overdue time.Time // non-zero: only open ones whose deadline is before this instant
	Offset  int
	Limit   int
}

// LiaisonService stores liaison statements.
type LiaisonService interface {
	// CreateLiaison assigns l.ID. When l.ReplyTo names an open liaison, that
	// one becomes "answered" in the same transaction (its history says by
	// whom); ENOTFOUND when l.ReplyTo names none, and nothing is written.
	CreateLiaison(ctx context.Context, l *Liaison) error
	FindLiaison(ctx context.Context, id int) (*Liaison, error)
	UpdateLiaison(ctx context.Context, id int, fn func(l *Liaison) error) (*Liaison, error)
	// ListLiaisons returns a page, newest first, and the number of matches.
	ListLiaisons(ctx context.Context, f LiaisonFilter) ([]*Liaison, int, error)
}
