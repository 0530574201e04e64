package pii

import "strings"

// feat holds cheap per-line features computed in one byte pass; rules without
// a literal use them to skip lines their regexp cannot match.
type feat struct {
	maxDigitRun int32 // longest run of ASCII digits
	digits      int32 // number of ASCII digits
	dotDigit    bool  // digit '.' digit
	dotAlpha    bool  // alnum '.' letter
	at          bool  // '@'
	plusOrParen bool  // '+' or '(' followed by a digit
	colons      int32 // (int32 fields: one lineInfo per line of the text)
	dashes      int32
	dblColon    bool // "::"
	nonASCII    bool // a byte >= 0x80 (for hasNonASCIIFold)
	phoneDash   bool // \bNNN-NNN-N (the start of a NANP number)
}

type lineInfo struct {
	start, end int // byte offsets of the line, excluding '\n'
	f          feat
	kw         uint32 // literal rules whose literals occur on the line (kwIndex bits)
	needs      uint16 // f.needs(), set by scan (not by splitLines)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
func isWord(c byte) bool  { return isAlnum(c) || c == '_' }

// lineClass marks the bytes splitLines looks at: most log bytes (letters,
// blanks, most punctuation) are 0 and cost one table load.
var lineClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = lcDigit
	}
	for _, c := range "\n.@+(:-" {
		t[c] = lcPunct
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = lcPunct
	}
	return t
}()

const (
	lcDigit = 1 + iota
	lcPunct
	// lcKw (a flag, set only in kwIndex.class): the byte, lower-cased,
	// is the first byte of some keyword. Testing it in the class byte that
	// is loaded anyway means the two-byte pair lookup (then two lowerByte
	// loads and a pairs load, ~13 % of a scan when done at every byte; now
	// a pairs load indexed by the raw bytes) runs only on those bytes:
	// ~38 % of the realistic log's (blanks, e, s, t, a, c).
	// Also testing a second-byte flag of the next byte, or indexing " - "
	// without its blank, measured no better.
	lcKw = 4
)

// splitLines splits text into lines and computes their features and, if kw
// is not nil, their keyword bits (the shared keyword pass, see keywords.go)
// in the same byte loop.
//
// The loop is two loops: the inner one handles the common bytes (class 0,
// digits, and keyword-first letters and blanks whose byte pair starts no
// literal: 86 % of the corpus) and stops at the others (punctuation,
// non-ASCII, a pair that starts a literal), which the outer loop handles.
// The pair table is indexed by the raw bytes (rawPair), so no byte is
// lower-cased here. (A 64 Ki-entry table giving the inner loop's decision
// from the byte pair in one load measured more instructions, not fewer.)
func splitLines(text string, kw *kwIndex) []lineInfo {
	// counting the lines first (a vectorized byte count) allocates and
	// zeroes ~40 % less than guessing one line per 64 bytes
	lines := make([]lineInfo, 0, strings.Count(text, "\n")+1)
	start := 0
	var f feat
	var bits uint32
	// with kw nil no class has lcKw set, so the loops never touch kw
	class := &lineClass
	pairs := &noPairs
	if kw != nil {
		class, pairs = &kw.class, &kw.pairs
	}
	n := len(text)
	var run, digits, maxRun int32 // f.digits and f.maxDigitRun, kept in locals
	for i := 0; i < n; i++ {
		c := text[i]
		cl := class[c]
		for { // the common bytes; breaks with c = text[i] and cl = class[c]
			if cl == 0 {
				run = 0
			} else if cl == lcDigit {
				run++
				digits++
				maxRun = max(maxRun, run)
			} else if cl == lcKw && (i+1 >= n || pairs[rawPair(c, text[i+1])/64]&(1<<(rawPair(c, text[i+1])%64)) == 0) {
				run = 0 // a keyword-first letter or blank that starts no literal's pair
			} else {
				break
			}
			i++
			if i >= n {
				break
			}
			c = text[i]
			cl = class[c]
		}
		if i >= n {
			break
		}
		if cl&lcKw != 0 {
			cl &^= lcKw
			if i+1 < n {
				if p := rawPair(c, text[i+1]); pairs[p/64]&(1<<(p%64)) != 0 {
					// the third-byte test (kwIndex.third) is written out here so
					// that match stays small enough to be inlined
					if i+2 >= n || kw.third[kw.group[p]][text[i+2]/64]&(1<<(text[i+2]%64)) != 0 {
						bits |= kw.match(text[i:], p)
					}
				}
			}
			if cl == 0 { // a letter or blank starting a literal's pair
				run = 0
				continue
			}
		}
		run = 0
		switch c {
		case '\n':
			f.digits, f.maxDigitRun = digits, maxRun
			lines = append(lines, lineInfo{start: start, end: i, f: f, kw: bits})
			start, f, bits, digits, maxRun = i+1, feat{}, 0, 0, 0
		case '.':
			if i > start && i+1 < n {
				p, nx := text[i-1], text[i+1]
				if isDigit(p) && isDigit(nx) {
					f.dotDigit = true
				}
				if isAlnum(p) && isAlpha(nx) {
					f.dotAlpha = true
				}
			}
		case '@':
			f.at = true
		case '+', '(':
			if i+1 < n && isDigit(text[i+1]) {
				f.plusOrParen = true
			}
		case ':':
			f.colons++
			if i+1 < n && text[i+1] == ':' {
				f.dblColon = true
			}
		case '-':
			f.dashes++
			if !f.phoneDash && i >= start+3 && isDigits(text, i-3, 3, i) && wordPrevOK(text, i-3) &&
				isDigits(text, i+1, 3, n) && i+4 < n && text[i+4] == '-' {
				f.phoneDash = true
			}
		default:
			f.nonASCII = true // c >= 0x80
		}
	}
	if start < n {
		f.digits, f.maxDigitRun = digits, maxRun
		lines = append(lines, lineInfo{start: start, end: n, f: f, kw: bits})
	}
	return lines
}

// noPairs is the pair table when there is no keyword index (never read:
// no byte class has lcKw then).
var noPairs [1 << 16 / 64]uint64

// needKind names a line-feature predicate (rule.need; 0: none). needs
// evaluates all of them for a line in one call, so the rules' line tests are
// bit tests instead of one indirect call per rule and line.
type needKind uint8

const (
	needNone  needKind = iota
	needCard           // maxDigitRun >= 4 && digits >= 13
	needIBAN           // digits >= 10
	needSSN            // maxDigitRun >= 4 && dashes >= 2
	needEmail          // '@'
	needPhone          // digits >= 8 && ('+' or '(' before a digit, or \bNNN-NNN-)
	needIPv4           // digit '.' digit
	needIPv6           // "::" or >= 6 colons
	needMAC            // >= 5 colons or >= 5 dashes
	needHost           // alnum '.' letter
	numNeeds
)

// needs returns the set of predicates (bit k: needKind k) f satisfies; bit
// needNone is always set.
func (f *feat) needs() uint16 {
	m := uint16(1) << needNone
	if f.maxDigitRun >= 4 && f.digits >= 13 {
		m |= 1 << needCard
	}
	if f.digits >= 10 {
		m |= 1 << needIBAN
	}
	if f.maxDigitRun >= 4 && f.dashes >= 2 {
		m |= 1 << needSSN
	}
	if f.at {
		m |= 1 << needEmail
	}
	if f.digits >= 8 && (f.plusOrParen || f.phoneDash) {
		m |= 1 << needPhone
	}
	if f.dotDigit {
		m |= 1 << needIPv4
	}
	if f.dblColon || f.colons >= 6 {
		m |= 1 << needIPv6
	}
	if f.colons >= 5 || f.dashes >= 5 {
		m |= 1 << needMAC
	}
	if f.dotAlpha {
		m |= 1 << needHost
	}
	return m
}
