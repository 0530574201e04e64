package logs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
)

// Delete removes a stored log and, by cascade, its content and metadata. The user's original
// file is never touched.
func (s *Service) Delete(ctx context.Context, logFileID string) error {
	// Cached chunks of the deleted log are never served again: ids are not reused and reads
	// look the log up first.
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var issueID string
		err := tx.QueryRowContext(ctx, `SELECT issue_id FROM log_files WHERE id = ?`, logFileID).Scan(&issueID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("logs: no log with id %q: %w", logFileID, apperr.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("logs: delete %q: %w", logFileID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM log_files WHERE id = ?`, logFileID); err != nil {
			return fmt.Errorf("logs: delete %q: %w", logFileID, err)
		}
		_, err = s.audit.Append(ctx, tx, audit.Event{Action: "log.delete", EntityType: "log_file", EntityID: logFileID,
			Details: map[string]string{"issue_id": issueID}})
		return err
	})
}
