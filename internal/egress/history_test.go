package egress_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tftsr/internal/apperr"
	"tftsr/internal/egress"
	"tftsr/internal/pii"
	"tftsr/internal/redaction"
	"tftsr/internal/redaction/redactiontest"
)

func TestSealAndResendOnlyTheSameText(t *testing.T) {
	e := redactiontest.New(t)
	g := newGate(t, e)
	r := egress.NewReview(pii.NewDetector(pii.Options{}), "ping alice@example.com")
	if err := r.Decide(0, egress.Redact); err != nil {
		t.Fatal(err)
	}
	a, err := r.Approve(fixedPlaceholders{})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := g.Seal(a)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := a.Text()
	back, err := g.Resend(text, tok)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := back.Text(); got != text {
		t.Errorf("Resend = %q, want %q", got, text)
	}
	// The stored text was changed (say, the raw value put back): refused.
	if _, err := g.Resend("ping alice@example.com", tok); !errors.Is(err, egress.ErrTampered) {
		t.Errorf("tampered text: err = %v, want ErrTampered", err)
	}
	// Another database (another master key) cannot forge a seal.
	other := newGate(t, redactiontest.New(t))
	if _, err := other.Resend(text, tok); !errors.Is(err, egress.ErrTampered) {
		t.Errorf("seal from another key: err = %v", err)
	}
	if _, err := g.Seal(egress.Approved{}); !errors.Is(err, egress.ErrNotApproved) {
		t.Errorf("sealing the zero Approved: %v", err)
	}
}

type fixedPlaceholders struct{}

func (fixedPlaceholders) Placeholder(typ, _ string) (string, error) {
	return "[" + strings.ToUpper(typ) + "-1]", nil
}

func TestApproveStaticRefusesFindings(t *testing.T) {
	d := pii.NewDetector(pii.Options{})
	if _, err := egress.ApproveStatic(d, "You are an SRE. Answer with a triage block."); err != nil {
		t.Fatalf("plain text: %v", err)
	}
	if _, err := egress.ApproveStatic(d, "contact bob@example.org"); err == nil {
		t.Fatal("static text with an email was approved")
	}
}

func TestConcat(t *testing.T) {
	d := pii.NewDetector(pii.Options{})
	a, _ := egress.ApproveStatic(d, "one")
	b, _ := egress.ApproveStatic(d, "two")
	c, err := egress.Concat(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Text(); got != "one\n\ntwo" {
		t.Errorf("Concat = %q", got)
	}
	if _, err := egress.Concat(a, egress.Approved{}); !errors.Is(err, egress.ErrNotApproved) {
		t.Errorf("Concat with an unapproved part: %v", err)
	}
}

func TestApproveReplyRedactsWithTheIncidentsPlaceholders(t *testing.T) {
	e := redactiontest.New(t)
	ctx := context.Background()
	issue := e.Issue(t, "reply")
	g := newGate(t, e)
	d := pii.NewDetector(pii.Options{})
	// The user redacted alice@example.com in a typed message: it has a placeholder already.
	r := egress.NewReview(d, "alice@example.com cannot log in")
	_ = r.Decide(0, egress.Redact)
	typed, _, err := g.ApproveText(ctx, issue, r, "ai")
	if err != nil {
		t.Fatal(err)
	}
	typedText, _ := typed.Text()
	ph := strings.Fields(typedText)[0]
	// The model guessed the address back and added another one.
	a, err := g.ApproveReply(ctx, issue, d, known(t, g, issue), "Check alice@example.com and carol@example.net mailboxes.")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := a.Text()
	if strings.Contains(got, "@example") {
		t.Fatalf("a value in a model reply goes back to the provider: %q", got)
	}
	if !strings.Contains(got, "Check "+ph+" and ") {
		t.Errorf("reply = %q, want the incident's placeholder %s for the known value", got, ph)
	}
	clean, err := g.ApproveReply(ctx, issue, d, known(t, g, issue), "Look at the disk usage graph.")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := clean.Text(); got != "Look at the disk usage graph." {
		t.Errorf("clean reply changed: %q", got)
	}
}

func TestLogSummaryReadsOnlyAppliedVersions(t *testing.T) {
	e := redactiontest.New(t)
	ctx := context.Background()
	issue := e.Issue(t, "summary")
	g := newGate(t, e)
	if _, err := g.LogSummary(ctx, issue); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("no applied log: err = %v, want conflict", err)
	}
	logID := e.AddLog(t, issue, "alice-laptop.log", "2026-11-27T09:00:01Z ERROR login failed for alice@example.com\n2026-11-27T09:00:02Z INFO ok\n", 0)
	e.AddLog(t, issue, "never-applied.log", "2026-11-27T09:00:03Z ERROR secret bob@example.org\n", 0)
	e.Scan(t, logID)
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeAll, Action: redaction.Redact}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Red.Apply(ctx, logID, nil); err != nil {
		t.Fatal(err)
	}
	a, err := g.LogSummary(ctx, issue)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := a.Text()
	for _, bad := range []string{"alice", "bob", "never-applied", "secret"} {
		if strings.Contains(text, bad) {
			t.Errorf("summary contains %q:\n%s", bad, text)
		}
	}
	if !strings.Contains(text, "Log 1: 2 lines, 1 error lines") || !strings.Contains(text, "[EMAIL-1]") {
		t.Errorf("summary =\n%s", text)
	}
}

func TestKnownRedactedValuesAreFoundInTypedText(t *testing.T) {
	e := redactiontest.New(t)
	ctx := context.Background()
	issue := e.Issue(t, "known")
	g := newGate(t, e)
	logID := e.AddLog(t, issue, "db.log", "login password=Tr0ub4dor-93 refused\nhost 10.1.1.9 up\n", 0)
	e.Scan(t, logID)
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeAll, Action: redaction.Redact}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeValue, Type: "ipv4", Value: "10.1.1.9", Action: redaction.Keep}); err != nil {
		t.Fatal(err)
	}
	k, err := g.Known(ctx, issue)
	if err != nil {
		t.Fatal(err)
	}
	d := pii.NewDetector(pii.Options{})
	// In prose the detector alone finds no password; the known value is found as a whole word
	// only, and the kept address is not a known redacted value.
	text := "I tried Tr0ub4dor-93 again, xTr0ub4dor-93x is not it, and 10.1.1.9 is fine"
	r := egress.NewReviewKnown(d, k, text)
	var got []string
	for _, f := range r.Findings() {
		got = append(got, f.Type+":"+f.Value+":"+f.Rule)
	}
	want := []string{"password:Tr0ub4dor-93:incident-redacted", "ipv4:10.1.1.9:ipv4"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("findings = %v, want %v", got, want)
	}
	if n := len(egress.NewReview(d, text).Findings()); n != 1 {
		t.Errorf("the detector alone found %d findings; the test assumes it misses the prose password", n)
	}
}

func known(t *testing.T, g *egress.Gate, issue string) *egress.Known {
	t.Helper()
	k, err := g.Known(context.Background(), issue)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
