package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/egress"
	"tftsr/internal/redaction"
	"tftsr/internal/redaction/redactiontest"
	"tftsr/internal/settings"
)

func newReviewServices(t *testing.T) (*redactiontest.Env, *LogService, *ReviewService, string) {
	t.Helper()
	e := redactiontest.New(t)
	ctx := context.Background()
	ls := NewLogService(ctx, e.Logs, e.Red, nil)
	return e, ls, NewReviewService(ctx, e.Red, ls), e.Issue(t, "login storm")
}

const reviewLog = "login for user=alice from 10.9.8.7\nmail alice@example.com\nplain line\n"

func TestIngestJobScansNewLogs(t *testing.T) {
	_, ls, rs, issue := newReviewServices(t)
	j, err := ls.AddText(issue, "app.log", reviewLog)
	if err != nil {
		t.Fatal(err)
	}
	if j.Kind != JobIngest || j.Phase != PhaseReading {
		t.Errorf("new ingest job = %+v", j)
	}
	j = wait(t, ls, j.ID)
	if j.Error != nil || j.Cancelled || len(j.Results) != 1 {
		t.Fatalf("finished job = %+v", j)
	}
	if j.Phase != PhaseScanning || j.BytesDone != int64(len(reviewLog)) {
		t.Errorf("done ingest: phase %q, %d/%d bytes; want scanning, all bytes", j.Phase, j.BytesDone, j.Total)
	}
	sum, err := rs.Summary(j.Results[0].LogFileID)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Scanned || sum.Total != 3 || sum.IssueID != issue {
		t.Errorf("summary after ingest = %+v, want scanned with 3 findings", sum)
	}
}

func TestScanAndApplyJobs(t *testing.T) {
	e, ls, rs, issue := newReviewServices(t)
	logID := e.AddLog(t, issue, "app.log", reviewLog, 0) // stored without the job: not scanned
	if sum, _ := rs.Summary(logID); sum.Scanned {
		t.Fatal("log stored directly is already scanned")
	}
	j, err := rs.Scan(logID)
	if err != nil {
		t.Fatal(err)
	}
	if j = wait(t, ls, j.ID); j.Error != nil || j.Kind != JobScan || j.LogID != logID || j.IssueID != issue {
		t.Fatalf("scan job = %+v", j)
	}
	if _, err := rs.Decide(logID, redaction.Decision{Scope: redaction.ScopeType, Type: "ipv4", Action: redaction.Keep}); err != nil {
		t.Fatal(err)
	}
	j, err = rs.Apply(logID)
	if err != nil {
		t.Fatal(err)
	}
	j = wait(t, ls, j.ID)
	if j.Error != nil || j.Kind != JobApply || j.Apply == nil || j.Apply.Redacted != 2 || j.Apply.Kept != 1 {
		t.Fatalf("apply job = %+v (apply %+v)", j, j.Apply)
	}
	lines, err := rs.Redacted(logID, 1, 10)
	if err != nil || len(lines) != 3 || strings.Contains(lines[0].Text+lines[1].Text, "alice") || !strings.Contains(lines[0].Text, "10.9.8.7") {
		t.Errorf("Redacted = %+v, %v", lines, err)
	}
	if _, err := rs.Scan("no-such-log"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("Scan(unknown) = %v, want ErrNotFound", err)
	}
}

func TestScanJobCancel(t *testing.T) {
	e, ls, rs, issue := newReviewServices(t)
	var b strings.Builder
	for range 20000 {
		b.WriteString("mail alice@example.com from 10.9.8.7 and more text to make the log long\n")
	}
	logID := e.AddLog(t, issue, "big.log", b.String(), 0)
	j, err := rs.Scan(logID)
	if err != nil {
		t.Fatal(err)
	}
	if err := ls.Cancel(j.ID); err != nil {
		t.Fatal(err)
	}
	if j = wait(t, ls, j.ID); !j.Cancelled || j.Error != nil {
		t.Fatalf("cancelled scan job = %+v (error %+v)", j, j.Error)
	}
	if sum, _ := rs.Summary(logID); sum.Scanned || sum.Total != 0 {
		t.Errorf("a cancelled first scan left state: %+v", sum)
	}
}

func TestEgressServiceReviewAndApprove(t *testing.T) {
	e := redactiontest.New(t)
	issue := e.Issue(t, "typed")
	g, err := egress.NewGate(e.Red, e.Master)
	if err != nil {
		t.Fatal(err)
	}
	s := NewEgressService(context.Background(), e.Red, g, nil)
	r, err := s.ReviewText(issue, "ask alice@example.com about 10.9.8.7")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 2 || r.Findings[0].Placeholder != "[EMAIL-1]" || r.Findings[1].Placeholder != "[IPV4-1]" {
		t.Fatalf("review = %+v", r)
	}
	bad := []struct {
		name      string
		id        string
		decisions []string
		dest      string
		want      error
		msg       string
	}{
		{"too few decisions", r.ID, []string{"redact"}, "clipboard", apperr.ErrInvalid, "2 findings, got 1"},
		{"bad decision", r.ID, []string{"redact", "hide"}, "clipboard", apperr.ErrInvalid, `"hide"`},
		{"bad destination", r.ID, []string{"redact", "keep"}, "openai", apperr.ErrInvalid, "clipboard"},
		{"unknown review", "nope", []string{"redact", "keep"}, "clipboard", apperr.ErrNotFound, "nope"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.ApproveText(tt.id, tt.decisions, tt.dest)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("ApproveText = %v, want %v mentioning %q", err, tt.want, tt.msg)
			}
		})
	}
	got, err := s.ApproveText(r.ID, []string{"redact", "keep"}, "clipboard")
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "ask [EMAIL-1] about 10.9.8.7" || got.Kept != 1 || got.Redacted != 1 || got.Bytes != len(got.Text) || len(got.SHA256) != 64 {
		t.Errorf("ApproveText = %+v", got)
	}
	if _, err := s.ApproveText(r.ID, []string{"redact", "keep"}, "clipboard"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("approving twice: %v, want ErrNotFound", err)
	}
	if _, err := s.ReviewText("no-such-issue", "x@example.com"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("unknown incident: %v, want ErrNotFound", err)
	}
	// The switches apply to typed text too.
	set := settings.Defaults()
	set.DisabledPIITypes = []string{"email", "hostname"}
	if _, err := e.Settings.Update(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	if r, err = s.ReviewText(issue, "ask alice@example.com"); err != nil || len(r.Findings) != 0 {
		t.Errorf("with email and hostname off: %+v, %v", r, err)
	}
}

func TestMetaListsEveryPIIType(t *testing.T) {
	m, err := NewSystemService(context.Background(), "v", nil, nil, nil).Meta()
	if err != nil {
		t.Fatal(err)
	}
	classes := map[string]bool{"secret": true, "credential": true, "financial": true, "personal": true, "network": true}
	for _, p := range m.PIITypes {
		if _, ok := piiLabels[p.Type]; !ok || p.Label == "" || !classes[p.Class] {
			t.Errorf("PIIType %+v: missing label or class", p)
		}
	}
	if len(m.PIITypes) != len(piiLabels) {
		t.Errorf("Meta lists %d types, labels know %d", len(m.PIITypes), len(piiLabels))
	}
}

// Cancelling an ingest while it scans keeps the stored logs (they were committed) unscanned.
func TestIngestCancelledWhileScanning(t *testing.T) {
	_, ls, rs, issue := newReviewServices(t)
	var b strings.Builder
	for range 20000 {
		b.WriteString("mail alice@example.com from 10.9.8.7 and more text to make the log long\n")
	}
	j, err := ls.AddText(issue, "big.log", b.String())
	if err != nil {
		t.Fatal(err)
	}
	for {
		cur, err := ls.Job(j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Done {
			t.Fatalf("job finished before it could be cancelled while scanning: %+v", cur)
		}
		if cur.Phase == PhaseScanning {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if err := ls.Cancel(j.ID); err != nil {
		t.Fatal(err)
	}
	j = wait(t, ls, j.ID)
	if !j.Cancelled || len(j.Results) != 1 {
		t.Fatalf("job = %+v, want cancelled with the stored log", j)
	}
	sum, err := rs.Summary(j.Results[0].LogFileID)
	if err != nil || sum.Scanned {
		t.Errorf("Summary = %+v, %v; want the log kept, unscanned", sum, err)
	}
}
