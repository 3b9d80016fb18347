package bolt

import (
	"context"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/recordindex"
)

// proposalRecord gives the domain type the record methods the generic
// helpers need, without putting storage methods on the domain.
type proposalRecord jca.Proposal

func (p *proposalRecord) setID(id int) { p.ID = id }
func (p *proposalRecord) bumpRev()     { p.Rev++ }

func proposalBucket(k jca.ProposalKind) []byte {
	if k == jca.JointProposal {
		return bucketJoints
	}
	return bucketTopics
}

// CreateProposal stores a new proposal under its kind's next id.
func (db *DB) CreateProposal(ctx context.Context, p *jca.Proposal) error {
	if _, err := createRecord(ctx, db, proposalBucket(p.Kind), (*proposalRecord)(p), nil); err != nil {
		return err
	}
	db.proposalIndex(p.Kind).Put(proposalEntry(p))
	return nil
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
	if err != nil {
		return nil, err
	}
	db.proposalIndex(kind).Put(proposalEntry((*jca.Proposal)(p)))
	return (*jca.Proposal)(p), nil
}

// ListProposals returns a page of the kind's proposals, newest first,
// from the index: only the page's records are read.
func (db *DB) ListProposals(ctx context.Context, kind jca.ProposalKind, f jca.ProposalFilter) ([]*jca.Proposal, int, error) {
	if err := db.indexed(ctx); err != nil {
		return nil, 0, err
	}
	q := recordindex.Query{Words: f.Text, Offset: f.Offset, Limit: pageLimit(f.Limit)}
	if f.Status != "" {
		q.Tags = append(q.Tags, "status="+f.Status)
	}
	if f.Group != "" {
		q.Tags = append(q.Tags, "group="+f.Group)
	}
	ids, total := db.proposalIndex(kind).Find(q)
	page, err := readRecords[jca.Proposal](db, proposalBucket(kind), ids)
	return page, total, err
}

// topicKind and jointKind put the proposals into snapshots.
var (
	topicKind = snapshotKind{name: "topics", bucket: bucketTopics,
		export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketTopics, &s.Topics) },
		put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
			return putAll(tx, bucketTopics, s.Topics, func(p *jca.Proposal) []byte { return itob(uint64(p.ID)) })
		}}
	jointKind = snapshotKind{name: "joints", bucket: bucketJoints,
		export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketJoints, &s.Joints) },
		put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
			return putAll(tx, bucketJoints, s.Joints, func(p *jca.Proposal) []byte { return itob(uint64(p.ID)) })
		}}
)
