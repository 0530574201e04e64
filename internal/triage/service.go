package triage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/store"
	"tftsr/internal/timeline"
)

// Audit actions written by the Service; the entity is always the incident, so the incident's
// audit history shows its triage. Details hold ids, orders and counts, never the texts.
const (
	ActionStepAdd        = "triage.step.add"
	ActionStepUpdate     = "triage.step.update"
	ActionStepDelete     = "triage.step.delete"
	ActionStepReorder    = "triage.step.reorder"
	ActionRootCause      = "triage.root_cause"
	ActionFactorAdd      = "triage.factor.add"
	ActionFactorUpdate   = "triage.factor.update"
	ActionFactorDelete   = "triage.factor.delete"
	ActionFactorReorder  = "triage.factor.reorder"
	ActionReportApplied  = "triage.report.apply"
	EntityIssue          = "issue"
	rootCauseClearedWord = "cleared"
)

// Service manages an incident's 5-Whys steps, root cause and contributing factors. It does not
// depend on any AI provider: everything ApplyReport does can be done by hand.
type Service struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
}

// NewService builds a Service; now is the clock (time.Now when nil).
func NewService(db *store.DB, log *audit.Log, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, audit: log, now: now}
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("triage: "+format+": %w", append(args, apperr.ErrInvalid)...)
}

func stepNotFound(id string) error {
	return fmt.Errorf("triage: no step with id %q: %w", id, apperr.ErrNotFound)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func issueExists(ctx context.Context, q store.RowQuerier, id string) error {
	if err := store.IssueExists(ctx, q, id); err != nil {
		return fmt.Errorf("triage: %w", err)
	}
	return nil
}

func (s *Service) append(ctx context.Context, tx *sql.Tx, action, issueID string, details any) error {
	if _, err := s.audit.Append(ctx, tx, audit.Event{Action: action, EntityType: EntityIssue, EntityID: issueID, Details: details}); err != nil {
		return fmt.Errorf("triage: audit %s: %w", action, err)
	}
	return nil
}

// ---- validation ----------------------------------------------------------------------------

func hasControl(s, allowed string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && !strings.ContainsRune(allowed, r) {
			return true
		}
	}
	return false
}

func checkText(field, s string, minRunes, maxRunes int, multiline bool) error {
	if !utf8.ValidString(s) {
		return invalidf("%s is not valid UTF-8", field)
	}
	n := utf8.RuneCountInString(s)
	if minRunes > 0 && n < minRunes {
		return invalidf("%s must not be empty", field)
	}
	if n > maxRunes {
		return invalidf("%s must be at most %d characters (got %d)", field, maxRunes, n)
	}
	allowed := ""
	if multiline {
		allowed = "\n\r\t"
	}
	if hasControl(s, allowed) {
		if multiline {
			return invalidf("%s must not contain control characters other than newline, carriage return and tab", field)
		}
		return invalidf("%s must not contain control characters", field)
	}
	return nil
}

func normalizeQuestion(q string) (string, error) {
	q = strings.TrimSpace(q)
	return q, checkText("question", q, 1, MaxQuestionLen, false)
}

// validateRefs checks citations: at most MaxEvidenceRefs, lines ≥ 1, and every log belongs to
// the incident. Duplicates are dropped; the result is never nil.
func validateRefs(ctx context.Context, q querier, issueID string, refs []EvidenceRef) ([]EvidenceRef, error) {
	out := []EvidenceRef{}
	for _, r := range refs {
		if r.LogID == "" || r.Line < 1 {
			return nil, invalidf("evidence reference needs a log id and a line ≥ 1 (got %q, %d)", r.LogID, r.Line)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if len(out) > MaxEvidenceRefs {
		return nil, invalidf("at most %d evidence references are allowed (got %d)", MaxEvidenceRefs, len(out))
	}
	for _, r := range out {
		ok, err := logOfIssue(ctx, q, issueID, r.LogID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, invalidf("evidence reference to log %q: no such log in this incident", r.LogID)
		}
	}
	return out, nil
}

func logOfIssue(ctx context.Context, q querier, issueID, logID string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM log_files WHERE id = ? AND issue_id = ?`, logID, issueID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("triage: read log %q: %w", logID, err)
	}
	return true, nil
}

func encodeRefs(refs []EvidenceRef) string {
	if len(refs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(refs) // plain structs always marshal
	return string(b)
}

func decodeRefs(s string) []EvidenceRef {
	var refs []EvidenceRef
	if err := json.Unmarshal([]byte(s), &refs); err != nil || refs == nil {
		return []EvidenceRef{}
	}
	return refs
}

// normQ is the form questions are compared in: lowercase letters and digits, single spaces.
func normQ(q string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(q) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// ---- steps ---------------------------------------------------------------------------------

const stepCols = `id, issue_id, step_order, why_question, COALESCE(answer, ''), COALESCE(evidence, ''),
	evidence_refs, is_root_cause != 0, COALESCE(root_cause_by, ''), source, COALESCE(message_id, ''),
	created_at, COALESCE(updated_at, created_at)`

type scanner interface{ Scan(dest ...any) error }

func scanStep(r scanner) (Step, error) {
	var (
		st   Step
		refs string
	)
	if err := r.Scan(&st.ID, &st.IssueID, &st.Order, &st.Question, &st.Answer, &st.Evidence, &refs,
		&st.IsRootCause, &st.RootCauseBy, &st.Source, &st.MessageID, &st.CreatedAt, &st.UpdatedAt); err != nil {
		return Step{}, err
	}
	st.EvidenceRefs = decodeRefs(refs)
	return st, nil
}

// listSteps reads the incident's steps in order. Order shown is the position (1..n), whatever
// step_order a row written by the original app holds.
func listSteps(ctx context.Context, q querier, issueID string) ([]Step, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+stepCols+` FROM resolution_steps WHERE issue_id = ?
		ORDER BY step_order, created_at, id`, issueID)
	if err != nil {
		return nil, fmt.Errorf("triage: list steps of %q: %w", issueID, err)
	}
	defer rows.Close()
	out := []Step{}
	for rows.Next() {
		st, err := scanStep(rows)
		if err != nil {
			return nil, fmt.Errorf("triage: list steps of %q: %w", issueID, err)
		}
		st.Order = len(out) + 1
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("triage: list steps of %q: %w", issueID, err)
	}
	return out, nil
}

func getStepTx(ctx context.Context, tx *sql.Tx, id string) (Step, error) {
	st, err := scanStep(tx.QueryRowContext(ctx, `SELECT `+stepCols+` FROM resolution_steps WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Step{}, stepNotFound(id)
	}
	if err != nil {
		return Step{}, fmt.Errorf("triage: read step %q: %w", id, err)
	}
	// The position, not the stored order (see listSteps).
	steps, err := listSteps(ctx, tx, st.IssueID)
	if err != nil {
		return Step{}, err
	}
	for _, x := range steps {
		if x.ID == id {
			return x, nil
		}
	}
	return st, nil
}

func progressOf(steps []Step) Progress {
	p := Progress{Steps: len(steps), Level: min(len(steps), MaxLevel)}
	for _, st := range steps {
		if st.IsRootCause {
			p.RootCauseFound = true
		}
	}
	return p
}

// renumber stores positions 1..n for ids (in that order), touching only rows that differ.
func renumber(ctx context.Context, tx *sql.Tx, steps []Step) error {
	for i, st := range steps {
		if _, err := tx.ExecContext(ctx, `UPDATE resolution_steps SET step_order = ? WHERE id = ? AND step_order != ?`,
			i+1, st.ID, i+1); err != nil {
			return fmt.Errorf("triage: renumber steps: %w", err)
		}
	}
	return nil
}

// readTx runs fn in a read-only transaction (one consistent snapshot).
func (s *Service) readTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("triage: read: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	return fn(tx)
}

// ListSteps returns the incident's steps in order (never nil).
func (s *Service) ListSteps(ctx context.Context, issueID string) ([]Step, error) {
	var out []Step
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		var err error
		out, err = listSteps(ctx, tx, issueID)
		return err
	})
	return out, err
}

// Progress returns the incident's progress, derived from its steps.
func (s *Service) Progress(ctx context.Context, issueID string) (Progress, error) {
	steps, err := s.ListSteps(ctx, issueID)
	if err != nil {
		return Progress{}, err
	}
	return progressOf(steps), nil
}

// State returns the steps, factors and progress in one snapshot.
func (s *Service) State(ctx context.Context, issueID string) (State, error) {
	var st State
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		var err error
		if st.Steps, err = listSteps(ctx, tx, issueID); err != nil {
			return err
		}
		st.Factors, err = listFactors(ctx, tx, issueID)
		return err
	})
	if err != nil {
		return State{}, err
	}
	st.Progress = progressOf(st.Steps)
	return st, nil
}

// insertStep appends a step at position len(steps)+1 and records the timeline event.
func (s *Service) insertStep(ctx context.Context, tx *sql.Tx, steps []Step, st Step) (Step, error) {
	if len(steps) >= MaxSteps {
		return Step{}, invalidf("an incident can have at most %d steps", MaxSteps)
	}
	// Rows written by the original app may have gaps in step_order: store positions first.
	if err := renumber(ctx, tx, steps); err != nil {
		return Step{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Step{}, fmt.Errorf("triage: new id: %w", err)
	}
	at := s.now()
	now := store.FormatTime(at)
	st.ID, st.Order, st.CreatedAt, st.UpdatedAt = id.String(), len(steps)+1, now, now
	if st.EvidenceRefs == nil {
		st.EvidenceRefs = []EvidenceRef{}
	}
	var msg any
	if st.MessageID != "" {
		msg = st.MessageID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO resolution_steps
		(id, issue_id, step_order, why_question, answer, evidence, created_at, is_root_cause, root_cause_by, source,
		 message_id, evidence_refs, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?, ?)`,
		st.ID, st.IssueID, st.Order, st.Question, st.Answer, st.Evidence, st.CreatedAt, st.Source, msg,
		encodeRefs(st.EvidenceRefs), st.UpdatedAt); err != nil {
		return Step{}, fmt.Errorf("triage: add step: %w", err)
	}
	if err := timeline.Record(ctx, tx, timeline.WhyAdvanced(st.IssueID, st.Order, st.Question, at)); err != nil {
		return Step{}, err
	}
	return st, nil
}

// AddStep appends a step written by the user.
func (s *Service) AddStep(ctx context.Context, issueID string, in StepInput) (Step, error) {
	q, err := normalizeQuestion(in.Question)
	if err != nil {
		return Step{}, err
	}
	if err := checkText("answer", in.Answer, 0, MaxAnswerLen, true); err != nil {
		return Step{}, err
	}
	if err := checkText("evidence", in.Evidence, 0, MaxEvidenceLen, true); err != nil {
		return Step{}, err
	}
	var out Step
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		refs, err := validateRefs(ctx, tx, issueID, in.EvidenceRefs)
		if err != nil {
			return err
		}
		steps, err := listSteps(ctx, tx, issueID)
		if err != nil {
			return err
		}
		st, err := s.insertStep(ctx, tx, steps, Step{IssueID: issueID, Question: q, Answer: in.Answer,
			Evidence: in.Evidence, EvidenceRefs: refs, Source: SourceUser})
		if err != nil {
			return err
		}
		if err := s.append(ctx, tx, ActionStepAdd, issueID, map[string]any{"step_id": st.ID, "order": st.Order,
			"source": SourceUser, "refs": len(refs)}); err != nil {
			return err
		}
		out = st
		return nil
	})
	if err != nil {
		return Step{}, err
	}
	return out, nil
}

// UpdateStep edits a step's question, answer, evidence or citations. The user may rewrite a step
// the model wrote; it keeps its source.
func (s *Service) UpdateStep(ctx context.Context, stepID string, in StepUpdate) (Step, error) {
	var q string
	if in.Question != nil {
		var err error
		if q, err = normalizeQuestion(*in.Question); err != nil {
			return Step{}, err
		}
	}
	if in.Answer != nil {
		if err := checkText("answer", *in.Answer, 0, MaxAnswerLen, true); err != nil {
			return Step{}, err
		}
	}
	if in.Evidence != nil {
		if err := checkText("evidence", *in.Evidence, 0, MaxEvidenceLen, true); err != nil {
			return Step{}, err
		}
	}
	var out Step
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getStepTx(ctx, tx, stepID)
		if err != nil {
			return err
		}
		next := cur
		var fields []string
		if in.Question != nil && q != cur.Question {
			next.Question = q
			fields = append(fields, "question")
		}
		if in.Answer != nil && *in.Answer != cur.Answer {
			next.Answer = *in.Answer
			fields = append(fields, "answer")
		}
		if in.Evidence != nil && *in.Evidence != cur.Evidence {
			next.Evidence = *in.Evidence
			fields = append(fields, "evidence")
		}
		if in.EvidenceRefs != nil {
			refs, err := validateRefs(ctx, tx, cur.IssueID, *in.EvidenceRefs)
			if err != nil {
				return err
			}
			if !slices.Equal(refs, cur.EvidenceRefs) {
				next.EvidenceRefs = refs
				fields = append(fields, "evidenceRefs")
			}
		}
		if len(fields) == 0 {
			out = cur
			return nil
		}
		next.UpdatedAt = store.FormatTime(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE resolution_steps SET why_question = ?, answer = ?, evidence = ?,
			evidence_refs = ?, updated_at = ? WHERE id = ?`,
			next.Question, next.Answer, next.Evidence, encodeRefs(next.EvidenceRefs), next.UpdatedAt, stepID); err != nil {
			return fmt.Errorf("triage: update step %q: %w", stepID, err)
		}
		if err := s.append(ctx, tx, ActionStepUpdate, cur.IssueID, map[string]any{"step_id": stepID, "fields": fields}); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return Step{}, err
	}
	return out, nil
}

// DeleteStep removes a step; the steps after it move up one level.
func (s *Service) DeleteStep(ctx context.Context, stepID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getStepTx(ctx, tx, stepID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM resolution_steps WHERE id = ?`, stepID); err != nil {
			return fmt.Errorf("triage: delete step %q: %w", stepID, err)
		}
		rest, err := listSteps(ctx, tx, cur.IssueID)
		if err != nil {
			return err
		}
		if err := renumber(ctx, tx, rest); err != nil {
			return err
		}
		return s.append(ctx, tx, ActionStepDelete, cur.IssueID, map[string]any{"step_id": stepID, "order": cur.Order,
			"was_root_cause": cur.IsRootCause})
	})
}

// checkPermutation verifies ids are exactly have's ids, each once.
func checkPermutation(what string, have, ids []string) error {
	if len(ids) != len(have) {
		return invalidf("reorder %s: got %d ids, the incident has %d", what, len(ids), len(have))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return invalidf("reorder %s: id %q appears twice", what, id)
		}
		seen[id] = true
		if !slices.Contains(have, id) {
			return invalidf("reorder %s: id %q does not belong to this incident", what, id)
		}
	}
	return nil
}

// ReorderSteps puts the steps in the order of ids, which must be exactly the incident's step ids.
func (s *Service) ReorderSteps(ctx context.Context, issueID string, ids []string) ([]Step, error) {
	var out []Step
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		steps, err := listSteps(ctx, tx, issueID)
		if err != nil {
			return err
		}
		next, changed, err := reordered("steps", steps, ids, func(st Step) string { return st.ID }, func(st *Step, n int) { st.Order = n })
		if err != nil || !changed {
			out = next
			return err
		}
		if err := renumber(ctx, tx, next); err != nil {
			return err
		}
		if err := s.append(ctx, tx, ActionStepReorder, issueID, map[string]any{"steps": len(ids)}); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// setRootCause marks stepID (or clears the mark when stepID is "") for the incident, by who.
func (s *Service) setRootCause(ctx context.Context, tx *sql.Tx, issueID string, steps []Step, stepID, by string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE resolution_steps SET is_root_cause = 0, root_cause_by = NULL
		WHERE issue_id = ? AND is_root_cause != 0`, issueID); err != nil {
		return fmt.Errorf("triage: clear root cause: %w", err)
	}
	if stepID == "" {
		return nil
	}
	at := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE resolution_steps SET is_root_cause = 1, root_cause_by = ?, updated_at = ?
		WHERE id = ?`, by, store.FormatTime(at), stepID); err != nil {
		return fmt.Errorf("triage: mark root cause: %w", err)
	}
	for _, st := range steps {
		if st.ID == stepID {
			return timeline.Record(ctx, tx, timeline.RootCause(issueID, st.Order, st.Question, at))
		}
	}
	return nil
}

// MarkRootCause marks one step as the incident's root cause (the mark on any other step is
// removed: one per incident), or clears it when stepID is "". The user's mark is never replaced
// by the model.
func (s *Service) MarkRootCause(ctx context.Context, issueID, stepID string) ([]Step, error) {
	var out []Step
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		steps, err := listSteps(ctx, tx, issueID)
		if err != nil {
			return err
		}
		var cur string
		var curBy string
		found := stepID == ""
		for _, st := range steps {
			if st.IsRootCause {
				cur, curBy = st.ID, st.RootCauseBy
			}
			if st.ID == stepID {
				found = true
			}
		}
		if !found {
			return stepNotFound(stepID)
		}
		if cur == stepID && (stepID == "" || curBy == SourceUser) {
			out = steps
			return nil
		}
		if err := s.setRootCause(ctx, tx, issueID, steps, stepID, SourceUser); err != nil {
			return err
		}
		target := stepID
		if target == "" {
			target = rootCauseClearedWord
		}
		if err := s.append(ctx, tx, ActionRootCause, issueID, map[string]any{"step_id": target, "by": SourceUser}); err != nil {
			return err
		}
		out, err = listSteps(ctx, tx, issueID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// reordered returns items in the order of ids — which must be exactly the items' ids — with
// their positions set to 1…n, and whether the order changed.
func reordered[T any](what string, items []T, ids []string, id func(T) string, setPos func(*T, int)) ([]T, bool, error) {
	have := make([]string, len(items))
	byID := make(map[string]T, len(items))
	for i, it := range items {
		have[i] = id(it)
		byID[have[i]] = it
	}
	if err := checkPermutation(what, have, ids); err != nil {
		return nil, false, err
	}
	if slices.Equal(have, ids) {
		return items, false, nil
	}
	next := make([]T, len(ids))
	for i, x := range ids {
		next[i] = byID[x]
		setPos(&next[i], i+1)
	}
	return next, true, nil
}
