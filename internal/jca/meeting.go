package jca

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// AgendaItem is one point of a meeting's agenda: a topic or free text.
type AgendaItem struct {
	Topic int    // T-n, or 0
	Text  string // free text, or the topic's title when it was added
}

// Meeting is a scheduled meeting of the JCA.
type Meeting struct {
	ID       int
	Title    string
	Start    time.Time
	Duration time.Duration
	Zone     string // the zone it was scheduled in
	Kind     string // e-meeting or physical
	Where    string
	Link     string
	// Remind are the reminder offsets before Start (default 24h and 1h).
	Remind    []time.Duration
	Agenda    []AgendaItem
	Cancelled bool
	Reason    string
	// Sequence counts the changes calendar clients must see (RFC 5545).
	Sequence int
	Poll     int // the poll it was decided from, 0 if none
	// Series is the id of the first meeting of its series (itself for the
	// first), 0 for a meeting on its own; Rule is the series' rhythm
	// (ParseRecurrence's form, "first tue").
	Series    int    `json:",omitempty"`
	Rule      string `json:",omitempty"`
	Channel   string
	CreatedBy PersonID
	CreatedAt time.Time
	UpdatedAt time.Time
	History   []Change
	Rev       int
}

// MeetingRef formats a meeting id: "M-5".
func MeetingRef(id int) string { return "M-" + strconv.Itoa(id) }

// End is when the meeting ends.
func (m *Meeting) End() time.Time { return m.Start.Add(m.Duration) }

// Cancel cancels the meeting by by at now, with its reason and history; its
// calendar sequence moves on so calendars replace the event.
func (m *Meeting) Cancel(reason string, by PersonID, now time.Time) {
	m.Cancelled, m.Reason = true, reason
	m.History = append(m.History, Change{At: now, By: by, Field: "status", Old: "scheduled", New: "cancelled"})
	m.Sequence++
	m.UpdatedAt = now
}

// Move sets a new start, length and (when zone is not "") zone, writing one
// history entry per field that changed. It reports whether anything did.
func (m *Meeting) Move(start time.Time, length time.Duration, zone string, by PersonID, now time.Time) bool {
	changed := false
	if !m.Start.Equal(start) {
		m.History = append(m.History, Change{At: now, By: by, Field: "start",
			Old: m.Start.UTC().Format(time.RFC3339), New: start.Format(time.RFC3339)})
		m.Start, changed = start, true
	}
	if length != m.Duration {
		m.History = append(m.History, Change{At: now, By: by, Field: "duration", Old: m.Duration.String(), New: length.String()})
		m.Duration, changed = length, true
	}
	if zone != "" && zone != m.Zone {
		m.History = append(m.History, Change{At: now, By: by, Field: "zone", Old: m.Zone, New: zone})
		m.Zone, changed = zone, true
	}
	return changed
}

// AddAgendaItem appends an item to the agenda, with its history (label is
// how the item reads in it).
func (m *Meeting) AddAgendaItem(item AgendaItem, label string, by PersonID, now time.Time) {
	m.Agenda = append(m.Agenda, item)
	m.History = append(m.History, Change{At: now, By: by, Field: "agenda", New: label})
}

// RemoveAgendaItem takes out item n (1-based, in range), with its history,
// and returns it.
func (m *Meeting) RemoveAgendaItem(n int, label func(AgendaItem) string, by PersonID, now time.Time) AgendaItem {
	removed := m.Agenda[n-1]
	m.Agenda = slices.Delete(slices.Clone(m.Agenda), n-1, n)
	m.History = append(m.History, Change{At: now, By: by, Field: "agenda", Old: label(removed)})
	return removed
}

// MeetingKinds are the kinds of meeting.
func MeetingKinds() []string { return []string{"e-meeting", "physical"} }

// DefaultReminders are sent before a meeting unless --remind says otherwise.
func DefaultReminders() []time.Duration { return []time.Duration{24 * time.Hour, time.Hour} }

// MeetingFilter selects meetings.
type MeetingFilter struct {
	From             time.Time // ending after this instant (zero: all)
	IncludeCancelled bool
	Offset, Limit    int
}

// MeetingService stores meetings.
type MeetingService interface {
	// CreateMeeting assigns m.ID. When m.Poll is set, the poll is marked
	// decided (slot, meeting id, closed) in the same transaction, after
	// decide(poll) accepts; a refusal from decide writes nothing.
	CreateMeeting(ctx context.Context, m *Meeting, decide func(p *Poll) error) error
	FindMeeting(ctx context.Context, id int) (*Meeting, error)
	UpdateMeeting(ctx context.Context, id int, fn func(m *Meeting) error) (*Meeting, error)
	// ListMeetings returns a page in start order and the number of matches.
	ListMeetings(ctx context.Context, f MeetingFilter) ([]*Meeting, int, error)
	// CreateSeries stores the occurrences of a series in one transaction,
	// all or none: each gets its id (consecutive, in order) and Series, the
	// first one's id.
	CreateSeries(ctx context.Context, ms []*Meeting) error
	// UpdateSeries applies fn to every meeting of series starting at or
	// after from, in one transaction; an error from fn writes nothing.
	UpdateSeries(ctx context.Context, series int, from time.Time, fn func(m *Meeting) error) ([]*Meeting, error)
}
