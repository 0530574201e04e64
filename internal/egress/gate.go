package egress

import (
	"context"
	"fmt"
	"strings"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/keys"
	"tftsr/internal/redaction"
)

// Gate builds Approved values from what the user reviewed in the store: the applied redacted
// version of a log (never its original text), and typed text whose findings were just decided.
type Gate struct {
	red     *redaction.Service
	sentKey []byte // HMAC key of Seal/Resend
}

// SentInfo is the HKDF info of the subkey that seals approved messages for re-sending.
const SentInfo = "tftsr egress sent v1"

// NewGate returns a gate over red; master is the key material the sealing subkey is derived
// from (keys.Key.Material).
func NewGate(red *redaction.Service, master []byte) (*Gate, error) {
	k, err := keys.Derive(master, SentInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("egress: %w", err)
	}
	return &Gate{red: red, sentKey: k}, nil
}

// MaxLogLines bounds one LogLines call.
const MaxLogLines = 10000

// LogLines returns lines [from, from+count) of a log's applied redacted version as Approved text
// (lines joined with '\n'). A log that was never applied is refused (ErrConflict): its original
// text cannot leave the machine through this gate.
func (g *Gate) LogLines(ctx context.Context, logFileID string, from, count int) (Approved, error) {
	if count < 1 || count > MaxLogLines {
		return Approved{}, fmt.Errorf("egress: log lines: count must be 1…%d, got %d: %w", MaxLogLines, count, apperr.ErrInvalid)
	}
	applied, err := g.red.AppliedVersion(ctx, logFileID)
	if err != nil {
		return Approved{}, fmt.Errorf("egress: log %q: %w", logFileID, err)
	}
	lines, err := g.red.RedactedLines(ctx, logFileID, from, count)
	if err != nil {
		return Approved{}, fmt.Errorf("egress: log %q: %w", logFileID, err)
	}
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.Text
	}
	// The counts describe the whole applied version: the review covered the whole log.
	return Approved{text: strings.Join(texts, "\n"), kept: applied.Kept, redacted: applied.Redacted, ok: true}, nil
}

// ApproveText approves a completed Review of text typed for incident issueID, to be sent to
// destination: placeholders come from (and new ones are added to) the incident's stored pseudonym
// map, and the approval is audited (egress.approve: destination, SHA-256, bytes, counts by type;
// never the text) in the same transaction.
func (g *Gate) ApproveText(ctx context.Context, issueID string, r *Review, destination string) (Approved, Receipt, error) {
	var (
		a   Approved
		rec Receipt
	)
	err := g.red.WithPseudonyms(ctx, issueID, func(p *redaction.Pseudonyms) (audit.Event, error) {
		var err error
		if a, err = r.Approve(p); err != nil {
			return audit.Event{}, err
		}
		if rec, err = a.Receipt(destination); err != nil {
			return audit.Event{}, err
		}
		kept, redacted := r.Counts()
		return audit.Event{Action: ActionApprove, EntityType: "issue", EntityID: issueID, Details: map[string]any{
			"destination": rec.Destination, "sha256": rec.SHA256, "bytes": rec.Bytes,
			"kept": rec.Kept, "redacted": rec.Redacted, "kept_by_type": kept, "redacted_by_type": redacted,
		}}, nil
	})
	if err != nil {
		return Approved{}, Receipt{}, err
	}
	return a, rec, nil
}

// ActionApprove is the audit action of an approval of typed text.
const ActionApprove = "egress.approve"
