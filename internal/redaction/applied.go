package redaction

import (
	"context"
)

// AppliedLogs returns the ids of the incident's logs that have an applied redacted version, in
// the order they were added.
func (s *Service) AppliedLogs(ctx context.Context, issueID string) ([]string, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT lf.id FROM log_files lf JOIN pii_redacted r ON r.log_file_id = lf.id
		WHERE lf.issue_id = ? ORDER BY lf.uploaded_at, lf.rowid`, issueID)
	if err != nil {
		return nil, dbErr("list applied logs", err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, dbErr("list applied logs", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("list applied logs", err)
	}
	return ids, nil
}
