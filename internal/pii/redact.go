package pii

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Pseudonymizer replaces findings with stable placeholders such as
// [EMAIL-1] or [IPV4-2]: within one Pseudonymizer the same (type, value)
// always maps to the same placeholder; counters are per type. It is safe for
// concurrent use.
type Pseudonymizer struct {
	mu     sync.Mutex
	names  map[[2]string]string
	counts map[string]int
}

// NewPseudonymizer returns an empty Pseudonymizer.
func NewPseudonymizer() *Pseudonymizer {
	return &Pseudonymizer{names: map[[2]string]string{}, counts: map[string]int{}}
}

func (p *Pseudonymizer) placeholder(typ, value string) string {
	k := [2]string{typ, value}
	if n, ok := p.names[k]; ok {
		return n
	}
	p.counts[typ]++
	n := fmt.Sprintf("[%s-%d]", strings.ToUpper(typ), p.counts[typ])
	p.names[k] = n
	return n
}

// minRepeatLen is the shortest detected value whose other occurrences in the
// text (outside any finding) are also replaced; shorter values would clobber
// ordinary words.
const minRepeatLen = 4

// Redact replaces every finding's span (byte offsets into text; invalid spans
// are ignored, overlapping spans merged) with its placeholder. Any further
// occurrence of a detected value of at least 4 bytes elsewhere in the text is
// replaced too, so no detected value survives in clear.
func (p *Pseudonymizer) Redact(text string, fs []Finding) string {
	valid := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if f.Start >= 0 && f.Start < f.End && f.End <= len(text) {
			valid = append(valid, f)
		}
	}
	merged := mergeFindings(text, valid)
	if len(merged) == 0 {
		return text
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	holders := make([]string, len(merged))
	var pairs []Finding
	seen := map[string]bool{}
	for i, f := range merged {
		holders[i] = p.placeholder(f.Type, f.Value)
		if len(f.Value) >= minRepeatLen && !seen[f.Value] {
			seen[f.Value] = true
			pairs = append(pairs, f)
		}
	}
	// longest first, so a longer value wins over its own prefix
	sort.SliceStable(pairs, func(i, j int) bool { return len(pairs[i].Value) > len(pairs[j].Value) })
	args := make([]string, 0, 2*len(pairs))
	for _, f := range pairs {
		args = append(args, f.Value, p.placeholder(f.Type, f.Value))
	}
	repl := strings.NewReplacer(args...)
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for i, f := range merged {
		b.WriteString(repl.Replace(text[last:f.Start]))
		b.WriteString(holders[i])
		last = f.End
	}
	b.WriteString(repl.Replace(text[last:]))
	return b.String()
}
