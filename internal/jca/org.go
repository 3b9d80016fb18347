package jca

import (
	"context"
	"strings"
	"time"
)

// OrgStatuses track the circular's "invited to participate".
var OrgStatuses = []string{"identified", "invited", "participating", "declined"}

// Org is the bot's record of an organization: one of the vocabulary, or
// one added with "org add".
type Org struct {
	Short     string
	Name      string
	Status    string // "" means identified
	Contacts  []string
	Added     bool // added with "org add" (not from the vocabulary)
	CreatedBy PersonID
	CreatedAt time.Time
	History   []Change
	Rev       int
}

// OrgService stores organizations.
type OrgService interface {
	// FindOrg looks a stored organization up by its short name, ignoring
	// case; ENOTFOUND if none is stored (vocabulary ones may have no record).
	FindOrg(ctx context.Context, short string) (*Org, error)
	// UpdateOrg applies fn to the stored record, creating it (with Short set)
	// when create is true and none exists; ENOTFOUND otherwise.
	UpdateOrg(ctx context.Context, short string, create bool, fn func(o *Org) error) (*Org, error)
	// ListOrgs returns every stored organization, by short name.
	ListOrgs(ctx context.Context) ([]*Org, error)
}

// SetStatus records the organization's new status (from old, as read),
// by by at now, with its history.
func (o *Org) SetStatus(old, status string, by PersonID, now time.Time) {
	o.Status = status
	o.History = append(o.History, Change{At: now, By: by, Field: "status", Old: old, New: status})
}

// SetContacts replaces the contacts, by by at now, with its history.
func (o *Org) SetContacts(contacts []string, by PersonID, now time.Time) {
	o.History = append(o.History, Change{At: now, By: by, Field: "contacts",
		Old: strings.Join(o.Contacts, "; "), New: strings.Join(contacts, "; ")})
	o.Contacts = contacts
}
