package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// LinkPeople joins joined to canon in one transaction (see
// jca.LinkService): both person records, then joined's ballots and
// proposal positions, so a link is never half made.
func (db *DB) LinkPeople(ctx context.Context, canonID, joinedID jca.PersonID, fn func(canon, joined *jca.Person) error) (*jca.LinkResult, error) {
	if canonID == joinedID {
		return nil, fmt.Errorf("link %s to itself", canonID)
	}
	var res *jca.LinkResult
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		res = nil
		canon, joined, err := updatePair(tx, canonID, joinedID, fn, &refusal)
		if err != nil || refusal != nil {
			return err
		}
		r := &jca.LinkResult{Canon: canon, Joined: joined}
		if err := moveBallots(tx, canonID, joinedID, r); err != nil {
			return err
		}
		for _, bucket := range [][]byte{bucketTopics, bucketJoints} {
			if err := movePositions(tx.Bucket(bucket), canonID, joinedID, r); err != nil {
				return err
			}
		}
		res = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("link people: %w", err)
	}
	if refusal != nil {
		return nil, refusal
	}
	db.people.put(res.Canon)
	db.people.put(res.Joined)
	return res, nil
}

// UnlinkPeople applies fn to both person records in one transaction (see
// jca.LinkService).
func (db *DB) UnlinkPeople(ctx context.Context, canonID, joinedID jca.PersonID, fn func(canon, joined *jca.Person) error) (*jca.Person, *jca.Person, error) {
	if canonID == joinedID {
		return nil, nil, fmt.Errorf("unlink %s from itself", canonID)
	}
	var canon, joined *jca.Person
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		var err error
		canon, joined, err = updatePair(tx, canonID, joinedID, fn, &refusal)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("unlink people: %w", err)
	}
	if refusal != nil {
		return nil, nil, refusal
	}
	db.people.put(canon)
	db.people.put(joined)
	return canon, joined, nil
}

// updatePair reads two person records (new ones when never stored),
// applies fn and writes both back. A refusal from fn is set in *refusal
// and nothing is written.
func updatePair(tx *bbolt.Tx, aID, bID jca.PersonID, fn func(a, b *jca.Person) error, refusal *error) (*jca.Person, *jca.Person, error) {
	*refusal = nil
	people := tx.Bucket(bucketPeople)
	a, b := &jca.Person{}, &jca.Person{}
	if _, err := getJSON(people, []byte(aID), a); err != nil {
		return nil, nil, err
	}
	if _, err := getJSON(people, []byte(bID), b); err != nil {
		return nil, nil, err
	}
	a.ID, b.ID = aID, bID
	if err := fn(a, b); err != nil {
		*refusal = err
		return nil, nil, nil
	}
	a.Rev++
	b.Rev++
	if err := putJSON(people, []byte(aID), a); err != nil {
		return nil, nil, err
	}
	if err := putJSON(people, []byte(bID), b); err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

// moveBallots makes joined's ballots canon's: merged into canon's ballot
// on the same poll (one voter fewer), or moved under canon's key.
func moveBallots(tx *bbolt.Tx, canonID, joinedID jca.PersonID, r *jca.LinkResult) error {
	ballots, polls := tx.Bucket(bucketBallots), tx.Bucket(bucketPolls)
	var keys [][]byte
	c := ballots.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) > 8 && bytes.Equal(k[8:], []byte(joinedID)) {
			keys = append(keys, slices.Clone(k))
		}
	}
	for _, k := range keys {
		var j jca.Ballot
		if _, err := getJSON(ballots, k, &j); err != nil {
			return err
		}
		poll := int(btoi(k[:8]))
		canonKey := ballotKey(poll, canonID)
		var own jca.Ballot
		had, err := getJSON(ballots, canonKey, &own)
		if err != nil {
			return err
		}
		var mine *jca.Ballot
		if had {
			mine = &own
		}
		merged := jca.MergeBallot(mine, j, canonID)
		if err := putJSON(ballots, canonKey, &merged); err != nil {
			return err
		}
		if err := ballots.Delete(k); err != nil {
			return err
		}
		var p jca.Poll
		found, err := getJSON(polls, k[:8], &p)
		if err != nil {
			return err
		}
		if found {
			if had && p.Voters > 0 {
				p.Voters--
			}
			p.Rev++
			if err := putJSON(polls, k[:8], &p); err != nil {
				return err
			}
		}
		r.Ballots++
		r.Polls = append(r.Polls, poll)
	}
	return nil
}

// movePositions gives joined's proposal positions to canon, where canon
// has none.
func movePositions(b *bbolt.Bucket, canonID, joinedID jca.PersonID, r *jca.LinkResult) error {
	var changed []*jca.Proposal
	quoted, err := json.Marshal(string(joinedID)) // the id as the records hold it
	if err != nil {
		return err
	}
	err = b.ForEach(func(k, v []byte) error {
		if len(k) != 8 || !bytes.Contains(v, quoted) {
			return nil // not a record, or surely no position of joined
		}
		var p jca.Proposal
		if _, err := getJSON(b, k, &p); err != nil {
			return err
		}
		if p.MergePositions(canonID, joinedID) {
			p.Rev++
			changed = append(changed, &p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range changed {
		if err := putJSON(b, itob(uint64(p.ID)), p); err != nil {
			return err
		}
		r.Positions++
	}
	return nil
}
