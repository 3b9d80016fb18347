package bolt

import (
	"sync"
	"sync/atomic"
	"time"

	bbolt "go.etcd.io/bbolt"
)

// maxGroup bounds how many writes share one transaction.
const maxGroup = 1000

// committer is a group commit: writes that arrive while a transaction is
// being committed (fsync) wait and are then committed together in the next
// one. A lone writer commits at once, with no added delay (unlike
// bbolt's DB.Batch, which waits up to MaxBatchDelay for company); under
// load, one fsync serves many writes.
//
// Each function must only write through its tx and set its own results,
// and may run more than once: when a shared transaction fails, each of its
// functions is run again alone, so one failure never costs the others
// their write.
type committer struct {
	db      *bbolt.DB
	mu      sync.Mutex
	queue   []commitReq
	running bool
	// observe, when set, is told each transaction's time and size.
	observe atomic.Pointer[func(took time.Duration, writes int)]
}

type commitReq struct {
	fn   func(*bbolt.Tx) error
	done chan error
}

// do commits fn, possibly together with other writes, and returns its error.
func (c *committer) do(fn func(*bbolt.Tx) error) error {
	req := commitReq{fn: fn, done: make(chan error, 1)}
	c.mu.Lock()
	c.queue = append(c.queue, req)
	if !c.running {
		c.running = true
		go c.loop()
	}
	c.mu.Unlock()
	return <-req.done
}

// loop commits queued writes until the queue is empty.
func (c *committer) loop() {
	for {
		c.mu.Lock()
		n := min(len(c.queue), maxGroup)
		if n == 0 {
			c.running = false
			c.mu.Unlock()
			return
		}
		group := c.queue[:n:n]
		c.queue = c.queue[n:]
		c.mu.Unlock()

		start := time.Now()
		err := c.db.Update(func(tx *bbolt.Tx) error {
			for _, r := range group {
				if err := r.fn(tx); err != nil {
					return err
				}
			}
			return nil
		})
		if f := c.observe.Load(); f != nil {
			(*f)(time.Since(start), len(group))
		}
		for _, r := range group {
			if err != nil && len(group) > 1 {
				r.done <- c.db.Update(r.fn)
			} else {
				r.done <- err
			}
		}
	}
}
