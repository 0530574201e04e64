package egress

import (
	"context"
	"fmt"
	"strings"

	"tftsr/internal/apperr"
	"tftsr/internal/logsummary"
)

// LogSummary summarises every applied redacted log of incident issueID (line counts, time
// range, error and warning counts, the most frequent line shapes, the first problem lines) as
// approved text. It reads only applied redacted versions and adds only counts, timestamps from
// that text and fixed words (package logsummary), so it carries nothing the user has not
// approved. Logs are numbered, not named: a file name was never reviewed.
func (g *Gate) LogSummary(ctx context.Context, issueID string) (Approved, error) {
	ids, err := g.red.AppliedLogs(ctx, issueID)
	if err != nil {
		return Approved{}, fmt.Errorf("egress: log summary: %w", err)
	}
	if len(ids) == 0 {
		return Approved{}, fmt.Errorf("egress: log summary: no log of this incident has an applied redacted version yet (review and apply a log first): %w", apperr.ErrConflict)
	}
	out := Approved{ok: true}
	parts := []string{"Summary of the incident's logs (redacted versions):"}
	for i, id := range ids {
		applied, err := g.red.AppliedVersion(ctx, id)
		if err != nil {
			return Approved{}, fmt.Errorf("egress: log summary: %w", err)
		}
		b := logsummary.NewBuilder()
		for from := 1; ; from += MaxLogLines {
			lines, err := g.red.RedactedLines(ctx, id, from, MaxLogLines)
			if err != nil {
				return Approved{}, fmt.Errorf("egress: log summary: %w", err)
			}
			for _, l := range lines {
				b.Add(l.N, l.Text)
			}
			if len(lines) < MaxLogLines {
				break
			}
		}
		parts = append(parts, logsummary.Render(i+1, b.Summary()))
		out.kept += applied.Kept
		out.redacted += applied.Redacted
	}
	out.text = strings.Join(parts, "\n\n")
	return out, nil
}
