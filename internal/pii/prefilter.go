package pii

// feat holds cheap per-line features computed in one byte pass; rules without
// a literal use them to skip lines their regexp cannot match.
type feat struct {
	maxDigitRun int  // longest run of ASCII digits
	digits      int  // number of ASCII digits
	dotDigit    bool // digit '.' digit
	dotAlpha    bool // alnum '.' letter
	at          bool // '@'
	plusOrParen bool // '+' or '(' followed by a digit
	colons      int
	dashes      int
}

type lineInfo struct {
	start, end int // byte offsets of the line, excluding '\n'
	f          feat
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
func isWord(c byte) bool  { return isAlnum(c) || c == '_' }

func splitLines(text string) []lineInfo {
	lines := make([]lineInfo, 0, len(text)/64+1)
	start, run := 0, 0
	var f feat
	for i := 0; i < len(text); i++ {
		c := text[i]
		if isDigit(c) {
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
			lines = append(lines, lineInfo{start: start, end: i, f: f})
			start, f = i+1, feat{}
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
		case '-':
			f.dashes++
		}
	}
	if start < len(text) {
		lines = append(lines, lineInfo{start: start, end: len(text), f: f})
	}
	return lines
}
