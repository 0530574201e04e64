// Package egress is the single gate for text that leaves the machine (AI providers,
// Confluence, ServiceNow, Azure DevOps — later issues). Outbound clients accept only an
// Approved value, and the only way to get a usable Approved is a completed Review: every
// finding the detector reported has been decided (keep or redact) by the user, and the redacted
// ones are replaced by consistent pseudonyms. Raw text cannot be converted into an Approved —
// its fields are unexported, and the zero value refuses to yield text — so the promise "nothing
// unapproved leaves the machine" is enforced by the compiler and checked by the tests.
package egress

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"tftsr/internal/apperr"
	"tftsr/internal/pii"
)

// Decision is what the user chose for one finding.
type Decision int

// Decisions.
const (
	Undecided Decision = iota
	Redact
	Keep
)

func (d Decision) String() string {
	switch d {
	case Redact:
		return "redact"
	case Keep:
		return "keep"
	default:
		return "undecided"
	}
}

// Review holds one text, its findings and the user's decision for each. Build it with NewReview;
// it is not safe for concurrent use.
type Review struct {
	text      string
	findings  []pii.Finding
	decisions []Decision
}

// NewReview scans text with d. A text without findings is ready to approve as it is.
func NewReview(d *pii.Detector, text string) *Review {
	fs := d.Scan(text)
	return &Review{text: text, findings: fs, decisions: make([]Decision, len(fs))}
}

// NewReviewOf starts a new review of r's text and findings with every decision undecided.
func NewReviewOf(r *Review) *Review {
	return &Review{text: r.text, findings: r.findings, decisions: make([]Decision, len(r.findings))}
}

// Findings returns the findings in text order (a copy).
func (r *Review) Findings() []pii.Finding { return append([]pii.Finding(nil), r.findings...) }

// Decision returns the decision for finding i.
func (r *Review) Decision(i int) Decision {
	if i < 0 || i >= len(r.decisions) {
		return Undecided
	}
	return r.decisions[i]
}

// Decide records the decision for finding i.
func (r *Review) Decide(i int, d Decision) error {
	if i < 0 || i >= len(r.findings) {
		return fmt.Errorf("egress: finding %d does not exist (the text has %d): %w", i, len(r.findings), apperr.ErrInvalid)
	}
	if d != Redact && d != Keep {
		return fmt.Errorf("egress: decision must be redact or keep (got %s): %w", d, apperr.ErrInvalid)
	}
	r.decisions[i] = d
	return nil
}

// DecideType records d for every finding of type typ (the review screen's "per type" action).
func (r *Review) DecideType(typ string, d Decision) error {
	for i, f := range r.findings {
		if f.Type == typ {
			if err := r.Decide(i, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// DecideValue records d for every finding with this exact value ("all occurrences").
func (r *Review) DecideValue(value string, d Decision) error {
	for i, f := range r.findings {
		if f.Value == value {
			if err := r.Decide(i, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// Pending is the number of findings not decided yet.
func (r *Review) Pending() int {
	n := 0
	for _, d := range r.decisions {
		if d == Undecided {
			n++
		}
	}
	return n
}

// ErrUnreviewed: a Review with undecided findings cannot be approved.
var ErrUnreviewed = errors.New("egress: findings not reviewed")

// Placeholders names the pseudonym of a value, e.g. [EMAIL-2]: the incident's stored pseudonym
// map (redaction.Pseudonyms), so the same value reads the same in every log and text of it.
type Placeholders interface {
	Placeholder(typ, value string) (string, error)
}

// Approve builds the outbound text: the span of each finding marked Redact is replaced by p's
// placeholder for its value, findings marked Keep stay, and nothing else of the text changes
// (another occurrence of a value outside the reviewed findings is not touched: the user saw and
// decided exactly these spans). It fails while any finding is undecided: nothing is ever sent
// raw or redacted silently.
func (r *Review) Approve(p Placeholders) (Approved, error) {
	if n := r.Pending(); n > 0 {
		return Approved{}, fmt.Errorf("%w: %d of %d findings still need a decision: %w", ErrUnreviewed, n, len(r.findings), apperr.ErrInvalid)
	}
	var b strings.Builder
	b.Grow(len(r.text))
	last, redacted := 0, 0
	for i, f := range r.findings { // sorted and disjoint (the detector merges overlaps)
		if r.decisions[i] != Redact || f.Start < last {
			continue
		}
		ph, err := p.Placeholder(f.Type, f.Value)
		if err != nil {
			return Approved{}, fmt.Errorf("egress: placeholder: %w", err)
		}
		b.WriteString(r.text[last:f.Start])
		b.WriteString(ph)
		last = f.End
		redacted++
	}
	b.WriteString(r.text[last:])
	return Approved{text: b.String(), kept: len(r.findings) - redacted, redacted: redacted, ok: true}, nil
}

// Counts returns the findings kept and redacted per type (for the audit log; no values).
func (r *Review) Counts() (kept, redacted map[string]int) {
	kept, redacted = map[string]int{}, map[string]int{}
	for i, f := range r.findings {
		switch r.decisions[i] {
		case Keep:
			kept[f.Type]++
		case Redact:
			redacted[f.Type]++
		}
	}
	return kept, redacted
}

// Approved is text that passed review and may leave the machine. Its fields are unexported: it
// can be obtained only from Review.Approve. The zero value is not approved.
type Approved struct {
	text     string
	kept     int
	redacted int
	ok       bool
}

// ErrNotApproved: the zero Approved was used.
var ErrNotApproved = errors.New("egress: text was not approved through a review")

// Text returns the approved text. Outbound clients call it at the moment of sending; the zero
// value yields an error instead of an empty payload.
func (a Approved) Text() (string, error) {
	if !a.ok {
		return "", fmt.Errorf("%w: %w", ErrNotApproved, apperr.ErrInvalid)
	}
	return a.text, nil
}

// Receipt is what the audit log stores about a send: never the text itself.
type Receipt struct {
	Destination string `json:"destination"`
	SHA256      string `json:"sha256"`
	Bytes       int    `json:"bytes"`
	Kept        int    `json:"kept"`
	Redacted    int    `json:"redacted"`
}

// Receipt describes a send of a to destination for the audit log.
func (a Approved) Receipt(destination string) (Receipt, error) {
	if !a.ok {
		return Receipt{}, fmt.Errorf("%w: %w", ErrNotApproved, apperr.ErrInvalid)
	}
	sum := sha256.Sum256([]byte(a.text))
	return Receipt{Destination: destination, SHA256: hex.EncodeToString(sum[:]), Bytes: len(a.text), Kept: a.kept, Redacted: a.redacted}, nil
}
