package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/egress"
	"tftsr/internal/redaction"
)

// Destinations typed text may be approved for.
const DestinationClipboard = "clipboard"

var textDestinations = []string{DestinationClipboard}

// Bounds of the pending text reviews held in memory.
const (
	maxTextReviews = 32
	textReviewTTL  = 30 * time.Minute
)

// EgressService reviews typed text before it leaves the machine: the user decides every finding
// (ApproveText), nothing is sent raw or redacted silently.
type EgressService struct {
	ctx  context.Context
	red  *redaction.Service
	gate *egress.Gate
	now  func() time.Time

	mu      sync.Mutex
	pending map[string]*pendingText
}

type pendingText struct {
	issueID string
	subject string // what the review is for when it is not typed text ("doc:<id>:v<n>"), else ""
	review  *egress.Review
	expires time.Time
}

// NewEgressService binds gate over red; now is the clock (time.Now when nil). red and gate may be
// nil (binding generation): methods are then never called.
func NewEgressService(ctx context.Context, red *redaction.Service, gate *egress.Gate, now func() time.Time) *EgressService {
	if now == nil {
		now = time.Now
	}
	return &EgressService{ctx: ctx, red: red, gate: gate, now: now, pending: map[string]*pendingText{}}
}

// ReviewText scans text typed for incident issueID with the current type switches and holds it
// for review (at most 32 reviews, each for 30 minutes). Findings carry the incident's placeholders.
func (s *EgressService) ReviewText(issueID, text string) (TextReview, error) {
	return s.review(issueID, "", text)
}

// review scans text and holds it for review; subject binds the review to what it covers, so a
// review of typed text cannot approve a document and a document's review expires with its version.
func (s *EgressService) review(issueID, subject, text string) (TextReview, error) {
	if text == "" {
		return TextReview{}, fmt.Errorf("egress: the text is empty: %w", apperr.ErrInvalid)
	}
	ps, err := s.red.ProvisionalPlaceholders(s.ctx, issueID)
	if err != nil {
		return TextReview{}, err
	}
	det, disabled, err := s.red.Detector(s.ctx)
	if err != nil {
		return TextReview{}, err
	}
	known, err := s.gate.Known(s.ctx, issueID)
	if err != nil {
		return TextReview{}, err
	}
	// Values already redacted in the incident are listed even where the detector misses them
	// (a password in prose), except for the types switched off in Settings.
	r := egress.NewReviewKnown(det, known.Without(disabled), text)
	out := TextReview{ID: uuid.NewString(), IssueID: issueID, Text: text, Findings: []TextFinding{}}
	for i, f := range r.Findings() {
		ph, err := ps.Placeholder(f.Type, f.Value)
		if err != nil {
			return TextReview{}, err
		}
		out.Findings = append(out.Findings, TextFinding{Index: i, Type: f.Type, Rule: f.Rule, Start: f.Start, End: f.End, Value: f.Value, Placeholder: ph})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	for len(s.pending) >= maxTextReviews {
		s.dropOldest()
	}
	s.pending[out.ID] = &pendingText{issueID: issueID, subject: subject, review: r, expires: s.now().Add(textReviewTTL)}
	return out, nil
}

func (s *EgressService) expire() {
	now := s.now()
	for id, p := range s.pending {
		if now.After(p.expires) {
			delete(s.pending, id)
		}
	}
}

func (s *EgressService) dropOldest() {
	var oldest string
	for id, p := range s.pending {
		if oldest == "" || p.expires.Before(s.pending[oldest].expires) {
			oldest = id
		}
	}
	delete(s.pending, oldest)
}

// ApproveText applies decisions (exactly one per finding, in order, each "redact" | "keep") and
// returns the approved text for destination ("clipboard"); new placeholders are stored in the
// incident's pseudonym map and the approval is audited (never the text).
func (s *EgressService) ApproveText(reviewID string, decisions []string, destination string) (ApprovedText, error) {
	if destination != DestinationClipboard {
		return ApprovedText{}, fmt.Errorf("egress: destination %q is not allowed (allowed: %v): %w", destination, textDestinations, apperr.ErrInvalid)
	}
	a, rec, _, err := s.approvePending(reviewID, "", decisions, destination)
	if err != nil {
		return ApprovedText{}, err
	}
	text, err := a.Text()
	if err != nil {
		return ApprovedText{}, err
	}
	return ApprovedText{Text: text, SHA256: rec.SHA256, Bytes: rec.Bytes, Kept: rec.Kept, Redacted: rec.Redacted}, nil
}

// approvePending approves the pending review reviewID of subject with decisions for destination and
// returns the approved text and the incident it belongs to. The review is taken out while it is
// being approved (two clicks cannot approve it twice) and put back when the approval fails, so
// the user can correct the decisions.
func (s *EgressService) approvePending(reviewID, subject string, decisions []string, destination string) (egress.Approved, egress.Receipt, string, error) {
	s.mu.Lock()
	s.expire()
	p := s.pending[reviewID]
	switch {
	case p != nil && p.subject != subject && sameDocument(p.subject, subject):
		// A review of an earlier version of this document: the text it approved is not the
		// text there now.
		delete(s.pending, reviewID)
		s.mu.Unlock()
		return egress.Approved{}, egress.Receipt{}, "", fmt.Errorf("egress: the document changed since it was reviewed: review it again: %w", apperr.ErrConflict)
	case p != nil && p.subject != subject:
		p = nil // another review's id: left pending for its own caller
	default:
		delete(s.pending, reviewID)
	}
	s.mu.Unlock()
	if p == nil {
		return egress.Approved{}, egress.Receipt{}, "", fmt.Errorf("egress: no text review %q (it may have expired; review the text again): %w", reviewID, apperr.ErrNotFound)
	}
	a, rec, err := s.approve(p, decisions, destination)
	if err != nil {
		s.mu.Lock()
		s.pending[reviewID] = p
		s.mu.Unlock()
		return egress.Approved{}, egress.Receipt{}, "", err
	}
	return a, rec, p.issueID, nil
}

// sameDocument: both subjects are reviews of versions of one document ("doc:<id>:v<n>").
func sameDocument(a, b string) bool {
	ia, ib := strings.LastIndex(a, ":v"), strings.LastIndex(b, ":v")
	return strings.HasPrefix(a, "doc:") && ia > 0 && ib > 0 && a[:ia] == b[:ib]
}

func (s *EgressService) approve(p *pendingText, decisions []string, destination string) (egress.Approved, egress.Receipt, error) {
	fs := p.review.Findings()
	if len(decisions) != len(fs) {
		return egress.Approved{}, egress.Receipt{}, fmt.Errorf("egress: decisions: the text has %d findings, got %d decisions: %w", len(fs), len(decisions), apperr.ErrInvalid)
	}
	// Decide on a fresh review of the same text, so a refused call leaves the pending one clean.
	r := egress.NewReviewOf(p.review)
	for i, d := range decisions {
		var dec egress.Decision
		switch d {
		case redaction.Redact:
			dec = egress.Redact
		case redaction.Keep:
			dec = egress.Keep
		default:
			return egress.Approved{}, egress.Receipt{}, fmt.Errorf("egress: decisions[%d]: must be redact or keep, not %q: %w", i, d, apperr.ErrInvalid)
		}
		if err := r.Decide(i, dec); err != nil {
			return egress.Approved{}, egress.Receipt{}, err
		}
	}
	return s.gate.ApproveText(s.ctx, p.issueID, r, destination)
}
