// Package pii detects personal data and secrets in free text (logs, chat
// messages, documents) and redacts them with consistent pseudonyms.
//
// Offset convention: every Finding's Start and End are BYTE offsets into the
// UTF-8 input string, half-open [Start, End), so that text[Start:End] ==
// Value. This is the single offset convention of the application; any UI that
// works in UTF-16 or rune indices must convert at its boundary.
//
// The package is stdlib-only, has no package-level mutable state, and a
// Detector is immutable after NewDetector and safe for concurrent use.
package pii

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// Finding is one detected span.
type Finding struct {
	Type       string // e.g. "email", "ipv4", "jwt", "password" (see Types)
	Rule       string // id of the rule that produced it
	Start, End int    // BYTE offsets into the UTF-8 input, half-open [Start,End)
	Value      string // input[Start:End]
}

// Options configures a Detector.
type Options struct {
	// Disabled switches types (as returned by Types) off.
	Disabled map[string]bool
}

// Detector scans text for findings. Build it once with NewDetector.
type Detector struct {
	rules    []*rule // enabled rules
	disabled map[string]bool
}

// priority classes: higher wins when overlapping findings are merged.
const (
	classNetwork = iota + 1
	classPersonal
	classFinancial
	classCredential
	classSecret
)

// typeList is the stable order returned by Types, with each type's class.
var typeList = []struct {
	name  string
	class int
}{
	{"private_key", classSecret},
	{"jwt", classSecret},
	{"aws_access_key", classSecret},
	{"aws_secret_key", classSecret},
	{"github_token", classSecret},
	{"gitlab_token", classSecret},
	{"slack_token", classSecret},
	{"stripe_key", classSecret},
	{"google_api_key", classSecret},
	{"azure_key", classSecret},
	{"url_credentials", classCredential},
	{"bearer_token", classCredential},
	{"basic_auth", classCredential},
	{"password", classCredential},
	{"secret", classCredential},
	{"api_key", classCredential},
	{"token", classCredential},
	{"azure_sas", classCredential},
	{"credit_card", classFinancial},
	{"iban", classFinancial},
	{"ssn", classPersonal},
	{"email", classPersonal},
	{"phone", classPersonal},
	{"username", classPersonal},
	{"ipv4", classNetwork},
	{"ipv6", classNetwork},
	{"mac", classNetwork},
	{"hostname", classNetwork},
}

// Types returns all finding types in a stable order (highest priority first).
func Types() []string {
	out := make([]string, len(typeList))
	for i, t := range typeList {
		out[i] = t.name
	}
	return out
}

func classOf(typ string) int {
	for _, t := range typeList {
		if t.name == typ {
			return t.class
		}
	}
	return 0
}

// NewDetector builds a Detector. Rules whose every possible type is disabled
// are skipped entirely; rules producing several types are filtered per finding.
func NewDetector(opts Options) *Detector {
	d := &Detector{disabled: map[string]bool{}}
	for k, v := range opts.Disabled {
		if v {
			d.disabled[k] = true
		}
	}
	for _, r := range buildRules() {
		on := false
		for _, t := range r.types {
			if !d.disabled[t] {
				on = true
			}
		}
		if on {
			d.rules = append(d.rules, r)
		}
	}
	return d
}

// Scan returns the findings in text, sorted by Start, with overlapping spans
// merged (the union of the spans, typed by the highest-priority class).
func (d *Detector) Scan(text string) []Finding {
	if text == "" {
		return nil
	}
	var raw []Finding
	var lower string
	lowerDone := false
	var lines []lineInfo
	for _, r := range d.rules {
		switch {
		case len(r.lits) > 0 || len(r.folds) > 0:
			raw = d.scanLiteralRule(r, text, &lower, &lowerDone, raw)
		default:
			if lines == nil {
				lines = splitLines(text)
			}
			for i := range lines {
				ln := &lines[i]
				if r.need != nil && !r.need(&ln.f) {
					continue
				}
				raw = d.runLine(r, text, "", ln.start, ln.end, raw)
			}
		}
	}
	return mergeFindings(text, raw)
}

// scanLiteralRule runs r's regexp only on the lines (or, for multiline rules,
// the rest of the text) where one of its literals occurs.
func (d *Detector) scanLiteralRule(r *rule, text string, lower *string, lowerDone *bool, raw []Finding) []Finding {
	hay := text
	lits := r.lits
	if len(r.folds) > 0 {
		if !*lowerDone {
			*lower = asciiLower(text)
			*lowerDone = true
		}
		hay = *lower
		lits = r.folds
	}
	// next[i] caches the next occurrence of lits[i] at or after pos (-1: none
	// left), so each literal is searched for at most once per byte: linear.
	next := make([]int, len(lits))
	for i := range next {
		next[i] = -2
	}
	pos := 0
	for pos < len(hay) {
		at := -1
		for i, l := range lits {
			if next[i] == -2 || next[i] >= 0 && next[i] < pos {
				next[i] = -1
				if j := indexLit(hay[pos:], l, rareByte(l)); j >= 0 {
					next[i] = pos + j
				}
			}
			if next[i] >= 0 && (at < 0 || next[i] < at) {
				at = next[i]
			}
		}
		if at < 0 {
			break
		}
		ls := strings.LastIndexByte(text[:at], '\n') + 1
		if ls < pos {
			ls = pos
		}
		le := len(text)
		if !r.multiline {
			if i := strings.IndexByte(text[at:], '\n'); i >= 0 {
				le = at + i
			}
		}
		raw = d.runLine(r, text, hay, ls, le, raw)
		pos = le + 1
	}
	return raw
}

// runRule runs r over text[ws:we]; rules marked onLower match against lower,
// the ASCII-lower-cased copy of text (same byte offsets).
func (d *Detector) runRule(r *rule, text, lower string, ws, we int, raw []Finding) []Finding {
	hay := text
	if r.onLower {
		hay = lower
	}
	for _, m := range r.re.FindAllStringSubmatchIndex(hay[ws:we], -1) {
		for i := range m {
			if m[i] >= 0 {
				m[i] += ws
			}
		}
		raw = d.emit(r, text, m, raw)
	}
	return raw
}

// emit validates one match (absolute submatch offsets m) and appends its
// finding.
func (d *Detector) emit(r *rule, text string, m []int, raw []Finding) []Finding {
	s, e := m[0], m[1]
	if r.group > 0 {
		if m[2*r.group] < 0 {
			return raw
		}
		s, e = m[2*r.group], m[2*r.group+1]
	} else if r.group < 0 { // first non-empty group
		s = -1
		for g := max(r.valFrom, 1); 2*g < len(m); g++ {
			if m[2*g] >= 0 && m[2*g+1] > m[2*g] {
				s, e = m[2*g], m[2*g+1]
				break
			}
		}
		if s < 0 {
			return raw
		}
	}
	typ := r.types[0]
	if r.check != nil {
		var ok bool
		s, e, typ, ok = r.check(text, m, s, e)
		if !ok {
			return raw
		}
		if typ == "" {
			typ = r.types[0]
		}
	}
	if s < 0 || e > len(text) || s >= e || d.disabled[typ] {
		return raw
	}
	raw = append(raw, Finding{Type: typ, Rule: r.id, Start: s, End: e})
	return raw
}

// scanNaive runs every rule's regexp over the whole text with no prefilter.
// It is the benchmark baseline and the reference the prefiltered Scan must
// agree with.
func (d *Detector) scanNaive(text string) []Finding {
	var raw []Finding
	lower := asciiLower(text)
	for _, r := range d.rules {
		raw = d.runRule(r, text, lower, 0, len(text), raw)
	}
	return mergeFindings(text, raw)
}

// mergeFindings sorts findings and merges overlapping spans into their union,
// keeping the type and rule of the highest-priority class (ties: the earliest,
// longest finding). No byte of any input finding is left outside the result.
func mergeFindings(text string, fs []Finding) []Finding {
	if len(fs) == 0 {
		return nil
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(b.End, a.End)
	})
	out := make([]Finding, 0, len(fs))
	cur := fs[0]
	for _, f := range fs[1:] {
		if f.Start < cur.End {
			if f.End > cur.End {
				cur.End = f.End
			}
			if classOf(f.Type) > classOf(cur.Type) {
				cur.Type, cur.Rule = f.Type, f.Rule
			}
			continue
		}
		out = append(out, cur)
		cur = f
	}
	out = append(out, cur)
	for i := range out {
		out[i].Value = text[out[i].Start:out[i].End]
	}
	return out
}

// asciiLower lower-cases ASCII letters only, so byte offsets are preserved.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

type rule struct {
	id      string
	types   []string // types[0] is the default type
	re      *regexp.Regexp
	group   int // 0: whole match; >0: that submatch; -1: first non-empty submatch from valFrom
	valFrom int
	// Prefilter: case-sensitive literals, or lower-case literals searched in
	// the ASCII-lower-cased text; else a per-line feature predicate.
	lits, folds []string
	need        func(*feat) bool
	multiline   bool // window runs from the literal to the end of the text
	onLower     bool // re is lower-case and runs on the lower-cased text (needs folds)
	// check validates a candidate (m holds absolute submatch offsets) and may
	// narrow the span and choose the type ("" = types[0]).
	check func(text string, m []int, s, e int) (int, int, string, bool)
	// Fast paths (see fast.go): anchored candidates or windows.
	next func(text, lower string, pos, le int) (j, skip int)
	win  func(text string, pos, le int) (ws, we int)
	find func(text string, pos, le int) (s, e int) // exact matcher: next match of re (group 0)
	anc  *regexp.Regexp                            // re anchored at the start, for next
	// foldsNonASCII: re is case-insensitive, so it also matches ſ and K.
	foldsNonASCII bool
}
