// Package bolt implements jcabot's store interfaces on a bbolt file. It owns
// the buckets, the key and value codecs, the schema version and its ordered
// migrations, and consistent backups. One process owns the file at a time
// (bbolt's file lock); others reach it through that process's control socket.
package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	bbolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/jcabot/jcabot/internal/activityindex"
	"github.com/jcabot/jcabot/internal/jca"
)

// ErrLocked is returned by Open when another process holds the file.
var ErrLocked = errors.New("the data file is in use by another process")

var (
	bucketMeta       = []byte("meta")
	bucketActivities = []byte("activities")
	bucketPeople     = []byte("people")
	bucketChannels   = []byte("channels")
	bucketTopics     = []byte("topics")
	bucketJoints     = []byte("joints")
	bucketOrgs       = []byte("orgs")
	bucketLiaisons   = []byte("liaisons")
	bucketPolls      = []byte("polls")
	bucketBallots    = []byte("ballots")
	bucketMeetings   = []byte("meetings")
	bucketOutbox     = []byte("outbox")
	bucketOutboxDue  = []byte("outbox_due")
	bucketDigests    = []byte("digests")
	keySchema        = []byte("schema")
	// keyActivityIndex holds the activity index as it stood when the file
	// was last closed: the transaction id it is valid at, then
	// activityindex's snapshot (see DB.Close, indexes.fill).
	keyActivityIndex = []byte("activityindex")
)

// DB is the bbolt-backed store. It implements jca.Store.
type DB struct {
	db     *bbolt.DB
	path   string
	vocab  *jca.Vocabulary
	idx    indexes
	cache  *recordCache
	people peopleCache
	group  *committer
}

var _ jca.Store = (*DB)(nil)

// Options tune Open.
type Options struct {
	// LockTimeout bounds the wait for the file lock (default 1 s).
	LockTimeout time.Duration
	// Vocabulary orders the matrix columns (default jca.DefaultVocabulary).
	Vocabulary *jca.Vocabulary
	// NoSync skips fsync: only for tests and benchmarks that say so.
	NoSync bool
}

// ObserveCommits has fn told the time and the number of writes of every
// transaction the store commits from now on (for metrics). fn must be
// quick: it runs on the commit path.
func (db *DB) ObserveCommits(fn func(took time.Duration, writes int)) {
	db.group.observe.Store(&fn)
}

// Open opens (creating if needed) the store at path, migrates it to the
// current schema and loads the in-memory indexes. It returns ErrLocked,
// within LockTimeout, when another process holds the file.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if opt.LockTimeout == 0 {
		opt.LockTimeout = time.Second
	}
	if opt.Vocabulary == nil {
		v, err := jca.NewVocabulary(jca.DefaultVocabulary())
		if err != nil {
			return nil, err
		}
		opt.Vocabulary = v
	}
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: opt.LockTimeout, NoSync: opt.NoSync})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: b, path: path, vocab: opt.Vocabulary,
		idx:   indexes{acts: activityindex.New(opt.Vocabulary.Aspects), filled: make(chan struct{})},
		cache: newRecordCache(4096), group: &committer{db: b}}
	if err := db.migrate(ctx); err != nil {
		b.Close()
		return nil, err
	}
	go db.fill()
	return db, nil
}

// Close closes the file, once the indexes are filled (a read transaction
// is open until then).
//
// The activity index is kept in the file first (when it was filled
// without error and the file changed since it was last kept), so that the
// next start reads it instead of every activity. No activity write is in flight
// meanwhile, and any later one is refused.
func (db *DB) Close() error {
	<-db.idx.filled
	db.idx.writes.Lock()
	closing := !db.idx.closed
	db.idx.closed = true
	db.idx.writes.Unlock()
	if closing && db.idx.err == nil && !db.activityIndexKept() {
		if err := db.keepActivityIndex(); err != nil {
			db.db.Close()
			return err
		}
	}
	return db.db.Close()
}

// Path is the data file's path.
func (db *DB) Path() string { return db.path }

// Backup writes a consistent copy of the whole file to w.
func (db *DB) Backup(ctx context.Context, w io.Writer) (int64, error) {
	var n int64
	err := db.db.View(func(tx *bbolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup: %w", err)
	}
	return n, nil
}

// migration moves the schema from version-1 to version.
type migration struct {
	version int
	name    string
	apply   func(tx *bbolt.Tx) error
}

// migrations are applied in order, each in its own transaction with the
// version bump. Never edit a released one: append.
var migrations = []migration{
	{1, "create the register's buckets", func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bucketActivities, bucketPeople} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}},
	{2, "create the coordination buckets", func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bucketChannels, bucketTopics, bucketJoints, bucketOrgs, bucketLiaisons} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}},
	{3, "create the poll and meeting buckets", func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bucketPolls, bucketBallots, bucketMeetings, bucketOutbox, bucketOutboxDue, bucketDigests} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}},
}

// SchemaVersion is the schema this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

func (db *DB) migrate(ctx context.Context) error {
	// The version is read first, so that opening an up-to-date file writes
	// nothing (a write would make the activity index kept in it stale).
	cur, err := db.Schema()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if cur > SchemaVersion() {
		return fmt.Errorf("migrate: the file has schema %d, newer than this jcabot (%d)", cur, SchemaVersion())
	}
	for _, m := range migrations {
		if cur >= m.version {
			continue
		}
		err := db.db.Update(func(tx *bbolt.Tx) error {
			meta, err := tx.CreateBucketIfNotExists(bucketMeta)
			if err != nil {
				return err
			}
			if err := m.apply(tx); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
			}
			return meta.Put(keySchema, itob(uint64(m.version)))
		})
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// Schema returns the schema version recorded in the file.
func (db *DB) Schema() (int, error) {
	v := 0
	err := db.db.View(func(tx *bbolt.Tx) error {
		if b := tx.Bucket(bucketMeta); b != nil {
			if raw := b.Get(keySchema); len(raw) == 8 {
				v = int(binary.BigEndian.Uint64(raw))
			}
		}
		return nil
	})
	return v, err
}

// write runs fn in a transaction shared with concurrent writers (see
// committer). fn may run more than once and must only write through tx and
// set its own results. A refusal is reported through *refusal while fn
// returns nil, so a refused command never rolls back or repeats another
// command's work; fn's error is for I/O faults.
//
// The outbox entries collected in ctx's post batch (withPosts, used by the
// *Posting methods) are written in the same transaction unless fn refused;
// an entry whose key exists already is not written again.
func (db *DB) write(ctx context.Context, refusal *error, fn func(tx *bbolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	batch := postsFrom(ctx)
	return db.group.do(func(tx *bbolt.Tx) error {
		if batch != nil {
			batch.entries = batch.entries[:0]
		}
		if err := fn(tx); err != nil {
			return err
		}
		if batch == nil || *refusal != nil {
			return nil
		}
		return putEntries(tx, batch.entries)
	})
}

func itob(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func btoi(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func getJSON(b *bbolt.Bucket, key []byte, v any) (bool, error) {
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("decode %s: %w", key, err)
	}
	return true, nil
}

func putJSON(b *bbolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

// notFound is the store's refusal for a missing record.
func notFound(ref string) error {
	return jca.Errorf(jca.ENotFound, "err.not_found", "id", ref)
}
