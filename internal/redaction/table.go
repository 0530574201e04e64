package redaction

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
)

// valueTable is an incident's distinct (type, value hash) pairs, compactly: per value the first
// 16 bytes of its HMAC, a type index and its ordinal, in parallel slices, plus an open-addressing
// index of 8-byte slots. About 35 bytes per value, against ~300 for a Go map keyed by the hex hash
// and holding the placeholder (which is a function of type and ordinal, so it is built when
// needed).
//
// Lookups compare 128 bits of the hash, not just the 8 bytes of the slot key (value_key): two
// values whose keys collide still get entries, and placeholders, of their own. Two values of one
// incident whose keyed 128-bit HMAC prefixes collide (odds ~n²/2¹²⁹: 10⁻²⁴ for 20 million
// values) would share one.
type valueTable struct {
	types  []string          // type index → type
	upper  []string          // type index → upper-case type, for placeholders
	typeIx map[string]uint16 // type → type index
	hashes [][16]byte        // entry → HMAC-SHA256 of the value, first 16 bytes
	typ    []uint16          // entry → type index
	ord    []uint32          // entry → ordinal ([TYPE-ordinal])
	slots  []uint64          // 0 = empty, else (entry+1)<<32 | tag; len a power of 2
}

// slotKey spreads a (type, value hash) over the slots. The hash is a keyed HMAC, so its first
// 8 bytes are uniform already. A variable so that tests can force collisions.
var slotKey = func(t uint16, h *[16]byte) uint64 {
	return binary.LittleEndian.Uint64(h[:8]) ^ uint64(t)*0x9e3779b97f4a7c15
}

// typeIndex returns the index of type t, adding it at first sight.
func (vt *valueTable) typeIndex(t string) uint16 {
	if i, ok := vt.typeIx[t]; ok {
		return i
	}
	if vt.typeIx == nil {
		vt.typeIx = map[string]uint16{}
	}
	i := uint16(len(vt.types)) // types are pii.Types() and a few more at most
	t = strings.Clone(t)
	vt.types = append(vt.types, t)
	vt.upper = append(vt.upper, strings.ToUpper(t))
	vt.typeIx[t] = i
	return i
}

// find returns the entry of (type index t, hash h).
func (vt *valueTable) find(t uint16, h *[32]byte) (uint32, bool) {
	if len(vt.slots) == 0 {
		return 0, false
	}
	k := slotKey(t, (*[16]byte)(h[:16]))
	tag, mask := k>>32, uint64(len(vt.slots)-1)
	for i := k & mask; ; i = (i + 1) & mask {
		s := vt.slots[i]
		if s == 0 {
			return 0, false
		}
		if s&math.MaxUint32 == tag {
			e := uint32(s>>32) - 1
			if vt.typ[e] == t && vt.hashes[e] == [16]byte(h[:16]) {
				return e, true
			}
		}
	}
}

// add appends an entry (not already there) and returns it.
func (vt *valueTable) add(t uint16, h *[32]byte, ordinal uint32) uint32 {
	e := uint32(len(vt.hashes))
	vt.hashes = append(vt.hashes, [16]byte(h[:16]))
	vt.typ = append(vt.typ, t)
	vt.ord = append(vt.ord, ordinal)
	if (len(vt.hashes))*4 > len(vt.slots)*3 { // load ≤ 3/4
		vt.rehash(max(1024, 2*len(vt.slots)))
	} else {
		vt.place(e)
	}
	return e
}

func (vt *valueTable) place(e uint32) {
	k := slotKey(vt.typ[e], &vt.hashes[e])
	mask := uint64(len(vt.slots) - 1)
	i := k & mask
	for vt.slots[i] != 0 {
		i = (i + 1) & mask
	}
	vt.slots[i] = uint64(e+1)<<32 | k>>32
}

func (vt *valueTable) rehash(n int) {
	vt.slots = make([]uint64, n)
	for e := range vt.hashes {
		vt.place(uint32(e))
	}
}

// len is the number of entries.
func (vt *valueTable) len() int { return len(vt.hashes) }

// appendPlaceholder appends the placeholder of entry e: [TYPE-ordinal].
func (vt *valueTable) appendPlaceholder(dst []byte, e uint32) []byte {
	return appendPlaceholder(dst, vt.upper[vt.typ[e]], int64(vt.ord[e]))
}

func appendPlaceholder(dst []byte, upper string, n int64) []byte {
	dst = append(dst, '[')
	dst = append(dst, upper...)
	dst = append(dst, '-')
	dst = strconv.AppendInt(dst, n, 10)
	return append(dst, ']')
}
