package redaction_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/redaction"
	"tftsr/internal/redaction/redactiontest"
	"tftsr/internal/settings"
)

const pemBody1, pemBody2 = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "BKcwggSjAgEAAoIBAQC7"

// fixture is a log with planted values. With 4-line chunks the PEM block (lines 7–10) crosses
// the boundary after line 8, and line 12 mixes CJK, an emoji and a combining mark.
var fixture = strings.Join([]string{
	"start of log",
	"mail from alice@example.com accepted",
	"connect from 10.20.30.40 port 22",
	"nothing here",
	"nothing to see either",
	"key follows:",
	"-----BEGIN PRIVATE KEY-----",
	pemBody1,
	pemBody2,
	"-----END PRIVATE KEY-----",
	"mail from bob@example.org and alice@example.com",
	"会議 📅 cafe\u0301 alice@example.com 10.20.30.40",
	"db login password=Hunter2Secret ok",
	"quiet line",
	"quiet line",
	"quiet line",
	"key id AKIAIOSFODNN7EXAMPLE used",
	"quiet line",
	"quiet line",
	"mail from carol@example.net",
}, "\n") + "\n"

// secrets are the planted values that must never appear outside the sealed columns.
var secrets = []string{"alice@example.com", "bob@example.org", "carol@example.net", "10.20.30.40",
	pemBody1, pemBody2, "Hunter2Secret", "AKIAIOSFODNN7EXAMPLE"}

func setup(t *testing.T) (*redactiontest.Env, string, string) {
	t.Helper()
	e := redactiontest.New(t)
	issue := e.Issue(t, "login storm")
	return e, issue, e.AddLog(t, issue, "app.log", fixture, 4)
}

func allFindings(t *testing.T, e *redactiontest.Env, logID string, q redaction.FindingQuery) []redaction.Finding {
	t.Helper()
	q.Limit = redaction.MaxPageSize
	p, err := e.Red.Findings(context.Background(), logID, q)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != len(p.Items) {
		t.Fatalf("Findings total %d, items %d", p.Total, len(p.Items))
	}
	return p.Items
}

func countsByType(fs []redaction.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Type]++
	}
	return m
}

func TestScanFindsEverythingAcrossChunks(t *testing.T) {
	e, _, logID := setup(t)
	ctx := context.Background()
	var lastDone, lastTotal int64
	sum, err := e.Red.Scan(ctx, logID, func(done, total int64) { lastDone, lastTotal = done, total })
	if err != nil {
		t.Fatal(err)
	}
	if lastDone != int64(len(fixture)) || lastTotal != int64(len(fixture)) {
		t.Errorf("last progress = %d/%d, want %d/%d", lastDone, lastTotal, len(fixture), len(fixture))
	}
	fs := allFindings(t, e, logID, redaction.FindingQuery{})
	want := map[string]int{"email": 5, "ipv4": 2, "private_key": 1, "password": 1, "aws_access_key": 1}
	if diff := cmp.Diff(want, countsByType(fs)); diff != "" {
		t.Fatalf("findings by type (-want +got):\n%s\n%+v", diff, fs)
	}
	if !sum.Scanned || sum.Total != 10 || sum.Redact != 10 || sum.Keep != 0 || sum.Applied || !sum.Pending {
		t.Errorf("summary = %+v", sum)
	}
	if got := sum.Types[0].Type; got != "private_key" {
		t.Errorf("summary types start with %q, want pii.Types order (private_key first)", got)
	}

	lines, err := e.Logs.Lines(ctx, logID, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	text := func(n int) string { return lines[n-1].Text }
	for _, f := range fs {
		// Offsets are bytes into the line's UTF-8 text: line[start:end] == value.
		var got string
		if f.Line == f.EndLine {
			got = text(f.Line)[f.Start:f.End]
		} else {
			parts := []string{text(f.Line)[f.Start:]}
			for n := f.Line + 1; n < f.EndLine; n++ {
				parts = append(parts, text(n))
			}
			got = strings.Join(append(parts, text(f.EndLine)[:f.End]), "\n")
		}
		if got != f.Value {
			t.Errorf("finding %s %s at %d:%d–%d:%d reads %q, value %q", f.ID, f.Type, f.Line, f.Start, f.EndLine, f.End, got, f.Value)
		}
		if f.Decision != redaction.Redact || f.Placeholder == "" {
			t.Errorf("new finding %+v: want decision redact and a placeholder", f)
		}
	}
	pem := allFindings(t, e, logID, redaction.FindingQuery{Type: "private_key"})[0]
	if pem.Line != 7 || pem.EndLine != 10 || !strings.HasSuffix(pem.Value, "-----END PRIVATE KEY-----") {
		t.Errorf("PEM block across the chunk boundary = lines %d–%d %q, want 7–10 whole", pem.Line, pem.EndLine, pem.Value)
	}
	uni := allFindings(t, e, logID, redaction.FindingQuery{Type: "email", Value: "alice@example.com"})
	last := uni[len(uni)-1]
	if last.Line != 12 || last.Start != strings.Index(text(12), "alice") {
		t.Errorf("email on the Unicode line = line %d byte %d, want 12 byte %d", last.Line, last.Start, strings.Index(text(12), "alice"))
	}
}

func TestLineFindingsTouchingRange(t *testing.T) {
	e, _, logID := setup(t)
	e.Scan(t, logID)
	fs, err := e.Red.LineFindings(context.Background(), logID, 9, 3) // lines 9–11
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.Type)
	}
	// The PEM block starts on line 7 but covers 9 and 10; line 11 has two emails.
	if diff := cmp.Diff([]string{"private_key", "email", "email"}, got); diff != "" {
		t.Errorf("LineFindings(9, 3) types (-want +got):\n%s", diff)
	}
	if _, err := e.Red.LineFindings(context.Background(), "no-such-log", 1, 3); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("unknown log: err = %v, want ErrNotFound", err)
	}
}

func TestDisabledTypesAreNotFound(t *testing.T) {
	e, _, logID := setup(t)
	ctx := context.Background()
	set := settings.Defaults()
	set.DisabledPIITypes = []string{"email", "private_key"}
	if _, err := e.Settings.Update(ctx, set); err != nil {
		t.Fatal(err)
	}
	sum := e.Scan(t, logID)
	got := countsByType(allFindings(t, e, logID, redaction.FindingQuery{}))
	if got["email"] != 0 || got["private_key"] != 0 || got["ipv4"] != 2 {
		t.Errorf("with email and private_key off: findings %v", got)
	}
	if sum.SettingsChanged || !cmp.Equal(sum.DisabledTypes, []string{"email", "private_key"}) {
		t.Errorf("summary = %+v, want disabled [email private_key], settings unchanged", sum)
	}
	set.DisabledPIITypes = nil
	if _, err := e.Settings.Update(ctx, set); err != nil {
		t.Fatal(err)
	}
	sum, err := e.Red.Summary(ctx, logID)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.SettingsChanged {
		t.Error("switches changed since the scan: SettingsChanged = false")
	}
	if got := countsByType(allFindings(t, e, logID, redaction.FindingQuery{})); got["email"] != 0 {
		t.Errorf("before a rescan: %v", got)
	}
	e.Scan(t, logID)
	if got := countsByType(allFindings(t, e, logID, redaction.FindingQuery{})); got["email"] != 5 || got["private_key"] != 1 {
		t.Errorf("after rescan with everything on: %v", got)
	}
}

func TestRescanKeepsDecisions(t *testing.T) {
	e, _, logID := setup(t)
	ctx := context.Background()
	e.Scan(t, logID)
	ip := allFindings(t, e, logID, redaction.FindingQuery{Type: "ipv4"})[0]
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeFinding, FindingID: ip.ID, Action: redaction.Keep}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeType, Type: "aws_access_key", Action: redaction.Keep}); err != nil {
		t.Fatal(err)
	}
	sum := e.Scan(t, logID)
	if sum.Keep != 2 || sum.Total != 10 {
		t.Errorf("after rescan: summary %+v, want 2 kept of 10", sum)
	}
	for _, f := range allFindings(t, e, logID, redaction.FindingQuery{Decision: redaction.Keep}) {
		if !(f.Type == "ipv4" && f.Line == ip.Line && f.Start == ip.Start) && f.Type != "aws_access_key" {
			t.Errorf("kept after rescan: %+v", f)
		}
	}
}
