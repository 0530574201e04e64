package egress

import (
	"context"
	"fmt"
	"sort"

	"tftsr/internal/pii"
	"tftsr/internal/redaction"
)

// MaxKnownValues bounds how many of an incident's redacted values outgoing text is checked for.
const MaxKnownValues = 200_000

// minKnownLen: shorter values are not searched for as plain text (too many false matches).
const minKnownLen = 4

// Known finds, in text about to leave the machine, the values the user already chose to redact
// in the incident — whole words only — so they are reviewed (typed text) or replaced (model
// replies) even where the detector alone would not find them.
type Known struct {
	byValue map[string]string // value → type
	lengths []int             // distinct value lengths, longest first
}

// Known loads the incident's redacted values.
func (g *Gate) Known(ctx context.Context, issueID string) (*Known, error) {
	vals, _, err := g.red.RedactedValues(ctx, issueID, MaxKnownValues)
	if err != nil {
		return nil, fmt.Errorf("egress: known values: %w", err)
	}
	return newKnown(vals), nil
}

func newKnown(vals []redaction.KnownValue) *Known {
	k := &Known{byValue: map[string]string{}}
	lens := map[int]bool{}
	for _, v := range vals {
		if len(v.Value) < minKnownLen {
			continue
		}
		if _, ok := k.byValue[v.Value]; !ok {
			k.byValue[v.Value] = v.Type
			lens[len(v.Value)] = true
		}
	}
	for n := range lens {
		k.lengths = append(k.lengths, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(k.lengths)))
	return k
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// find returns the occurrences of known values in text that do not overlap fs (the detector's
// findings, sorted), merged with fs in text order.
func (k *Known) find(text string, fs []pii.Finding) []pii.Finding {
	if k == nil || len(k.byValue) == 0 {
		return fs
	}
	var extra []pii.Finding
	for i := 0; i < len(text); i++ {
		if i > 0 && isWordByte(text[i-1]) && isWordByte(text[i]) {
			continue // not at a word start
		}
		for _, n := range k.lengths {
			end := i + n
			if end > len(text) || (end < len(text) && isWordByte(text[end-1]) && isWordByte(text[end])) {
				continue
			}
			if typ, ok := k.byValue[text[i:end]]; ok {
				extra = append(extra, pii.Finding{Type: typ, Rule: "incident-redacted", Start: i, End: end, Value: text[i:end]})
				i = end - 1
				break
			}
		}
	}
	if len(extra) == 0 {
		return fs
	}
	out := make([]pii.Finding, 0, len(fs)+len(extra))
	j := 0
	for _, e := range extra {
		for j < len(fs) && fs[j].End <= e.Start {
			out = append(out, fs[j])
			j++
		}
		if j < len(fs) && fs[j].Start < e.End {
			continue // inside or across a detector finding: that one is decided
		}
		out = append(out, e)
	}
	return append(out, fs[j:]...)
}

// Without returns k without the values of the given types (types switched off in Settings).
func (k *Known) Without(types []string) *Known {
	if len(types) == 0 {
		return k
	}
	off := map[string]bool{}
	for _, t := range types {
		off[t] = true
	}
	vals := []redaction.KnownValue{}
	for v, t := range k.byValue {
		if !off[t] {
			vals = append(vals, redaction.KnownValue{Type: t, Value: v})
		}
	}
	return newKnown(vals)
}

// NewReviewKnown is NewReview that also lists the incident's known redacted values found in text.
func NewReviewKnown(d *pii.Detector, k *Known, text string) *Review {
	fs := k.find(text, d.Scan(text))
	return &Review{text: text, findings: fs, decisions: make([]Decision, len(fs))}
}
