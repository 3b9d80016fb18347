package bolt

import (
	"context"

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
	if _, err := findKeyed(db, bucketPeople, []byte(id), p); err != nil {
		return nil, err
	}
	p.ID = id
	db.people.put(p)
	return p, nil
}

// UpdatePerson applies fn to the person in one transaction.
func (db *DB) UpdatePerson(ctx context.Context, id jca.PersonID, fn func(p *jca.Person) error) (*jca.Person, error) {
	out, err := updateKeyed(ctx, db, bucketPeople, []byte(id), func() *jca.Person { return &jca.Person{ID: id} }, nil,
		func(p *jca.Person) error {
			p.ID = id
			if err := fn(p); err != nil {
				return err
			}
			p.Rev++
			return nil
		})
	if err != nil {
		return nil, err
	}
	db.people.put(out)
	return out, nil
}

// ListPeople returns every stored person, by id.
func (db *DB) ListPeople(ctx context.Context) ([]*jca.Person, error) {
	return listKeyed[jca.Person](db, bucketPeople)
}

// personKind puts the people into snapshots.
var personKind = snapshotKind{name: "people", bucket: bucketPeople,
	export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketPeople, &s.People) },
	put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
		return putAll(tx, bucketPeople, s.People, func(p *jca.Person) []byte { return []byte(p.ID) })
	}}
