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
	"encoding/binary"
	"math/bits"
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
	off      [numTypes]bool // disabled, by index into typeList
	kw       *kwIndex       // literals of the line-local literal rules
	ids      []string       // rule ids by rule.ord (hits carry the ord)
	words    *wordScan      // the word-start rules' tables (nil: none enabled)
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

const numTypes = 28 // len(typeList); checked by TestTypesStableAndKnown

// typeIndex returns typ's index in typeList, or -1.
func typeIndex(typ string) int {
	for i, t := range typeList {
		if t.name == typ {
			return i
		}
	}
	return -1
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
			if i := typeIndex(k); i >= 0 {
				d.off[i] = true
			}
		}
	}
	all := buildRules()
	d.ids = make([]string, len(all))
	for _, r := range all {
		d.ids[r.ord] = r.id
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
	d.buildKeywords()
	var words []*rule
	for _, r := range d.rules {
		if !r.multiline && len(r.lits)+len(r.folds) == 0 && (r.at != nil || r.cand != nil) {
			words = append(words, r) // as scan sorts them
		}
	}
	d.words = newWordScan(words)
	return d
}

// Scan returns the findings in text, sorted by Start, with overlapping spans
// merged (the union of the spans, typed by the highest-priority class).
func (d *Detector) Scan(text string) []Finding {
	return d.scan(text, nil)
}

// scan is Scan with optional work counters (st may be nil); the linearity
// tests read them.
func (d *Detector) scan(text string, st *scanStats) []Finding {
	if text == "" {
		return nil
	}
	// about one hit per 100 bytes of log text: start there rather than
	// growing (and copying) the slice ten times
	raw := make([]hit, 0, len(text)/128+16)
	var lower string
	lowerDone := false
	lines := splitLines(text, d.kw)
	// Each rule (and the word-start pass) appends a run of hits sorted by
	// position; runs ends them, and sortRuns merges them (cheaper than
	// sorting the whole list).
	var runs []int
	endRun := func() {
		from := 0
		if len(runs) > 0 {
			from = runs[len(runs)-1]
		}
		if len(raw) > from {
			if run := raw[from:]; !slices.IsSortedFunc(run, compareHits) {
				slices.SortFunc(run, compareHits) // equal starts in the word pass
			}
			runs = append(runs, len(raw))
		}
	}
	// Every rule but the multiline PEM one finds its matches inside one line.
	var lineRules []*rule
	for _, r := range d.rules {
		switch {
		case r.multiline:
			raw = d.scanLiteralRule(r, text, &lower, &lowerDone, raw, st)
			endRun()
		case len(r.lits) > 0 || len(r.folds) > 0:
			// on the lines whose keyword bits select it
		case r.at != nil || r.cand != nil:
			// at word starts, in one shared pass (d.words)
		default:
			lineRules = append(lineRules, r)
		}
	}
	// byBit lists, for each keyword bit, the lines holding it (in order),
	// from one pass over the lines: walking all the lines once per literal
	// rule to test one bit was ~4 % of the scan, as most lines hold none.
	var allKW uint32 // keyword bits of all lines
	var from [33]int32
	for li := range lines {
		lines[li].needs = lines[li].f.needs()
		allKW |= lines[li].kw
		for b := lines[li].kw; b != 0; b &= b - 1 {
			from[bits.TrailingZeros32(b)+1]++
		}
	}
	for k := 1; k < len(from); k++ {
		from[k] += from[k-1]
	}
	byBit := make([]int32, from[32])
	fill := from
	for li := range lines {
		for b := lines[li].kw; b != 0; b &= b - 1 {
			k := bits.TrailingZeros32(b)
			byBit[fill[k]] = int32(li)
			fill[k]++
		}
	}
	if allKW&d.kw.foldBits != 0 && !lowerDone {
		lower, lowerDone = lowerLines(text, lines, d.kw.foldBits), true
	}
	// Rule by rule: running every rule on one line before the next line was
	// measured ~25 % slower (the rules' loops then share branch history).
	for _, r := range lineRules {
		for li := range lines {
			if ln := &lines[li]; ln.needs&(1<<r.need) != 0 {
				rl := r
				if r.noDash != nil && !ln.f.phoneDash {
					rl = r.noDash
				}
				raw = d.runLine(rl, text, "", ln.start, ln.end, ln.f.nonASCII, raw, st)
			}
		}
		endRun()
	}
	for k, ri := range d.kw.rules {
		bit := uint32(1) << k
		if allKW&bit == 0 {
			continue
		}
		r, hay := d.rules[ri], text // rules with case-sensitive lits match on text
		if len(r.folds) > 0 {
			hay = lower
		}
		for _, li := range byBit[from[k]:from[k+1]] {
			ln := &lines[li]
			raw = d.runLine(r, text, hay, ln.start, ln.end, ln.f.nonASCII, raw, st)
		}
		endRun()
	}
	if ws := d.words; ws != nil {
		next := make([]int, len(ws.rules))
		for li := range lines {
			raw = d.wordStarts(ws, next, text, &lines[li], raw, st)
		}
		endRun()
	}
	return mergeHits(text, d.ids, sortRuns(raw, runs))
}

// scanLiteralRule runs r's regexp only on the lines (or, for multiline rules,
// the rest of the text) where one of its literals occurs.
func (d *Detector) scanLiteralRule(r *rule, text string, lower *string, lowerDone *bool, raw []hit, st *scanStats) []hit {
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
		raw = d.runLine(r, text, hay, ls, le, true, raw, st)
		pos = le + 1
	}
	return raw
}

// runRule runs r over text[ws:we]; rules marked onLower match against lower,
// the ASCII-lower-cased copy of text (same byte offsets).
func (d *Detector) runRule(r *rule, text, lower string, ws, we int, raw []hit, st *scanStats) []hit {
	st.regexp(we - ws)
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
func (d *Detector) emit(r *rule, text string, m []int, raw []hit) []hit {
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
	return d.emitSpan(r, text, m, s, e, raw)
}

// emitSpan validates the span [s,e) of a match and appends its hit.
func (d *Detector) emitSpan(r *rule, text string, m []int, s, e int, raw []hit) []hit {
	ti := r.typeIdx[0]
	if r.check != nil {
		var ok bool
		var typ string
		s, e, typ, ok = r.check(text, m, s, e)
		if !ok {
			return raw
		}
		for k, t := range r.types {
			if t == typ {
				ti = r.typeIdx[k]
			}
		}
	}
	if s < 0 || e > len(text) || s >= e || d.off[ti] {
		return raw
	}
	return append(raw, hit{start: s, end: e, typ: int32(ti), ord: int32(r.ord)})
}

// scanNaive runs every rule's regexp over the whole text with no prefilter.
// It is the benchmark baseline and the reference the prefiltered Scan must
// agree with.
func (d *Detector) scanNaive(text string) []Finding {
	var raw []hit
	lower := asciiLower(text)
	for _, r := range d.rules {
		raw = d.runRule(r, text, lower, 0, len(text), raw, nil)
	}
	slices.SortFunc(raw, compareHits)
	return mergeHits(text, d.ids, raw)
}

// hit is a finding before merging: its span, its type (index into typeList,
// which is also the merge priority order) and its rule (rule.ord, an index
// into Detector.ids). It holds no pointer: the hits of a scan (~one per 100
// bytes) are then no work for the garbage collector, and appending them
// needs no write barriers (with a *rule field those were ~5 % of a scan).
type hit struct {
	start, end int
	typ, ord   int32
}

// compareHits orders hits by start, longer first, then by type priority and
// rule order (a total order, so no stable sort is needed).
func compareHits(a, b hit) int {
	if c := cmp.Compare(a.start, b.start); c != 0 {
		return c
	}
	if c := cmp.Compare(b.end, a.end); c != 0 {
		return c
	}
	if c := cmp.Compare(a.typ, b.typ); c != 0 {
		return c
	}
	return cmp.Compare(a.ord, b.ord)
}

// sortRuns sorts hs, the concatenation of runs sorted by compareHits that
// end at ends, by merging neighbouring runs until one is left: O(n log runs)
// instead of O(n log n). The result may live in a new slice.
func sortRuns(hs []hit, ends []int) []hit {
	if len(ends) <= 1 {
		return hs
	}
	src, dst := hs, make([]hit, len(hs))
	for len(ends) > 1 {
		next := ends[:0:0]
		lo := 0
		for k := 0; k < len(ends); k += 2 {
			if k+1 == len(ends) { // odd one out: copied as it is
				copy(dst[lo:ends[k]], src[lo:ends[k]])
				next = append(next, ends[k])
				break
			}
			mid, hi := ends[k], ends[k+1]
			mergeRuns(dst[lo:hi], src[lo:mid], src[mid:hi])
			next = append(next, hi)
			lo = hi
		}
		ends = next
		src, dst = dst, src
	}
	return src
}

// mergeRuns merges the sorted a and b into dst (len(a)+len(b)).
func mergeRuns(dst, a, b []hit) {
	i, j := 0, 0
	for k := range dst {
		if j == len(b) || i < len(a) && compareHits(a[i], b[j]) <= 0 {
			dst[k] = a[i]
			i++
		} else {
			dst[k] = b[j]
			j++
		}
	}
}

// mergeHits is mergeFindings for hits sorted by compareHits: they are merged
// into unions typed by the highest class.
func mergeHits(text string, ids []string, hs []hit) []Finding {
	if len(hs) == 0 {
		return nil
	}
	out := make([]Finding, 0, len(hs))
	cur := hs[0]
	for _, h := range hs[1:] {
		if h.start < cur.end {
			cur.end = max(cur.end, h.end)
			if typeList[h.typ].class > typeList[cur.typ].class {
				cur.typ, cur.ord = h.typ, h.ord
			}
			continue
		}
		out = append(out, finding(text, ids, cur))
		cur = h
	}
	return append(out, finding(text, ids, cur))
}

func finding(text string, ids []string, h hit) Finding {
	return Finding{Type: typeList[h.typ].name, Rule: ids[h.ord], Start: h.start, End: h.end, Value: text[h.start:h.end]}
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

// asciiLower lower-cases ASCII letters only, so byte offsets are preserved
// (writeLower).
func asciiLower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var buf [4096]byte
	writeLower(&b, s, &buf)
	return b.String()
}

// lowerLines is asciiLower(text) on the lines whose keyword bits meet
// fold (the lines the rules matching on the lower-cased text run on) and
// text itself elsewhere (copied): the rules read the lower-cased text only
// inside the lines they run on, and on the dense corpus half of the bytes
// lie on other lines. Neighbouring such lines are lower-cased as one run.
func lowerLines(text string, lines []lineInfo, fold uint32) string {
	var b strings.Builder
	b.Grow(len(text))
	var buf [4096]byte
	pos, rs, re := 0, -1, 0 // [rs, re): the pending run of lines to lower
	for li := range lines {
		ln := &lines[li]
		if ln.kw&fold == 0 {
			continue
		}
		if rs >= 0 && ln.start == re+1 {
			re = ln.end
			continue
		}
		if rs >= 0 {
			b.WriteString(text[pos:rs])
			writeLower(&b, text[rs:re], &buf)
			pos = re
		}
		rs, re = ln.start, ln.end
	}
	if rs >= 0 {
		b.WriteString(text[pos:rs])
		writeLower(&b, text[rs:re], &buf)
		pos = re
	}
	b.WriteString(text[pos:])
	return b.String()
}

// writeLower writes asciiLower(s) to b, through buf.
// It works on eight bytes at a time (lower8) into the buffer and appends
// that in chunks: about a quarter of the per-byte table loads it replaced.
func writeLower(b *strings.Builder, s string, buf *[4096]byte) {
	for len(s) > 0 {
		n := min(len(s), len(buf))
		i := 0
		for ; i+8 <= n; i += 8 {
			binary.LittleEndian.PutUint64(buf[i:], lower8(load64(s, i)))
		}
		for ; i < n; i++ {
			buf[i] = lowerByte[s[i]]
		}
		b.Write(buf[:n])
		s = s[n:]
	}
}

// load64 reads s[i:i+8] as a little-endian word (the compiler turns the
// shifts into one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// lower8 is lowerByte on each byte of x (SWAR): with the top bit of each byte
// cleared, adding 0x80-'A' sets it for bytes >= 'A', adding 0x7f-'Z' for
// bytes > 'Z' (no carry crosses bytes as both sums stay below 0x100); a
// byte is an upper-case letter when the first holds, the second does not
// and its own top bit was clear (ASCII), and then gets 0x20 added.
func lower8(x uint64) uint64 {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	low7 := x &^ high
	geA := low7 + (0x80-'A')*ones
	gtZ := low7 + (0x7f-'Z')*ones
	upper := geA &^ gtZ &^ x & high
	return x | upper>>2
}

type rule struct {
	id      string
	ord     int      // position in buildRules (merge tie-break)
	types   []string // types[0] is the default type
	typeIdx []int    // indexes of types in typeList
	re      *regexp.Regexp
	group   int // 0: whole match; >0: that submatch; -1: first non-empty submatch from valFrom
	valFrom int
	// Prefilter: case-sensitive literals, or lower-case literals searched in
	// the ASCII-lower-cased text; else a per-line feature predicate.
	lits, folds []string
	need        needKind // the line feature the rule needs (needNone: none)
	multiline   bool     // window runs from the literal to the end of the text
	onLower     bool     // re is lower-case and runs on the lower-cased text (needs folds)
	// check validates a candidate (m holds absolute submatch offsets) and may
	// narrow the span and choose the type ("" = types[0]).
	check func(text string, m []int, s, e int) (int, int, string, bool)
	// Fast paths (see fast.go): anchored candidates or windows.
	next func(text, lower string, pos, le int) (j, skip int)
	// noDash, if set, is the rule to run instead on lines without the
	// phoneDash feature: the same rule with a next that skips the candidates
	// only such a line can hold (phone: the \bNNN-NNN-NNNN start).
	noDash *rule
	win    func(text string, pos, le int) (ws, we int)
	// winAll, if set, is an exact matcher for a whole window of win: the
	// spans of re's FindAll on it, appended to out (ipv6, exactat.go).
	winAll func(w string, out [][2]int) [][2]int
	find   func(text string, pos, le int) (s, e int) // exact matcher: next match of re (group 0)
	anc    *regexp.Regexp                            // re anchored at the start, for next
	alts   []ancAlt                                  // if set, used instead of anc (see matchAt)
	// exact, if set, is used instead of anc: a hand-written matcher that
	// returns what anc returns on the same window (kv, phone; ssn and iban
	// at word starts after cand; see exactat.go).
	exact func(w string) []int
	// reach bounds the window handed to anc at a candidate (see linear.go).
	reach func(t, lo string, j, le int) int
	// failSkip: after no match at j, where the next candidate may start.
	failSkip func(t, lo string, j, le int) int
	// Word-start rules (see wordStarts): at is an exact matcher of the
	// regexp at a word start s (end, or -1 and the next start that can
	// match); cand says whether the anchored regexp can match at s.
	at   func(t string, s, le int) (e, next int)
	cand func(t string, s, le int) bool
	// wordFirst, wordTerm: the bytes a match may start with and the bytes
	// that may end its first word (nil: any); see wordStarts.
	wordFirst, wordTerm *byteSet
	wordLens            uint32 // bit n: the first word may be n bytes long (bit 31: 31 or more); 0: any
	// findAll is an exact matcher for a whole window (pem: multiline).
	findAll func(t string, pos, le int, st *scanStats) [][2]int
	// foldsNonASCII: re is case-insensitive, so it also matches ſ and K.
	foldsNonASCII bool
}
