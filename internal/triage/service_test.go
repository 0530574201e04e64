package triage_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/keys"
	"tftsr/internal/store"
	"tftsr/internal/triage"
)

// turn is one model reply of a scripted conversation and what must follow from it.
type turn struct {
	reply      string
	wantAction string
	wantSteps  []string // "order source question"
	wantLevel  int
	wantRoot   string // question of the root-cause step; "" none
}

// conversation is an 8-turn triage with every way a model goes wrong.
func conversation() []turn {
	q1 := "Why did the orders API return 500 errors?"
	q2 := "Why was the database connection pool exhausted?"
	q3 := "Why did the report job hold connections for hours?"
	q4 := "Why was the report job never given a timeout?"
	return []turn{
		{reply: block("The API logs show pool timeouts.", 1, q1, `"answer": "The DB pool was exhausted."`),
			wantAction: triage.ApplyAppended, wantSteps: []string{"1 ai " + q1}, wantLevel: 1},
		// The same question again, rephrased only in case and punctuation: nothing new.
		{reply: block("Confirming.", 1, strings.ToUpper(q1[:1])+strings.ToLower(q1[1:len(q1)-1])+" ?!", `"answer": "different text"`),
			wantAction: triage.ApplyNone, wantSteps: []string{"1 ai " + q1}, wantLevel: 1},
		{reply: block("Pool graphs show 50/50 in use.", 2, q2, `"answer": "A report job held 45 connections."`),
			wantAction: triage.ApplyAppended, wantSteps: []string{"1 ai " + q1, "2 ai " + q2}, wantLevel: 2},
		// The current level again with a rephrased question: not a new step (never duplicated).
		{reply: block("Looking again.", 2, "Why were all the pool's connections in use?", `"answer": "x"`),
			wantAction: triage.ApplyNone, wantSteps: []string{"1 ai " + q1, "2 ai " + q2}, wantLevel: 2},
		// Prose only, full of the words the original app matched on: nothing changes.
		{reply: "Why 3: I believe the root cause is the report job. Root cause reached, why 4 next.",
			wantAction: triage.ApplyNone, wantSteps: []string{"1 ai " + q1, "2 ai " + q2}, wantLevel: 2},
		// A jump from 2 to 4 is recorded as 3.
		{reply: block("The job runs a full scan.", 4, q3, ""),
			wantAction: triage.ApplyAppended, wantSteps: []string{"1 ai " + q1, "2 ai " + q2, "3 ai " + q3}, wantLevel: 3},
		// The model quotes its first block at the end: the level does not go back, nothing is duplicated.
		{reply: "Recap of where we started:\n" + block("", 1, q1, ""),
			wantAction: triage.ApplyNone, wantSteps: []string{"1 ai " + q1, "2 ai " + q2, "3 ai " + q3}, wantLevel: 3},
		{reply: block("No statement timeout is configured for batch users.", 4, q4,
			`"answer": "Batch jobs have no timeout policy.", "root_cause_reached": true, "root_cause": "No timeout policy for batch DB users."`),
			wantAction: triage.ApplyAppended, wantSteps: []string{"1 ai " + q1, "2 ai " + q2, "3 ai " + q3, "4 ai " + q4}, wantLevel: 4, wantRoot: q4},
	}
}

func TestLessonProgressNeverBackwardsOrDuplicatedAcrossConversation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "orders API 500s")
	for i, tt := range conversation() {
		e.clk.Advance(time.Minute)
		res, err := e.svc.ApplyReply(ctx, id, tt.reply, "msg-"+string(rune('a'+i)))
		if err != nil {
			t.Fatalf("turn %d: %v", i+1, err)
		}
		if res.Action != tt.wantAction {
			t.Errorf("turn %d: action = %q, want %q (%s)", i+1, res.Action, tt.wantAction, res.IgnoredReason)
		}
		steps := e.steps(t, id)
		if diff := cmp.Diff(tt.wantSteps, questions(steps)); diff != "" {
			t.Errorf("turn %d: steps (-want +got):\n%s", i+1, diff)
		}
		want := triage.Progress{Level: tt.wantLevel, Steps: len(tt.wantSteps), RootCauseFound: tt.wantRoot != ""}
		if diff := cmp.Diff(want, res.Progress); diff != "" {
			t.Errorf("turn %d: progress (-want +got):\n%s", i+1, diff)
		}
		root := ""
		for _, s := range steps {
			if s.IsRootCause {
				root = s.Question
			}
		}
		if root != tt.wantRoot {
			t.Errorf("turn %d: root cause = %q, want %q", i+1, root, tt.wantRoot)
		}
	}
	steps := e.steps(t, id)
	// Message ids of the replies that created the steps: turns 1, 3, 6, 8.
	var msgs []string
	for _, s := range steps {
		msgs = append(msgs, s.MessageID)
	}
	if diff := cmp.Diff([]string{"msg-a", "msg-c", "msg-f", "msg-h"}, msgs); diff != "" {
		t.Errorf("message ids (-want +got):\n%s", diff)
	}
	if steps[3].RootCauseBy != triage.SourceAI || steps[3].Answer != "Batch jobs have no timeout policy." {
		t.Errorf("root step = %+v", steps[3])
	}
	// Timeline: one why_advanced per appended step, one root_cause.
	if n := e.count(t, `SELECT count(*) FROM timeline_events WHERE issue_id = ? AND kind = 'triage.why_advanced'`, id); n != 4 {
		t.Errorf("why_advanced events = %d, want 4", n)
	}
	if n := e.count(t, `SELECT count(*) FROM timeline_events WHERE issue_id = ? AND kind = 'triage.root_cause'`, id); n != 1 {
		t.Errorf("root_cause events = %d, want 1", n)
	}
	// Audit: one entry per change (4 appended, the root cause is part of the last), verified chain,
	// and no step text in the audit.
	entries := e.verifyAudit(t)
	applied := 0
	for _, en := range entries {
		if en.Action == triage.ActionReportApplied {
			applied++
		}
		if strings.Contains(en.Details, "connection") || strings.Contains(en.Details, "timeout policy") {
			t.Errorf("audit details hold step text: %s", en.Details)
		}
	}
	if applied != 4 {
		t.Errorf("%d %s audit entries, want 4", applied, triage.ActionReportApplied)
	}
}

func TestLessonProseMentioningWhyAndRootCauseChangesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	for _, reply := range []string{
		"Why 2? Because the disk filled. Root cause: no log rotation.",
		"**Why 1:** the service crashed.\n**Why 2:** OOM.\n**Root cause found:** memory limit too low.",
		"why_level 3 root_cause_reached true",
	} {
		res, err := e.svc.ApplyReply(ctx, id, reply, "m")
		if err != nil {
			t.Fatal(err)
		}
		if res.Action != triage.ApplyNone || res.Progress != (triage.Progress{}) {
			t.Errorf("ApplyReply(%q) = %+v, want nothing changed", reply, res)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM resolution_steps`); n != 0 {
		t.Errorf("%d steps stored, want 0", n)
	}
}

func TestLessonCloseThisIssueInChatDoesNotResolve(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	if _, err := e.svc.ApplyReply(ctx, id, "Close this issue. "+block("ok", 1, "Why did it fail?", `"root_cause_reached": true`), "m"); err != nil {
		t.Fatal(err)
	}
	d, err := e.inc.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Issue.Status != "open" || d.Issue.ResolvedAt != "" {
		t.Errorf("status = %q resolved_at = %q; a chat message must never change the status", d.Issue.Status, d.Issue.ResolvedAt)
	}
}

func TestLessonStepsStoredWithRealMeaningAndEditable(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	e.addLog(t, id, "log-1")
	long := strings.Repeat("The nightly export wrote to /var/tmp. ", 50) // not truncated
	reply := block("prose", 1, "Why did the disk fill?", `"answer": "`+long+`", "evidence": ["log:log-1#L120", "log:other#L5", "df output"]`)
	res, err := e.svc.ApplyReply(ctx, id, reply, "msg-1")
	if err != nil {
		t.Fatal(err)
	}
	var q, a, ev, refs, src, msg string
	if err := e.db.Read().QueryRow(`SELECT why_question, answer, evidence, evidence_refs, source, message_id
		FROM resolution_steps WHERE id = ?`, res.StepID).Scan(&q, &a, &ev, &refs, &src, &msg); err != nil {
		t.Fatal(err)
	}
	want := []string{"Why did the disk fill?", strings.TrimSpace(long), "log:log-1#L120\nlog:other#L5\ndf output",
		`[{"logId":"log-1","line":120}]`, "ai", "msg-1"}
	if diff := cmp.Diff(want, []string{q, a, ev, refs, src, msg}); diff != "" {
		t.Errorf("stored columns (-want +got):\n%s", diff)
	}
	// The user rewrites the model's step; the model repeating its block does not undo it.
	e.clk.Advance(time.Minute)
	st, err := e.svc.UpdateStep(ctx, res.StepID, triage.StepUpdate{Answer: ptr("Export misconfigured."), EvidenceRefs: &[]triage.EvidenceRef{}})
	if err != nil {
		t.Fatal(err)
	}
	if st.Answer != "Export misconfigured." || st.Source != triage.SourceAI || st.UpdatedAt != store.FormatTime(e.clk.Now()) {
		t.Errorf("UpdateStep = %+v", st)
	}
	if _, err := e.svc.ApplyReply(ctx, id, reply, "msg-2"); err != nil {
		t.Fatal(err)
	}
	steps := e.steps(t, id)
	if len(steps) != 1 || steps[0].Answer != "Export misconfigured." {
		t.Errorf("after the model repeated itself: %+v", steps)
	}
	// Refs were emptied by the user: a repeat may fill the empty refs (fill only empty fields).
	if diff := cmp.Diff([]triage.EvidenceRef{{LogID: "log-1", Line: 120}}, steps[0].EvidenceRefs); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
}

func TestApplyFillsOnlyEmptyFields(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	if _, err := e.svc.AddStep(ctx, id, triage.StepInput{Question: "Why did the backup fail?"}); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.ApplyReply(ctx, id, block("", 1, "why did the backup fail", `"answer": "The target was full.", "evidence": ["df"]`), "m1")
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != triage.ApplyFilled {
		t.Errorf("action = %q, want filled", res.Action)
	}
	res, err = e.svc.ApplyReply(ctx, id, block("", 1, "Why did the backup fail?", `"answer": "Something else."`), "m2")
	if err != nil {
		t.Fatal(err)
	}
	steps := e.steps(t, id)
	if res.Action != triage.ApplyNone || steps[0].Answer != "The target was full." || steps[0].Evidence != "df" || steps[0].Source != triage.SourceUser {
		t.Errorf("res = %+v, steps = %+v", res, steps)
	}
}

func TestUserRootCauseWins(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	a, _ := e.svc.AddStep(ctx, id, triage.StepInput{Question: "Why A?"})
	if _, err := e.svc.MarkRootCause(ctx, id, a.ID); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.ApplyReply(ctx, id, block("", 2, "Why B?", `"root_cause_reached": true`), "m")
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != triage.ApplyAppended || res.RootCauseSet || !strings.Contains(res.IgnoredReason, "user") {
		t.Errorf("res = %+v", res)
	}
	steps := e.steps(t, id)
	if !steps[0].IsRootCause || steps[0].RootCauseBy != triage.SourceUser || steps[1].IsRootCause {
		t.Errorf("steps = %+v, want the user's mark kept", steps)
	}
}

func TestModelRootCauseMovesToDeeperStep(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	for i, q := range []string{"Why A?", "Why B?"} {
		if _, err := e.svc.ApplyReply(ctx, id, block("", i+1, q, `"root_cause_reached": true`), "m"); err != nil {
			t.Fatal(err)
		}
	}
	steps := e.steps(t, id)
	if steps[0].IsRootCause || !steps[1].IsRootCause || steps[1].RootCauseBy != triage.SourceAI {
		t.Errorf("steps = %+v, want the mark on B only", steps)
	}
	// A root-cause claim at a stale level with a rephrased question marks the step at that level.
	res, err := e.svc.ApplyReply(ctx, id, block("", 1, "Why did A happen, really?", `"root_cause_reached": true`), "m")
	if err != nil {
		t.Fatal(err)
	}
	steps = e.steps(t, id)
	if res.Action != triage.ApplyMarked || len(steps) != 2 || !steps[0].IsRootCause || steps[1].IsRootCause {
		t.Errorf("res = %+v steps = %+v", res, steps)
	}
}

func TestRootCauseUniqueness(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	a, _ := e.svc.AddStep(ctx, id, triage.StepInput{Question: "Why A?"})
	b, _ := e.svc.AddStep(ctx, id, triage.StepInput{Question: "Why B?"})
	for _, mark := range []string{a.ID, b.ID, b.ID} {
		if _, err := e.svc.MarkRootCause(ctx, id, mark); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM resolution_steps WHERE issue_id = ? AND is_root_cause = 1`, id); n != 1 {
		t.Errorf("%d root causes, want 1", n)
	}
	p, _ := e.svc.Progress(ctx, id)
	if !p.RootCauseFound {
		t.Error("progress: root cause not found")
	}
	// The database refuses a second one too.
	err := e.db.Tx(ctx, func(tx *sqlTx) error {
		_, err := tx.Exec(`UPDATE resolution_steps SET is_root_cause = 1 WHERE id = ?`, a.ID)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Errorf("second root cause: err = %v, want a UNIQUE violation", err)
	}
	steps, err := e.svc.MarkRootCause(ctx, id, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		if s.IsRootCause {
			t.Errorf("after clearing: %+v", s)
		}
	}
	_, err = e.svc.MarkRootCause(ctx, id, "nope")
	wantErr(t, err, apperr.ErrNotFound, "nope")
	other := e.issue(t, "other")
	_, err = e.svc.MarkRootCause(ctx, other, a.ID)
	wantErr(t, err, apperr.ErrNotFound, a.ID)
	if n := e.count(t, `SELECT count(*) FROM timeline_events WHERE kind = 'triage.root_cause'`); n != 2 {
		t.Errorf("root_cause events = %d, want 2 (A, then B; the repeat is a no-op)", n)
	}
}

func TestReorderStepsValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	var ids []string
	for _, q := range []string{"Why A?", "Why B?", "Why C?"} {
		st, err := e.svc.AddStep(ctx, id, triage.StepInput{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, st.ID)
	}
	other := e.issue(t, "other")
	foreign, _ := e.svc.AddStep(ctx, other, triage.StepInput{Question: "Why X?"})
	bad := []struct {
		name string
		ids  []string
		msg  string
	}{
		{"missing one", ids[:2], "got 2 ids"},
		{"extra one", append(append([]string{}, ids...), "zzz"), "got 4 ids"},
		{"duplicate", []string{ids[0], ids[0], ids[1]}, "twice"},
		{"foreign id", []string{ids[0], ids[1], foreign.ID}, "does not belong"},
		{"empty", nil, "got 0 ids"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.ReorderSteps(ctx, id, tt.ids)
			wantErr(t, err, apperr.ErrInvalid, tt.msg)
		})
	}
	got, err := e.svc.ReorderSteps(ctx, id, []string{ids[2], ids[0], ids[1]})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1 user Why C?", "2 user Why A?", "3 user Why B?"}, questions(got)); diff != "" {
		t.Errorf("ReorderSteps (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(questions(got), questions(e.steps(t, id))); diff != "" {
		t.Errorf("ListSteps after reorder (-want +got):\n%s", diff)
	}
	_, err = e.svc.ReorderSteps(ctx, "nope", nil)
	wantErr(t, err, apperr.ErrNotFound, "")
}

func TestUserMayGoBackwards(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	for i, q := range []string{"Why A?", "Why B?", "Why C?"} {
		if _, err := e.svc.ApplyReply(ctx, id, block("", i+1, q, ""), "m"); err != nil {
			t.Fatal(err)
		}
	}
	steps := e.steps(t, id)
	if err := e.svc.DeleteStep(ctx, steps[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteStep(ctx, steps[2].ID); err != nil {
		t.Fatal(err)
	}
	p, _ := e.svc.Progress(ctx, id)
	if p.Level != 1 {
		t.Errorf("level after deleting = %d, want 1", p.Level)
	}
	// The model, still at level 3, continues from where the user left the steps: as level 2.
	res, err := e.svc.ApplyReply(ctx, id, block("", 3, "Why D?", ""), "m")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1 ai Why A?", "2 ai Why D?"}, questions(e.steps(t, id))); diff != "" || res.Progress.Level != 2 {
		t.Errorf("steps (-want +got):\n%s, progress %+v", diff, res.Progress)
	}
	err = e.svc.DeleteStep(ctx, steps[1].ID)
	wantErr(t, err, apperr.ErrNotFound, "")
}

func TestLevelCappedAtFiveForDisplay(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	for i := 1; i <= 7; i++ {
		if _, err := e.svc.AddStep(ctx, id, triage.StepInput{Question: "Why " + string(rune('A'+i)) + "?"}); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := e.svc.Progress(ctx, id)
	if p != (triage.Progress{Level: 5, Steps: 7}) {
		t.Errorf("Progress = %+v", p)
	}
	// The model can never add a step beyond level 5 (its levels are clamped to 5 ≤ 7 steps).
	res, err := e.svc.ApplyReply(ctx, id, block("", 9, "Why deeper?", ""), "m")
	if err != nil || res.Action != triage.ApplyNone {
		t.Errorf("res = %+v, %v", res, err)
	}
}

func TestStepValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	e.addLog(t, id, "log-1")
	other := e.issue(t, "other")
	e.addLog(t, other, "log-2")
	tests := []struct {
		name string
		in   triage.StepInput
		msg  string
	}{
		{"empty question", triage.StepInput{Question: "   "}, "question must not be empty"},
		{"long question", triage.StepInput{Question: strings.Repeat("é", triage.MaxQuestionLen+1)}, "at most 1000"},
		{"control characters", triage.StepInput{Question: "why\x00"}, "control"},
		{"newline in question", triage.StepInput{Question: "why\nnot"}, "control"},
		{"long answer", triage.StepInput{Question: "q", Answer: strings.Repeat("a", triage.MaxAnswerLen+1)}, "answer must be at most"},
		{"long evidence", triage.StepInput{Question: "q", Evidence: strings.Repeat("a", triage.MaxEvidenceLen+1)}, "evidence must be at most"},
		{"invalid utf-8", triage.StepInput{Question: "q", Answer: "\xff"}, "UTF-8"},
		{"ref without line", triage.StepInput{Question: "q", EvidenceRefs: []triage.EvidenceRef{{LogID: "log-1"}}}, "line"},
		{"ref to unknown log", triage.StepInput{Question: "q", EvidenceRefs: []triage.EvidenceRef{{LogID: "nope", Line: 1}}}, "no such log"},
		{"ref to another incident's log", triage.StepInput{Question: "q", EvidenceRefs: []triage.EvidenceRef{{LogID: "log-2", Line: 1}}}, "no such log"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.AddStep(ctx, id, tt.in)
			wantErr(t, err, apperr.ErrInvalid, tt.msg)
		})
	}
	if n := e.count(t, `SELECT count(*) FROM resolution_steps`); n != 0 {
		t.Errorf("%d steps stored by invalid input", n)
	}
	_, err := e.svc.AddStep(ctx, "nope", triage.StepInput{Question: "q"})
	wantErr(t, err, apperr.ErrNotFound, "nope")
	_, err = e.svc.UpdateStep(ctx, "nope", triage.StepUpdate{Answer: ptr("a")})
	wantErr(t, err, apperr.ErrNotFound, "nope")
	st, err := e.svc.AddStep(ctx, id, triage.StepInput{Question: " Why? ", Answer: "a\nb", EvidenceRefs: []triage.EvidenceRef{{LogID: "log-1", Line: 3}, {LogID: "log-1", Line: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	if st.Question != "Why?" || len(st.EvidenceRefs) != 1 || st.Order != 1 || st.Source != triage.SourceUser {
		t.Errorf("AddStep = %+v", st)
	}
	_, err = e.svc.UpdateStep(ctx, st.ID, triage.StepUpdate{Question: ptr("")})
	wantErr(t, err, apperr.ErrInvalid, "question")
	_, err = e.svc.ApplyReport(ctx, id, triage.Report{WhyLevel: 0, Question: "q"}, "")
	wantErr(t, err, apperr.ErrInvalid, "why level")
	_, err = e.svc.ApplyReport(ctx, id, triage.Report{WhyLevel: 2, Question: "q"}, "m\x00")
	wantErr(t, err, apperr.ErrInvalid, "message id")
	_, err = e.svc.ApplyReply(ctx, "nope", "no block", "")
	wantErr(t, err, apperr.ErrNotFound, "nope")
	// Unchanged updates write nothing.
	before := e.count(t, `SELECT count(*) FROM audit_log`)
	if _, err := e.svc.UpdateStep(ctx, st.ID, triage.StepUpdate{Question: ptr("Why?"), Answer: ptr("a\nb")}); err != nil {
		t.Fatal(err)
	}
	if after := e.count(t, `SELECT count(*) FROM audit_log`); after != before {
		t.Errorf("a no-op update wrote %d audit entries", after-before)
	}
}

func TestFactors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	var ids []string
	for _, text := range []string{"No alert on pool usage", "  Runbook out of date  ", "Weekend staffing"} {
		f, err := e.svc.AddFactor(ctx, id, text)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, f.ID)
	}
	fs, err := e.svc.ReorderFactors(ctx, id, []string{ids[1], ids[2], ids[0]})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteFactor(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	f, err := e.svc.UpdateFactor(ctx, ids[0], "No alert on DB pool usage")
	if err != nil {
		t.Fatal(err)
	}
	if f.Position != 2 {
		t.Errorf("UpdateFactor position = %d, want 2", f.Position)
	}
	fs, err = e.svc.ListFactors(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.Text)
	}
	if diff := cmp.Diff([]string{"Runbook out of date", "No alert on DB pool usage"}, got); diff != "" {
		t.Errorf("factors (-want +got):\n%s", diff)
	}
	if fs[0].Position != 1 || fs[1].Position != 2 {
		t.Errorf("positions = %d, %d", fs[0].Position, fs[1].Position)
	}
	var stored []int
	rows, _ := e.db.Read().Query(`SELECT position FROM contributing_factors WHERE issue_id = ? ORDER BY position`, id)
	for rows.Next() {
		var p int
		_ = rows.Scan(&p)
		stored = append(stored, p)
	}
	rows.Close()
	if diff := cmp.Diff([]int{1, 2}, stored); diff != "" {
		t.Errorf("stored positions (-want +got):\n%s", diff)
	}
	_, err = e.svc.AddFactor(ctx, id, " ")
	wantErr(t, err, apperr.ErrInvalid, "must not be empty")
	_, err = e.svc.AddFactor(ctx, id, strings.Repeat("x", triage.MaxFactorLen+1))
	wantErr(t, err, apperr.ErrInvalid, "at most")
	_, err = e.svc.UpdateFactor(ctx, "nope", "x")
	wantErr(t, err, apperr.ErrNotFound, "nope")
	wantErr(t, e.svc.DeleteFactor(ctx, "nope"), apperr.ErrNotFound, "nope")
	_, err = e.svc.ReorderFactors(ctx, id, []string{ids[0]})
	wantErr(t, err, apperr.ErrInvalid, "got 1 ids")
	_, err = e.svc.AddFactor(ctx, "nope", "x")
	wantErr(t, err, apperr.ErrNotFound, "nope")

	st, err := e.svc.State(ctx, id)
	if err != nil || len(st.Factors) != 2 || len(st.Steps) != 0 {
		t.Errorf("State = %+v, %v", st, err)
	}
	// Audit: every change, no factor text.
	for _, en := range e.verifyAudit(t) {
		if strings.Contains(en.Details, "alert") || strings.Contains(en.Details, "Runbook") {
			t.Errorf("audit details hold factor text: %s", en.Details)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action LIKE 'triage.factor.%'`); n != 6 {
		t.Errorf("factor audit entries = %d, want 6 (3 add, reorder, delete, update)", n)
	}
	// Cascade: deleting the incident removes its factors.
	if err := e.inc.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT count(*) FROM contributing_factors`); n != 0 {
		t.Errorf("%d factors left after deleting the incident", n)
	}
}

func TestLessonLevelSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tftsr.db")
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		t.Fatal(err)
	}
	open := func() *store.DB {
		db, err := store.Open(ctx, store.Options{Path: path, Key: keys.NewRawKey(keys.SourceKeyring, raw)})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	e := newEnvDB(db)
	id := e.issue(t, "x")
	for i, tt := range conversation() {
		if _, err := e.svc.ApplyReply(ctx, id, tt.reply, "m"+string(rune('0'+i))); err != nil {
			t.Fatal(err)
		}
	}
	before, err := e.svc.State(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = open()
	defer db.Close()
	e = newEnvDB(db)
	after, err := e.svc.State(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("state after reopening (-before +after):\n%s", diff)
	}
	if after.Progress != (triage.Progress{Level: 4, Steps: 4, RootCauseFound: true}) {
		t.Errorf("progress after reopening = %+v", after.Progress)
	}
}

func TestLessonSeedRowsReadable(t *testing.T) {
	// Rows written by the original app (no updated_at, odd step_order) are listed by position.
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	if err := e.db.Tx(ctx, func(tx *sqlTx) error {
		_, err := tx.Exec(`INSERT INTO resolution_steps (id, issue_id, step_order, why_question, answer, evidence, created_at)
			VALUES ('s1', ?, 3, 'Why old?', NULL, NULL, '2025-01-01 10:00:00'), ('s2', ?, 7, 'Why older?', 'x', NULL, '2025-01-01 10:01:00')`, id, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	steps := e.steps(t, id)
	if diff := cmp.Diff([]string{"1 user Why old?", "2 user Why older?"}, questions(steps)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if steps[0].UpdatedAt != "2025-01-01 10:00:00" {
		t.Errorf("updated_at fallback = %q", steps[0].UpdatedAt)
	}
	res, err := e.svc.ApplyReply(ctx, id, block("", 3, "Why new?", ""), "m")
	if err != nil || res.Progress.Steps != 3 {
		t.Fatalf("res = %+v, %v", res, err)
	}
	if err := e.svc.DeleteStep(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1 user Why older?", "2 ai Why new?"}, questions(e.steps(t, id))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestLessonRootCauseLightsUp(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	res, err := e.svc.ApplyReply(ctx, id, block("Found it.", 1, "Why did the certificate expire unnoticed?",
		`"answer": "No expiry monitoring.", "root_cause_reached": "true", "root_cause": "No expiry monitoring."`), "m")
	if err != nil {
		t.Fatal(err)
	}
	if !res.RootCauseSet || !res.Progress.RootCauseFound {
		t.Errorf("ApplyReply = %+v, want the root cause set", res)
	}
	p, err := e.svc.Progress(ctx, id)
	if err != nil || !p.RootCauseFound {
		t.Errorf("Progress = %+v, %v; want RootCauseFound", p, err)
	}
}
