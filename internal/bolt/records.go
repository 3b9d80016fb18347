package bolt

import (
	"context"
	"encoding/json"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// record is a stored value with a sequence id and a write counter.
type record interface {
	setID(id int)
	bumpRev()
}

// createRecord stores v under the bucket's next sequence number and returns
// the id. extra, when not nil, runs in the same transaction (it may refuse
// by returning a refusal through its own result, see DB.write).
func createRecord[T any, P interface {
	*T
	record
}](ctx context.Context, db *DB, bucket []byte, v P, extra func(tx *bbolt.Tx, id int) (refusal error, err error)) (int, error) {
	var id int
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		id, refusal = 0, nil
		b := tx.Bucket(bucket)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		if extra != nil {
			r, err := extra(tx, int(seq))
			if err != nil {
				return err
			}
			if r != nil {
				refusal = r
				return tx.Bucket(bucket).SetSequence(seq - 1)
			}
		}
		stored := *v
		P(&stored).setID(int(seq))
		P(&stored).bumpRev()
		if err := putJSON(b, itob(seq), &stored); err != nil {
			return err
		}
		id = int(seq)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("create %s: %w", bucket, err)
	}
	if refusal != nil {
		return 0, refusal
	}
	v.setID(id)
	v.bumpRev()
	return id, nil
}

// findRecord reads the record with the id; ok is false when there is none.
func findRecord[T any](db *DB, bucket []byte, id int) (v *T, ok bool, err error) {
	v = new(T)
	err = db.db.View(func(tx *bbolt.Tx) error {
		var err error
		ok, err = getJSON(tx.Bucket(bucket), itob(uint64(id)), v)
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("find %s: %w", bucket, err)
	}
	return v, ok, nil
}

// updateRecord applies fn to the record in one transaction: ENOTFOUND
// (missing) is the refusal for an absent record; fn's error is a refusal
// and writes nothing.
func updateRecord[T any, P interface {
	*T
	record
}](ctx context.Context, db *DB, bucket []byte, id int, missing error, fn func(P) error) (P, error) {
	var out P
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		out, refusal = nil, nil
		b := tx.Bucket(bucket)
		v := P(new(T))
		found, err := getJSON(b, itob(uint64(id)), v)
		if err != nil {
			return err
		}
		if !found {
			refusal = missing
			return nil
		}
		if err := fn(v); err != nil {
			refusal = err
			return nil
		}
		v.setID(id)
		v.bumpRev()
		if err := putJSON(b, itob(uint64(id)), v); err != nil {
			return err
		}
		out = v
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update %s: %w", bucket, err)
	}
	if refusal != nil {
		return nil, refusal
	}
	return out, nil
}

// scanRecords decodes every record of a bucket, newest (highest id) first,
// and keeps those keep accepts.
func scanRecords[T any](db *DB, bucket []byte, keep func(*T) bool) ([]*T, error) {
	var out []*T
	err := db.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		for k, raw := c.Last(); k != nil; k, raw = c.Prev() {
			v := new(T)
			if err := json.Unmarshal(raw, v); err != nil {
				return fmt.Errorf("decode %s %d: %w", bucket, btoi(k), err)
			}
			if keep(v) {
				out = append(out, v)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", bucket, err)
	}
	return out, nil
}

// pageOf cuts a page out of all matches.
func pageOf[T any](all []*T, offset, limit int) []*T {
	if limit <= 0 {
		limit = jca.PageSize
	}
	if offset >= len(all) || offset < 0 {
		return nil
	}
	return all[offset:min(len(all), offset+limit)]
}

// findKeyed reads the value stored under key into v and reports whether
// there was one.
func findKeyed(db *DB, bucket, key []byte, v any) (bool, error) {
	var found bool
	err := db.db.View(func(tx *bbolt.Tx) error {
		var err error
		found, err = getJSON(tx.Bucket(bucket), key, v)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("find %s: %w", bucket, err)
	}
	return found, nil
}

// updateKeyed applies fn to the value stored under key, in one transaction.
// When there is none, missing (if not nil) is the refusal; otherwise fn gets
// fresh(). fn's error is a refusal and writes nothing.
func updateKeyed[T any](ctx context.Context, db *DB, bucket, key []byte, fresh func() *T, missing error, fn func(*T) error) (*T, error) {
	var out *T
	var refusal error
	err := db.write(ctx, &refusal, func(tx *bbolt.Tx) error {
		out, refusal = nil, nil
		b := tx.Bucket(bucket)
		v := fresh()
		found, err := getJSON(b, key, v)
		if err != nil {
			return err
		}
		if !found && missing != nil {
			refusal = missing
			return nil
		}
		if err := fn(v); err != nil {
			refusal = err
			return nil
		}
		out = v
		return putJSON(b, key, v)
	})
	if err != nil {
		return nil, fmt.Errorf("update %s: %w", bucket, err)
	}
	if refusal != nil {
		return nil, refusal
	}
	return out, nil
}

// decodeAll appends every value of a bucket, in key order, to *out.
func decodeAll[T any](tx *bbolt.Tx, bucket []byte, out *[]T) error {
	return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return fmt.Errorf("decode %s %q: %w", bucket, k, err)
		}
		*out = append(*out, x)
		return nil
	})
}

// listKeyed decodes every value of a bucket, in key order.
func listKeyed[T any](db *DB, bucket []byte) ([]*T, error) {
	var out []*T
	if err := db.db.View(func(tx *bbolt.Tx) error { return decodeAll(tx, bucket, &out) }); err != nil {
		return nil, fmt.Errorf("list %s: %w", bucket, err)
	}
	return out, nil
}
