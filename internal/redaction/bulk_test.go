package redaction_test

import (
	"context"
	"testing"

	"tftsr/internal/redaction"
)

// Bulk changes run in batches of at most bulkRows findings (one statement over ~900k findings
// ran SQLite out of memory). With batches of 3, every bulk path takes the batched branch; the
// other log's findings, interleaved in rowid order by a rescan, must stay untouched.
func TestBulkChangesInBatches(t *testing.T) {
	e, issue, logID := setup(t)
	ctx := context.Background()
	redaction.SetBulkRows(e.Red, 3)
	other := e.AddLog(t, issue, "other.log", fixture, 0)
	e.Scan(t, logID)
	e.Scan(t, other)
	keep := func(id string) int {
		s, err := e.Red.Summary(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return s.Keep
	}
	steps := []struct {
		name      string
		run       func() error
		wantKeep  int
		wantOther int
	}{
		{"decide all keep", func() error {
			_, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeAll, Action: redaction.Keep})
			return err
		}, 10, 0},
		{"rescan carries ten decisions", func() error { _, err := e.Red.Scan(ctx, logID, nil); return err }, 10, 0},
		{"decide email redact", func() error {
			_, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeType, Type: "email", Action: redaction.Redact})
			return err
		}, 5, 0},
		{"allowlist alice in the incident", func() error {
			_, err := e.Red.AllowlistAdd(ctx, redaction.AllowEntry{IssueID: issue, Value: "alice@example.com"})
			return err
		}, 8, 3},
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got, gotOther := keep(logID), keep(other); got != st.wantKeep || gotOther != st.wantOther {
			t.Errorf("%s: kept %d / other log %d, want %d / %d", st.name, got, gotOther, st.wantKeep, st.wantOther)
		}
	}
	if n := len(allFindings(t, e, logID, redaction.FindingQuery{})); n != 10 {
		t.Errorf("after the rescan: %d findings, want 10 (old ones deleted in batches)", n)
	}
	list, _ := e.Red.Allowlist(ctx, issue)
	if err := e.Red.AllowlistRemove(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{logID, other} {
		for _, f := range allFindings(t, e, id, redaction.FindingQuery{}) {
			if f.Allowlisted {
				t.Errorf("after remove, still allowlisted: %+v", f)
			}
		}
	}
}
