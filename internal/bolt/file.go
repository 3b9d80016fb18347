package bolt

import (
	"errors"
	"time"

	bbolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// FileState is what a file on disk is to jcabot, for a command that is
// about to write over it.
type FileState int

const (
	NotData   FileState = iota // no bbolt file there (missing, empty, or anything else)
	IdleData                   // a bbolt file nobody holds: a backup, or a stopped bot's data
	DataInUse                  // a bbolt file a process holds open: some bot's live data
)

// inspectLockWait is how long Inspect waits for a lock before calling the
// file in use: a live bot holds its lock for as long as it runs.
const inspectLockWait = 100 * time.Millisecond

// Inspect tells what the file at path is, by asking bbolt itself: it opens
// the file read-only, which validates its meta pages and takes a shared lock
// that fails while another process (or another open file in this one)
// holds the file for writing. It never writes to the file.
func Inspect(path string) FileState {
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: inspectLockWait})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return DataInUse
	case err != nil:
		return NotData
	}
	b.Close()
	return IdleData
}
