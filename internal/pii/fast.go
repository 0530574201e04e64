package pii

import (
	"math/bits"
	"regexp"
	"strings"
)

// Fast paths. A rule's regexp is never run over a whole line when the rule has
// a candidate generator: either
//
//   - next: it yields every position where a match of the regexp can start
//     (a superset), and the regexp, anchored there and handed only the
//     rule's reach window (linear.go), decides (matchAt; for all but the
//     AWS secret rule a hand-written equivalent of the anchored regexp:
//     kvAt, usernameMatchers and rule.exact (exactat.go), checked against
//     it by TestKVMatcherAgrees, TestUsernameMatchersAgree,
//     TestExactMatchersAgree and TestTokenMatchersAgree); or
//   - at / cand (ipv4, hostname, credit_card, mac / ssn, iban): matches start
//     at a word start, and one shared pass per line offers each word start to
//     all of these rules (wordStarts): at is a hand-written exact matcher,
//     cand a start test for the anchored regexp (or for exact, the
//     hand-written equivalent of it: ssn, iban); or
//   - find / findAll: a hand-written matcher returning exactly the regexp's
//     next match (email) or all its matches (pem, multiline); or
//   - win: it yields windows (maximal tokens over a byte set that contains
//     every byte a match can hold and every word byte, so a window is bounded
//     by non-word bytes and \b means the same inside it as in the line), of
//     which it skips only those that cannot yield a finding; winAll (ipv6:
//     ipv6All, checked by TestIPv6MatcherAgrees) is a hand-written
//     equivalent of the regexp's FindAll on each window.
//
// All of them reproduce exactly what FindAll over the line produces
// (leftmost-first, non-overlapping); TestScanAgreesWithPerLine and
// FuzzScanAgreesWithPerLine check that against the plain per-line regexp scan.

// anchor compiles the rule's regexp anchored at the start of its input.
func anchor(re *regexp.Regexp) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + re.String() + `)`)
}

// runLine runs r over the line text[ls:le] (or the window the literal
// prefilter chose); lower is the ASCII-lower-cased text when computed.
// nonASCII false says the window has no byte >= 0x80 (so no ſ or K).
func (d *Detector) runLine(r *rule, text, lower string, ls, le int, nonASCII bool, raw []hit, st *scanStats) []hit {
	switch {
	case r.next != nil && !(r.foldsNonASCII && nonASCII && hasNonASCIIFold(text[ls:le])):
		hay := text
		if r.onLower {
			hay = lower
		}
		pos := ls
		for pos < le {
			j, skip := r.next(text, lower, pos, le)
			if j < 0 {
				break
			}
			we := le
			if r.reach != nil {
				we = min(le, r.reach(text, hay, j, le))
			}
			m := r.matchAt(hay[j:we], st)
			if m == nil {
				pos = skip
				if r.failSkip != nil {
					pos = max(pos, r.failSkip(text, hay, j, le))
				}
				continue
			}
			for i := range m {
				if m[i] >= 0 {
					m[i] += j
				}
			}
			raw = d.emit(r, text, m, raw)
			pos = max(m[1], j+1)
		}
		return raw
	case r.findAll != nil:
		for _, m := range r.findAll(text, ls, le, st) {
			raw = d.emitSpan(r, text, nil, m[0], m[1], raw)
		}
		return raw
	case r.find != nil:
		pos := ls
		for pos < le {
			s, e := r.find(text, pos, le)
			if s < 0 {
				break
			}
			raw = d.emitSpan(r, text, nil, s, e, raw) // find rules' checks use only s, e
			pos = e
		}
		return raw
	case r.win != nil:
		pos := ls
		for pos < le {
			ws, we := r.win(text, pos, le)
			if ws < 0 {
				break
			}
			if r.winAll != nil {
				var buf [4][2]int
				for _, m := range r.winAll(text[ws:we], buf[:0]) {
					raw = d.emitSpan(r, text, nil, ws+m[0], ws+m[1], raw) // its check uses only s, e
				}
			} else {
				raw = d.runRule(r, text, lower, ws, we, raw, st)
			}
			pos = we
		}
		return raw
	}
	return d.runRule(r, text, lower, ls, le, raw, st)
}

// ancAlt is one top-level alternative of a rule's regexp, anchored, with the
// literals its matches start with.
type ancAlt struct {
	prefixes []string
	re       *regexp.Regexp
	fn       func(w string) []int // if set, an exact matcher used instead of re
}

// anchorAlts compiles the alternatives; fns, if not nil, holds an exact
// hand-written matcher for each.
func anchorAlts(as []alt, fns []func(string) []int) []ancAlt {
	out := make([]ancAlt, len(as))
	for i, a := range as {
		out[i] = ancAlt{prefixes: a.prefixes, re: anchor(regexp.MustCompile(a.re))}
		if fns != nil {
			out[i].fn = fns[i]
		}
	}
	return out
}

// matchAt runs r's anchored regexp on the window w (the submatches are
// relative to w). With alts, it tries in order the alternatives whose
// literal starts w: the first match is the anchored union's match.
func (r *rule) matchAt(w string, st *scanStats) []int {
	if r.exact != nil {
		return r.exact(w)
	}
	if r.alts == nil {
		st.regexp(len(w))
		return r.anc.FindStringSubmatchIndex(w)
	}
	for _, a := range r.alts {
		for _, p := range a.prefixes {
			// the first-byte test is inlined; most prefixes fail on it
			if w == "" || w[0] != p[0] || !strings.HasPrefix(w, p) {
				continue
			}
			if a.fn != nil {
				if m := a.fn(w); m != nil {
					return m
				}
				break
			}
			st.regexp(len(w))
			if m := a.re.FindStringSubmatchIndex(w); m != nil {
				return m
			}
			break
		}
	}
	return nil
}

// The word-start rules run over each line in one pass (wordStarts): all
// their matches begin at an alphanumeric byte not preceded by a word byte
// (\b), so instead of one byte loop per rule there is one loop that offers
// each word start to every rule whose line prefilter passed and whose last
// match ended before it. Hits come out interleaved; mergeHits sorts them.
//
// Most word starts can start nothing: each rule says which first bytes and
// which bytes ending the word (the first non-word byte, '\n' at the line end)
// and which word lengths its matches allow (wordFirst, wordTerm, wordLens),
// and those tables, ANDed, select the rules to try without calling any of
// them (a rule that is not tried keeps its next position, which lies before
// this word anyway).
//
// The tables are built once per Detector (immutable afterwards); each scan
// has its own next positions.
type wordScan struct {
	rules       []*rule
	first, term [256]uint32 // bit k: rules[k] allows this first / terminating byte
	length      [32]uint32  // bit k: rules[k] allows this word length (31: 31 or more)
	// active[m]: the rules whose line feature is in the set m (feat.needs)
	active [1 << numNeeds]uint32
}

func newWordScan(rules []*rule) *wordScan {
	if len(rules) == 0 {
		return nil
	}
	ws := &wordScan{rules: rules}
	for m := range ws.active {
		for k, r := range rules {
			if m&(1<<r.need) != 0 {
				ws.active[m] |= 1 << k
			}
		}
	}
	for k, r := range rules {
		for n := range ws.length {
			if r.wordLens == 0 || r.wordLens&(1<<n) != 0 {
				ws.length[n] |= 1 << k
			}
		}
		for c := 0; c < 256; c++ {
			if isAlnum(byte(c)) && (r.wordFirst == nil || r.wordFirst[c]) {
				ws.first[c] |= 1 << k
			}
			if r.wordTerm == nil || r.wordTerm[c] {
				ws.term[c] |= 1 << k
			}
		}
	}
	return ws
}

// wordStarts runs the word-start rules over the line ln.
// next[k] is the first position rules[k] may match at. A rule's next
// position is never past the end of the line it was set on (every
// matcher's end and next start lie within its line), so the positions left
// from earlier lines need no reset: they lie before the line.
func (d *Detector) wordStarts(ws *wordScan, next []int, text string, ln *lineInfo, raw []hit, st *scanStats) []hit {
	active := ws.active[ln.needs]
	if active == 0 {
		return raw
	}
	ls, le := ln.start, ln.end
	line := text[:le] // indexes below le need no bounds checks
	// The line is taken 64 bytes at a time as a bit mask of its word bytes
	// (wordMask, eight bytes per SWAR step), and the words are found from
	// the mask's bits: a byte loop over every byte cost ~3 times as many
	// instructions. At the top of the loop line[i-1] is not a word byte
	// (or i is the line start).
	for i := ls; i < le; {
		wm := wordMask(line, i)
		starts := wm &^ (wm << 1)
		resume := i + 64
		for starts != 0 {
			k := bits.TrailingZeros64(starts)
			starts &= starts - 1
			s := i + k
			n := bits.TrailingZeros64(^(wm >> k)) // word bytes from s in this chunk
			w := s + n
			if k+n == 64 { // the word may go on past the chunk
				for w < len(line) && wordTab[line[w]] {
					w++
				}
				resume = w // after it (starts has no later bit)
			}
			tc := byte('\n')
			if w < len(line) {
				tc = line[w]
			}
			c := line[s]
			if m := ws.first[c] & ws.term[tc] & ws.length[min(w-s, 31)] & active; m != 0 {
				for ; m != 0; m &= m - 1 {
					if k := bits.TrailingZeros32(m); s >= next[k] {
						raw = d.wordStart(ws.rules[k], text, s, le, &next[k], raw, st)
					}
				}
			}
		}
		i = resume
	}
	return raw
}

// wordMask returns bit k set for each word byte line[i+k], k < 64 (no bits
// at or past len(line)).
func wordMask(line string, i int) uint64 {
	var m uint64
	j := 0
	for ; j < 64 && i+j+8 <= len(line); j += 8 {
		m |= wordBits8(load64(line, i+j)) << j
	}
	for ; j < 64 && i+j < len(line); j++ {
		if wordTab[line[i+j]] {
			m |= 1 << j
		}
	}
	return m
}

// wordBits8 returns bit k set if byte k of x (little-endian) is a word byte
// [0-9A-Za-z_]: range tests on the low seven bits as in lower8 (digits; the
// letters after OR-ing 0x20, which maps only letters into a-z; an exact
// zero test of x^'_'), non-ASCII bytes cleared, then the eight top bits
// gathered into the low byte by one multiplication.
func wordBits8(x uint64) uint64 {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	low7 := x &^ high
	digit := (low7 + (0x80-'0')*ones) &^ (low7 + (0x7f-'9')*ones)
	l7 := low7 | 0x20*ones
	letter := (l7 + (0x80-'a')*ones) &^ (l7 + (0x7f-'z')*ones)
	under := ^((low7 ^ '_'*ones) + 0x7f*ones)
	r := (digit | letter | under) &^ x & high
	return ((r >> 7) * 0x0102040810204080) >> 56
}

// wordStart tries r at the word start s and advances *next.
func (d *Detector) wordStart(r *rule, text string, s, le int, next *int, raw []hit, st *scanStats) []hit {
	if r.at != nil {
		e, n := r.at(text, s, le)
		if e < 0 {
			*next = max(n, s+1)
			return raw
		}
		*next = e
		return d.emitSpan(r, text, nil, s, e, raw)
	}
	*next = s + 1
	if !r.cand(text, s, le) {
		return raw
	}
	we := min(le, r.reach(text, text, s, le))
	var m []int
	if r.exact != nil {
		m = r.exact(text[s:we])
	} else {
		st.regexp(we - s)
		m = r.anc.FindStringSubmatchIndex(text[s:we])
	}
	if m == nil {
		return raw
	}
	for i := range m {
		if m[i] >= 0 {
			m[i] += s
		}
	}
	*next = max(m[1], s+1)
	return d.emit(r, text, m, raw)
}

// ---- word-start matchers: exact equivalents of the regexps at one start s
// (\b at s is given), returning the end or -1 and the next start to try.

// ipv4At is \b(?:\d{1,3}\.){3}\d{1,3}\b: four digit runs of 1 to 3 digits
// joined by single dots, the last one followed by a non-word byte.
func ipv4At(t string, s, le int) (int, int) {
	i := s
	for g := 0; g < 4; g++ {
		n := 0
		for i < le && n < 4 && isDigit(t[i]) {
			i++
			n++
		}
		if n < 1 || n > 3 {
			return -1, s + 1
		}
		if g < 3 {
			if i >= le || t[i] != '.' {
				return -1, s + 1
			}
			i++
		}
	}
	if i == len(t) || !isWord(t[i]) {
		return i, 0
	}
	return -1, s + 1
}

// cardAt is \b(?:\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5}|\d{13,19})\b,
// alternatives tried in order: each \d{n} before a separator must be a whole
// digit run of exactly that length, and the last run must be followed by a
// non-word byte.
func cardAt(t string, s, le int) (int, int) {
	if !isDigit(t[s]) {
		return -1, s + 1
	}
	n := digitRun(t, s, le)
	if n != 4 { // the first two alternatives start with a run of exactly 4
		if n >= 13 && n <= 19 && (s+n == len(t) || !isWord(t[s+n])) {
			return s + n, 0
		}
		return -1, s + 1
	}
	if s+4 >= le || t[s+4] != ' ' && t[s+4] != '-' { // and a separator
		return -1, s + 1
	}
	if e := cardGroups(t, s, le, 4, 4, 4, 1, 7); e > 0 {
		return e, 0
	}
	if e := cardGroups(t, s, le, 4, 6, 4, 5); e > 0 {
		return e, 0
	}
	return -1, s + 1
}

// macAt is [0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b or the same with '-'.
func macAt(t string, s, le int) (int, int) {
	if s+17 > le || !isHex(t[s]) || !isHex(t[s+1]) {
		return -1, s + 1
	}
	sep := t[s+2]
	if sep != ':' && sep != '-' {
		return -1, s + 1
	}
	for k := 2; k < 17; k += 3 {
		if t[s+k] != sep || !isHex(t[s+k+1]) || !isHex(t[s+k+2]) {
			return -1, s + 1
		}
	}
	if s+17 == len(t) || !isWord(t[s+17]) {
		return s + 17, 0
	}
	return -1, s + 1
}

// ssnCand and ibanCand: where \b(\d{3})-(\d{2})-(\d{4})\b and
// \b[A-Z]{2}\d{2}… can start (the regexp then decides).
func ssnCand(t string, i, le int) bool {
	return i+11 <= le && isDigits(t, i, 3, le) && t[i+3] == '-' && isDigits(t, i+4, 2, le) && t[i+6] == '-' && isDigits(t, i+7, 4, le)
}

func ibanCand(t string, i, le int) bool {
	return i+4 <= le && 'A' <= t[i] && t[i] <= 'Z' && 'A' <= t[i+1] && t[i+1] <= 'Z' && isDigit(t[i+2]) && isDigit(t[i+3])
}

// ---- byte sets

var nonASCII = func() string {
	b := make([]byte, 0, 128)
	for c := 0x80; c < 0x100; c++ {
		b = append(b, byte(c))
	}
	return string(b)
}()

type byteSet [256]bool

func makeSet(extra string) *byteSet {
	var s byteSet
	for c := 0; c < 256; c++ {
		s[c] = isWord(byte(c))
	}
	for i := 0; i < len(extra); i++ {
		s[extra[i]] = true
	}
	return &s
}

// wordByte is isWord as a table (the word-start pass reads it per byte).
var wordByte = makeSet("")

// First and terminating bytes of word-start matches (see wordStarts):
// ipv4 is digits then '.', an SSN three digits then '-', a MAC two hex
// digits then ':' or '-', a hostname's first label ends at '.' or '-'
// (a label byte that is not a word byte); cards and IBANs end anywhere.
var (
	digitSet    = byteSetOf(isDigit)
	alnumSet    = byteSetOf(isAlnum)
	hexSet      = byteSetOf(isHex)
	upperSet    = byteSetOf(func(c byte) bool { return 'A' <= c && c <= 'Z' })
	dotSet      = makeExact(".")
	dashSet     = makeExact("-")
	macTermSet  = makeExact(":-")
	hostTermSet = makeExact(".-")
)

// lenRange is a wordLens mask for the word lengths lo..hi.
func lenRange(lo, hi int) uint32 {
	var m uint32
	for n := lo; n <= hi; n++ {
		m |= 1 << n
	}
	return m
}

func byteSetOf(ok func(byte) bool) *byteSet {
	var s byteSet
	for c := 0; c < 256; c++ {
		s[c] = ok(byte(c))
	}
	return &s
}

var (
	ipv6Set    = makeSet(":.%" + nonASCII) // (?i) folds k and s with non-ASCII runes
	kvKeywords = expandKeywords("password passwd passphrase pwd secret token api?key apikey access?key secret?key private?key signing?key encryption?key master?key client?secret auth credential credentials")
	// kvByLast groups kvKeywords by their last byte: nextKV looks at the byte
	// before a separator and compares only the keywords that end with it.
	kvByLast = func() (m [256][]string) {
		for _, kw := range kvKeywords {
			m[kw[len(kw)-1]] = append(m[kw[len(kw)-1]], kw)
		}
		return m
	}()
	// userKeysByFirst: the indexes in userKeys of the keywords starting
	// with each byte, so nextUsername tries only those at a word start.
	userKeysByFirst = func() (m [256][]int) {
		for i, k := range userKeys {
			m[k.kw[0]] = append(m[k.kw[0]], i)
		}
		return m
	}()
)

// wordPrevOK reports whether no word byte precedes t[i] (\b before a word
// byte). A plain function, so that it is inlined (as a func variable it
// was an indirect call at every candidate byte).
func wordPrevOK(t string, i int) bool { return i == 0 || !wordTab[t[i-1]] }

// wordTab is wordByte as an array value (no pointer to load per byte).
var wordTab = *wordByte

func makeExact(s string) *byteSet {
	var b byteSet
	for i := 0; i < len(s); i++ {
		b[s[i]] = true
	}
	return &b
}

// expandKeywords expands "?" to "", "_" and "-".
func expandKeywords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if i := strings.IndexByte(w, '?'); i >= 0 {
			for _, m := range []string{"", "_", "-"} {
				out = append(out, w[:i]+m+w[i+1:])
			}
			continue
		}
		out = append(out, w)
	}
	return out
}

// nextToken returns the next maximal run of set bytes in t[pos:le].
func nextToken(t string, pos, le int, set *byteSet) (int, int) {
	i := pos
	for i < le && !set[t[i]] {
		i++
	}
	if i >= le {
		return -1, -1
	}
	j := i + 1
	for j < le && set[t[j]] {
		j++
	}
	return i, j
}

// ---- windows

// winIPv6: a valid IPv6 address has "::" or at least 6 colons. Most tokens
// of the lines it runs on have no colon at all, so it jumps from colon to
// colon (IndexByte) and grows the token around each one: the same maximal
// tokens nextToken would yield from pos, without visiting the others. Each
// byte is looked at a bounded number of times (the search resumes after the
// token).
func winIPv6(t string, pos, le int) (int, int) {
	for pos < le {
		c := strings.IndexByte(t[pos:le], ':')
		if c < 0 {
			return -1, -1
		}
		c += pos
		ws, we := c, c+1
		for ws > pos && ipv6Set[t[ws-1]] {
			ws--
		}
		for we < le && ipv6Set[t[we]] {
			we++
		}
		colons, dbl := 0, false
		for i := c; i < we; i++ { // no colon before c in the token
			if t[i] == ':' {
				colons++
				if i+1 < we && t[i+1] == ':' {
					dbl = true
				}
			}
		}
		if dbl || colons >= 6 {
			return ws, we
		}
		pos = we
	}
	return -1, -1
}

// ---- anchored candidates (non-literal rules)

func digitRun(t string, i, le int) int {
	j := i
	for j < le && isDigit(t[j]) {
		j++
	}
	return j - i
}

func isDigits(t string, i, n, le int) bool {
	if i+n > le {
		return false
	}
	for k := i; k < i+n; k++ {
		if !isDigit(t[k]) {
			return false
		}
	}
	return true
}

func nextPhone(t, _ string, pos, le int) (int, int) {
	for i := pos; i < le; i++ {
		switch c := t[i]; {
		case c == '+':
			if i+1 < le && '1' <= t[i+1] && t[i+1] <= '9' {
				return i, i + 1
			}
		case c == '(':
			if isDigits(t, i+1, 3, le) && i+4 < le && t[i+4] == ')' {
				return i, i + 1
			}
		case isDigit(c):
			if wordPrevOK(t, i) && isDigits(t, i, 3, le) && i+3 < le && t[i+3] == '-' && isDigits(t, i+4, 3, le) && i+7 < le && t[i+7] == '-' && isDigits(t, i+8, 4, le) {
				return i, i + 1
			}
		}
	}
	return -1, -1
}

// nextPhoneNoDash is nextPhone on a line without the phoneDash feature,
// where no \bNNN-NNN-NNNN start can be (that start sets the feature): only
// '+' and '(' are candidates, found by vectorized searches (pairScan).
func nextPhoneNoDash(t, _ string, pos, le int) (int, int) {
	// the first bytes one by one: on lines dense with candidates (and
	// failing ones, as in "+1+1+1") a search per call cost more
	p := pos
	for ; p < min(le, pos+8); p++ {
		if i := p; t[i] == '+' {
			if i+1 < le && '1' <= t[i+1] && t[i+1] <= '9' {
				return i, i + 1
			}
		} else if t[i] == '(' && isDigits(t, i+1, 3, le) && i+4 < le && t[i+4] == ')' {
			return i, i + 1
		}
	}
	opens := newPairScan(t[:le], p, '+', '(')
	for i := opens.next(); i >= 0; i = opens.next() {
		if t[i] == '+' {
			if i+1 < le && '1' <= t[i+1] && t[i+1] <= '9' {
				return i, i + 1
			}
		} else if isDigits(t, i+1, 3, le) && i+4 < le && t[i+4] == ')' {
			return i, i + 1
		}
	}
	return -1, -1
}

// ---- anchored candidates (literal rules; lo is the lower-cased text)

// nextPrefix yields positions where lo has one of prefixes; with word, only
// at the start of a word (the regexp begins with \b and a word byte).
func nextPrefix(word bool, prefixes ...string) func(t, lo string, pos, le int) (int, int) {
	var first byteSet
	for _, p := range prefixes {
		first[p[0]] = true
	}
	return func(t, lo string, pos, le int) (int, int) {
		for i := pos; i < le; i++ {
			if !first[lo[i]] || word && !wordPrevOK(lo, i) {
				continue
			}
			for _, p := range prefixes {
				if strings.HasPrefix(lo[i:le], p) {
					return i, i + 1
				}
			}
		}
		return -1, -1
	}
}

// nextKV: a key/value match is keyword ["']? [ \t]* (=>|:=|[:=]); the
// keyword ends where, going back from a ':' or '=', the blanks and one quote
// end, so its start is one of a few positions. The separators are found by
// vectorized searches (pairScan): a byte loop testing every byte of the
// line cost ~3 times as many instructions.
func nextKV(t, lo string, pos, le int) (int, int) {
	seps := newPairScan(lo[:le], pos, ':', '=')
	for q := seps.next(); q >= 0; q = seps.next() {
		k := q
		for k > pos && (lo[k-1] == ' ' || lo[k-1] == '\t') {
			k--
		}
		if k > pos && (lo[k-1] == '"' || lo[k-1] == '\'') {
			k--
		}
		if k == pos {
			continue
		}
		best := -1
		for _, kw := range kvByLast[lo[k-1]] {
			j := k - len(kw)
			if j >= pos && (best < 0 || j < best) && lo[j:k] == kw {
				best = j
			}
		}
		if best >= 0 {
			return best, best + 1
		}
	}
	return -1, -1
}

// pairScan yields, in order, the positions of the bytes a and b in s from
// a start, by vectorized searches (IndexByte) in windows of doubling size:
// each byte of a window is searched at most once for each of the two
// bytes, so a call of a candidate generator costs at most about twice the
// distance to the candidate it returns plus one window (256 bytes).
// Searching the whole rest of the line for the other byte on every call
// made the generators quadratic on long lines holding only one of the two
// (a 1 MB line of "(415) " took 1.3 s).
type pairScan struct {
	s      string
	a, b   byte
	na, nb int // the next a and b before end (-1: none before end)
	end, w int // the searched part ends at end; the next window is w bytes
}

func newPairScan(s string, i int, a, b byte) pairScan {
	return pairScan{s: s, a: a, b: b, na: -1, nb: -1, end: i, w: 256}
}

// next returns the position of the next a or b, or -1.
func (p *pairScan) next() int {
	for p.na < 0 && p.nb < 0 {
		if p.end >= len(p.s) {
			return -1
		}
		i := p.end
		p.end = min(len(p.s), i+p.w)
		p.w *= 2
		p.na, p.nb = indexIn(p.s, i, p.end, p.a), indexIn(p.s, i, p.end, p.b)
	}
	if p.na >= 0 && (p.nb < 0 || p.na < p.nb) {
		q := p.na
		p.na = indexIn(p.s, q+1, p.end, p.a)
		return q
	}
	q := p.nb
	p.nb = indexIn(p.s, q+1, p.end, p.b)
	return q
}

// indexIn is the index of the first c in s[i:e] (absolute), or -1.
func indexIn(s string, i, e int, c byte) int {
	if j := strings.IndexByte(s[i:e], c); j >= 0 {
		return i + j
	}
	return -1
}

// nextUsername yields a superset of the starts of the username regexp: a
// keyword at a word start (for the sshd phrases only when the next word
// fits), ":user/" (ARNs), "(to " (su) or " - " (access logs).
func nextUsername(t, lo string, pos, le int) (int, int) {
	for i := pos; i < le; i++ {
		c := lo[i]
		switch userClass[c] {
		case ucOther:
			continue
		case ucBlank:
			if i+2 < le && lo[i+1] == '-' && lo[i+2] == ' ' {
				return i, i + 1
			}
			continue
		case ucColon:
			if strings.HasPrefix(lo[i:le], ":user/") {
				return i, i + 1
			}
			continue
		case ucParen:
			if strings.HasPrefix(lo[i:le], "(to ") {
				return i, i + 1
			}
			continue
		case ucKeyFirst:
			if wordPrevOK(lo, i) && userKeyAt(lo, i, le) {
				return i, i + 1
			}
		}
		for i+1 < le && wordByte[lo[i+1]] { // no keyword starts inside a word
			i++
		}
	}
	return -1, -1
}

// userClass sorts the bytes for nextUsername: the starts of " - ", ":user/"
// and "(to ", word bytes that begin a keyword (userKeysByFirst), other word
// bytes (the word is skipped without a keyword lookup), and the rest.
const (
	ucOther = iota
	ucBlank
	ucColon
	ucParen
	ucKeyFirst
	ucWord
)

var userClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c == ' ':
			t[c] = ucBlank
		case c == ':':
			t[c] = ucColon
		case c == '(':
			t[c] = ucParen
		case len(userKeysByFirst[c]) > 0:
			t[c] = ucKeyFirst
		case wordByte[c]:
			t[c] = ucWord
		}
	}
	return t
}()

// userKeyAt reports whether a username keyword (userKeys) that can start a
// match is at the word start i.
func userKeyAt(lo string, i, le int) bool {
	for _, ki := range userKeysByFirst[lo[i]] {
		k := userKeys[ki]
		// every keyword has a second byte; comparing it first spares most
		// of the HasPrefix calls at word starts with a keyword's first byte
		if i+1 >= le || lo[i+1] != k.kw[1] || !strings.HasPrefix(lo[i:le], k.kw) {
			continue
		}
		if k.then == "" {
			if isUserSep(k.kw[len(k.kw)-1]) || userValueFollows(lo, i+len(k.kw), le) {
				return true
			}
			continue
		}
		j := i + len(k.kw)
		b := j
		for j < le && (lo[j] == ' ' || lo[j] == '\t') {
			j++
		}
		if j > b && strings.HasPrefix(lo[j:le], k.then) {
			return true
		}
	}
	return false
}

// userValueFollows: after a user keyword at i comes ["']?[ \t]*[=:]
// (key/value), [ \t]+" (postgres: user "x") or [ \t]+value[ \t]+not found
// (Apache); every other username alternative starts with another keyword.
func userValueFollows(lo string, i, le int) bool {
	j := i
	if j < le && isQuote(lo[j]) {
		j++
	}
	j = skipWhile(lo, j, le, isBlank)
	if j < le && (lo[j] == '=' || lo[j] == ':') {
		return true
	}
	if j == i || j >= le {
		return false
	}
	if lo[j] == '"' {
		return true
	}
	v := skipWhile(lo, j, le, isUserByte)
	return v > j && strings.HasPrefix(lo[skipWhile(lo, v, le, isBlank):le], "not found")
}

var userKeys = []struct{ kw, then string }{
	{"user", ""}, {"username", ""}, {"user_name", ""}, {"user.name", ""}, {"user id", ""},
	{"login", ""}, {"account name", ""}, {"acct", ""}, {"principalname", ""}, {"sudo:", ""},
	{"new user:", ""}, {"uid=", ""},
	{"for", "user"}, {"invalid", "user"}, {"illegal", "user"},
	{"password", "for"}, {"password", "changed"}, {"publickey", "for"}, {"keyboard-interactive/pam", "for"},
}

// nextProse: \b(password|passwd|passphrase|pwd)[ \t]+ then a phrase
// (is|was|set to|changed to|reset to) or a quote.
func nextProse(t, lo string, pos, le int) (int, int) {
	for i := pos; i < le; i++ {
		// jump to the next 'p' (vectorized; ~2 % of log bytes)
		k := strings.IndexByte(lo[i:le], 'p')
		if k < 0 {
			break
		}
		if i += k; !wordPrevOK(lo, i) {
			continue
		}
		for _, kw := range [...]string{"password", "passwd", "passphrase", "pwd"} {
			if !strings.HasPrefix(lo[i:le], kw) {
				continue
			}
			j := i + len(kw)
			b := j
			for j < le && (lo[j] == ' ' || lo[j] == '\t') {
				j++
			}
			if j == b {
				continue
			}
			if j < le && isQuote(lo[j]) {
				return i, i + 1
			}
			for _, w := range [...]string{"is", "was", "set to", "changed to", "reset to"} {
				if strings.HasPrefix(lo[j:le], w) {
					return i, i + 1
				}
			}
		}
	}
	return -1, -1
}

// nextURL: the scheme is the leftmost letter of the [A-Za-z0-9+.-] run before
// "://"; if the match fails there it fails at every later start in the run.
// The userinfo and its '@' lie in the [^\s/?#] run after "://", so a "://"
// without an '@' in that run is no candidate (most URLs in logs).
func nextURL(t, _ string, pos, le int) (int, int) {
	for pos < le {
		p := strings.Index(t[pos:le], "://")
		if p < 0 {
			return -1, -1
		}
		p += pos
		if e := reachURL(t, "", p, le); strings.IndexByte(t[p+3:min(e, le)], '@') < 0 {
			pos = p + 1
			continue
		}
		j := p
		for j > pos && (isAlnum(t[j-1]) || t[j-1] == '+' || t[j-1] == '.' || t[j-1] == '-') {
			j--
		}
		for j < p && !isAlpha(t[j]) {
			j++
		}
		if j < p {
			return j, p + 1
		}
		pos = p + 1
	}
	return -1, -1
}

// nextSAS: \bSharedAccessSignature= or [?&]sig=.
func nextSAS(t, lo string, pos, le int) (int, int) {
	for i := pos; i < le; i++ {
		switch lo[i] {
		case 's':
			if wordPrevOK(lo, i) && strings.HasPrefix(lo[i:le], "sharedaccesssignature=") {
				return i, i + 1
			}
		case '?', '&':
			if strings.HasPrefix(lo[i+1:le], "sig=") {
				return i, i + 1
			}
		}
	}
	return -1, -1
}

// nextAWSSecret: aws_?secret... or secret_?access... (no \b).
var nextAWSSecret = nextPrefix(false, "awssecret", "aws_secret", "secretaccess", "secret_access")

// ---- exact matchers (hand-written equivalents of the regexps)

func isLabelByte(c byte) bool { return isAlnum(c) || c == '-' }

// hostAt matches \b(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\b
// at s (\b at s already checked) with the regexp's leftmost-first choices: a
// label must run to the next dot, the repetition is greedy and gives back
// whole labels until the final [A-Za-z]{2,63}\b fits. It returns the end, or
// -1 and the first later start that can still match (every start before it
// sees the same labels and fails the same way), which keeps the scan linear.
func hostAt(t string, s, le int) (int, int) {
	t = t[:le] // below le: no bounds checks
	var buf [16]int
	starts := buf[:0]
	p := s
	next := s + 1
	for {
		q := p
		for q < len(t) && labelTab[t[q]] {
			q++
		}
		if q >= len(t) || t[q] != '.' || q == p || q-p > 63 || !alnumTab[t[p]] || !alnumTab[t[q-1]] {
			if p == s {
				switch {
				case q >= len(t) || t[q] != '.' || !alnumTab[t[q-1]]:
					next = max(q, s+1) // every start in this run ends here the same way
				case q-p > 63:
					next = max(q-63, s+1)
				}
			} else {
				next = p // a start inside an earlier label sees the same labels
			}
			break
		}
		p = q + 1
		starts = append(starts, p)
	}
	for k := len(starts) - 1; k >= 0; k-- {
		st := starts[k]
		j := st
		for j < len(t) && alphaTab[t[j]] {
			j++
		}
		if n := j - st; n >= 2 && n <= 63 && (j == len(t) || !wordTab[t[j]]) {
			return j, 0
		}
	}
	return -1, next
}

// Byte classes of hostAt as tables (the chains of comparisons of isAlnum
// and isLabelByte were most of its instructions).
var (
	labelTab = *byteSetOf(isLabelByte)
	alnumTab = *alnumSet
	alphaTab = *byteSetOf(isAlpha)
)

// findEmail is [A-Za-z0-9._%+\-]+@L(?:\.L)+ with L = [A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?:
// the local part runs back from an '@' (leftmost start wins; if the domain
// fails, every start before that '@' fails), each label is greedy up to the
// last alphanumeric byte of its run, and the repetition stops at the first
// dot not followed by an alphanumeric byte.
func findEmail(t string, pos, le int) (int, int) {
	for pos < le {
		a := strings.IndexByte(t[pos:le], '@')
		if a < 0 {
			return -1, -1
		}
		a += pos
		s := a
		for s > pos && isLocalByte(t[s-1]) {
			s--
		}
		if s < a {
			if e := emailDomain(t, a+1, le); e > 0 {
				return s, e
			}
		}
		pos = a + 1
	}
	return -1, -1
}

func isLocalByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// labelEnd returns the end of L at i (or -1).
func labelEnd(t string, i, le int) int {
	if i >= le || !isAlnum(t[i]) {
		return -1
	}
	e := i + 1
	for j := i + 1; j < le && isLabelByte(t[j]); j++ {
		if isAlnum(t[j]) {
			e = j + 1
		}
	}
	return e
}

func emailDomain(t string, i, le int) int {
	e := labelEnd(t, i, le)
	if e < 0 {
		return -1
	}
	reps := 0
	for e < le && t[e] == '.' {
		f := labelEnd(t, e+1, le)
		if f < 0 {
			break
		}
		e = f
		reps++
	}
	if reps == 0 {
		return -1
	}
	return e
}

// hasNonASCIIFold reports whether s holds U+017F (ſ) or U+212A (K), which (?i)
// matches as s and k; candidate generators only look for ASCII.
func hasNonASCIIFold(s string) bool {
	return strings.Contains(s, "\u017f") || strings.Contains(s, "\u212a")
}

// cardGroups matches whole digit runs of the given exact lengths joined by
// one ' ' or '-', then a last run of lo..hi digits followed by a non-word byte.
func cardGroups(t string, i, le int, lens ...int) int {
	groups, lo, hi := lens[:len(lens)-2], lens[len(lens)-2], lens[len(lens)-1]
	for _, g := range groups {
		if digitRun(t, i, le) != g {
			return -1
		}
		i += g
		if i >= le || t[i] != ' ' && t[i] != '-' {
			return -1
		}
		i++
	}
	n := digitRun(t, i, le)
	if n < lo || n > hi || i+n < len(t) && isWord(t[i+n]) {
		return -1
	}
	return i + n
}

// byteRank orders bytes from rare to common in log text (lower is rarer);
// indexLit searches for a literal's rarest byte so that IndexByte stops less
// often than on a common first byte.
var byteRank = func() [256]int {
	var r [256]int
	for c := range r {
		r[c] = 10 // other punctuation and non-ASCII
	}
	common := "etaoinsrhldcu0123456789 mpfgwy./:-_=bvk,\"'()[]xjqzETAOINSRHLDCUMPFGWYBVKXJQZ"
	for i := 0; i < len(common); i++ {
		r[common[i]] = 100 - i
	}
	return r
}()

func rareByte(lit string) int {
	best := 0
	for i := 1; i < len(lit); i++ {
		if byteRank[lit[i]] < byteRank[lit[best]] {
			best = i
		}
	}
	return best
}

// indexLit is strings.Index(s, lit), searching for lit[k] first.
func indexLit(s, lit string, k int) int {
	if k == 0 || len(s) < len(lit) {
		return strings.Index(s, lit)
	}
	c := lit[k]
	i := k
	for {
		j := strings.IndexByte(s[i:], c)
		if j < 0 {
			return -1
		}
		p := i + j - k
		if p+len(lit) > len(s) {
			return -1
		}
		if s[p:p+len(lit)] == lit {
			return p
		}
		i += j + 1
	}
}
