package activityindex

import (
	"encoding/binary"
	"errors"
	"hash/crc32"

	"github.com/jcabot/jcabot/internal/jca"
)

// snapshotMagic starts a snapshot and names its format; a snapshot of
// another format is not read (the store rebuilds the index instead).
const snapshotMagic = "jca-activityindex-1\n"

// ErrSnapshot is returned by Load for a snapshot it cannot use: another
// format, other aspects, or damaged bytes.
var ErrSnapshot = errors.New("activity index snapshot unusable")

// AppendSnapshot appends the whole index to b, in a compact binary form
// that Load reads back: what a store keeps so that its next start reads one
// value instead of decoding every activity.
func (x *Index) AppendSnapshot(b []byte) []byte {
	start := len(b)
	x.mu.RLock()
	defer x.mu.RUnlock()
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	num := func(n uint64) { b = binary.AppendUvarint(b, n) }
	b = append(b, snapshotMagic...)
	num(uint64(len(x.aspects)))
	for _, a := range x.aspects {
		str(string(a))
	}
	num(uint64(len(x.groups)))
	for _, g := range x.groups {
		str(g)
	}
	num(uint64(len(x.statuses)))
	for _, s := range x.statuses {
		str(string(s))
	}
	terms := x.terms.Terms()
	num(uint64(len(terms)))
	for _, t := range terms {
		str(t)
	}
	num(uint64(len(x.entries)))
	for i := 1; i < len(x.entries); i++ {
		e := &x.entries[i]
		if !e.present {
			num(0)
			continue
		}
		flags := uint64(1)
		if e.removed {
			flags |= 2
		}
		num(flags)
		num(uint64(e.group))
		num(uint64(e.status))
		num(uint64(e.aspects))
		num(uint64(e.rev))
		b = binary.AppendVarint(b, e.created)
		b = binary.AppendVarint(b, e.updated)
		num(uint64(len(x.changes[i])))
		for _, c := range x.changes[i] {
			b = binary.AppendVarint(b, c)
		}
		num(uint64(len(e.terms)))
		for _, t := range e.terms {
			num(uint64(t))
		}
		str(e.search)
	}
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}

// Load reads a snapshot AppendSnapshot wrote into a new index for aspects.
// It returns ErrSnapshot, and no index, when the snapshot is of another
// format, was made for other aspects (the matrix columns would differ) or
// is damaged (its checksum says so).
func Load(aspects []jca.Aspect, b []byte) (*Index, error) {
	if len(b) < len(snapshotMagic)+4 || string(b[:len(snapshotMagic)]) != snapshotMagic {
		return nil, ErrSnapshot
	}
	body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, ErrSnapshot
	}
	b = body
	r := reader{b: b}
	r.b = b[len(snapshotMagic):]
	x := New(aspects)
	n := r.count()
	if n != len(aspects) {
		return nil, ErrSnapshot
	}
	for _, a := range aspects {
		if r.str() != string(a) {
			return nil, ErrSnapshot
		}
	}
	for range r.count() {
		x.groupID(r.str())
	}
	for range r.count() {
		x.statusID(jca.Status(r.str()))
	}
	nterms := r.count()
	for range nterms {
		x.terms.ID(r.str())
	}
	x.entries = make([]entry, r.count())
	for i := 1; i < len(x.entries) && r.err == nil; i++ {
		flags := r.num()
		if flags == 0 {
			continue
		}
		e := entry{present: true, removed: flags&2 != 0}
		e.group, e.status, e.aspects = uint16(r.num()), uint8(r.num()), uint16(r.num())
		e.rev = int(r.num())
		e.created, e.updated = r.varint(), r.varint()
		if k := r.count(); k > 0 {
			changes := make([]int64, k)
			for j := range changes {
				changes[j] = r.varint()
			}
			x.setChanges(i, changes)
		}
		e.terms = make([]uint32, r.count())
		for j := range e.terms {
			t := r.num()
			if t >= uint64(nterms) {
				r.err = ErrSnapshot
			}
			e.terms[j] = uint32(t)
		}
		e.search = r.str()
		if int(e.group) >= len(x.groups) || int(e.status) >= len(x.statuses) {
			r.err = ErrSnapshot
		}
		if !e.removed {
			x.live++
		}
		x.entries[i] = e
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, ErrSnapshot
	}
	return x, nil
}

// reader decodes a snapshot; the first problem sticks in err and every
// later read returns zero.
type reader struct {
	b   []byte
	err error
}

func (r *reader) num() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = ErrSnapshot
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = ErrSnapshot
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count is a length, bounded by what is left to read (a damaged length
// never allocates more than the snapshot holds).
func (r *reader) count() int {
	v := r.num()
	if v > uint64(len(r.b))+1 {
		r.err = ErrSnapshot
		return 0
	}
	return int(v)
}

func (r *reader) str() string {
	n := r.count()
	if r.err != nil || n > len(r.b) {
		r.err = ErrSnapshot
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
