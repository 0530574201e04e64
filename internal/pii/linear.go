package pii

import "strings"

// Linearity. Scan must cost O(len(text)) on every input, including one
// 1 MB line of the same keyword repeated. Two things broke that before:
//
//   - the PEM regexp's lazy [\s\S]*? kept a thread alive to the end of the
//     text after every BEGIN header without an END marker, so each such
//     block rescanned the rest of the text (100 KB of them: 7 s). findPEMs
//     replaces it and searches for END markers at most once per byte.
//   - an anchored regexp started at a candidate was handed the rest of the
//     line; for the small-input backtracker Go clears a bitmap proportional
//     to that length on every call, so many candidates on a long line cost
//     candidates × line length. Each start-point rule now has a reach
//     function: an upper bound on the bytes any of its regexp's threads can
//     consume from the candidate (plus one byte so \b sees the real next
//     byte). Handing the regexp only that window changes no result.
//
// scanStats counts what is handed to regexps so a test can assert
// O(len(text)) without timing anything.

// scanStats are per-scan work counters; a nil *scanStats counts nothing.
type scanStats struct {
	reCalls int // regexp invocations
	reBytes int // bytes handed to regexps (window lengths)
	scanned int // bytes examined by findPEMs' END search
}

func (s *scanStats) regexp(n int) {
	if s != nil {
		s.reCalls++
		s.reBytes += n
	}
}

// ---- PEM blocks

const pemBegin, pemEnd = "-----BEGIN ", "-----END "

// The markers are searched for by their rarest byte (indexLit): their first
// byte, '-', is common in logs (dates, UUIDs), and strings.Index stopped at
// each one.
var pemBeginRare, pemEndRare = rareByte(pemBegin), rareByte(pemEnd)

// pemLabelEnd matches [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?----- at i: the class
// run cannot hold '-', so the label must end the run. It returns the end of
// the closing dashes or -1.
func pemLabelEnd(t string, i, le int) int {
	j := i
	for j < le && (t[j] == ' ' || isDigit(t[j]) || 'A' <= t[j] && t[j] <= 'Z') {
		j++
	}
	run := t[i:j]
	if !strings.HasSuffix(run, "PRIVATE KEY") && !strings.HasSuffix(run, "PRIVATE KEY BLOCK") {
		return -1
	}
	if !strings.HasPrefix(t[j:le], "-----") {
		return -1
	}
	return j + 5
}

func isPEMBodyByte(c byte) bool {
	return isAlnum(c) || c == '+' || c == '/' || c == '=' || c == ':' || c == ',' || c == ' ' || c == '-'
}

// findPEMs returns the matches of the pem_private_key regexp in t[pos:le]:
//
//	-----BEGIN L-----(?:[\s\S]*?-----END L-----|(?:\r?\n[A-Za-z0-9+/=:, -]*)+)
//
// The first alternative wins whenever a valid END marker follows anywhere, and
// then ends at the first one. The next END marker is cached: a header after
// the cached marker searches on from there, so every byte is searched once.
func findPEMs(t string, pos, le int, st *scanStats) [][2]int {
	var out [][2]int
	endAt, endEnd := -2, 0 // -2: not searched yet; -1: none at or after searchedFrom
	for pos < le {
		b := indexLit(t[pos:le], pemBegin, pemBeginRare)
		if b < 0 {
			break
		}
		b += pos
		h := pemLabelEnd(t, b+len(pemBegin), le)
		if h < 0 {
			pos = b + 1
			continue
		}
		if endAt == -2 || endAt >= 0 && endAt < h {
			endAt, endEnd = nextPEMEnd(t, h, le, st)
		}
		if endAt >= 0 {
			out = append(out, [2]int{b, endEnd})
			pos = endEnd
			continue
		}
		e := pemBody(t, h, le)
		if e < 0 {
			pos = b + 1
			continue
		}
		out = append(out, [2]int{b, e})
		pos = e
	}
	return out
}

// nextPEMEnd finds the first valid END marker at or after i.
func nextPEMEnd(t string, i, le int, st *scanStats) (int, int) {
	for i < le {
		k := indexLit(t[i:le], pemEnd, pemEndRare)
		if k < 0 {
			if st != nil {
				st.scanned += le - i
			}
			return -1, 0
		}
		if st != nil {
			st.scanned += k + 1
		}
		k += i
		if e := pemLabelEnd(t, k+len(pemEnd), le); e >= 0 {
			return k, e
		}
		i = k + 1
	}
	return -1, 0
}

// pemBody matches (?:\r?\n[A-Za-z0-9+/=:, -]*)+ at i (greedy), or -1.
func pemBody(t string, i, le int) int {
	e := -1
	for {
		j := i
		if j < le && t[j] == '\r' {
			j++
		}
		if j >= le || t[j] != '\n' {
			return e
		}
		j++
		for j < le && isPEMBodyByte(t[j]) {
			j++
		}
		e, i = j, j
	}
}

// ---- reach: window ends for start-point regexps (see the top of this file)

func skipWhile(t string, i, le int, ok func(byte) bool) int {
	for i < le && ok(t[i]) {
		i++
	}
	return i
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// isSpace is Go regexp's \s: [\t\n\f\r ] (no \v).
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
func isQuote(c byte) bool { return c == '"' || c == '\'' }

// runReach is for regexps that consume only bytes of one set after their
// first byte, and at most n bytes.
func runReach(n int, ok func(byte) bool) func(t, lo string, j, le int) int {
	return func(t, lo string, j, le int) int { return skipWhile(t, j+1, min(le, j+n), ok) + 1 }
}

func anyByte(byte) bool { return true }

func isPhoneByte(c byte) bool {
	return isDigit(c) || c == ' ' || c == '.' || c == '-' || c == '(' || c == ')'
}

// reachPhone: "+" then up to 57 phone bytes; "(NNN) NNN-NNNN" is at most
// 14 bytes, "NNN-NNN-NNNN" 12 (plus one for \b).
func reachPhone(t, _ string, j, le int) int {
	switch t[j] {
	case '+':
		return skipWhile(t, j+1, min(le, j+58), isPhoneByte) + 1
	case '(':
		return j + 15
	}
	return j + 13
}

// reachAzure: keyword letters, '=', base64 run ([A-Za-z0-9+/] then "==").
func reachAzure(t, _ string, j, le int) int {
	i := skipWhile(t, j, le, isAlpha)
	if i < le && t[i] == '=' {
		i++
	}
	return skipWhile(t, i, le, func(c byte) bool { return isAlnum(c) || c == '+' || c == '/' }) + 3
}

func isB64URL(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

// reachJWT: three base64url segments joined by dots.
func reachJWT(t, _ string, j, le int) int {
	i := skipWhile(t, j, le, isB64URL)
	for seg := 0; seg < 2 && i < le && t[i] == '.'; seg++ {
		i = skipWhile(t, i+1, le, isB64URL)
	}
	return i + 1
}

// reachAWSSecret: keyword and [A-Za-z0-9_]* (one word run), an optional
// quote, blanks, an optional separator of up to two bytes, blanks, a quote,
// then 40 value bytes. A value starting inside the word run ends earlier.
func reachAWSSecret(t, _ string, j, le int) int {
	if !awsSecretKeyword(asciiLower(t[j:min(le, j+24)])) {
		return j + 24 // the keyword itself fails
	}
	i := skipWhile(t, j, le, isWord)
	i = sepArea(t, i, le)
	if i < le && isQuote(t[i]) {
		i++
	}
	return i + 41
}

// sepArea skips ["']?[ \t]* then up to two of [:=>] then [ \t]*.
func sepArea(t string, i, le int) int {
	if i < le && isQuote(t[i]) {
		i++
	}
	i = skipWhile(t, i, le, isBlank)
	for k := 0; k < 2 && i < le && (t[i] == ':' || t[i] == '=' || t[i] == '>'); k++ {
		i++
	}
	return skipWhile(t, i, le, isBlank)
}

// reachURL: scheme, "://", then nothing past the first [\s/?#].
func reachURL(t, _ string, j, le int) int {
	p := strings.Index(t[j:le], "://")
	if p < 0 {
		return le
	}
	return skipWhile(t, j+p+3, le, func(c byte) bool { return !isSpace(c) && c != '/' && c != '?' && c != '#' }) + 1
}

func isBearerByte(c byte) bool {
	return bearerTab[c]
}

// reachToken (bearer, basic): keyword, blanks, one token run (with '=' padding).
func reachToken(kw int, ok func(byte) bool) func(t, lo string, j, le int) int {
	return func(t, lo string, j, le int) int {
		i := skipWhile(t, min(j+kw, le), le, isBlank)
		return skipWhile(t, i, le, ok) + 1
	}
}

// Byte classes the reach functions test per byte, as tables: testing them
// with strings.IndexByte on a short string called the vectorized search
// once per byte (indexbytebody was ~6 % of the dense corpus' profile).
var (
	bearerTab  = *byteSetOf(func(c byte) bool { return isAlnum(c) || strings.IndexByte("-._~+/=", c) >= 0 })
	kvValueTab = *byteSetOf(func(c byte) bool { return !isSpace(c) && strings.IndexByte(`"',;&<>`, c) < 0 })
	proseTab   = *byteSetOf(func(c byte) bool { return !isSpace(c) && strings.IndexByte("\"'`,;", c) < 0 })
	sasSigTab  = *byteSetOf(func(c byte) bool { return isAlnum(c) || strings.IndexByte("%+/=", c) >= 0 })
)

// isKVValueByte is [^\s"',;&<>], the unquoted kv_secret value.
func isKVValueByte(c byte) bool { return kvValueTab[c] }

// isSASSigByte is [A-Za-z0-9%+/=].
func isSASSigByte(c byte) bool { return sasSigTab[c] }

func isB64(c byte) bool { return isAlnum(c) || c == '+' || c == '/' || c == '=' }

// valueEnd is the end of a kv value at i: a quoted string runs to its
// closing quote or the end of the line, an unquoted one to the first
// [\s"',;&<>].
func valueEnd(t string, i, le int) int {
	if i >= le {
		return le
	}
	if isQuote(t[i]) {
		k := i + 1
		for k < le && t[k] != t[i] && t[k] != '\n' && t[k] != '\r' {
			k++
		}
		return k + 1
	}
	return skipWhile(t, i, le, isKVValueByte)
}

// reachKV: key letters, ["']?, blanks, separator (=>, :=, : or =), blanks,
// value. The separator may be taken short (":" of ":="), so the value can
// start one byte earlier; both ends are bounded.
func reachKV(_, lo string, j, le int) int {
	i := skipWhile(lo, j, le, func(c byte) bool { return 'a' <= c && c <= 'z' || c == '_' || c == '-' })
	if i < le && isQuote(lo[i]) {
		i++
	}
	i = skipWhile(lo, i, le, isBlank)
	w := i
	for k := 1; k <= 2 && i+k <= le && strings.IndexByte(":=>", lo[i+k-1]) >= 0; k++ {
		v := skipWhile(lo, i+k, le, isBlank)
		w = max(w, valueEnd(lo, v, le), valueEnd(lo, i+k, le))
	}
	return w + 1
}

// reachProse: keyword, blanks, a phrase of at most 10 bytes, blanks, ':',
// blanks, a quote, then a value run.
func reachProse(t, _ string, j, le int) int {
	i := skipWhile(t, j, le, isAlpha)
	i = skipWhile(t, i, le, isBlank)
	w := i
	if i < le && isQuote(t[i]) { // PASSWORD 'x': value and closing quote
		w = skipWhile(t, i+1, le, isProseValueByte) + 1
	}
	for _, n := range [...]int{2, 3, 6, 8, 10} { // is, was, set to, reset to, changed to
		v := min(i+n, le)
		v = skipWhile(t, v, le, isBlank)
		if v < le && t[v] == ':' {
			v++
		}
		v = skipWhile(t, v, le, isBlank)
		if v < le && (isQuote(t[v]) || t[v] == '`') {
			v++
		}
		w = max(w, skipWhile(t, v, le, isProseValueByte))
	}
	return w + 1
}

// reachSAS: SharedAccessSignature=value at a letter, [?&]sig=value at ? or &.
func reachSAS(t, _ string, j, le int) int {
	if t[j] == '?' || t[j] == '&' {
		return skipWhile(t, min(j+5, le), le, isSASSigByte) + 1
	}
	return skipWhile(t, min(j+len("sharedaccesssignature="), le), le, func(c byte) bool { return !isSpace(c) && c != ';' && !isQuote(c) }) + 1
}

// ---- failSkip: after a failed match at j, the first later candidate that
// can still match (every candidate in between fails the same way).

// failSkipJWT: every "eyJ" inside the first segment sees the same dot after a
// shorter run, so it fails too.
func failSkipJWT(t, _ string, j, le int) int { return skipWhile(t, j, le, isB64URL) }

// failSkipAWSSecret: once a full keyword matched at j, a later keyword in the
// same word run can only reach value starts that j's [A-Za-z0-9_]* reaches
// too, so it fails as well.
func failSkipAWSSecret(t, _ string, j, le int) int {
	if awsSecretKeyword(asciiLower(t[j:min(le, j+24)])) {
		return skipWhile(t, j, le, isWord)
	}
	return j + 1
}

// awsSecretKeyword reports whether s starts with
// aws_?secret_?(?:access_?)?key or secret_?access_?key (lower case).
func awsSecretKeyword(s string) bool {
	word := func(w string) bool {
		if !strings.HasPrefix(s, w) {
			return false
		}
		s = strings.TrimPrefix(s[len(w):], "_")
		return true
	}
	if word("aws") {
		if !word("secret") {
			return false
		}
		word("access")
		return word("key")
	}
	return word("secret") && word("access") && word("key")
}

func isUserByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '\\' || c == '@' || c == '-'
}

func isUserSep(c byte) bool { return isBlank(c) || isQuote(c) || c == '=' || c == ':' }

// reachUsername bounds every alternative: the keyword, a run of blanks,
// quotes, '=' and ':' (all the regexp allows before a value, none of them a
// value byte), "user"/"for" and another such run, the value, blanks, then
// "from" or "not found" (at most 10 bytes) and one byte for \b.
func reachUsername(_, lo string, j, le int) int {
	w := j + 1
	tail := func(i int) int { // value, blanks, then at most 10 literal bytes and \b
		i = skipWhile(lo, i, le, isUserByte)
		return skipWhile(lo, i, le, isBlank) + 11
	}
	switch {
	case strings.HasPrefix(lo[j:le], ":user/"): // ARN
		w = tail(j + len(":user/"))
	case strings.HasPrefix(lo[j:le], " - "): // access log remote user
		w = tail(j + 3)
	case strings.HasPrefix(lo[j:le], "(to "): // su: (to target) user on
		i := skipWhile(lo, j+4, le, isUserByte)
		if i < le && lo[i] == ')' {
			w = tail(skipWhile(lo, i+1, le, isBlank))
		}
	}
	for _, ki := range userKeysByFirst[lo[j]] { // only keywords starting with lo[j] can be there
		k := userKeys[ki]
		if !strings.HasPrefix(lo[j:le], k.kw) {
			continue
		}
		kwEnd := j + len(k.kw)
		i := skipWhile(lo, kwEnd, le, isUserSep)
		for _, word := range [...]string{"user", "for", "changed for", "name="} {
			if strings.HasPrefix(lo[i:le], word) {
				i = skipWhile(lo, i+len(word), le, isUserSep)
			}
		}
		if i == kwEnd && !isUserSep(k.kw[len(k.kw)-1]) { // a separator or blank must follow
			w = max(w, i+1)
			continue
		}
		i = skipWhile(lo, i, le, isUserByte)
		i = skipWhile(lo, i, le, isBlank)
		w = max(w, i+11)
	}
	return w
}
