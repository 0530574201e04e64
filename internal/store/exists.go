package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"tftsr/internal/apperr"
)

// RowQuerier is a *sql.DB or a *sql.Tx.
type RowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// IssueExists reports ErrNotFound ("no incident with id …") when incident id does not exist;
// callers prefix their package. Used by every aggregate that hangs off an incident.
func IssueExists(ctx context.Context, q RowQuerier, id string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM issues WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("no incident with id %q: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("read incident %q: %w", id, err)
	}
	return nil
}
