//go:build !linux

package bolt

import bbolt "go.etcd.io/bbolt"

// releaseMapped is Linux's way of returning mapped pages; elsewhere the
// kernel's own paging does.
func (db *DB) releaseMapped(tx *bbolt.Tx) {}
