package bolt

import (
	"context"
	"encoding/json"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// FindPerson returns the stored person, or a new one with only the id.
// People are read on every request, so they are cached (see peopleCache).
func (db *DB) FindPerson(ctx context.Context, id jca.PersonID) (*jca.Person, error) {
	if p, ok := db.people.get(id); ok {
		return p, nil
	}
	p := &jca.Person{ID: id}
	err := db.db.View(func(tx *bbolt.Tx) error {
		_, err := getJSON(tx.Bucket(bucketPeople), []byte(id), p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find person: %w", err)
	}
	p.ID = id
	db.people.put(p)
	return p, nil
}

// UpdatePerson applies fn to the person in one transaction.
func (db *DB) UpdatePerson(ctx context.Context, id jca.PersonID, fn func(p *jca.Person) error) (*jca.Person, error) {
	var out *jca.Person
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		out, refusal = nil, nil
		b := tx.Bucket(bucketPeople)
		p := &jca.Person{ID: id}
		if _, err := getJSON(b, []byte(id), p); err != nil {
			return err
		}
		p.ID = id
		if err := fn(p); err != nil {
			refusal = err
			return nil
		}
		p.Rev++
		out = p
		return putJSON(b, []byte(id), p)
	})
	if err != nil {
		return nil, fmt.Errorf("update person: %w", err)
	}
	if refusal != nil {
		return nil, refusal
	}
	db.people.put(out)
	return out, nil
}

// ListPeople returns every stored person, by id.
func (db *DB) ListPeople(ctx context.Context) ([]*jca.Person, error) {
	var out []*jca.Person
	err := db.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketPeople).ForEach(func(k, v []byte) error {
			p := &jca.Person{}
			if err := json.Unmarshal(v, p); err != nil {
				return fmt.Errorf("decode person %s: %w", k, err)
			}
			p.ID = jca.PersonID(k)
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	return out, nil
}
