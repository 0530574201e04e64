package triage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/store"
)

const factorCols = `id, issue_id, text, position, created_at, updated_at`

func scanFactor(r scanner) (Factor, error) {
	var f Factor
	err := r.Scan(&f.ID, &f.IssueID, &f.Text, &f.Position, &f.CreatedAt, &f.UpdatedAt)
	return f, err
}

func listFactors(ctx context.Context, q querier, issueID string) ([]Factor, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+factorCols+` FROM contributing_factors WHERE issue_id = ?
		ORDER BY position, created_at, id`, issueID)
	if err != nil {
		return nil, fmt.Errorf("triage: list factors of %q: %w", issueID, err)
	}
	defer rows.Close()
	out := []Factor{}
	for rows.Next() {
		f, err := scanFactor(rows)
		if err != nil {
			return nil, fmt.Errorf("triage: list factors of %q: %w", issueID, err)
		}
		f.Position = len(out) + 1
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("triage: list factors of %q: %w", issueID, err)
	}
	return out, nil
}

func factorNotFound(id string) error {
	return fmt.Errorf("triage: no contributing factor with id %q: %w", id, apperr.ErrNotFound)
}

func getFactorTx(ctx context.Context, tx *sql.Tx, id string) (Factor, error) {
	f, err := scanFactor(tx.QueryRowContext(ctx, `SELECT `+factorCols+` FROM contributing_factors WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Factor{}, factorNotFound(id)
	}
	if err != nil {
		return Factor{}, fmt.Errorf("triage: read factor %q: %w", id, err)
	}
	return f, nil
}

func normalizeFactor(text string) (string, error) {
	text = strings.TrimSpace(text)
	return text, checkText("contributing factor", text, 1, MaxFactorLen, true)
}

func renumberFactors(ctx context.Context, tx *sql.Tx, fs []Factor) error {
	for i, f := range fs {
		if _, err := tx.ExecContext(ctx, `UPDATE contributing_factors SET position = ? WHERE id = ? AND position != ?`,
			i+1, f.ID, i+1); err != nil {
			return fmt.Errorf("triage: renumber factors: %w", err)
		}
	}
	return nil
}

// ListFactors returns the incident's contributing factors in order (never nil).
func (s *Service) ListFactors(ctx context.Context, issueID string) ([]Factor, error) {
	var out []Factor
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		var err error
		out, err = listFactors(ctx, tx, issueID)
		return err
	})
	return out, err
}

// AddFactor appends a contributing factor.
func (s *Service) AddFactor(ctx context.Context, issueID, text string) (Factor, error) {
	text, err := normalizeFactor(text)
	if err != nil {
		return Factor{}, err
	}
	var out Factor
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		fs, err := listFactors(ctx, tx, issueID)
		if err != nil {
			return err
		}
		if len(fs) >= MaxFactors {
			return invalidf("an incident can have at most %d contributing factors", MaxFactors)
		}
		id, err := uuid.NewV7()
		if err != nil {
			return fmt.Errorf("triage: new id: %w", err)
		}
		now := store.FormatTime(s.now())
		f := Factor{ID: id.String(), IssueID: issueID, Text: text, Position: len(fs) + 1, CreatedAt: now, UpdatedAt: now}
		if _, err := tx.ExecContext(ctx, `INSERT INTO contributing_factors (id, issue_id, text, position, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, f.ID, f.IssueID, f.Text, f.Position, f.CreatedAt, f.UpdatedAt); err != nil {
			return fmt.Errorf("triage: add factor: %w", err)
		}
		if err := s.append(ctx, tx, ActionFactorAdd, issueID, map[string]any{"factor_id": f.ID, "position": f.Position}); err != nil {
			return err
		}
		out = f
		return nil
	})
	if err != nil {
		return Factor{}, err
	}
	return out, nil
}

// UpdateFactor rewrites a contributing factor's text.
func (s *Service) UpdateFactor(ctx context.Context, factorID, text string) (Factor, error) {
	text, err := normalizeFactor(text)
	if err != nil {
		return Factor{}, err
	}
	var out Factor
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getFactorTx(ctx, tx, factorID)
		if err != nil {
			return err
		}
		fs, err := listFactors(ctx, tx, cur.IssueID)
		if err != nil {
			return err
		}
		for _, f := range fs {
			if f.ID == factorID {
				cur.Position = f.Position
			}
		}
		if cur.Text == text {
			out = cur
			return nil
		}
		cur.Text, cur.UpdatedAt = text, store.FormatTime(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE contributing_factors SET text = ?, updated_at = ? WHERE id = ?`,
			cur.Text, cur.UpdatedAt, factorID); err != nil {
			return fmt.Errorf("triage: update factor %q: %w", factorID, err)
		}
		if err := s.append(ctx, tx, ActionFactorUpdate, cur.IssueID, map[string]any{"factor_id": factorID}); err != nil {
			return err
		}
		out = cur
		return nil
	})
	if err != nil {
		return Factor{}, err
	}
	return out, nil
}

// DeleteFactor removes a contributing factor; the ones after it move up.
func (s *Service) DeleteFactor(ctx context.Context, factorID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getFactorTx(ctx, tx, factorID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contributing_factors WHERE id = ?`, factorID); err != nil {
			return fmt.Errorf("triage: delete factor %q: %w", factorID, err)
		}
		rest, err := listFactors(ctx, tx, cur.IssueID)
		if err != nil {
			return err
		}
		if err := renumberFactors(ctx, tx, rest); err != nil {
			return err
		}
		return s.append(ctx, tx, ActionFactorDelete, cur.IssueID, map[string]any{"factor_id": factorID})
	})
}

// ReorderFactors puts the factors in the order of ids, which must be exactly the incident's
// factor ids.
func (s *Service) ReorderFactors(ctx context.Context, issueID string, ids []string) ([]Factor, error) {
	var out []Factor
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		fs, err := listFactors(ctx, tx, issueID)
		if err != nil {
			return err
		}
		next, changed, err := reordered("contributing factors", fs, ids, func(f Factor) string { return f.ID }, func(f *Factor, n int) { f.Position = n })
		if err != nil || !changed {
			out = next
			return err
		}
		if err := renumberFactors(ctx, tx, next); err != nil {
			return err
		}
		if err := s.append(ctx, tx, ActionFactorReorder, issueID, map[string]any{"factors": len(ids)}); err != nil {
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
