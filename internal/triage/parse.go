package triage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Report is the structured block the protocol asks the model to end every reply with. Parse only
// returns reports whose WhyLevel is 1..MaxLevel and whose Question is not empty; every text is
// valid UTF-8 without control characters (newline and tab kept in answers) and within the limits
// the Service enforces, so applying a parsed report never fails validation.
type Report struct {
	WhyLevel         int           `json:"whyLevel"`
	Question         string        `json:"question"`
	Answer           string        `json:"answer"`
	Evidence         []string      `json:"evidence"`     // never nil
	EvidenceRefs     []EvidenceRef `json:"evidenceRefs"` // the log:<id>#L<n> citations found in Evidence; never nil
	RootCauseReached bool          `json:"rootCauseReached"`
	RootCause        string        `json:"rootCause"`
	Confidence       float64       `json:"confidence"` // 0..1
	NextQuestion     string        `json:"nextQuestion"`
}

// EvidenceRef is a citation of one line of an attached log, so the UI can open the viewer there.
type EvidenceRef struct {
	LogID string `json:"logId"`
	Line  int    `json:"line"`
}

// MaxLevel is the deepest why level a report may carry. A report with a higher level is clamped
// to MaxLevel (the model went deeper than five: it is still the deepest level); a level below 1,
// or one that is not a whole number, makes the block invalid.
const MaxLevel = 5

// Limits on the fields of a parsed report (longer texts are cut, not refused: they come from a model).
const (
	maxEvidenceItems = 20
	maxEvidenceItem  = 500
)

// block is a candidate triage object found in a reply; [start, end) is the span StripReport removes.
type block struct {
	start, end int
	lang       string // fence info word, lowercased; "bare" for an unfenced object at the end
	content    string // the text holding the JSON object
}

// Parse finds the triage block of a model reply. It accepts a ```triage fence (the protocol),
// ```json or unlabelled fences, ~~~ fences, an unclosed last fence, and a bare JSON object at the
// very end of the reply; prose before and after is ignored. When several blocks are present, the
// last valid one wins. Lenient about types: "2" for 2, "true" for true, a confidence of 60 for
// 0.6; extra fields are ignored; trailing commas and typographic quotes are repaired. ok is false
// when the reply has no valid block: the reply then changes nothing — progress is never guessed
// from words like "why 2" or "root cause" in the prose.
func Parse(reply string) (Report, bool) {
	cands := candidates(reply)
	for i := len(cands) - 1; i >= 0; i-- {
		obj, ok := decodeObject(cands[i].content)
		if !ok {
			continue
		}
		if r, ok := reportFrom(obj); ok {
			return r, true
		}
	}
	return Report{}, false
}

// StripReport returns the prose of a reply for the chat to display: every ```triage fence (valid
// or not), every other fence or trailing bare object that holds a triage object (one with a
// why_level), removed, with the surrounding blank lines tidied.
func StripReport(reply string) string {
	var spans [][2]int
	for _, b := range candidates(reply) {
		if b.lang == "triage" || isReportObject(b.content) {
			spans = append(spans, [2]int{b.start, b.end})
		}
	}
	if len(spans) == 0 {
		return strings.TrimSpace(reply)
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var pieces []string
	pos := 0
	for _, sp := range spans {
		if sp[0] < pos { // overlapping (an unclosed fence and the bare object inside it)
			pos = max(pos, sp[1])
			continue
		}
		pieces = append(pieces, reply[pos:sp[0]])
		pos = sp[1]
	}
	pieces = append(pieces, reply[pos:])
	var out []string
	for _, p := range pieces {
		p = strings.TrimRight(strings.TrimLeft(p, "\r\n"), " \t\r\n")
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n\n"))
}

// candidates lists the fenced blocks and the trailing bare object of reply, in text order.
func candidates(reply string) []block {
	out := fences(reply)
	if b, ok := trailingObject(reply); ok {
		inside := false
		for _, f := range out {
			if b.start >= f.start && b.end <= f.end {
				inside = true
			}
		}
		if !inside {
			out = append(out, b)
		}
	}
	slices.SortStableFunc(out, func(a, b block) int { return a.start - b.start })
	return out
}

// fences finds fenced code blocks (``` or ~~~, up to three spaces of indentation, CommonMark
// rules for the closing fence). An unclosed fence runs to the end of the text.
func fences(s string) []block {
	var out []block
	lineStart := 0
	var open *block
	var fch byte
	var flen int
	contentStart := 0
	for lineStart < len(s) {
		nl := strings.IndexByte(s[lineStart:], '\n')
		lineEnd := len(s) // exclusive, without the newline
		next := len(s)
		if nl >= 0 {
			lineEnd = lineStart + nl
			next = lineEnd + 1
		}
		line := s[lineStart:lineEnd]
		ind := 0
		for ind < len(line) && ind < 4 && line[ind] == ' ' {
			ind++
		}
		rest := line[ind:]
		if ind <= 3 && len(rest) >= 3 && (rest[0] == '`' || rest[0] == '~') {
			ch := rest[0]
			n := 0
			for n < len(rest) && rest[n] == ch {
				n++
			}
			if open == nil && n >= 3 {
				info := strings.TrimSpace(rest[n:])
				if ch == '`' && strings.HasSuffix(info, "```") && strings.Contains(info, "{") {
					// A one-line fence: ```triage {"why_level": 1, …}```
					inner := strings.TrimRight(info, "`")
					lang := ""
					if f := strings.Fields(inner); len(f) > 0 && !strings.HasPrefix(f[0], "{") {
						lang = strings.ToLower(f[0])
						inner = strings.TrimSpace(inner)[len(f[0]):]
					}
					out = append(out, block{start: lineStart, end: next, lang: lang, content: inner})
				} else if ch != '`' || !strings.Contains(info, "`") {
					lang := ""
					if f := strings.Fields(info); len(f) > 0 {
						lang = strings.ToLower(f[0])
					}
					open = &block{start: lineStart, lang: lang}
					fch, flen = ch, n
					contentStart = next
				}
			} else if open != nil && ch == fch && n >= flen && strings.TrimSpace(rest[n:]) == "" {
				open.content = s[min(contentStart, lineStart):lineStart]
				open.end = next
				out = append(out, *open)
				open = nil
			}
		}
		lineStart = next
	}
	if open != nil {
		open.content = s[min(contentStart, len(s)):]
		open.end = len(s)
		out = append(out, *open)
	}
	return out
}

// trailingObject finds a JSON object that ends the text (only whitespace after it), matching its
// braces backwards (strings respected), so the search is linear.
func trailingObject(s string) (block, bool) {
	end := len(strings.TrimRight(s, " \t\r\n"))
	if end == 0 || s[end-1] != '}' {
		return block{}, false
	}
	depth := 0
	inStr := false
	for i := end - 1; i >= 0; i-- {
		c := s[i]
		if c == '"' {
			// A quote is escaped when preceded by an odd number of backslashes.
			k := 0
			for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
				k++
			}
			if k%2 == 0 {
				inStr = !inStr
			}
			continue
		}
		if inStr {
			continue
		}
		switch c {
		case '}':
			depth++
		case '{':
			depth--
			if depth == 0 {
				return block{start: i, end: len(s), lang: "bare", content: s[i:end]}, true
			}
		}
	}
	return block{}, false
}

// firstObject returns the first balanced {...} in s (strings respected).
func firstObject(s string) (string, bool) {
	start := strings.IndexByte(s, '{')
	if start < 0 {
		return "", false
	}
	depth := 0
	inStr, esc := false, false
	for i := start; i < len(s); i++ {
		c := s[i]
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return s[start : i+1], true
			}
		}
	}
	return "", false
}

var smartQuotes = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u201e", `"`)

// decodeObject decodes the first JSON object of s into normalised keys (lowercase, without _ - and
// spaces), repairing trailing commas and typographic quotes when plain decoding fails.
func decodeObject(s string) (map[string]any, bool) {
	raw, ok := firstObject(s)
	if !ok {
		if !strings.Contains(s, "\u201c") {
			return nil, false
		}
		if raw, ok = firstObject(smartQuotes.Replace(s)); !ok {
			return nil, false
		}
	}
	obj, err := unmarshal(raw)
	if err != nil {
		obj, err = unmarshal(removeTrailingCommas(smartQuotes.Replace(raw)))
		if err != nil {
			return nil, false
		}
	}
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		out[normKey(k)] = v
	}
	return out, true
}

func unmarshal(raw string) (map[string]any, error) {
	d := json.NewDecoder(strings.NewReader(raw))
	d.UseNumber()
	var obj map[string]any
	if err := d.Decode(&obj); err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, fmt.Errorf("triage: not an object")
	}
	return obj, nil
}

// removeTrailingCommas drops a comma followed (after whitespace) by } or ], outside strings.
func removeTrailingCommas(s string) string {
	var b bytes.Buffer
	inStr, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			b.WriteByte(c)
			continue
		}
		if c == '"' {
			inStr = true
		}
		if c == ',' {
			j := i + 1
			for j < len(s) && strings.IndexByte(" \t\r\n", s[j]) >= 0 {
				j++
			}
			if j < len(s) && (s[j] == '}' || s[j] == ']') {
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func normKey(k string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == ' ' {
			return -1
		}
		return unicode.ToLower(r)
	}, k)
}

func pick(obj map[string]any, keys ...string) (any, bool) {
	for _, k := range keys {
		if v, ok := obj[k]; ok && v != nil {
			return v, true
		}
	}
	return nil, false
}

var levelKeys = []string{"whylevel", "level", "why"}

// isReportObject reports whether s holds a JSON object with a why_level key (a triage block,
// valid or not).
func isReportObject(s string) bool {
	obj, ok := decodeObject(s)
	if !ok {
		return false
	}
	_, ok = pick(obj, levelKeys...)
	return ok
}

func reportFrom(obj map[string]any) (Report, bool) {
	lv, ok := pick(obj, levelKeys...)
	if !ok {
		return Report{}, false
	}
	f, ok := toFloat(lv)
	if !ok || f != math.Trunc(f) || f < 1 {
		return Report{}, false
	}
	level := MaxLevel
	if f < MaxLevel {
		level = int(f)
	}
	qv, _ := pick(obj, "question", "whyquestion", "why_question")
	q := cleanText(toString(qv), false, MaxQuestionLen)
	if q == "" {
		return Report{}, false
	}
	r := Report{WhyLevel: level, Question: q, Evidence: []string{}}
	if v, ok := pick(obj, "answer"); ok {
		r.Answer = cleanText(toString(v), true, MaxAnswerLen)
	}
	if v, ok := pick(obj, "rootcause"); ok {
		r.RootCause = cleanText(toString(v), true, MaxAnswerLen)
	}
	if v, ok := pick(obj, "nextquestion", "nextwhy"); ok {
		r.NextQuestion = cleanText(toString(v), false, MaxQuestionLen)
	}
	if v, ok := pick(obj, "rootcausereached", "rootcausefound", "isrootcause"); ok {
		r.RootCauseReached = toBool(v)
	}
	if v, ok := pick(obj, "confidence"); ok {
		if c, ok := toFloat(v); ok {
			if c > 1 && c <= 100 {
				c /= 100 // a percentage
			}
			r.Confidence = math.Max(0, math.Min(1, c))
		}
	}
	if v, ok := pick(obj, "evidence"); ok {
		r.Evidence = evidenceList(v)
	}
	r.EvidenceRefs = ParseEvidenceRefs(r.Evidence)
	return r, true
}

func toFloat(v any) (float64, bool) {
	var f float64
	var err error
	switch x := v.(type) {
	case json.Number:
		f, err = x.Float64()
	case string:
		f, err = strconv.ParseFloat(strings.TrimSpace(x), 64)
	case float64:
		f = x
	default:
		return 0, false
	}
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func toBool(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "y", "1":
			return true
		}
	case json.Number:
		f, err := x.Float64()
		return err == nil && f != 0
	}
	return false
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

func evidenceList(v any) []string {
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	default:
		items = []any{x}
	}
	out := []string{}
	for _, it := range items {
		s := ""
		switch y := it.(type) {
		case map[string]any:
			// {"logId": "...", "line": 120} → log:<id>#L120
			var id, line any
			for k, val := range y {
				switch normKey(k) {
				case "logid", "log":
					id = val
				case "line":
					line = val
				}
			}
			if ids := toString(id); ids != "" {
				s = "log:" + ids
				if n, ok := toFloat(line); ok && n >= 1 && n == math.Trunc(n) && n < 1e12 {
					s += "#L" + strconv.FormatInt(int64(n), 10)
				}
			}
		default:
			s = toString(y)
		}
		if s = cleanText(s, false, maxEvidenceItem); s != "" {
			out = append(out, s)
		}
		if len(out) == maxEvidenceItems {
			break
		}
	}
	return out
}

// cleanText makes model text storable: valid UTF-8, control characters replaced by spaces
// (newline and tab kept when multiline), trimmed and cut to max runes.
func cleanText(s string, multiline bool, maxRunes int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r == '\r' && multiline {
			return -1
		}
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxRunes {
		s = strings.TrimSpace(string([]rune(s)[:maxRunes-1])) + "…"
	}
	return s
}

var refRE = regexp.MustCompile(`log:([A-Za-z0-9][A-Za-z0-9_.-]{0,99})#L([0-9]{1,9})`)

// ParseEvidenceRefs extracts the log:<logId>#L<line> citations of evidence texts, first
// occurrence order, without duplicates (never nil).
func ParseEvidenceRefs(evidence []string) []EvidenceRef {
	out := []EvidenceRef{}
	for _, e := range evidence {
		for _, m := range refRE.FindAllStringSubmatch(e, -1) {
			n, err := strconv.Atoi(m[2])
			if err != nil || n < 1 {
				continue
			}
			ref := EvidenceRef{LogID: m[1], Line: n}
			if !slices.Contains(out, ref) && len(out) < MaxEvidenceRefs {
				out = append(out, ref)
			}
		}
	}
	return out
}
