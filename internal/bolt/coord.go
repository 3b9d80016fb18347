package bolt

import (
	"context"
	"slices"
	"strings"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// proposalRecord and liaisonRecord give the domain types the record methods
// the generic helpers need, without putting storage methods on the domain.
type proposalRecord jca.Proposal

func (p *proposalRecord) setID(id int) { p.ID = id }
func (p *proposalRecord) bumpRev()     { p.Rev++ }

type liaisonRecord jca.Liaison

func (l *liaisonRecord) setID(id int) { l.ID = id }
func (l *liaisonRecord) bumpRev()     { l.Rev++ }

func proposalBucket(k jca.ProposalKind) []byte {
	if k == jca.JointProposal {
		return bucketJoints
	}
	return bucketTopics
}

// CreateProposal stores a new proposal under its kind's next id.
func (db *DB) CreateProposal(ctx context.Context, p *jca.Proposal) error {
	_, err := createRecord(ctx, db, proposalBucket(p.Kind), (*proposalRecord)(p), nil)
	return err
}

// FindProposal returns ENOTFOUND if there is none.
func (db *DB) FindProposal(ctx context.Context, kind jca.ProposalKind, id int) (*jca.Proposal, error) {
	p, ok, err := findRecord[proposalRecord](db, proposalBucket(kind), id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound(kind.Ref(id))
	}
	return (*jca.Proposal)(p), nil
}

// UpdateProposal applies fn in one transaction.
func (db *DB) UpdateProposal(ctx context.Context, kind jca.ProposalKind, id int, fn func(p *jca.Proposal) error) (*jca.Proposal, error) {
	p, err := updateRecord(ctx, db, proposalBucket(kind), id, notFound(kind.Ref(id)), func(p *proposalRecord) error {
		return fn((*jca.Proposal)(p))
	})
	return (*jca.Proposal)(p), err
}

// ListProposals returns a page of the kind's proposals, newest first.
func (db *DB) ListProposals(ctx context.Context, kind jca.ProposalKind, f jca.ProposalFilter) ([]*jca.Proposal, int, error) {
	all, err := scanRecords(db, proposalBucket(kind), func(p *proposalRecord) bool {
		return (f.Status == "" || p.Status == f.Status) && (f.Group == "" || slices.Contains(p.Groups, f.Group))
	})
	if err != nil {
		return nil, 0, err
	}
	page := pageOf(all, f.Offset, f.Limit)
	out := make([]*jca.Proposal, len(page))
	for i, p := range page {
		out[i] = (*jca.Proposal)(p)
	}
	return out, len(all), nil
}

// CreateLiaison stores a new liaison; a reply marks the open liaison it
// answers as answered, in the same transaction.
func (db *DB) CreateLiaison(ctx context.Context, l *jca.Liaison) error {
	var extra func(tx *bbolt.Tx, id int) (error, error)
	if l.ReplyTo != 0 {
		extra = func(tx *bbolt.Tx, id int) (error, error) {
			b := tx.Bucket(bucketLiaisons)
			var parent jca.Liaison
			found, err := getJSON(b, itob(uint64(l.ReplyTo)), &parent)
			if err != nil || !found {
				return notFound(jca.LiaisonRef(l.ReplyTo)), err
			}
			if parent.Status != "open" {
				return nil, nil
			}
			parent.Status = "answered"
			parent.UpdatedAt = l.CreatedAt
			parent.History = append(parent.History, jca.Change{At: l.CreatedAt, By: l.CreatedBy, Field: "status",
				Old: "open", New: "answered (" + jca.LiaisonRef(id) + ")"})
			parent.Rev++
			return nil, putJSON(b, itob(uint64(parent.ID)), &parent)
		}
	}
	_, err := createRecord(ctx, db, bucketLiaisons, (*liaisonRecord)(l), extra)
	return err
}

// FindLiaison returns ENOTFOUND if there is none.
func (db *DB) FindLiaison(ctx context.Context, id int) (*jca.Liaison, error) {
	l, ok, err := findRecord[liaisonRecord](db, bucketLiaisons, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound(jca.LiaisonRef(id))
	}
	return (*jca.Liaison)(l), nil
}

// UpdateLiaison applies fn in one transaction.
func (db *DB) UpdateLiaison(ctx context.Context, id int, fn func(l *jca.Liaison) error) (*jca.Liaison, error) {
	l, err := updateRecord(ctx, db, bucketLiaisons, id, notFound(jca.LiaisonRef(id)), func(l *liaisonRecord) error {
		return fn((*jca.Liaison)(l))
	})
	return (*jca.Liaison)(l), err
}

// ListLiaisons returns a page of liaisons, newest first.
func (db *DB) ListLiaisons(ctx context.Context, f jca.LiaisonFilter) ([]*jca.Liaison, int, error) {
	all, err := scanRecords(db, bucketLiaisons, func(l *liaisonRecord) bool {
		if (f.Open || !f.Overdue.IsZero()) && l.Status != "open" {
			return false
		}
		if !f.Overdue.IsZero() && (l.Deadline.IsZero() || !l.Deadline.Before(f.Overdue)) {
			return false
		}
		return f.Body == "" || slices.Contains((*jca.Liaison)(l).Bodies(), f.Body)
	})
	if err != nil {
		return nil, 0, err
	}
	page := pageOf(all, f.Offset, f.Limit)
	out := make([]*jca.Liaison, len(page))
	for i, l := range page {
		out[i] = (*jca.Liaison)(l)
	}
	return out, len(all), nil
}

func orgKey(short string) []byte { return []byte(strings.ToLower(strings.TrimSpace(short))) }

// FindOrg returns the stored organization; ENOTFOUND if none is stored.
func (db *DB) FindOrg(ctx context.Context, short string) (*jca.Org, error) {
	o := &jca.Org{}
	found, err := findKeyed(db, bucketOrgs, orgKey(short), o)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, notFound(short)
	}
	return o, nil
}

// UpdateOrg applies fn to the stored organization (see jca.OrgService).
func (db *DB) UpdateOrg(ctx context.Context, short string, create bool, fn func(o *jca.Org) error) (*jca.Org, error) {
	var missing error
	if !create {
		missing = notFound(short)
	}
	return updateKeyed(ctx, db, bucketOrgs, orgKey(short), func() *jca.Org { return &jca.Org{Short: short} }, missing,
		func(o *jca.Org) error {
			if err := fn(o); err != nil {
				return err
			}
			o.Rev++
			return nil
		})
}

// ListOrgs returns every stored organization, by short name.
func (db *DB) ListOrgs(ctx context.Context) ([]*jca.Org, error) {
	return listKeyed[jca.Org](db, bucketOrgs)
}
