package redaction_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"tftsr/internal/apperr"
	"tftsr/internal/redaction"
	"tftsr/internal/redaction/redactiontest"
)

func TestDecideScopes(t *testing.T) {
	e, _, logID := setup(t)
	ctx := context.Background()
	e.Scan(t, logID)
	ip := allFindings(t, e, logID, redaction.FindingQuery{Type: "ipv4"})[0]
	tests := []struct {
		name     string
		d        redaction.Decision
		wantKeep int // findings kept afterwards (of 10)
		changed  int // findings whose decision changed (audited)
	}{
		{name: "one finding", d: redaction.Decision{Scope: redaction.ScopeFinding, FindingID: ip.ID, Action: redaction.Keep}, wantKeep: 1, changed: 1},
		{name: "every occurrence of a value", d: redaction.Decision{Scope: redaction.ScopeValue, Type: "email", Value: "alice@example.com", Action: redaction.Keep}, wantKeep: 4, changed: 3},
		{name: "a type", d: redaction.Decision{Scope: redaction.ScopeType, Type: "ipv4", Action: redaction.Keep}, wantKeep: 5, changed: 1},
		{name: "same again changes nothing", d: redaction.Decision{Scope: redaction.ScopeType, Type: "ipv4", Action: redaction.Keep}, wantKeep: 5, changed: 0},
		{name: "all", d: redaction.Decision{Scope: redaction.ScopeAll, Action: redaction.Redact}, wantKeep: 0, changed: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := e.Red.Decide(ctx, logID, tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Keep != tt.wantKeep || sum.Redact != 10-tt.wantKeep {
				t.Errorf("summary keep %d redact %d, want keep %d", sum.Keep, sum.Redact, tt.wantKeep)
			}
			var details string
			if err := e.DB.Read().QueryRow(`SELECT details FROM audit_log WHERE action = 'pii.decide' ORDER BY seq DESC LIMIT 1`).Scan(&details); err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf(`"changed":%d`, tt.changed); !strings.Contains(details, want) || !strings.Contains(details, `"scope":"`+tt.d.Scope+`"`) {
				t.Errorf("audit details %s, want %s and the scope", details, want)
			}
		})
	}

	bad := []struct {
		name string
		d    redaction.Decision
		want error
		msg  string
	}{
		{"unknown finding", redaction.Decision{Scope: redaction.ScopeFinding, FindingID: "nope", Action: redaction.Keep}, apperr.ErrNotFound, "nope"},
		{"bad scope", redaction.Decision{Scope: "everything", Action: redaction.Keep}, apperr.ErrInvalid, "scope"},
		{"bad action", redaction.Decision{Scope: redaction.ScopeAll, Action: "hide"}, apperr.ErrInvalid, "action"},
		{"unknown type", redaction.Decision{Scope: redaction.ScopeType, Type: "shoe_size", Action: redaction.Keep}, apperr.ErrInvalid, "shoe_size"},
		{"value without value", redaction.Decision{Scope: redaction.ScopeValue, Type: "email", Action: redaction.Keep}, apperr.ErrInvalid, "value"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Red.Decide(ctx, logID, tt.d)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Decide(%+v) = %v, want %v mentioning %q", tt.d, err, tt.want, tt.msg)
			}
		})
	}
}

func TestValuesGroupedMostFrequentFirst(t *testing.T) {
	e, _, logID := setup(t)
	e.Scan(t, logID)
	p, err := e.Red.Values(context.Background(), logID, "email", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 3 || len(p.Items) != 3 || p.Items[0].Value != "alice@example.com" || p.Items[0].Count != 3 || p.Items[0].Redact != 3 {
		t.Fatalf("Values(email) = %+v", p)
	}
	if p.Items[0].Placeholder != "[EMAIL-1]" {
		t.Errorf("alice's placeholder = %q, want [EMAIL-1] (first seen)", p.Items[0].Placeholder)
	}
}

func TestAllowlistIssueAndGlobal(t *testing.T) {
	e := redactiontest.New(t)
	ctx := context.Background()
	a, b := e.Issue(t, "incident A"), e.Issue(t, "incident B")
	logA, logB := e.AddLog(t, a, "a.log", fixture, 0), e.AddLog(t, b, "b.log", fixture, 0)
	e.Scan(t, logA)
	e.Scan(t, logB)

	if _, err := e.Red.AllowlistAdd(ctx, redaction.AllowEntry{IssueID: a, Type: "email", Value: "alice@example.com"}); err != nil {
		t.Fatal(err)
	}
	kept := func(logID string) int {
		return len(allFindings(t, e, logID, redaction.FindingQuery{Decision: redaction.Keep}))
	}
	if kept(logA) != 3 || kept(logB) != 0 {
		t.Errorf("incident entry: kept A %d (want 3), B %d (want 0)", kept(logA), kept(logB))
	}
	g, err := e.Red.AllowlistAdd(ctx, redaction.AllowEntry{Value: "10.20.30.40"}) // global, any type
	if err != nil {
		t.Fatal(err)
	}
	if kept(logA) != 5 || kept(logB) != 2 {
		t.Errorf("global entry: kept A %d (want 5), B %d (want 2)", kept(logA), kept(logB))
	}
	for _, f := range allFindings(t, e, logB, redaction.FindingQuery{Decision: redaction.Keep}) {
		if !f.Allowlisted {
			t.Errorf("kept by the allowlist but not marked: %+v", f)
		}
	}
	// A new log of B starts with the global value as keep.
	logB2 := e.AddLog(t, b, "b2.log", "again 10.20.30.40 and dave@example.com\n", 0)
	if sum := e.Scan(t, logB2); sum.Keep != 1 || sum.Redact != 1 {
		t.Errorf("new log: %+v, want the allowlisted IP kept and the email redacted", sum)
	}
	list, err := e.Red.Allowlist(ctx, b)
	if err != nil || len(list) != 1 || list[0].Value != "10.20.30.40" || list[0].IssueID != "" {
		t.Errorf("Allowlist(B) = %+v, %v; want only the global entry", list, err)
	}

	// Removing leaves decisions as they are; the findings are no longer marked allowlisted.
	if err := e.Red.AllowlistRemove(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	for _, f := range allFindings(t, e, logB, redaction.FindingQuery{Type: "ipv4"}) {
		if f.Decision != redaction.Keep || f.Allowlisted {
			t.Errorf("after remove: %+v, want keep and not allowlisted", f)
		}
	}
	if err := e.Red.AllowlistRemove(ctx, g.ID); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("remove twice: %v, want ErrNotFound", err)
	}
	if _, err := e.Red.AllowlistAdd(ctx, redaction.AllowEntry{Type: "shoe", Value: "x"}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("unknown type: %v, want ErrInvalid", err)
	}
}

func redactedText(t *testing.T, e *redactiontest.Env, logID string) []string {
	t.Helper()
	lines, err := e.Red.RedactedLines(context.Background(), logID, 1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

func TestApply(t *testing.T) {
	e, _, logID := setup(t)
	ctx := context.Background()
	if _, err := e.Red.RedactedLines(ctx, logID, 1, 10); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("RedactedLines before apply: %v, want ErrConflict", err)
	}
	if _, err := e.Red.Apply(ctx, logID, nil); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("Apply before scan: %v, want ErrConflict", err)
	}
	e.Scan(t, logID)
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeValue, Type: "ipv4", Value: "10.20.30.40", Action: redaction.Keep}); err != nil {
		t.Fatal(err)
	}
	res, err := e.Red.Apply(ctx, logID, nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := redactedText(t, e, logID)
	joined := strings.Join(lines, "\n") + "\n"
	if want := strings.Count(fixture, "\n"); len(lines) != want {
		t.Errorf("redacted version has %d lines, original %d", len(lines), want)
	}
	for _, s := range secrets {
		want := 0
		if s == "10.20.30.40" {
			want = strings.Count(fixture, s) // kept: exactly as often as in the original
		}
		if got := strings.Count(joined, s); got != want {
			t.Errorf("redacted text contains %q %d times, want %d", s, got, want)
		}
	}
	if lines[6] != "[PRIVATE_KEY-1]" || lines[7] != "" || lines[8] != "" || lines[9] != "" || lines[10] != "mail from [EMAIL-2] and [EMAIL-1]" {
		t.Errorf("lines 7–11 = %q", lines[6:11])
	}
	sum := sha256.Sum256([]byte(joined))
	if res.SHA256 != hex.EncodeToString(sum[:]) || res.Bytes != int64(len(joined)) || res.Kept != 2 || res.Redacted != 8 {
		t.Errorf("ApplyResult = %+v, want sha %x, %d bytes, kept 2, redacted 8", res, sum, len(joined))
	}
	var redacted int
	if err := e.DB.Read().QueryRow(`SELECT redacted FROM log_files WHERE id = ?`, logID).Scan(&redacted); err != nil || redacted != 1 {
		t.Errorf("log_files.redacted = %d, %v", redacted, err)
	}
	s, _ := e.Red.Summary(ctx, logID)
	if !s.Applied || s.Pending || s.AppliedSHA256 != res.SHA256 {
		t.Errorf("summary after apply: %+v", s)
	}
	prev, err := e.Red.Preview(ctx, logID, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range prev {
		if l.Text != lines[i] {
			t.Errorf("Preview line %d = %q, applied %q", l.N, l.Text, lines[i])
		}
	}

	// Re-apply after a change replaces the version.
	if s, _ = e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeAll, Action: redaction.Redact}); !s.Pending {
		t.Error("decision after apply: Pending = false")
	}
	res2, err := e.Red.Apply(ctx, logID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(redactedText(t, e, logID), "\n"), "10.20.30.40") || res2.SHA256 == res.SHA256 {
		t.Error("re-apply did not replace the redacted version")
	}
	var chunks, orig int
	_ = e.DB.Read().QueryRow(`SELECT count(*) FROM pii_redacted_chunks WHERE log_file_id = ?`, logID).Scan(&chunks)
	_ = e.DB.Read().QueryRow(`SELECT count(*) FROM log_chunks WHERE log_file_id = ?`, logID).Scan(&orig)
	if chunks != orig {
		t.Errorf("redacted chunks = %d, original %d", chunks, orig)
	}
}

func TestCancelLeavesPreviousState(t *testing.T) {
	e, _, logID := setup(t)
	e.Scan(t, logID)
	if _, err := e.Red.Decide(context.Background(), logID, redaction.Decision{Scope: redaction.ScopeType, Type: "email", Action: redaction.Keep}); err != nil {
		t.Fatal(err)
	}
	before, _ := e.Red.Summary(context.Background(), logID)

	ctx, cancel := context.WithCancel(context.Background())
	_, err := e.Red.Scan(ctx, logID, func(done, total int64) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled scan: %v", err)
	}
	after, _ := e.Red.Summary(context.Background(), logID)
	if after.Total != before.Total || after.Keep != before.Keep || !after.ScannedAt.Equal(*before.ScannedAt) {
		t.Errorf("cancelled scan changed the state: before %+v after %+v", before, after)
	}

	ctx, cancel = context.WithCancel(context.Background())
	_, err = e.Red.Apply(ctx, logID, func(done, total int64) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled apply: %v", err)
	}
	var rows, redacted int
	_ = e.DB.Read().QueryRow(`SELECT count(*) FROM pii_redacted_chunks`).Scan(&rows)
	_ = e.DB.Read().QueryRow(`SELECT redacted FROM log_files WHERE id = ?`, logID).Scan(&redacted)
	if rows != 0 || redacted != 0 {
		t.Errorf("cancelled apply left %d chunks, redacted = %d", rows, redacted)
	}
}

// No planted value may be stored in clear anywhere (sealed columns hold ciphertext), and the
// audit log holds counts only.
func TestValuesNeverStoredInClear(t *testing.T) {
	e, issue, logID := setup(t)
	ctx := context.Background()
	e.Scan(t, logID)
	if _, err := e.Red.AllowlistAdd(ctx, redaction.AllowEntry{IssueID: issue, Value: "bob@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeValue, Type: "email", Value: "carol@example.net", Action: redaction.Keep}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Red.Apply(ctx, logID, nil); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"pii_spans", "pii_values", "pii_pseudonyms", "pii_allowlist", "pii_scan_state", "pii_redacted", "audit_log"} {
		rows, err := e.DB.Read().Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			n++
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				for _, s := range secrets {
					if strings.Contains(string(v), s) {
						t.Errorf("%s.%s holds %q in clear: %q", table, cols[i], s, v)
					}
				}
			}
		}
		rows.Close()
		if n == 0 {
			t.Errorf("%s is empty: the check proves nothing", table)
		}
	}
}

func TestPseudonymsPerIncident(t *testing.T) {
	e := redactiontest.New(t)
	ctx := context.Background()
	a, b := e.Issue(t, "A"), e.Issue(t, "B")
	a1 := e.AddLog(t, a, "1.log", "from alice@example.com\n", 0)
	a2 := e.AddLog(t, a, "2.log", "from bob@example.org\nfrom alice@example.com\n", 0)
	b1 := e.AddLog(t, b, "1.log", "from bob@example.org\n", 0)
	for _, id := range []string{a1, a2, b1} {
		e.Scan(t, id)
	}
	ph := func(logID, value string) string {
		fs := allFindings(t, e, logID, redaction.FindingQuery{Type: "email", Value: value})
		if len(fs) != 1 {
			t.Fatalf("findings of %s in %s: %+v", value, logID, fs)
		}
		return fs[0].Placeholder
	}
	if got, want := ph(a2, "alice@example.com"), ph(a1, "alice@example.com"); got != want || want != "[EMAIL-1]" {
		t.Errorf("alice in two logs of A: %q and %q, want [EMAIL-1] both", want, got)
	}
	if got := ph(a2, "bob@example.org"); got != "[EMAIL-2]" {
		t.Errorf("bob in A = %q, want [EMAIL-2]", got)
	}
	if got := ph(b1, "bob@example.org"); got != "[EMAIL-1]" {
		t.Errorf("bob in B = %q, want [EMAIL-1] (numbering is per incident)", got)
	}
	p, err := e.Red.Reveal(ctx, a, "[EMAIL-2]")
	if err != nil || p.Value != "bob@example.org" || p.Type != "email" {
		t.Errorf("Reveal = %+v, %v", p, err)
	}
	if _, err := e.Red.Reveal(ctx, b, "[EMAIL-2]"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("Reveal of another incident's placeholder: %v, want ErrNotFound", err)
	}
}
