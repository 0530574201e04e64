package app

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/redaction/redactiontest"
	"tftsr/internal/timeline"
	"tftsr/internal/triage"
)

// jsonKeys returns the top-level keys v marshals to.
func jsonKeys(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	keys := []string{}
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func assertCamel(t *testing.T, v any) {
	t.Helper()
	for _, k := range jsonKeys(t, v) {
		if strings.ContainsAny(k, "_ ") || k[0] < 'a' || k[0] > 'z' {
			t.Errorf("%T: JSON field %q is not camelCase", v, k)
		}
	}
}

func TestTriageServiceEndToEnd(t *testing.T) {
	e := redactiontest.New(t)
	ctx := context.Background()
	s := NewTriageService(ctx, triage.NewService(e.DB, e.Audit, time.Now))
	issue := e.Issue(t, "orders API 500s")

	prompt, err := s.SystemPrompt("Kubernetes")
	if err != nil || !strings.Contains(prompt, "# Domain: Kubernetes") || !strings.Contains(prompt, "```triage") {
		t.Errorf("SystemPrompt = %.80q…, %v", prompt, err)
	}
	reply := "The pods are OOMKilled.\n\n```triage\n{\"why_level\": 1, \"question\": \"Why do requests fail?\", \"answer\": \"Pods restart.\", \"root_cause_reached\": false}\n```"
	parsed, err := s.ParseReply(reply)
	if err != nil || !parsed.Found || parsed.Report.WhyLevel != 1 || parsed.Display != "The pods are OOMKilled." {
		t.Errorf("ParseReply = %+v, %v", parsed, err)
	}
	none, _ := s.ParseReply("Why 2: root cause reached.")
	if none.Found || none.Report.Evidence == nil || none.Display != "Why 2: root cause reached." {
		t.Errorf("ParseReply(no block) = %+v", none)
	}
	assertCamel(t, parsed)
	assertCamel(t, parsed.Report)

	res, err := s.ApplyReply(issue, reply, "msg-1")
	if err != nil || res.Action != triage.ApplyAppended || res.Progress.Level != 1 {
		t.Fatalf("ApplyReply = %+v, %v", res, err)
	}
	assertCamel(t, res)
	st, err := s.AddStep(issue, triage.StepInput{Question: "Why are the pods OOMKilled?"})
	if err != nil {
		t.Fatal(err)
	}
	assertCamel(t, st)
	answer := "Limit 256Mi, usage 400Mi."
	if st, err = s.UpdateStep(st.ID, triage.StepUpdate{Answer: &answer}); err != nil || st.Answer != answer {
		t.Errorf("UpdateStep = %+v, %v", st, err)
	}
	steps, err := s.ListSteps(issue)
	if err != nil || len(steps) != 2 {
		t.Fatalf("ListSteps = %+v, %v", steps, err)
	}
	if steps, err = s.ReorderSteps(issue, []string{steps[1].ID, steps[0].ID}); err != nil || steps[0].ID != st.ID {
		t.Errorf("ReorderSteps = %+v, %v", steps, err)
	}
	if steps, err = s.MarkRootCause(issue, st.ID); err != nil || !steps[0].IsRootCause {
		t.Errorf("MarkRootCause = %+v, %v", steps, err)
	}
	p, err := s.Progress(issue)
	if err != nil || p != (triage.Progress{Level: 2, Steps: 2, RootCauseFound: true}) {
		t.Errorf("Progress = %+v, %v", p, err)
	}
	assertCamel(t, p)
	f, err := s.AddFactor(issue, "No memory alert")
	if err != nil {
		t.Fatal(err)
	}
	assertCamel(t, f)
	f2, _ := s.AddFactor(issue, "Limits copied from a template")
	if f, err = s.UpdateFactor(f.ID, "No memory alert on the namespace"); err != nil || f.Text != "No memory alert on the namespace" {
		t.Errorf("UpdateFactor = %+v, %v", f, err)
	}
	fs, err := s.ReorderFactors(issue, []string{f2.ID, f.ID})
	if err != nil || fs[0].ID != f2.ID {
		t.Errorf("ReorderFactors = %+v, %v", fs, err)
	}
	if err := s.DeleteFactor(f2.ID); err != nil {
		t.Fatal(err)
	}
	if fs, err = s.ListFactors(issue); err != nil || len(fs) != 1 || fs[0].Position != 1 {
		t.Errorf("ListFactors = %+v, %v", fs, err)
	}
	state, err := s.State(issue)
	if err != nil || len(state.Steps) != 2 || len(state.Factors) != 1 || !state.Progress.RootCauseFound {
		t.Errorf("State = %+v, %v", state, err)
	}
	assertCamel(t, state)
	if err := s.DeleteStep(st.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ = s.Progress(issue); p != (triage.Progress{Level: 1, Steps: 1}) {
		t.Errorf("Progress after delete = %+v", p)
	}
	// Errors reach the UI as {code, message}.
	_, err = s.AddStep(issue, triage.StepInput{})
	if got := FormatError(err); got != (apperr.Error{Code: "invalid", Message: "triage: question must not be empty"}) {
		t.Errorf("FormatError = %+v", got)
	}
	if _, err := s.ListSteps("nope"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("ListSteps(unknown) = %v", err)
	}
}

func TestTimelineServiceEndToEnd(t *testing.T) {
	e := redactiontest.New(t)
	ctx := context.Background()
	s := NewTimelineService(ctx, timeline.NewService(e.DB, e.Audit, time.Now))
	issue := e.Issue(t, "checkout down")
	kinds, err := s.Kinds()
	if err != nil || len(kinds) != len(timeline.UserKinds)+len(timeline.SystemKinds) || kinds[0].Kind != timeline.KindImpactStarted {
		t.Errorf("Kinds = %+v, %v", kinds, err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	start, err := s.Add(issue, timeline.Input{Kind: timeline.KindImpactStarted, OccurredAt: now.Add(-time.Hour).Format(time.RFC3339)})
	if err != nil {
		t.Fatal(err)
	}
	assertCamel(t, start)
	det, err := s.Add(issue, timeline.Input{Kind: timeline.KindDetected, OccurredAt: now.Add(-50 * time.Minute).Format(time.RFC3339)})
	if err != nil {
		t.Fatal(err)
	}
	title := "Detected by synthetic check"
	if det, err = s.Update(det.ID, timeline.Update{Title: &title}); err != nil || det.Title != title {
		t.Errorf("Update = %+v, %v", det, err)
	}
	evs, err := s.List(issue)
	if err != nil || len(evs) != 3 || evs[0].Kind != timeline.KindImpactStarted || evs[2].Kind != timeline.KindIncidentCreated {
		t.Errorf("List = %+v, %v", evs, err)
	}
	m, err := s.Metrics(issue)
	if err != nil || m.TimeToDetect != (timeline.Duration{Status: "ok", Ms: 600000, From: start.OccurredAt, To: det.OccurredAt}) ||
		m.TimeToResolve.Status != timeline.StatusUnknown {
		t.Errorf("Metrics = %+v, %v", m, err)
	}
	assertCamel(t, m)
	assertCamel(t, m.TimeToDetect)
	d, err := s.Dashboard()
	if err != nil || d.TimeToDetect != (timeline.Aggregate{Count: 1, MeanMs: 600000, MedianMs: 600000}) {
		t.Errorf("Dashboard = %+v, %v", d, err)
	}
	assertCamel(t, d)
	assertCamel(t, d.TimeToDetect)
	if err := s.Delete(det.ID); err != nil {
		t.Fatal(err)
	}
	err = s.Delete(evs[2].ID)
	if diff := cmp.Diff(apperr.Error{Code: "invalid", Message: `timeline: "incident.created" events are recorded by TFTSR and cannot be deleted`}, FormatError(err)); diff != "" {
		t.Errorf("deleting a system event (-want +got):\n%s", diff)
	}
}
