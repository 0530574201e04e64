package incident_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/incident"
)

func TestCreateGetRoundtrip(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := incident.CreateInput{
		Title:       "  Disk full on db-01  ",
		Description: "df shows 100%\n\tsee logs\r\n",
		Severity:    incident.SeverityHigh,
		Domain:      "Databases",
		AssignedTo:  " alice ",
		Tags:        []string{" Disk ", "db", "disk", "k8s:node/01", "a_b.c-d"},
		Source:      "cli",
	}
	got, err := e.svc.Create(ctx, in)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	want := incident.Issue{
		ID: got.ID, Title: "Disk full on db-01", Description: in.Description, Severity: "high", Status: "open",
		Domain: "Databases", Source: "cli", CreatedAt: ts(t0), UpdatedAt: ts(t0), AssignedTo: "alice",
		Tags: []string{"disk", "db", "k8s:node/01", "a_b.c-d"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Create (-want +got):\n%s", diff)
	}
	if len(got.ID) != 36 || got.ID[14] != '7' {
		t.Errorf("id %q is not a UUIDv7", got.ID)
	}
	d, err := e.svc.Get(ctx, got.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	wantD := incident.Detail{Issue: want, LogFiles: []incident.LogFile{}, ResolutionSteps: []incident.ResolutionStep{}, Conversations: []incident.Conversation{}}
	if diff := cmp.Diff(wantD, d); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
	var rawTags string
	if err := e.db.Read().QueryRow(`SELECT tags FROM issues WHERE id = ?`, got.ID).Scan(&rawTags); err != nil {
		t.Fatal(err)
	}
	if rawTags != `["disk","db","k8s:node/01","a_b.c-d"]` {
		t.Errorf("stored tags = %s", rawTags)
	}
	rows := e.auditFor(t, got.ID)
	wantA := []auditRow{{Action: "issue.create", Entity: "issue", Details: map[string]any{"severity": "high", "domain": "Databases", "tags": 4.0}}}
	if diff := cmp.Diff(wantA, rows); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
}

func TestCreateDefaults(t *testing.T) {
	e := newEnv(t)
	got := e.create(t, incident.CreateInput{Title: "x"})
	want := incident.Issue{ID: got.ID, Title: "x", Severity: "medium", Status: "open", Source: "gui",
		CreatedAt: ts(t0), UpdatedAt: ts(t0), Tags: []string{}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Create (-want +got):\n%s", diff)
	}
	d, err := e.svc.Get(context.Background(), got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, d.Issue); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
	var rawTags string
	if err := e.db.Read().QueryRow(`SELECT tags FROM issues WHERE id = ?`, got.ID).Scan(&rawTags); err != nil {
		t.Fatal(err)
	}
	if rawTags != "[]" {
		t.Errorf("stored tags = %q, want []", rawTags)
	}
}

func manyTags(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "t" + strings.Repeat("x", i)
	}
	return out
}

func TestCreateInvalid(t *testing.T) {
	tests := []struct {
		name    string
		in      incident.CreateInput
		wantMsg string
	}{
		{name: "empty title", in: incident.CreateInput{Title: ""}, wantMsg: "incident: title must be 1–300 characters (got 0)"},
		{name: "blank title", in: incident.CreateInput{Title: " \t "}, wantMsg: "title must be 1–300 characters (got 0)"},
		{name: "301-char title", in: incident.CreateInput{Title: strings.Repeat("é", 301)}, wantMsg: "incident: title must be 1–300 characters (got 301)"},
		{name: "control char in title", in: incident.CreateInput{Title: "a\x02b"}, wantMsg: "title must not contain control characters"},
		{name: "newline in title", in: incident.CreateInput{Title: "a\nb"}, wantMsg: "title must not contain control characters"},
		{name: "invalid utf8 title", in: incident.CreateInput{Title: "a\xffb"}, wantMsg: "title is not valid UTF-8"},
		{name: "marker in description", in: incident.CreateInput{Title: "t", Description: "x\x03y"}, wantMsg: "description must not contain control characters"},
		{name: "NUL in description", in: incident.CreateInput{Title: "t", Description: "x\x00y"}, wantMsg: "description must not contain control characters"},
		{name: "long description", in: incident.CreateInput{Title: "t", Description: strings.Repeat("a", incident.MaxDescriptionLen+1)}, wantMsg: "description must be at most 100000 characters (got 100001)"},
		{name: "unknown severity", in: incident.CreateInput{Title: "t", Severity: "urgent"}, wantMsg: `incident: unknown severity "urgent" (want critical, high, medium or low)`},
		{name: "severity wrong case", in: incident.CreateInput{Title: "t", Severity: "High"}, wantMsg: `unknown severity "High"`},
		{name: "unknown domain", in: incident.CreateInput{Title: "t", Domain: "linux"}, wantMsg: `unknown domain "linux"`},
		{name: "long assignee", in: incident.CreateInput{Title: "t", AssignedTo: strings.Repeat("a", 201)}, wantMsg: "assignee must be at most 200 characters (got 201)"},
		{name: "control char in assignee", in: incident.CreateInput{Title: "t", AssignedTo: "bob\x1b"}, wantMsg: "assignee must not contain control characters"},
		{name: "tag with space", in: incident.CreateInput{Title: "t", Tags: []string{"ok", "two words"}}, wantMsg: `tag "two words" may only contain`},
		{name: "tag with quote", in: incident.CreateInput{Title: "t", Tags: []string{`a"b`}}, wantMsg: `tag "a\"b" may only contain`},
		{name: "tag with comma", in: incident.CreateInput{Title: "t", Tags: []string{"a,b"}}, wantMsg: `tag "a,b" may only contain`},
		{name: "tag with control char", in: incident.CreateInput{Title: "t", Tags: []string{"a\x02"}}, wantMsg: `may only contain`},
		{name: "empty tag", in: incident.CreateInput{Title: "t", Tags: []string{" "}}, wantMsg: "tags must not be empty"},
		{name: "long tag", in: incident.CreateInput{Title: "t", Tags: []string{strings.Repeat("a", 51)}}, wantMsg: "must be at most 50 characters (got 51)"},
		{name: "too many tags", in: incident.CreateInput{Title: "t", Tags: manyTags(21)}, wantMsg: "at most 20 tags are allowed (got 21)"},
		{name: "unknown source", in: incident.CreateInput{Title: "t", Source: "api"}, wantMsg: `unknown source "api"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.svc.Create(context.Background(), tt.in)
			if !errors.Is(err, apperr.ErrInvalid) {
				t.Fatalf("Create error = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Create error = %q, want it to contain %q", err, tt.wantMsg)
			}
			if n := e.count(t, "issues"); n != 0 {
				t.Errorf("issues rows = %d, want 0", n)
			}
			if n := e.count(t, "audit_log"); n != 0 {
				t.Errorf("audit_log rows = %d, want 0", n)
			}
		})
	}
}

func TestCreateLimitsAccepted(t *testing.T) {
	e := newEnv(t)
	in := incident.CreateInput{
		Title:       strings.Repeat("é", incident.MaxTitleLen),
		Description: strings.Repeat("a", incident.MaxDescriptionLen),
		AssignedTo:  strings.Repeat("b", incident.MaxAssigneeLen),
		Tags:        append(manyTags(19), strings.Repeat("c", incident.MaxTagLen)),
		Domain:      "Identity & Access",
	}
	got := e.create(t, in)
	if len(got.Tags) != incident.MaxTags {
		t.Errorf("tags = %d, want %d", len(got.Tags), incident.MaxTags)
	}
}

func TestUpdatePartial(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	orig := e.create(t, incident.CreateInput{Title: "orig", Description: "desc", Severity: "low", Domain: "Linux", AssignedTo: "al", Tags: []string{"a"}})
	e.clk.Advance(time.Hour)

	tests := []struct {
		name       string
		in         incident.UpdateInput
		mutate     func(*incident.Issue)
		wantFields []any
	}{
		{
			name:       "severity only",
			in:         incident.UpdateInput{Severity: ptr("critical")},
			mutate:     func(is *incident.Issue) { is.Severity = "critical" },
			wantFields: []any{"severity"},
		},
		{
			name:       "title trimmed and tags normalised",
			in:         incident.UpdateInput{Title: ptr("  new title "), Tags: &[]string{"B", "b", "c"}},
			mutate:     func(is *incident.Issue) { is.Title = "new title"; is.Tags = []string{"b", "c"} },
			wantFields: []any{"title", "tags"},
		},
		{
			name: "clear domain, assignee, description, tags",
			in:   incident.UpdateInput{Domain: ptr(""), AssignedTo: ptr(""), Description: ptr(""), Tags: &[]string{}},
			mutate: func(is *incident.Issue) {
				is.Domain = ""
				is.AssignedTo = ""
				is.Description = ""
				is.Tags = []string{}
			},
			wantFields: []any{"description", "domain", "assignedTo", "tags"},
		},
	}
	cur := orig
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.clk.Advance(time.Minute)
			want := cur
			tt.mutate(&want)
			want.UpdatedAt = ts(e.clk.Now())
			got, err := e.svc.Update(ctx, orig.ID, tt.in)
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Update (-want +got):\n%s", diff)
			}
			d, err := e.svc.Get(ctx, orig.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, d.Issue); diff != "" {
				t.Errorf("Get after Update (-want +got):\n%s", diff)
			}
			rows := e.auditFor(t, orig.ID)
			last := rows[len(rows)-1]
			if last.Action != "issue.update" {
				t.Fatalf("last audit action = %q", last.Action)
			}
			if diff := cmp.Diff(tt.wantFields, last.Details["fields"]); diff != "" {
				t.Errorf("audit fields (-want +got):\n%s", diff)
			}
			cur = got
		})
	}
	rows := e.auditFor(t, orig.ID)
	if diff := cmp.Diff(map[string]any{"from": "low", "to": "critical"}, rows[1].Details["severity"]); diff != "" {
		t.Errorf("severity audit (-want +got):\n%s", diff)
	}
	if _, ok := rows[2].Details["severity"]; ok {
		t.Errorf("severity in details of an update that did not change it: %v", rows[2].Details)
	}
	e.verifyAudit(t)
}

func TestUpdateNoop(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	orig := e.create(t, incident.CreateInput{Title: "same", Description: "d", Severity: "high", Domain: "Network", AssignedTo: "bo", Tags: []string{"x", "y"}})
	e.clk.Advance(time.Hour)
	tests := []struct {
		name string
		in   incident.UpdateInput
	}{
		{name: "nothing given", in: incident.UpdateInput{}},
		{name: "same values", in: incident.UpdateInput{Title: ptr(" same "), Description: ptr("d"), Severity: ptr("high"),
			Domain: ptr("Network"), AssignedTo: ptr("bo"), Tags: &[]string{"X", "y"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.svc.Update(ctx, orig.ID, tt.in)
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			if diff := cmp.Diff(orig, got); diff != "" {
				t.Errorf("Update (-want +got):\n%s", diff)
			}
			if n := e.count(t, "audit_log"); n != 1 {
				t.Errorf("audit_log rows = %d, want 1 (create only)", n)
			}
		})
	}
}

func TestUpdateInvalidWritesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	orig := e.create(t, incident.CreateInput{Title: "t"})
	e.clk.Advance(time.Hour)
	tests := []struct {
		name string
		in   incident.UpdateInput
	}{
		{name: "empty title", in: incident.UpdateInput{Title: ptr("  "), Severity: ptr("low")}},
		{name: "long title", in: incident.UpdateInput{Title: ptr(strings.Repeat("a", 301))}},
		{name: "bad severity", in: incident.UpdateInput{Title: ptr("ok"), Severity: ptr("urgent")}},
		{name: "empty severity", in: incident.UpdateInput{Severity: ptr("")}},
		{name: "bad domain", in: incident.UpdateInput{Domain: ptr("Mainframe")}},
		{name: "bad tag", in: incident.UpdateInput{Tags: &[]string{"has space"}}},
		{name: "control char in description", in: incident.UpdateInput{Description: ptr("\x02")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.Update(ctx, orig.ID, tt.in)
			if !errors.Is(err, apperr.ErrInvalid) {
				t.Fatalf("Update error = %v, want ErrInvalid", err)
			}
			d, err := e.svc.Get(ctx, orig.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(orig, d.Issue); diff != "" {
				t.Errorf("stored issue changed (-want +got):\n%s", diff)
			}
			if n := e.count(t, "audit_log"); n != 1 {
				t.Errorf("audit_log rows = %d, want 1", n)
			}
		})
	}
}

func TestSetStatusTransitions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	is := e.create(t, incident.CreateInput{Title: "status"})

	type step struct {
		to             string
		wantStatus     string
		wantResolvedAt string // "now" = the clock at this step, "" = unset, else literal
		wantAudit      bool
	}
	var resolvedFirst string
	steps := []struct {
		name string
		step step
	}{
		{"open to investigating", step{to: "investigating", wantStatus: "investigating", wantResolvedAt: "", wantAudit: true}},
		{"investigating to resolved sets resolved_at", step{to: "resolved", wantStatus: "resolved", wantResolvedAt: "now", wantAudit: true}},
		{"resolved to closed keeps resolved_at", step{to: "closed", wantStatus: "closed", wantResolvedAt: "first", wantAudit: true}},
		{"closed to closed is a no-op", step{to: "closed", wantStatus: "closed", wantResolvedAt: "first", wantAudit: false}},
		{"reopen clears resolved_at", step{to: "open", wantStatus: "open", wantResolvedAt: "", wantAudit: true}},
		{"open to closed sets resolved_at anew", step{to: "closed", wantStatus: "closed", wantResolvedAt: "now", wantAudit: true}},
		{"closed to investigating clears resolved_at", step{to: "investigating", wantStatus: "investigating", wantResolvedAt: "", wantAudit: true}},
	}
	prev := is
	for _, tt := range steps {
		t.Run(tt.name, func(t *testing.T) {
			e.clk.Advance(time.Hour)
			before := e.count(t, "audit_log")
			got, err := e.svc.SetStatus(ctx, is.ID, tt.step.to)
			if err != nil {
				t.Fatalf("SetStatus: %v", err)
			}
			want := prev
			want.Status = tt.step.wantStatus
			switch tt.step.wantResolvedAt {
			case "now":
				want.ResolvedAt = ts(e.clk.Now())
				if resolvedFirst == "" {
					resolvedFirst = want.ResolvedAt
				}
			case "first":
				want.ResolvedAt = resolvedFirst
			default:
				want.ResolvedAt = tt.step.wantResolvedAt
			}
			if tt.step.wantAudit {
				want.UpdatedAt = ts(e.clk.Now())
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("SetStatus (-want +got):\n%s", diff)
			}
			d, err := e.svc.Get(ctx, is.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, d.Issue); diff != "" {
				t.Errorf("Get (-want +got):\n%s", diff)
			}
			after := e.count(t, "audit_log")
			if tt.step.wantAudit {
				if after != before+1 {
					t.Fatalf("audit rows %d → %d, want +1", before, after)
				}
				rows := e.auditFor(t, is.ID)
				last := rows[len(rows)-1]
				wantRow := auditRow{Action: "issue.status", Entity: "issue", Details: map[string]any{"from": prev.Status, "to": tt.step.to}}
				if diff := cmp.Diff(wantRow, last); diff != "" {
					t.Errorf("audit (-want +got):\n%s", diff)
				}
			} else if after != before {
				t.Errorf("audit rows %d → %d on a no-op", before, after)
			}
			prev = got
		})
	}

	t.Run("unknown status writes nothing", func(t *testing.T) {
		before := e.count(t, "audit_log")
		_, err := e.svc.SetStatus(ctx, is.ID, "done")
		if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), `unknown status "done" (want open, investigating, resolved or closed)`) {
			t.Errorf("SetStatus(done) = %v, want ErrInvalid naming the status", err)
		}
		d, err := e.svc.Get(ctx, is.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(prev, d.Issue); diff != "" {
			t.Errorf("issue changed (-want +got):\n%s", diff)
		}
		if after := e.count(t, "audit_log"); after != before {
			t.Errorf("audit rows %d → %d", before, after)
		}
	})
	e.verifyAudit(t)
}

func TestDeleteCascade(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	keep := e.create(t, incident.CreateInput{Title: "keep me"})
	is := e.create(t, incident.CreateInput{Title: "doomed incident", Description: "with children"})
	at := ts(t0)
	e.exec(t, `INSERT INTO log_files (id, issue_id, file_name, file_path, file_size, mime_type, content_hash, uploaded_at, redacted)
		VALUES ('lf1', ?, 'app.log', '/x/app.log', 42, 'text/plain', 'abc', ?, 1)`, is.ID, at)
	e.exec(t, `INSERT INTO log_files (id, issue_id, file_name, file_path, uploaded_at) VALUES ('lf2', ?, 'other.log', '/x/o', ?)`, keep.ID, at)
	e.exec(t, `INSERT INTO resolution_steps (id, issue_id, step_order, why_question, answer, evidence, created_at)
		VALUES ('rs2', ?, 2, 'why 2?', NULL, NULL, ?), ('rs1', ?, 1, 'why 1?', 'because', 'log', ?)`, is.ID, at, is.ID, at)
	e.exec(t, `INSERT INTO ai_conversations (id, issue_id, provider, model, created_at, title)
		VALUES ('c2', ?, 'ollama', 'llama', '2026-03-02 00:00:00', NULL), ('c1', ?, 'openai', 'gpt', '2026-03-01 00:00:00', 'first')`, is.ID, is.ID)

	d, err := e.svc.Get(ctx, is.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := incident.Detail{
		Issue:    is,
		LogFiles: []incident.LogFile{{ID: "lf1", IssueID: is.ID, FileName: "app.log", FileSize: 42, MimeType: "text/plain", ContentHash: "abc", UploadedAt: at, Redacted: true}},
		ResolutionSteps: []incident.ResolutionStep{
			{ID: "rs1", IssueID: is.ID, StepOrder: 1, WhyQuestion: "why 1?", Answer: "because", Evidence: "log", CreatedAt: at},
			{ID: "rs2", IssueID: is.ID, StepOrder: 2, WhyQuestion: "why 2?", CreatedAt: at},
		},
		Conversations: []incident.Conversation{
			{ID: "c1", IssueID: is.ID, Provider: "openai", Model: "gpt", CreatedAt: "2026-03-01 00:00:00", Title: "first"},
			{ID: "c2", IssueID: is.ID, Provider: "ollama", Model: "llama", CreatedAt: "2026-03-02 00:00:00"},
		},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}

	if err := e.svc.Delete(ctx, is.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	for table, wantN := range map[string]int{"issues": 1, "log_files": 1, "resolution_steps": 0, "ai_conversations": 0} {
		if n := e.count(t, table); n != wantN {
			t.Errorf("%s rows after delete = %d, want %d", table, n, wantN)
		}
	}
	if _, err := e.svc.Get(ctx, is.ID); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("Get after delete = %v, want ErrNotFound", err)
	}
	rows := e.auditFor(t, is.ID)
	wantA := auditRow{Action: "issue.delete", Entity: "issue", Details: map[string]any{"id": is.ID}}
	if diff := cmp.Diff(wantA, rows[len(rows)-1]); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
	e.verifyAudit(t)
}

func TestUnknownIDNotFound(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.create(t, incident.CreateInput{Title: "exists"})
	const id = "01900000-0000-7000-8000-000000000000"
	tests := []struct {
		name string
		call func() error
	}{
		{"get", func() error { _, err := e.svc.Get(ctx, id); return err }},
		{"update", func() error { _, err := e.svc.Update(ctx, id, incident.UpdateInput{Title: ptr("x")}); return err }},
		{"update no fields", func() error { _, err := e.svc.Update(ctx, id, incident.UpdateInput{}); return err }},
		{"status", func() error { _, err := e.svc.SetStatus(ctx, id, "closed"); return err }},
		{"delete", func() error { return e.svc.Delete(ctx, id) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("error = %v, want ErrNotFound", err)
			}
			if !strings.Contains(err.Error(), id) {
				t.Errorf("error %q does not name the id", err)
			}
			if n := e.count(t, "audit_log"); n != 1 {
				t.Errorf("audit_log rows = %d, want 1", n)
			}
		})
	}
}

func TestAuditChainAcrossOperations(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := e.create(t, incident.CreateInput{Title: "secret title text", Description: "secret description text"})
	if _, err := e.svc.Update(ctx, a.ID, incident.UpdateInput{Title: ptr("another secret")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetStatus(ctx, a.ID, "resolved"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	rows := e.auditFor(t, a.ID)
	var actions []string
	for _, r := range rows {
		actions = append(actions, r.Action)
		for _, v := range r.Details {
			if s, ok := v.(string); ok && strings.Contains(s, "secret") {
				t.Errorf("audit %s details contain user text: %v", r.Action, r.Details)
			}
		}
	}
	if diff := cmp.Diff([]string{"issue.create", "issue.update", "issue.status", "issue.delete"}, actions); diff != "" {
		t.Errorf("audit actions (-want +got):\n%s", diff)
	}
	e.verifyAudit(t)
}
