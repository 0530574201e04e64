package pii

import "strings"

// Hand-written exact equivalents of the anchored phone, SSN and IBAN regexps
// (rule.exact): each takes the window w the anchored regexp would get and
// returns what its FindStringSubmatchIndex returns on w (nil or the
// submatch offsets relative to w). The regexps cost ~1-3 µs per candidate in
// the backtracker; these a few ns. TestExactMatchersAgree checks each
// against its anchored regexp at every start of the corpus, the seeds and
// hand-made edge cases.
//
// Each has no ambiguity a backtracker would have to resolve beyond what the
// comments say: every optional part is a byte that cannot begin the part
// after it, so taking it when present is the only choice that can succeed
// (the leftmost-first choice as well).

// phoneExact is the anchored
// \+[1-9](?:[ .\-]?\(?\d\)?){7,14}|\(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}|\b\d{3}-\d{3}-\d{4}\b;
// w[0] picks the only alternative that can match ('+', '(' or a digit).
// The leading \b of the third holds at a window start (the regexp sees
// only w; nextPhone checks the byte before).
func phoneExact(w string) []int {
	if len(w) == 0 {
		return nil
	}
	switch c := w[0]; {
	case c == '+':
		if len(w) < 2 || w[1] < '1' || w[1] > '9' {
			return nil
		}
		// Each repetition holds exactly one digit; its optional separator,
		// '(' and ')' are taken when present (leaving one out makes the
		// digit fall on a non-digit). Greedy up to 14; the match needs 7.
		i, n := 2, 0
		for n < 14 {
			k := i
			if k < len(w) && (w[k] == ' ' || w[k] == '.' || w[k] == '-') {
				k++
			}
			if k < len(w) && w[k] == '(' {
				k++
			}
			if k >= len(w) || !isDigit(w[k]) {
				break
			}
			k++
			if k < len(w) && w[k] == ')' {
				k++
			}
			i, n = k, n+1
		}
		if n < 7 {
			return nil
		}
		return []int{0, i}
	case c == '(':
		// \(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}
		if !isDigits(w, 1, 3, len(w)) || len(w) < 5 || w[4] != ')' {
			return nil
		}
		i := 5
		if i < len(w) && isPhoneSep(w[i]) {
			i++
		}
		if !isDigits(w, i, 3, len(w)) || i+3 >= len(w) || !isPhoneSep(w[i+3]) || !isDigits(w, i+4, 4, len(w)) {
			return nil
		}
		return []int{0, i + 8}
	case isDigit(c):
		// \d{3}-\d{3}-\d{4}\b
		if isDigits(w, 0, 3, len(w)) && len(w) > 3 && w[3] == '-' && isDigits(w, 4, 3, len(w)) && len(w) > 7 && w[7] == '-' &&
			isDigits(w, 8, 4, len(w)) && (len(w) == 12 || !isWord(w[12])) {
			return []int{0, 12}
		}
	}
	return nil
}

func isPhoneSep(c byte) bool { return c == ' ' || c == '.' || c == '-' }

// ssnExact is the anchored \b(\d{3})-(\d{2})-(\d{4})\b (the leading \b holds
// at a word start).
func ssnExact(w string) []int {
	if !ssnCand(w, 0, len(w)) || len(w) > 11 && isWord(w[11]) {
		return nil
	}
	return []int{0, 11, 0, 3, 4, 6, 7, 11}
}

func isUpperAlnum(c byte) bool { return isDigit(c) || 'A' <= c && c <= 'Z' }

// ibanExact is the anchored
// \b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b.
// A group's optional space is taken when present (without it the group
// would start on the space), so the greedy repetition has one way to reach
// each count k of groups, ending at ends[k]. The backtracker tries k from
// the most groups down to 2; for each, the optional tail first (space when
// present, then 3, 2, 1 bytes), then no tail; the first end followed by \b
// wins.
func ibanExact(w string) []int {
	if !ibanCand(w, 0, len(w)) {
		return nil
	}
	var ends [8]int
	ends[0] = 4
	k := 0
	for k < 7 {
		i := ends[k]
		if i < len(w) && w[i] == ' ' {
			i++
		}
		if !runOf(w, i, 4, isUpperAlnum) {
			break
		}
		k++
		ends[k] = i + 4
	}
	bound := func(e int) bool { return e == len(w) || !isWord(w[e]) } // w[e-1] is a word byte
	for ; k >= 2; k-- {
		p := ends[k]
		i := p
		if i < len(w) && w[i] == ' ' {
			i++
		}
		for n := 3; n >= 1; n-- {
			if runOf(w, i, n, isUpperAlnum) && bound(i+n) {
				return []int{0, i + n}
			}
		}
		if bound(p) {
			return []int{0, p}
		}
	}
	return nil
}

// runOf reports whether w[i:i+n] exists and all its bytes satisfy ok.
func runOf(w string, i, n int, ok func(byte) bool) bool {
	if i+n > len(w) {
		return false
	}
	for k := i; k < i+n; k++ {
		if !ok(w[k]) {
			return false
		}
	}
	return true
}

// Exact matchers for the token rules whose regexps are a literal prefix and
// runs of one byte class (rule.exact; each class excludes the byte that must
// follow its run, so the greedy run is the only choice that can succeed).
// They are called at the candidates of the rules' next functions with the
// reach window (matchAt), and TestTokenMatchersAgree checks them and the
// matchers below against the anchored regexps. Each replaced a backtracker
// call of ~13,000 instructions.

// gitlabExact is \bglpat-[A-Za-z0-9_-]{20,}.
func gitlabExact(w string) []int {
	if !strings.HasPrefix(w, "glpat-") {
		return nil
	}
	if e := skipWhile(w, 6, len(w), isB64URL); e-6 >= 20 {
		return []int{0, e}
	}
	return nil
}

// slackExact is \bxox[abpors]-[A-Za-z0-9-]{10,}.
func slackExact(w string) []int {
	if len(w) < 5 || !strings.HasPrefix(w, "xox") || strings.IndexByte("abpors", w[3]) < 0 || w[4] != '-' {
		return nil
	}
	if e := skipWhile(w, 5, len(w), func(c byte) bool { return isAlnum(c) || c == '-' }); e-5 >= 10 {
		return []int{0, e}
	}
	return nil
}

// stripeExact is \b(?:sk|rk|pk)_live_[A-Za-z0-9]{16,}.
func stripeExact(w string) []int {
	if len(w) < 8 || w[0] != 's' && w[0] != 'r' && w[0] != 'p' || w[1] != 'k' || w[2:8] != "_live_" {
		return nil
	}
	if e := skipWhile(w, 8, len(w), isAlnum); e-8 >= 16 {
		return []int{0, e}
	}
	return nil
}

// googleExact is \bAIza[0-9A-Za-z_-]{35}.
func googleExact(w string) []int {
	if !strings.HasPrefix(w, "AIza") || !runOf(w, 4, 35, isB64URL) {
		return nil
	}
	return []int{0, 39}
}

// awsKeyIDExact is \b(?:AKIA|ASIA)[A-Z0-9]{16}\b.
func awsKeyIDExact(w string) []int {
	if !strings.HasPrefix(w, "AKIA") && !strings.HasPrefix(w, "ASIA") || !runOf(w, 4, 16, isUpperAlnum) || !wordEnd(w, 20) {
		return nil
	}
	return []int{0, 20}
}

// githubExact is \b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b.
// The first run must be a whole alphanumeric run followed by a non-word
// byte (a shorter one is followed by an alphanumeric byte, where \b fails);
// the second, of word bytes, is always followed by a non-word byte.
func githubExact(w string) []int {
	if len(w) >= 4 && w[:2] == "gh" && strings.IndexByte("pousr", w[2]) >= 0 && w[3] == '_' {
		e := skipWhile(w, 4, len(w), isAlnum)
		if n := e - 4; n >= 36 && n <= 255 && wordEnd(w, e) {
			return []int{0, e}
		}
		return nil
	}
	if strings.HasPrefix(w, "github_pat_") {
		e := skipWhile(w, 11, len(w), isWord)
		if n := e - 11; n >= 22 && n <= 255 {
			return []int{0, e}
		}
	}
	return nil
}

// jwtExact is \beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*
// (no run holds a dot, so each ends where the next dot must be).
func jwtExact(w string) []int {
	if !strings.HasPrefix(w, "eyJ") {
		return nil
	}
	i := skipWhile(w, 3, len(w), isB64URL)
	if i-3 < 4 || i >= len(w) || w[i] != '.' {
		return nil
	}
	j := skipWhile(w, i+1, len(w), isB64URL)
	if j-(i+1) < 2 || j >= len(w) || w[j] != '.' {
		return nil
	}
	return []int{0, skipWhile(w, j+1, len(w), isB64URL)}
}

// urlExact is the anchored url_userinfo regexp
//
//	[A-Za-z][A-Za-z0-9+.-]*://([^\s/?#@:]*(?:@[^\s/?#@:]+)*:[^\s/?#]*)@[A-Za-z0-9.\-\[\]:%_]+
//
// The scheme run cannot hold ':' and the user runs cannot hold '@' or ':',
// so up to the first ':' after "://" every part has one way to match (a
// shorter run or fewer "@user" groups leaves a byte other than ':' next).
// Then [^\s/?#]* is greedy and gives back bytes until an '@' followed by a
// host byte: the last such '@' in its run ends the group, and the host run
// is greedy. (Every excluded byte is ASCII, so bytes of other runes behave
// as the runes do.)
func urlExact(w string) []int {
	if len(w) == 0 || !isAlpha(w[0]) {
		return nil
	}
	i := skipWhile(w, 1, len(w), func(c byte) bool { return isAlnum(c) || c == '+' || c == '.' || c == '-' })
	if !strings.HasPrefix(w[i:], "://") {
		return nil
	}
	u := i + 3
	a := skipWhile(w, u, len(w), isUserInfoByte)
	for a < len(w) && w[a] == '@' {
		e := skipWhile(w, a+1, len(w), isUserInfoByte)
		if e == a+1 {
			break
		}
		a = e
	}
	if a >= len(w) || w[a] != ':' {
		return nil
	}
	c := skipWhile(w, a+1, len(w), func(c byte) bool { return !isURLStop(c) })
	for k := c - 1; k > a; k-- {
		if w[k] == '@' && k+1 < len(w) && isURLHostByte(w[k+1]) {
			return []int{0, skipWhile(w, k+1, len(w), isURLHostByte), u, k}
		}
	}
	return nil
}

// isURLStop is [\s/?#] (Go's \s: no \v).
func isURLStop(c byte) bool { return isSpace(c) || c == '/' || c == '?' || c == '#' }

// isUserInfoByte is [^\s/?#@:].
func isUserInfoByte(c byte) bool { return !isURLStop(c) && c != '@' && c != ':' }

// isURLHostByte is [A-Za-z0-9.\-\[\]:%_].
func isURLHostByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '-' || c == '[' || c == ']' || c == ':' || c == '%' || c == '_'
}

// Exact matchers for three (?i) rules. The (?i) regexps also match ſ
// (U+017F) for s and K (U+212A) for k; runLine takes the candidate path only
// on lines without those runes (hasNonASCIIFold), so these fold ASCII only.

// bearerExact is (?i)\bbearer[ \t]+([A-Za-z0-9\-._~+/]+=*).
func bearerExact(w string) []int {
	return keyValueExact(w, "bearer", isBearerValueByte, 1, -1)
}

// basicExact is (?i)\bbasic[ \t]+([A-Za-z0-9+/]{4,}={0,2}).
func basicExact(w string) []int {
	return keyValueExact(w, "basic", isB64Byte, 4, 2)
}

// azureKeyExact is (?i)\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,}={0,2}).
func azureKeyExact(w string) []int {
	if m := keyValueExact(w, "accountkey=", isB64Byte, 20, 2); m != nil {
		return m
	}
	return keyValueExact(w, "sharedaccesskey=", isB64Byte, 20, 2)
}

// keyValueExact matches the keyword kw (ASCII case-insensitively; one ending
// in '=' is followed directly by the value, others by [ \t]+), then a run of
// at least min bytes of the class ok (which excludes '='), then up to pad
// '=' bytes (pad < 0: any number). It returns {0, end, value start, end}.
func keyValueExact(w, kw string, ok func(byte) bool, min, pad int) []int {
	if !hasPrefixLower(w, kw) {
		return nil
	}
	v := len(kw)
	if kw[len(kw)-1] != '=' {
		if v = skipWhile(w, v, len(w), isBlank); v == len(kw) {
			return nil
		}
	}
	e := skipWhile(w, v, len(w), ok)
	if e-v < min {
		return nil
	}
	for n := 0; e < len(w) && w[e] == '=' && (pad < 0 || n < pad); n++ {
		e++
	}
	return []int{0, e, v, e}
}

// isBearerValueByte is [A-Za-z0-9\-._~+/].
func isBearerValueByte(c byte) bool {
	return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/'
}

// isB64Byte is [A-Za-z0-9+/].
func isB64Byte(c byte) bool { return isAlnum(c) || c == '+' || c == '/' }

// sasExact is (?i)(?:\bSharedAccessSignature=([^;\s"']+)|[?&]sig=([A-Za-z0-9%+/=]{16,}))
// (the alternatives start with different bytes).
func sasExact(w string) []int {
	if hasPrefixLower(w, "sharedaccesssignature=") {
		v := len("sharedaccesssignature=")
		e := skipWhile(w, v, len(w), func(c byte) bool { return c != ';' && !isSpace(c) && !isQuote(c) })
		if e == v {
			return nil
		}
		return []int{0, e, v, e, -1, -1}
	}
	if len(w) < 5 || w[0] != '?' && w[0] != '&' || !hasPrefixLower(w[1:], "sig=") {
		return nil
	}
	e := skipWhile(w, 5, len(w), isSASSigByte)
	if e-5 < 16 {
		return nil
	}
	return []int{0, e, -1, -1, 5, e}
}

// proseExact is
//
//	(?i)\b(?:password|passwd|passphrase|pwd)[ \t]+(?:(?:is|was|set to|changed to|reset to)[ \t]*:?[ \t]*["'`]?([^\s"'`,;]+)|["']([^\s"'`,;]+)["'])
//
// Every alternation is decided by the bytes at its start (the keywords
// differ before any can end, the phrases by their first letter, and the
// phrases from the quote) and the blank runs are followed by a byte that
// cannot be a blank. Two choices are left: the optional ':' (if the value
// fails after it, the value may start on the ':' itself, which the value
// class allows) and the optional quote (see proseValue).
func proseExact(w string) []int {
	i := -1
	for _, kw := range [...]string{"password", "passwd", "passphrase", "pwd"} {
		if hasPrefixLower(w, kw) {
			i = len(kw)
			break
		}
	}
	if i < 0 {
		return nil
	}
	j := skipWhile(w, i, len(w), isBlank)
	if j == i || j >= len(w) {
		return nil
	}
	if isQuote(w[j]) { // ["']([^\s"'`,;]+)["']
		e := skipWhile(w, j+1, len(w), isProseValueByte)
		if e == j+1 || e >= len(w) || !isQuote(w[e]) {
			return nil
		}
		return []int{0, e + 1, -1, -1, j + 1, e}
	}
	p := -1
	for _, ph := range [...]string{"is", "was", "set to", "changed to", "reset to"} {
		if hasPrefixLower(w[j:], ph) {
			p = j + len(ph)
			break
		}
	}
	if p < 0 {
		return nil
	}
	p = skipWhile(w, p, len(w), isBlank)
	if p < len(w) && w[p] == ':' {
		if m := proseValue(w, skipWhile(w, p+1, len(w), isBlank)); m != nil {
			return m
		}
		// without the optional ':' the value starts on it
	}
	return proseValue(w, p)
}

// proseValue is ["'`]?([^\s"'`,;]+) at p, the quote taken when present
// (without it the value would start on a quote).
func proseValue(w string, p int) []int {
	if p < len(w) && (isQuote(w[p]) || w[p] == '`') {
		p++
	}
	e := skipWhile(w, p, len(w), isProseValueByte)
	if e == p {
		return nil
	}
	return []int{0, e, p, e, -1, -1}
}

// isProseValueByte is [^\s"'`,;].
func isProseValueByte(c byte) bool { return proseTab[c] }

// ipv6All returns the spans of the ipv6 regexp's FindAll on the window w,
// appended to out:
//
//	(?i)(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{0,4})(?:%[0-9a-z]+)?
//
// At a start, each group [0-9a-f]{0,4}: matches only if the hex run there
// has at most four bytes and a ':' follows it (with fewer bytes taken, a
// hex byte would stand where the ':' must), so the groups are found one way
// only and the greedy repetition takes as many as it can, up to seven; as
// the rest of the regexp always matches (the second alternative may be
// empty, the zone is optional), the repetition never gives a group back
// and a start with two groups is the leftmost match. Then the dotted quad
// if it matches (the first alternative wins even when the second would be
// longer: leftmost-first), else up to four hex bytes, then a zone if '%'
// and at least one zone byte follow. The hex class folds no non-ASCII rune;
// the zone class [0-9a-z] does (ſ U+017F and K U+212A), so the zone takes
// their UTF-8 forms too. TestIPv6MatcherAgrees checks it against the regexp.
func ipv6All(w string, out [][2]int) [][2]int {
	for p := 0; p < len(w); {
		e := ipv6At(w, p)
		if e < 0 {
			p++
			continue
		}
		out = append(out, [2]int{p, e})
		p = e
	}
	return out
}

// ipv6At is the end of the ipv6 regexp's match starting at p, or -1.
func ipv6At(w string, p int) int {
	i, groups := p, 0
	for groups < 7 {
		h := hexRun(w, i, 5)
		if h > 4 || i+h >= len(w) || w[i+h] != ':' {
			break
		}
		i += h + 1
		groups++
	}
	if groups < 2 {
		return -1
	}
	if e := dottedQuad(w, i); e >= 0 {
		i = e
	} else {
		i += hexRun(w, i, 4)
	}
	if i < len(w) && w[i] == '%' {
		if z := zoneRun(w, i+1); z > i+1 {
			i = z
		}
	}
	return i
}

// hexRun is the number of [0-9A-Fa-f] bytes at i, counting up to max.
func hexRun(w string, i, max int) int {
	n := 0
	for n < max && i+n < len(w) && isHex(w[i+n]) {
		n++
	}
	return n
}

// dottedQuad matches \d{1,3}(?:\.\d{1,3}){3} at i: each of the first three
// digit runs must be 1 to 3 bytes and end at a '.'; the last takes up to 3
// digits. It returns the end or -1.
func dottedQuad(w string, i int) int {
	for g := 0; g < 3; g++ {
		n := digitRunMax(w, i, 4)
		if n < 1 || n > 3 || i+n >= len(w) || w[i+n] != '.' {
			return -1
		}
		i += n + 1
	}
	n := digitRunMax(w, i, 3)
	if n < 1 {
		return -1
	}
	return i + n
}

func digitRunMax(w string, i, max int) int {
	n := 0
	for n < max && i+n < len(w) && isDigit(w[i+n]) {
		n++
	}
	return n
}

// zoneRun is the end of the run of (?i)[0-9a-z] at i: ASCII letters and
// digits, and ſ (U+017F) and K (U+212A), which fold to s and k.
func zoneRun(w string, i int) int {
	for i < len(w) {
		switch {
		case isAlnum(w[i]):
			i++
		case strings.HasPrefix(w[i:], "\u017f"):
			i += len("\u017f")
		case strings.HasPrefix(w[i:], "\u212a"):
			i += len("\u212a")
		default:
			return i
		}
	}
	return i
}
