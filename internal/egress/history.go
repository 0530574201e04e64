package egress

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/pii"
	"tftsr/internal/redaction"
)

// Conversation history is re-sent to the model on every turn. Three kinds of text may appear in
// it again, and each has its own way back into an Approved value:
//   - a user message: its approved text was sealed with a MAC when it was first approved
//     (Seal); Resend accepts exactly that text again, nothing else;
//   - a model reply: it came from the provider, but a model may echo or invent values, so it is
//     re-scanned — by the detector and for every value the user redacted in the incident — and
//     every finding in it is replaced by the incident's placeholder (ApproveReply);
//   - our own fixed words (protocol prompts, "earlier messages omitted"): ApproveStatic accepts
//     text only when the detector finds nothing in it.

// ErrTampered: a stored message does not match its seal.
var ErrTampered = fmt.Errorf("egress: the stored message does not match the text that was approved")

func (g *Gate) mac(text string) string {
	m := hmac.New(sha256.New, g.sentKey)
	m.Write([]byte(text))
	return hex.EncodeToString(m.Sum(nil))
}

// Seal returns a token that lets Resend rebuild a exactly later (stored with the message).
func (g *Gate) Seal(a Approved) (string, error) {
	if !a.ok {
		return "", fmt.Errorf("%w: %w", ErrNotApproved, apperr.ErrInvalid)
	}
	return g.mac(a.text), nil
}

// Resend rebuilds an Approved from text and the token Seal gave for it.
func (g *Gate) Resend(text, token string) (Approved, error) {
	if !hmac.Equal([]byte(g.mac(text)), []byte(token)) {
		return Approved{}, fmt.Errorf("%w: %w", ErrTampered, apperr.ErrInvalid)
	}
	return Approved{text: text, ok: true}, nil
}

// ApproveStatic approves our own fixed text (prompts, notes): it fails if the detector finds
// anything in it, so no user or log value can pass this way.
func ApproveStatic(d *pii.Detector, text string) (Approved, error) {
	if fs := d.Scan(text); len(fs) > 0 {
		return Approved{}, fmt.Errorf("egress: static text contains %d finding(s) (first: %s): %w", len(fs), fs[0].Type, apperr.ErrInvalid)
	}
	return Approved{text: text, ok: true}, nil
}

// Concat joins approved parts with a blank line between them; the result is approved.
func Concat(parts ...Approved) (Approved, error) {
	texts := make([]string, 0, len(parts))
	out := Approved{ok: true}
	for i, p := range parts {
		if !p.ok {
			return Approved{}, fmt.Errorf("egress: part %d: %w: %w", i, ErrNotApproved, apperr.ErrInvalid)
		}
		texts = append(texts, p.text)
		out.kept += p.kept
		out.redacted += p.redacted
	}
	out.text = strings.Join(texts, "\n\n")
	return out, nil
}

// ApproveReply prepares a model reply of incident issueID for re-sending: every finding the
// detector reports in it is replaced by the incident's placeholder for that value. The user
// sees the reply as the model wrote it; only the copy sent back is redacted. A reply without
// findings comes back unchanged and nothing is audited; otherwise the approval is audited like
// any other (destination "ai-history", counts only).
// k is the incident's known redacted values (Gate.Known, loaded once per request).
func (g *Gate) ApproveReply(ctx context.Context, issueID string, d *pii.Detector, k *Known, text string) (Approved, error) {
	r := NewReviewKnown(d, k, text)
	if len(r.findings) == 0 {
		return Approved{text: text, ok: true}, nil
	}
	for i := range r.findings {
		r.decisions[i] = Redact
	}
	var a Approved
	err := g.red.WithPseudonyms(ctx, issueID, func(p *redaction.Pseudonyms) (audit.Event, error) {
		var err error
		if a, err = r.Approve(p); err != nil {
			return audit.Event{}, err
		}
		_, redacted := r.Counts()
		return audit.Event{Action: ActionApprove, EntityType: "issue", EntityID: issueID, Details: map[string]any{
			"destination": "ai-history", "redacted": len(r.findings), "redacted_by_type": redacted,
		}}, nil
	})
	if err != nil {
		return Approved{}, fmt.Errorf("egress: approve reply: %w", err)
	}
	return a, nil
}
