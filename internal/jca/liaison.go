package jca

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// LiaisonStatus is where a liaison statement stands.
type LiaisonStatus string

const (
	LiaisonOpen     LiaisonStatus = "open"     // awaiting an answer, or the JCA's action
	LiaisonAnswered LiaisonStatus = "answered" // a reply was logged (--reply-to) or a chair said so
	LiaisonClosed   LiaisonStatus = "closed"   // nothing more to do
)

// Liaison statement vocabulary.
var (
	LiaisonDirections = []string{"in", "out"}
	LiaisonPurposes   = []string{"action", "comment", "information"}
	LiaisonStatuses   = []LiaisonStatus{LiaisonOpen, LiaisonAnswered, LiaisonClosed}
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
	Status    LiaisonStatus
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

// IsOpen reports whether the liaison still awaits something.
func (l *Liaison) IsOpen() bool { return l.Status == LiaisonOpen }

// Overdue reports whether an open liaison's deadline has passed at now.
func (l *Liaison) Overdue(now time.Time) bool {
	return l.IsOpen() && !l.Deadline.IsZero() && now.After(l.Deadline)
}

// SetStatus moves the liaison to status by by at now, with its history. It
// reports whether anything changed.
func (l *Liaison) SetStatus(status LiaisonStatus, by PersonID, now time.Time) bool {
	if l.Status == status {
		return false
	}
	l.History = append(l.History, Change{At: now, By: by, Field: "status", Old: string(l.Status), New: string(status)})
	l.Status, l.UpdatedAt = status, now
	return true
}

// AnsweredBy marks an open liaison answered by the reply (a liaison logged
// with ReplyTo naming this one), at the reply's creation: the rule that a
// reply closes the loop. A liaison not open is left as it is. It reports
// whether anything changed.
func (l *Liaison) AnsweredBy(reply *Liaison) bool {
	if !l.IsOpen() {
		return false
	}
	l.History = append(l.History, Change{At: reply.CreatedAt, By: reply.CreatedBy, Field: "status",
		Old: string(LiaisonOpen), New: string(LiaisonAnswered) + " (" + LiaisonRef(reply.ID) + ")"})
	l.Status, l.UpdatedAt = LiaisonAnswered, reply.CreatedAt
	return true
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
	ReplyTo int       // non-zero: only the replies to this liaison
	// Text keeps the liaisons whose title holds every word of it, ignoring
	// case and accents ("" for all).
	Text   string
	Offset int
	Limit  int
}

// LiaisonService stores liaison statements.
type LiaisonService interface {
	// CreateLiaison assigns l.ID. When l.ReplyTo names an open liaison, that
	// one becomes "answered" in the same transaction (its history says by
	// whom); ENOTFOUND when l.ReplyTo names none, and nothing is written.
	CreateLiaison(ctx context.Context, l *Liaison) error
	FindLiaison(ctx context.Context, id int) (*Liaison, error)
	UpdateLiaison(ctx context.Context, id int, fn func(l *Liaison) error) (*Liaison, error)
	// ListLiaisons returns a page, newest first, and the number of
	// matches, in time proportional to the matches of its rarest filter
	// (an index), never to every liaison.
	ListLiaisons(ctx context.Context, f LiaisonFilter) ([]*Liaison, int, error)
	// OpenLiaisonsByBody counts the open liaisons naming each body (the
	// code of its sender or a receiver: "IETF", "SG13").
	OpenLiaisonsByBody(ctx context.Context) (map[string]int, error)
}

// Diff appends to l's history one Change per edited field that differs
// between old and l (title, to, deadline, purpose, links), and sets
// UpdatedAt. It reports whether anything changed.
func (l *Liaison) Diff(old *Liaison, by PersonID, at time.Time) bool {
	n := len(l.History)
	add := func(field, o, nw string) {
		if o != nw {
			l.History = append(l.History, Change{At: at, By: by, Field: field, Old: o, New: nw})
		}
	}
	add("title", old.Title, l.Title)
	add("to", strings.Join(old.To, ", "), strings.Join(l.To, ", "))
	add("deadline", deadlineValue(old.Deadline), deadlineValue(l.Deadline))
	add("purpose", old.Purpose, l.Purpose)
	add("links", strings.Join(old.Links, " "), strings.Join(l.Links, " "))
	if len(l.History) == n {
		return false
	}
	l.UpdatedAt = at
	return true
}

// deadlineValue is a deadline as the history keeps it.
func deadlineValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
