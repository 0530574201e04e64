package pii

import (
	"regexp"
	"strings"
)

// Fast paths. A rule's regexp is never run over a whole line when the rule has
// a candidate generator: either
//
//   - next: it yields every position where a match of the regexp can start
//     (a superset), and the regexp, anchored there, decides; or
//   - find: a hand-written matcher that returns exactly the regexp's next
//     match (ipv4, hostname, email, credit_card, mac); or
//   - win: it yields windows (maximal tokens over a byte set that contains
//     every byte a match can hold and every word byte, so a window is bounded
//     by non-word bytes and \b means the same inside it as in the line), of
//     which it skips only those that cannot yield a finding.
//
// All three reproduce exactly what FindAll over the line produces (leftmost-first,
// non-overlapping); TestScanAgreesWithPerLine and FuzzScanAgreesWithPerLine
// check that against the plain per-line regexp scan.

// anchor compiles the rule's regexp anchored at the start of its input.
func anchor(re *regexp.Regexp) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + re.String() + `)`)
}

// runLine runs r over the line text[ls:le] (or the window the literal
// prefilter chose); lower is the ASCII-lower-cased text when computed.
func (d *Detector) runLine(r *rule, text, lower string, ls, le int, raw []Finding) []Finding {
	switch {
	case r.next != nil && !(r.foldsNonASCII && hasNonASCIIFold(text[ls:le])):
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
			m := r.anc.FindStringSubmatchIndex(hay[j:le])
			if m == nil {
				pos = skip
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
	case r.find != nil:
		pos := ls
		for pos < le {
			s, e := r.find(text, pos, le)
			if s < 0 {
				break
			}
			raw = d.emit(r, text, []int{s, e}, raw)
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
			raw = d.runRule(r, text, lower, ws, we, raw)
			pos = we
		}
		return raw
	}
	return d.runRule(r, text, lower, ls, le, raw)
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

var (
	ipv6Set    = makeSet(":.%" + nonASCII) // (?i) folds k and s with non-ASCII runes
	wordPrevOK = func(t string, i int) bool { return i == 0 || !isWord(t[i-1]) }
	kvKeywords = expandKeywords("password passwd passphrase pwd secret token api?key apikey access?key secret?key private?key signing?key encryption?key master?key client?secret auth credential credentials")
	sepBytes   = makeExact(":=")
)

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

// winIPv6: a valid IPv6 address has "::" or at least 6 colons.
func winIPv6(t string, pos, le int) (int, int) {
	for {
		ws, we := nextToken(t, pos, le, ipv6Set)
		if ws < 0 {
			return -1, -1
		}
		colons, dbl := 0, false
		for i := ws; i < we; i++ {
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
}

// ---- anchored candidates (non-literal rules)

func digitRun(t string, i, le int) int {
	j := i
	for j < le && isDigit(t[j]) {
		j++
	}
	return j - i
}

func nextIBAN(t, _ string, pos, le int) (int, int) {
	for i := pos; i+4 <= le; i++ {
		c := t[i]
		// (not filtered by ibanLen: a match that fails the check still
		// consumes its bytes)
		if 'A' <= c && c <= 'Z' && wordPrevOK(t, i) && 'A' <= t[i+1] && t[i+1] <= 'Z' && isDigit(t[i+2]) && isDigit(t[i+3]) {
			return i, i + 1
		}
	}
	return -1, -1
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

func nextSSN(t, _ string, pos, le int) (int, int) {
	for i := pos; i+11 <= le; i++ {
		if isDigit(t[i]) && wordPrevOK(t, i) && isDigits(t, i, 3, le) && t[i+3] == '-' && isDigits(t, i+4, 2, le) && t[i+6] == '-' && isDigits(t, i+7, 4, le) {
			return i, i + 1
		}
	}
	return -1, -1
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
// end, so its start is one of a few positions.
func nextKV(t, lo string, pos, le int) (int, int) {
	for q := pos; q < le; q++ {
		if !sepBytes[lo[q]] {
			continue
		}
		k := q
		for k > pos && (lo[k-1] == ' ' || lo[k-1] == '\t') {
			k--
		}
		if k > pos && (lo[k-1] == '"' || lo[k-1] == '\'') {
			k--
		}
		best := -1
		for _, kw := range kvKeywords {
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

// nextUsername: every alternative starts at a word boundary with a keyword
// and needs what follows it: (user|username|login|account name)[ \t]*[=:],
// (for|invalid|illegal)[ \t]+user, (password|publickey|...)[ \t]+for.
func nextUsername(t, lo string, pos, le int) (int, int) {
	for i := pos; i < le; i++ {
		switch lo[i] {
		case 'u', 'l', 'a', 'f', 'i', 'p', 'k':
		default:
			continue
		}
		if !wordPrevOK(lo, i) {
			continue
		}
		for _, k := range userKeys {
			if !strings.HasPrefix(lo[i:le], k.kw) {
				continue
			}
			j := i + len(k.kw)
			b := j
			for j < le && (lo[j] == ' ' || lo[j] == '\t') {
				j++
			}
			if k.then == "" {
				if j < le && (lo[j] == '=' || lo[j] == ':') {
					return i, i + 1
				}
			} else if j > b && strings.HasPrefix(lo[j:le], k.then) {
				return i, i + 1
			}
		}
	}
	return -1, -1
}

var userKeys = []struct{ kw, then string }{
	{"username", ""}, {"user", ""}, {"login", ""}, {"account name", ""},
	{"for", "user"}, {"invalid", "user"}, {"illegal", "user"},
	{"password", "for"}, {"publickey", "for"}, {"keyboard-interactive/pam", "for"},
}

// nextProse: \b(password|passwd|passphrase|pwd)[ \t]+(is|was|set to|changed to|reset to).
func nextProse(t, lo string, pos, le int) (int, int) {
	for i := pos; i < le; i++ {
		if lo[i] != 'p' || !wordPrevOK(lo, i) {
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
func nextURL(t, _ string, pos, le int) (int, int) {
	for pos < le {
		p := strings.Index(t[pos:le], "://")
		if p < 0 {
			return -1, -1
		}
		p += pos
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

// findIPv4 is \b(?:\d{1,3}\.){3}\d{1,3}\b: four digit runs of 1 to 3
// digits joined by single dots, not preceded by a word byte, the last one
// followed by a non-word byte. Constant work per start: linear.
func findIPv4(t string, pos, le int) (int, int) {
	for s := pos; s < le; s++ {
		if !isDigit(t[s]) || !wordPrevOK(t, s) {
			continue
		}
		i := s
		ok := true
		for g := 0; g < 4; g++ {
			n := 0
			for i < le && n < 4 && isDigit(t[i]) {
				i++
				n++
			}
			if n < 1 || n > 3 {
				ok = false
				break
			}
			if g < 3 {
				if i >= le || t[i] != '.' {
					ok = false
					break
				}
				i++
			}
		}
		if ok && (i == len(t) || !isWord(t[i])) {
			return s, i
		}
	}
	return -1, -1
}

func isLabelByte(c byte) bool { return isAlnum(c) || c == '-' }

// hostAt matches \b(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\b
// at s (\b at s already checked) with the regexp's leftmost-first choices: a
// label must run to the next dot, the repetition is greedy and gives back
// whole labels until the final [A-Za-z]{2,63}\b fits. It returns the end, or
// -1 and the first later start that can still match (every start before it
// sees the same labels and fails the same way), which keeps findHost linear.
func hostAt(t string, s, le int) (int, int) {
	var buf [16]int
	starts := buf[:0]
	p := s
	next := s + 1
	for {
		q := p
		for q < le && isLabelByte(t[q]) {
			q++
		}
		if q >= le || t[q] != '.' || q == p || q-p > 63 || !isAlnum(t[p]) || !isAlnum(t[q-1]) {
			if p == s {
				switch {
				case q >= le || t[q] != '.' || !isAlnum(t[q-1]):
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
		for j < le && isAlpha(t[j]) {
			j++
		}
		if n := j - st; n >= 2 && n <= 63 && (j == len(t) || !isWord(t[j])) {
			return j, 0
		}
	}
	return -1, next
}

func findHost(t string, pos, le int) (int, int) {
	for s := pos; s < le; {
		if !isAlnum(t[s]) || !wordPrevOK(t, s) {
			s++
			continue
		}
		e, next := hostAt(t, s, le)
		if e > 0 {
			return s, e
		}
		s = next
	}
	return -1, -1
}

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

// findCard is \b(?:\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5}|\d{13,19})\b,
// alternatives tried in order: each \d{n} before a separator must be a whole
// digit run of exactly that length, and the last run must be followed by a
// non-word byte.
func findCard(t string, pos, le int) (int, int) {
	for s := pos; s < le; s++ {
		if !isDigit(t[s]) {
			continue
		}
		n := digitRun(t, s, le)
		if !wordPrevOK(t, s) {
			s += n - 1
			continue
		}
		if e := cardGroups(t, s, le, 4, 4, 4, 1, 7); e > 0 {
			return s, e
		}
		if e := cardGroups(t, s, le, 4, 6, 4, 5); e > 0 {
			return s, e
		}
		if n >= 13 && n <= 19 && (s+n == len(t) || !isWord(t[s+n])) {
			return s, s + n
		}
		s += n - 1
	}
	return -1, -1
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

// findMAC is \b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b|\b[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}\b.
func findMAC(t string, pos, le int) (int, int) {
	for s := pos; s+17 <= le; s++ {
		if !isHex(t[s]) || !wordPrevOK(t, s) || !isHex(t[s+1]) {
			continue
		}
		sep := t[s+2]
		if sep != ':' && sep != '-' {
			continue
		}
		ok := true
		for k := 2; k < 17; k += 3 {
			if t[s+k] != sep || !isHex(t[s+k+1]) || !isHex(t[s+k+2]) {
				ok = false
				break
			}
		}
		if ok && (s+17 == len(t) || !isWord(t[s+17])) {
			return s, s + 17
		}
	}
	return -1, -1
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
