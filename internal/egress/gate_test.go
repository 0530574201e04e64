package egress_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tftsr/internal/apperr"
	"tftsr/internal/egress"
	"tftsr/internal/redaction"
	"tftsr/internal/redaction/redactiontest"
)

const gateLog = "login for user=alice from 10.9.8.7\nmail alice@example.com\nplain line\nagain 10.9.8.7\n"

func TestGateLogLinesReadOnlyTheAppliedVersion(t *testing.T) {
	e := redactiontest.New(t)
	ctx := context.Background()
	issue := e.Issue(t, "gate")
	logID := e.AddLog(t, issue, "app.log", gateLog, 0)
	g := newGate(t, e)

	if _, err := g.LogLines(ctx, logID, 1, 10); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("never scanned: LogLines err = %v, want ErrConflict", err)
	}
	e.Scan(t, logID)
	if _, err := g.LogLines(ctx, logID, 1, 10); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("scanned, never applied: LogLines err = %v, want ErrConflict", err)
	}
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeType, Type: "ipv4", Action: redaction.Keep}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Red.Apply(ctx, logID, nil); err != nil {
		t.Fatal(err)
	}
	a, err := g.LogLines(ctx, logID, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	text, err := a.Text()
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"alice", "alice@example.com"} {
		if strings.Contains(text, gone) {
			t.Errorf("approved log text %q contains redacted %q", text, gone)
		}
	}
	if strings.Count(text, "10.9.8.7") != 2 {
		t.Errorf("approved log text %q lost the kept IP", text)
	}
	if got := strings.Count(text, "\n") + 1; got != 4 {
		t.Errorf("approved text has %d lines, want 4", got)
	}
	rec, err := a.Receipt("test")
	if err != nil || rec.Kept != 2 || rec.Redacted != 2 {
		t.Errorf("receipt = %+v, %v; want kept 2, redacted 2", rec, err)
	}
	if _, err := g.LogLines(ctx, "no-such-log", 1, 10); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("unknown log: %v, want ErrNotFound", err)
	}
}

func TestGateApproveTextUsesIncidentPseudonyms(t *testing.T) {
	e := redactiontest.New(t)
	ctx := context.Background()
	issue := e.Issue(t, "gate")
	logID := e.AddLog(t, issue, "app.log", "mail bob@example.org\nmail alice@example.com\n", 0)
	e.Scan(t, logID) // bob = [EMAIL-1], alice = [EMAIL-2] in this incident
	det, _, err := e.Red.Detector(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := egress.NewReview(det, "ask alice@example.com and carol@example.net")
	if _, _, err := newGate(t, e).ApproveText(ctx, issue, r, "clipboard"); !errors.Is(err, egress.ErrUnreviewed) {
		t.Fatalf("undecided: err = %v, want ErrUnreviewed", err)
	}
	if err := r.DecideType("email", egress.Redact); err != nil {
		t.Fatal(err)
	}
	a, rec, err := newGate(t, e).ApproveText(ctx, issue, r, "clipboard")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := a.Text()
	if want := "ask [EMAIL-2] and [EMAIL-3]"; got != want {
		t.Errorf("approved = %q, want %q", got, want)
	}
	p, err := e.Red.Reveal(ctx, issue, "[EMAIL-3]")
	if err != nil || p.Value != "carol@example.net" {
		t.Errorf("new pseudonym not stored: %+v, %v", p, err)
	}
	var details string
	if err := e.DB.Read().QueryRow(`SELECT details FROM audit_log WHERE action = ?`, egress.ActionApprove).Scan(&details); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(details, rec.SHA256) || strings.Contains(details, "carol") || strings.Contains(details, "alice") {
		t.Errorf("audit details = %s", details)
	}
}

func newGate(t *testing.T, e *redactiontest.Env) *egress.Gate {
	t.Helper()
	g, err := egress.NewGate(e.Red, e.Master)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
