package pii

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
	// is loaded anyway means the two-byte pair lookup (two lowerByte loads
	// and a pairs load, ~13 % of a scan when done at every byte) runs only
	// on those bytes: ~38 % of the realistic log's (blanks, e, s, t, a, c).
	// Also testing a second-byte flag of the next byte, or indexing " - "
	// without its blank, measured no better.
	lcKw = 4
)

// splitLines splits text into lines and computes their features and, if kw
// is not nil, their keyword bits (the shared keyword pass, see keywords.go)
// in the same byte loop.
func splitLines(text string, kw *kwIndex) []lineInfo {
	lines := make([]lineInfo, 0, len(text)/64+1)
	start, run := 0, int32(0)
	var f feat
	var bits uint32
	// with kw nil no class has lcKw set, so the loop never touches kw
	class := &lineClass
	if kw != nil {
		class = &kw.class
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		cl := class[c]
		if cl&lcKw != 0 {
			cl &^= lcKw
			if i+1 < len(text) {
				if p := uint16(lowerByte[c])<<8 | uint16(lowerByte[text[i+1]]); kw.pairs[p/64]&(1<<(p%64)) != 0 {
					// the third-byte test (kwIndex.third) is written out here so
					// that match stays small enough to be inlined
					if i+2 >= len(text) || kw.third[kw.group[p]-1][text[i+2]/64]&(1<<(text[i+2]%64)) != 0 {
						bits |= kw.match(text[i:], p)
					}
				}
			}
		}
		switch cl {
		case 0:
			run = 0
			continue
		case lcDigit:
			run++
			f.digits++
			if run > f.maxDigitRun {
				f.maxDigitRun = run
			}
			continue
		}
		run = 0
		switch c {
		case '\n':
			lines = append(lines, lineInfo{start: start, end: i, f: f, kw: bits})
			start, f, bits = i+1, feat{}, 0
		case '.':
			if i > start && i+1 < len(text) {
				p, n := text[i-1], text[i+1]
				if isDigit(p) && isDigit(n) {
					f.dotDigit = true
				}
				if isAlnum(p) && isAlpha(n) {
					f.dotAlpha = true
				}
			}
		case '@':
			f.at = true
		case '+', '(':
			if i+1 < len(text) && isDigit(text[i+1]) {
				f.plusOrParen = true
			}
		case ':':
			f.colons++
			if i+1 < len(text) && text[i+1] == ':' {
				f.dblColon = true
			}
		case '-':
			f.dashes++
			if !f.phoneDash && i >= start+3 && isDigits(text, i-3, 3, i) && wordPrevOK(text, i-3) &&
				isDigits(text, i+1, 3, len(text)) && i+4 < len(text) && text[i+4] == '-' {
				f.phoneDash = true
			}
		default:
			f.nonASCII = true // c >= 0x80
		}
	}
	if start < len(text) {
		lines = append(lines, lineInfo{start: start, end: len(text), f: f, kw: bits})
	}
	return lines
}
