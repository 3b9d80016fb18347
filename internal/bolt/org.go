package bolt

import (
	"context"
	"strings"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

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

// orgKind puts the organizations into snapshots.
var orgKind = snapshotKind{name: "orgs", bucket: bucketOrgs,
	export: func(tx *bbolt.Tx, s *jca.Snapshot) error { return decodeAll(tx, bucketOrgs, &s.Orgs) },
	put: func(tx *bbolt.Tx, s *jca.Snapshot) error {
		return putAll(tx, bucketOrgs, s.Orgs, func(o *jca.Org) []byte { return orgKey(o.Short) })
	}}
