//go:build linux

package bolt

import (
	"syscall"

	bbolt "go.etcd.io/bbolt"
)

// releaseMapped drops the data file's pages from the process's resident
// set after a read of much of the file (filling the indexes, a report).
// bbolt maps the file read-only and shared (MAP_SHARED, PROT_READ), so the
// pages stay in the page cache, and a later read faults them back in from
// there, with the same bytes. tx, open for the whole call, keeps the
// mapping from moving (a remap waits for read transactions).
func (db *DB) releaseMapped(tx *bbolt.Tx) {
	info := db.db.Info()
	// The advice is only that: an error changes nothing that was right.
	syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
}
