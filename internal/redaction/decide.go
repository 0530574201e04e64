package redaction

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
)

// Decide applies one decision and returns the new summary. The most recent decision wins for
// every finding it covers: a finding decision is the finding's own (pii_spans.decision); a value,
// type or log decision sets the decision of every covered value (one pii_values row per distinct
// value) and clears the covered findings' own ones, so its cost grows with distinct values, not
// with findings. The audit counts the findings whose decision changed.
func (s *Service) Decide(ctx context.Context, logFileID string, d Decision) (Summary, error) {
	if !validAction(d.Action) {
		return Summary{}, fmt.Errorf("redaction: decide: action must be redact or keep, not %q: %w", d.Action, apperr.ErrInvalid)
	}
	var (
		cond string // over pii_values, plain ? parameters
		args []any
	)
	switch d.Scope {
	case ScopeFinding:
		if d.FindingID == "" {
			return Summary{}, fmt.Errorf("redaction: decide: scope finding needs findingId: %w", apperr.ErrInvalid)
		}
	case ScopeValue:
		if !validType(d.Type) || d.Value == "" {
			return Summary{}, fmt.Errorf("redaction: decide: scope value needs a known type (got %q) and a value: %w", d.Type, apperr.ErrInvalid)
		}
		h := s.valueHash(d.Value)
		cond, args = "pii_values.value_key = ? AND "+valueHashIs+" AND pii_values.pii_type = ?", []any{valueKey(h), h, d.Type}
	case ScopeType:
		if !validType(d.Type) {
			return Summary{}, fmt.Errorf("redaction: decide: unknown type %q: %w", d.Type, apperr.ErrInvalid)
		}
		cond, args = "pii_values.pii_type = ?", []any{d.Type}
	case ScopeAll:
		cond = "1 = 1"
	default:
		return Summary{}, fmt.Errorf("redaction: decide: scope must be finding, value, type or all, not %q: %w", d.Scope, apperr.ErrInvalid)
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := logIssue(ctx, tx, logFileID); err != nil {
			return err
		}
		var scanned int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pii_scan_state WHERE log_file_id = ?`, logFileID).Scan(&scanned); err != nil {
			return dbErr("read scan state", err)
		}
		if scanned == 0 {
			return fmt.Errorf("redaction: log %q has not been scanned yet; scan it first: %w", logFileID, apperr.ErrConflict)
		}
		typ := d.Type
		var (
			n   int64
			err error
		)
		if d.Scope == ScopeFinding {
			typ, n, err = s.decideFinding(ctx, tx, logFileID, d.FindingID, d.Action)
		} else {
			n, err = s.decideValues(ctx, tx, logFileID, d.Action, cond, args)
		}
		if err != nil {
			return err
		}
		if n > 0 {
			if err := bumpVersion(ctx, tx, logFileID); err != nil {
				return err
			}
		}
		if _, err := s.audit.Append(ctx, tx, audit.Event{Action: ActionDecide, EntityType: "log_file", EntityID: logFileID,
			Details: map[string]any{"scope": d.Scope, "action": d.Action, "type": typ, "changed": n}}); err != nil {
			return fmt.Errorf("redaction: audit: %w", err)
		}
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	return s.Summary(ctx, logFileID)
}

// decideFinding gives one finding a decision of its own (none when it equals its value's) and
// returns its type and 1 if its decision changed.
func (s *Service) decideFinding(ctx context.Context, tx *sql.Tx, logID, findingID, action string) (string, int64, error) {
	var (
		typ, current, valueDec string
		id                     int64
	)
	id, err := strconv.ParseInt(findingID, 10, 64)
	if err == nil {
		err = tx.QueryRowContext(ctx, `SELECT s.pii_type, coalesce(s.decision, v.decision), v.decision
			FROM pii_spans s JOIN pii_values v ON v.id = s.value_id WHERE s.id = ? AND s.log_file_id = ?`, id, logID).
			Scan(&typ, &current, &valueDec)
	}
	if errors.Is(err, sql.ErrNoRows) || errors.Is(err, strconv.ErrSyntax) || errors.Is(err, strconv.ErrRange) {
		return "", 0, fmt.Errorf("redaction: finding %q of log %q: %w", findingID, logID, apperr.ErrNotFound)
	}
	if err != nil {
		return "", 0, dbErr("read finding", err)
	}
	own := sql.NullString{String: action, Valid: action != valueDec}
	if _, err := tx.ExecContext(ctx, `UPDATE pii_spans SET decision = ? WHERE id = ?`, own, id); err != nil {
		return "", 0, dbErr("update finding", err)
	}
	if current == action {
		return typ, 0, nil
	}
	return typ, 1, nil
}

// decideValues sets action on the log's values matching cond (over pii_values), clears the
// own decisions of their findings, and returns how many findings changed decision.
func (s *Service) decideValues(ctx context.Context, tx *sql.Tx, logID, action, cond string, args []any) (int64, error) {
	with := func(first ...any) []any { return append(first, args...) }
	// Findings that change: those of values decided otherwise, less those already decided
	// action on their own; plus those decided otherwise on their own in values decided action.
	var values, own int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(findings), 0) FROM pii_values
		WHERE log_file_id = ? AND decision != ? AND `+cond, with(logID, action)...).Scan(&values); err != nil {
		return 0, dbErr("count changes", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(CASE WHEN s.decision = ? THEN -1 ELSE 1 END), 0)
		FROM pii_spans s JOIN pii_values ON pii_values.id = s.value_id
		WHERE s.log_file_id = ? AND s.decision IS NOT NULL AND s.decision != pii_values.decision AND `+cond,
		with(action, logID)...).Scan(&own); err != nil {
		return 0, dbErr("count changes", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE pii_spans SET decision = NULL WHERE log_file_id = ? AND decision IS NOT NULL
		AND value_id IN (SELECT id FROM pii_values WHERE log_file_id = ? AND `+cond+`)`, with(logID, logID)...); err != nil {
		return 0, dbErr("clear finding decisions", err)
	}
	if _, err := s.bulk(ctx, tx, "pii_values", `UPDATE pii_values SET decision = ?`, []any{action},
		`log_file_id = ? AND decision != ? AND `+cond, with(logID, action)...); err != nil {
		return 0, err
	}
	return values + own, nil
}
