package pii

// One shared keyword pass. Rules with literals (lits, folds) run only on the
// lines holding one of them. Searching for each literal separately cost ~40
// passes over the text; instead splitLines, in its byte loop, looks up
// each pair of ASCII-lower-cased bytes in a 64 Ki-bit table of the literals'
// first two bytes, and compares the few literals starting with that pair
// (case-insensitively). Case-sensitive literals (eyJ, AKIA, ://) are matched
// case-insensitively too: a rule run on a line without its literal finds
// nothing there, so a superset of lines changes no result.
//
// The multiline PEM rule keeps its own search (scanLiteralRule), as its window
// runs to the end of the text.

// kwLit is one lower-cased literal and the bit of the rule it selects.
type kwLit struct {
	lit string
	bit uint32
}

// kwIndex is built once per Detector (immutable afterwards).
type kwIndex struct {
	rules []int                // bit k selects d.rules[rules[k]]
	pairs [1 << 16 / 64]uint64 // bit set: some literal starts with this byte pair (rawPair, any case)
	group [1 << 16]uint8       // index into lits+1 for each set pair (0: none)
	lits  [][]kwLit            // literals by first byte pair
	// third[group]: the lower-cased third bytes of the group's literals
	// (all bytes if one has only two). Common English pairs ("se", "pa",
	// "to", "ac") start ~5 % of log bytes but few literals; one bit test
	// turns most of them away before the literals are compared. An array
	// indexed by the group byte itself (lits is indexed by group-1): no
	// bounds check and no slice header to load in splitLines' loop.
	third    [256][4]uint64
	foldBits uint32 // the bits of the rules that match on the lower-cased text
	// class is lineClass with lcKw added on the bytes whose lower-case form
	// starts a literal (both cases of a letter), for splitLines.
	class [256]uint8
}

// lowerByte folds ASCII upper-case letters only (as asciiLower).
var lowerByte = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] = byte(c + 32)
		}
	}
	return t
}()

// buildKeywords indexes the literals of d's line-local literal rules.
func (d *Detector) buildKeywords() {
	kw := &kwIndex{class: lineClass}
	for i, r := range d.rules {
		if r.multiline || len(r.lits)+len(r.folds) == 0 {
			continue
		}
		if len(kw.rules) == 32 {
			panic("pii: more than 32 literal rules")
		}
		bit := uint32(1) << len(kw.rules)
		kw.rules = append(kw.rules, i)
		if len(r.folds) > 0 {
			kw.foldBits |= bit
		}
		for _, l := range append(append([]string(nil), r.lits...), r.folds...) {
			if len(l) < 2 {
				panic("pii: literal shorter than two bytes: " + l)
			}
			l = asciiLower(l)
			p := rawPair(l[0], l[1])
			if kw.group[p] == 0 {
				if len(kw.lits) == 255 {
					panic("pii: more than 255 literal pairs")
				}
				kw.lits = append(kw.lits, nil)
				// every case variant of the pair selects the group
				for _, c0 := range caseVariants(l[0]) {
					for _, c1 := range caseVariants(l[1]) {
						q := rawPair(c0, c1)
						kw.group[q] = uint8(len(kw.lits))
						kw.pairs[q/64] |= 1 << (q % 64)
					}
				}
				for c := 0; c < 256; c++ {
					if lowerByte[c] == l[0] {
						kw.class[c] |= lcKw
					}
				}
			}
			g := kw.group[p] - 1
			kw.lits[g] = append(kw.lits[g], kwLit{l, bit})
			for c := 0; c < 256; c++ {
				if len(l) == 2 || lowerByte[c] == l[2] {
					kw.third[g+1][c/64] |= 1 << (c % 64)
				}
			}
		}
	}
	d.kw = kw
}

// rawPair is the index of the byte pair (a, b) in kwIndex.pairs and group:
// the two bytes as a little-endian uint16, as one 16-bit load of text[i:]
// gives them; the tables hold every case variant of a literal's pair, so
// the text's bytes need no lower-casing there.
func rawPair(a, b byte) uint16 { return uint16(a) | uint16(b)<<8 }

// caseVariants returns the bytes that lower-case (lowerByte) to the
// lower-case byte c: c, and its upper-case letter if c is a letter.
func caseVariants(c byte) []byte {
	if 'a' <= c && c <= 'z' {
		return []byte{c, c - 32}
	}
	return []byte{c}
}

// match returns the bits of the literals starting s, whose first two bytes
// are the pair p (rawPair, any case).
func (kw *kwIndex) match(s string, p uint16) uint32 {
	var bits uint32
	for _, l := range kw.lits[kw.group[p]-1] {
		if hasPrefixLower(s, l.lit) {
			bits |= l.bit
		}
	}
	return bits
}

// hasPrefixLower reports whether s starts with the lower-case literal lit,
// folding ASCII letters of s.
func hasPrefixLower(s, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	for k := 0; k < len(lit); k++ {
		if lowerByte[s[k]] != lit[k] {
			return false
		}
	}
	return true
}
