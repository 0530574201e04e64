package pii

import "strings"

// kvKeywordOrder lists the keywords of the kv_secret regexp in the order its
// alternation tries them ([_-]? and s? prefer the longer form).
var kvKeywordOrder = func() []string {
	var out []string
	for _, w := range strings.Fields("password passwd passphrase pwd secret token api?key apikey access?key secret?key private?key signing?key encryption?key master?key client?secret auth credentials credential") {
		if i := strings.IndexByte(w, '?'); i >= 0 {
			out = append(out, w[:i]+"_"+w[i+1:], w[:i]+"-"+w[i+1:], w[:i]+w[i+1:])
			continue
		}
		out = append(out, w)
	}
	return out
}()

// kvAt is the kv_secret regexp anchored at the start of the (lower-cased)
// window w:
//
//	(KEYWORD)["']?[ \t]*(?:=>|:=|[:=])[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"',;&<>]+))
//
// It returns the regexp's submatch indexes (relative to w) or nil. The only
// choices that can change the outcome are the keyword and the separator,
// which it tries in the regexp's order; the optional quote and the blank runs
// never gain by backtracking (the next element cannot start with a quote or
// a blank), nor do the value alternatives (each is decided by its first
// byte, and a quoted value ends at its first quote). This replaces one
// backtracker call per candidate.
func kvAt(w string) []int {
	for _, kw := range kvKeywordOrder {
		if !strings.HasPrefix(w, kw) {
			continue
		}
		i := len(kw)
		if i < len(w) && isQuote(w[i]) {
			i++
		}
		i = skipWhile(w, i, len(w), isBlank)
		if i >= len(w) {
			continue
		}
		// separators in the regexp's order: =>, :=, then : or =
		for _, n := range [...]int{kvSep(w[i:], "=>"), kvSep(w[i:], ":="), kvSep(w[i:], ":"), kvSep(w[i:], "=")} {
			if n == 0 {
				continue
			}
			if m := kvValue(w, skipWhile(w, i+n, len(w), isBlank)); m != nil {
				m[2], m[3] = 0, len(kw)
				return m
			}
		}
	}
	return nil
}

// kvSep is len(sep) if s starts with sep, else 0.
func kvSep(s, sep string) int {
	if strings.HasPrefix(s, sep) {
		return len(sep)
	}
	return 0
}

// kvValue matches the value alternatives at v.
func kvValue(w string, v int) []int {
	if v >= len(w) {
		return nil
	}
	m := []int{0, 0, 0, 0, -1, -1, -1, -1, -1, -1}
	if q := w[v]; isQuote(q) {
		k := v + 1
		for k < len(w) && w[k] != q && w[k] != '\n' && w[k] != '\r' {
			k++
		}
		if k >= len(w) || w[k] != q {
			return nil
		}
		g := 4 // "..."
		if q == '\'' {
			g = 6
		}
		m[1], m[g], m[g+1] = k+1, v+1, k
		return m
	}
	e := skipWhile(w, v, len(w), isKVValueByte)
	if e == v {
		return nil
	}
	m[1], m[8], m[9] = e, v, e
	return m
}
