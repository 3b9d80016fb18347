package jca

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// PersonID is a platform-qualified person id ("slack:U123", "console:alice").
type PersonID string

// Limits on what a person may type.
const (
	MaxTitle    = 300
	MaxNote     = 2000
	MaxLinks    = 10
	MaxLinkLen  = 2000
	MaxRefLen   = 64
	PageSize    = 20
	MaxPageSize = 100
)

// Activity is one entry of the register: a piece of standardization work
// under way in a study group, an organization or the JCA itself.
type Activity struct {
	ID        int
	Group     string   // canonical body code: "SG13", "IETF", "JCA-Res.178"
	Question  string   // "Q16/13", optional
	Ref       string   // work item reference: "Y.3001", optional
	Title     string   // 1..MaxTitle characters
	Status    Status   // from the vocabulary
	Route     string   // "", "AAP" or "TAP"
	Aspects   []Aspect // in vocabulary order, no duplicates
	WSIS      []string // "C1".."C11", in vocabulary order
	Links     []string // http(s) URLs
	Note      string
	CreatedBy PersonID
	CreatedAt time.Time
	UpdatedAt time.Time
	Removed   bool
	History   []Change
	// Rev counts the writes of this record; the store sets it.
	Rev int
}

// Change is one entry of a record's history.
type Change struct {
	At    time.Time
	By    PersonID
	Field string
	Old   string `json:",omitempty"`
	New   string `json:",omitempty"`
}

// ActivityRef formats an activity id as people type it: "A-12".
func ActivityRef(id int) string { return "A-" + strconv.Itoa(id) }

// AppendActivityRef appends ActivityRef(id) to dst.
func AppendActivityRef(dst []byte, id int) []byte {
	return strconv.AppendInt(append(dst, "A-"...), int64(id), 10)
}

// ParseRef reads an id such as "A-12" (also "a12", "A12", "#12" or "12")
// for the given prefix letter.
func ParseRef(prefix, s string) (int, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "#")
	if len(s) > 0 && strings.EqualFold(s[:1], prefix) {
		s = strings.TrimPrefix(s[1:], "-")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

var (
	questionRE = regexp.MustCompile(`^[Qq](\d{1,2})/(\d{1,2})$`)
	itutRefRE  = regexp.MustCompile(`^[A-Z]\.[A-Za-z0-9][A-Za-z0-9.\-/()]*$`)
	otherRefRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*[ -]?\d[A-Za-z0-9.\-/]*$`)
)

// NormalizeQuestion checks a Question reference ("Q16/13") and returns it
// in canonical form with its study group code ("SG13").
func NormalizeQuestion(s string) (q, group string, err error) {
	m := questionRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", "", Errorf(EInvalid, "err.question_format", "value", s)
	}
	qn, _ := strconv.Atoi(m[1])
	sg, _ := strconv.Atoi(m[2])
	return fmt.Sprintf("Q%d/%d", qn, sg), "SG" + strconv.Itoa(sg), nil
}

// NormalizeRef checks a work item reference: an ITU-T form such as
// "Y.3001", "Y.IoT-BC-reqts", "X.Sup.5", or another body's number such as
// "RFC 4052" or "TS 23.501".
func NormalizeRef(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxRefLen || !(itutRefRE.MatchString(s) || otherRefRE.MatchString(s)) {
		return "", Errorf(EInvalid, "err.ref_format", "value", s)
	}
	return s, nil
}

// NormalizeLink checks an http or https URL.
func NormalizeLink(s string) (string, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > MaxLinkLen {
		return "", Errorf(EInvalid, "err.link_format", "value", s)
	}
	return s, nil
}

// CheckText checks a free text field's length, and that it holds no
// character that would act instead of being shown (see Unshowable); the
// field key names it in the refusal.
func CheckText(field, s string, min, max int) error {
	n := utf8.RuneCountInString(s)
	if n < min {
		return Errorf(EInvalid, "err.text_empty", "field", FieldName(field))
	}
	if n > max {
		return Errorf(EInvalid, "err.text_too_long", "field", FieldName(field), "max", max, "n", n)
	}
	for _, r := range s {
		if Unshowable(r) {
			return Errorf(EInvalid, "err.text_control", "field", FieldName(field), "char", fmt.Sprintf("U+%04X", r))
		}
	}
	return nil
}

// Unshowable reports whether r is a character a stored text must not hold
// because it acts rather than shows where the text goes: the C0 and C1
// controls but tab and newline (NUL, BEL, ESC, CR...: a terminal reading a
// report runs ESC sequences), DEL, and the bidirectional embeddings,
// overrides and isolates (U+202A-U+202E, U+2066-U+2069) that make a text
// read differently from what it holds. The marks U+200E and U+200F, which
// right-to-left writing needs, are kept.
func Unshowable(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Validate checks every field of a against the vocabulary and normalises
// lists to vocabulary order. It changes nothing else. extra are bodies
// known besides the vocabulary (organizations added with "org add").
func (a *Activity) Validate(v *Vocabulary, extra ...Body) error {
	a.Title = strings.TrimSpace(a.Title)
	if err := CheckText("title", a.Title, 1, MaxTitle); err != nil {
		return err
	}
	if err := CheckText("note", a.Note, 0, MaxNote); err != nil {
		return err
	}
	b, ok := v.Body(a.Group)
	for _, x := range extra {
		if !ok && x.Code == a.Group {
			b, ok = x, true
		}
	}
	if !ok {
		return Errorf(EInvalid, "err.unknown_group", "value", a.Group)
	}
	a.Group = b.Code
	if a.Question != "" {
		q, sg, err := NormalizeQuestion(a.Question)
		if err != nil {
			return err
		}
		if b.Kind != StudyGroupBody || !strings.EqualFold(sg, b.Code) {
			return Errorf(EInvalid, "err.question_group", "question", q, "group", a.Group, "want", sg)
		}
		a.Question = q
	}
	if a.Ref != "" {
		r, err := NormalizeRef(a.Ref)
		if err != nil {
			return err
		}
		a.Ref = r
	}
	if _, ok := v.Status(string(a.Status)); !ok {
		return Errorf(EInvalid, "err.unknown_status", "value", string(a.Status))
	}
	if a.Route != "" {
		r, ok := v.Route(a.Route)
		if !ok {
			return Errorf(EInvalid, "err.unknown_route", "value", a.Route)
		}
		a.Route = r
	}
	slices.SortFunc(a.Aspects, func(x, y Aspect) int { return v.AspectIndex(x) - v.AspectIndex(y) })
	a.Aspects = slices.Compact(a.Aspects)
	for _, x := range a.Aspects {
		if v.AspectIndex(x) < 0 {
			return Errorf(EInvalid, "err.unknown_aspect", "value", string(x))
		}
	}
	codes := v.WSISCodes()
	slices.SortFunc(a.WSIS, func(x, y string) int { return slices.Index(codes, x) - slices.Index(codes, y) })
	a.WSIS = slices.Compact(a.WSIS)
	for _, w := range a.WSIS {
		if !slices.Contains(codes, w) {
			return Errorf(EInvalid, "err.unknown_wsis", "value", w)
		}
	}
	if len(a.Links) > MaxLinks {
		return Errorf(EInvalid, "err.too_many_links", "max", MaxLinks)
	}
	for i, l := range a.Links {
		n, err := NormalizeLink(l)
		if err != nil {
			return err
		}
		a.Links[i] = n
	}
	a.Links = slices.Compact(a.Links)
	return nil
}

// Clone returns a deep copy.
func (a *Activity) Clone() *Activity {
	c := *a
	c.Aspects = slices.Clone(a.Aspects)
	c.WSIS = slices.Clone(a.WSIS)
	c.Links = slices.Clone(a.Links)
	c.History = slices.Clone(a.History)
	return &c
}

// Diff appends to a's history one Change per field that differs between
// old and a, and sets UpdatedAt. It reports whether anything changed.
func (a *Activity) Diff(old *Activity, by PersonID, at time.Time) bool {
	n := len(a.History)
	add := func(field, o, nw string) {
		if o != nw {
			a.History = append(a.History, Change{At: at, By: by, Field: field, Old: o, New: nw})
		}
	}
	add("group", old.Group, a.Group)
	add("question", old.Question, a.Question)
	add("ref", old.Ref, a.Ref)
	add("title", old.Title, a.Title)
	add("status", string(old.Status), string(a.Status))
	add("route", old.Route, a.Route)
	add("aspects", joinAspects(old.Aspects), joinAspects(a.Aspects))
	add("wsis", strings.Join(old.WSIS, ","), strings.Join(a.WSIS, ","))
	add("links", strings.Join(old.Links, " "), strings.Join(a.Links, " "))
	add("note", old.Note, a.Note)
	if old.Removed != a.Removed {
		add("removed", strconv.FormatBool(old.Removed), strconv.FormatBool(a.Removed))
	}
	if len(a.History) == n {
		return false
	}
	a.UpdatedAt = at
	return true
}

func joinAspects(as []Aspect) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	return strings.Join(s, ",")
}

// ActivityFilter selects activities for a list. Zero fields match all.
type ActivityFilter struct {
	Group  string
	Status Status
	Aspect Aspect
	Since  time.Time // created at or after
	Offset int
	Limit  int // 0 means PageSize
}

// Matrix is the analysis of the register: counts of live activities per
// group and aspect, the gaps, and possible overlaps.
type Matrix struct {
	Aspects []Aspect
	// Rows are the groups that have at least one activity, in vocabulary order
	// (study groups, the JCA, organizations), then any others.
	Rows []MatrixRow
	// Total counts live activities.
	Total int
	// AspectTotals counts activities per aspect, in Aspects order.
	AspectTotals []int
	// EmptyAspects are the aspects no activity serves.
	EmptyAspects []Aspect
	// SilentGroups are the study groups with nothing logged.
	SilentGroups []string
	// Overlaps are the most similar pairs of activities of different groups,
	// at most MaxOverlaps, best first; OverlapTotal counts them all.
	Overlaps     []Overlap
	OverlapTotal int
}

// MatrixRow counts one group's activities.
type MatrixRow struct {
	Group  string
	Counts []int // per aspect, in Matrix.Aspects order
	Total  int   // activities of the group, whatever their aspects
}

// Overlap is a pair of activities of different groups with similar titles.
type Overlap struct {
	A, B           int
	GroupA, GroupB string
	Similarity     float64
}

// MaxOverlaps is the number of overlap pairs a matrix shows.
const MaxOverlaps = 20

// OverlapNum/OverlapDen is the Jaccard similarity of title words (0.6) from
// which two activities of different groups may overlap.
const (
	OverlapNum = 3
	OverlapDen = 5
)

// ActivityService stores the register.
type ActivityService interface {
	// CreateActivity validates nothing: callers validate first. It assigns
	// a.ID, a new id never used before.
	CreateActivity(ctx context.Context, a *Activity) error
	// FindActivity returns ENOTFOUND if the activity does not exist.
	// Removed activities are returned, with Removed set.
	FindActivity(ctx context.Context, id int) (*Activity, error)
	// UpdateActivity reads the activity, calls fn on a copy inside one
	// transaction and writes the copy back when fn returns nil. When fn
	// returns an error nothing is written and that error is returned.
	// ENOTFOUND if the activity does not exist.
	UpdateActivity(ctx context.Context, id int, fn func(a *Activity) error) (*Activity, error)
	// ListActivities returns a page of live activities matching f, newest
	// first, and how many match in all. The records may be shared with the
	// store's cache: callers must not modify them.
	ListActivities(ctx context.Context, f ActivityFilter) ([]*Activity, int, error)
	// SearchActivities returns a page of live activities whose title, note,
	// reference or Question contain every word of query, ignoring case and
	// accents, newest first, and how many match. Like ListActivities, the
	// records are read-only.
	SearchActivities(ctx context.Context, query string, offset, limit int) ([]*Activity, int, error)
	// ActivityMatrix analyses the live activities.
	ActivityMatrix(ctx context.Context, v *Vocabulary) (*Matrix, error)
	// ActivitiesChangedSince returns the activities created, changed or
	// removed at or after t, by id.
	ActivitiesChangedSince(ctx context.Context, t time.Time) ([]*Activity, error)
	// ActivitiesInPeriod says, from the store's index and without reading
	// a record, which activities a report of [since, until] holds (a zero
	// since: from the beginning).
	ActivitiesInPeriod(ctx context.Context, since, until time.Time) (*PeriodActivities, error)
	// ReadActivities calls fn with each activity of ids, in their order,
	// read one at a time (a whole register is never held), skipping ids of
	// no activity and stopping at fn's first error. The record is fn's to
	// change.
	ReadActivities(ctx context.Context, ids []int, fn func(*Activity) error) error
}

// PeriodActivities are the activities, removed ones included, created or
// changed in a period (an entry of their history in it), and created by its
// end.
type PeriodActivities struct {
	// ByGroup lists their ids by group, each list ascending. An activity
	// changed after the period is in Later instead: its group, title,
	// status or removal at the period's end may differ from now.
	ByGroup map[string][]int
	Later   []int
	// Removed counts the removed activities of ByGroup.
	Removed int
	// First is when the register's earliest activity was created, zero
	// when it has none.
	First time.Time
}

// Person is what the bot remembers of a person: their preferences, what
// their platform profile said last, their memberships and whether they were
// appointed chair.
type Person struct {
	ID   PersonID
	Name string // display name, as last seen
	Lang string // "", "en" or "fr"
	TZ   string // IANA zone set with "tz set", "" if none
	// ProfileTZ is the zone of the person's Slack or Mattermost profile, as
	// last seen ("" if unknown).
	ProfileTZ string `json:",omitempty"`
	// Hours are the hours they work, in their zone; nil for the channel's
	// default or DefaultHours.
	Hours       *Hours       `json:",omitempty"`
	Memberships []Membership `json:",omitempty"`
	Chair       bool         `json:",omitempty"`
	History     []Change     `json:",omitempty"`
	// LinkedTo is set on an identity joined to another with "link": the
	// person's canonical id, under which they vote, take positions and
	// hold memberships. Links, on the canonical record, lists the
	// identities joined to it.
	LinkedTo PersonID   `json:",omitempty"`
	Links    []PersonID `json:",omitempty"`
	// LinkCode is a pending code from "link", valid until LinkExpires.
	LinkCode    string    `json:",omitempty"`
	LinkExpires time.Time `json:",omitzero"`
	// Suggested is the last poll suggestion they asked for (poll suggest).
	Suggested *SuggestedPoll `json:",omitempty"`
	// Rev counts the writes of this record; the store sets it.
	Rev int `json:",omitempty"`
}

// Clone returns a deep copy.
func (p *Person) Clone() *Person {
	c := *p
	c.Memberships = slices.Clone(p.Memberships)
	c.History = slices.Clone(p.History)
	c.Links = slices.Clone(p.Links)
	if p.Hours != nil {
		h := *p.Hours
		c.Hours = &h
	}
	if p.Suggested != nil {
		sp := *p.Suggested
		sp.Slots = slices.Clone(p.Suggested.Slots)
		c.Suggested = &sp
	}
	return &c
}

// PersonService stores people's preferences.
type PersonService interface {
	// FindPerson returns the person, or a zero Person with the id when the
	// bot has never stored anything for them (never ENOTFOUND).
	FindPerson(ctx context.Context, id PersonID) (*Person, error)
	// UpdatePerson applies fn to the person (created if new) in one
	// transaction; an error from fn writes nothing.
	UpdatePerson(ctx context.Context, id PersonID, fn func(p *Person) error) (*Person, error)
	// ListPeople returns every stored person, by id.
	ListPeople(ctx context.Context) ([]*Person, error)
}

// Store is everything the commands need from storage.
//
// The transaction contract, which every implementation keeps (and
// internal/storetest checks): each Create*, Update*, Put*, Vote and Import
// call is one transaction, and a fn that returns an error writes nothing.
// The posts a change causes commit with it through the store's *Posting
// methods (commands.OutboxStore: UpdatePollPosting, UpdateDigestPosting),
// whose fn returns them beside the change; this package names no post type.
type Store interface {
	ActivityService
	PersonService
	ChannelService
	ProposalService
	OrgService
	LiaisonService
	PollService
	MeetingService
	DigestService
	SnapshotService
	LinkService
}
