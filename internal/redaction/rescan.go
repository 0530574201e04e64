package redaction

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"tftsr/internal/audit"
	"tftsr/internal/store"
)

// ownDecision is a finding's decision of its own, identified by position, type and value.
type ownDecision struct {
	line, col      int64
	typ, hash, dec string
}

// finishScan stores the value counts, carries findings' own decisions over, drops the previous
// findings and values and records the state.
func (s *Service) finishScan(ctx context.Context, tx *sql.Tx, logID string, prev, seq int64, disabled []string, ins *spanInserter, old [2]idRange) error {
	if err := ins.finishValues(); err != nil {
		return err
	}
	if err := s.carryOwnDecisions(ctx, tx, logID, prev, seq); err != nil {
		return err
	}
	for i, table := range []string{"pii_spans", "pii_values"} {
		if err := s.deleteRange(ctx, tx, table, logID, old[i]); err != nil {
			return fmt.Errorf("redaction: drop previous findings: %w", err)
		}
	}
	dj, _ := json.Marshal(disabled)
	cj, _ := json.Marshal(ins.counts)
	if _, err := tx.ExecContext(ctx, `INSERT INTO pii_scan_state (log_file_id, scanned_at, disabled_types, counts, scan_seq, max_line_span, version)
		VALUES (?, ?, ?, ?, ?, ?, 1)
		ON CONFLICT(log_file_id) DO UPDATE SET scanned_at = excluded.scanned_at, disabled_types = excluded.disabled_types,
			counts = excluded.counts, scan_seq = excluded.scan_seq, max_line_span = excluded.max_line_span, version = version + 1`,
		logID, store.FormatTime(s.now()), string(dj), string(cj), seq, ins.maxSpan); err != nil {
		return dbErr("store scan state", err)
	}
	if _, err := s.audit.Append(ctx, tx, audit.Event{Action: ActionScan, EntityType: "log_file", EntityID: logID,
		Details: map[string]any{"findings": ins.total, "by_type": ins.counts, "disabled_types": disabled}}); err != nil {
		return fmt.Errorf("redaction: audit: %w", err)
	}
	return nil
}

// carryOwnDecisions gives a new finding the decision of its own that the previous scan's finding
// at the same position, with the same type and value, had (few: each is one click). Where that
// decision equals the new value's, the finding simply follows its value.
func (s *Service) carryOwnDecisions(ctx context.Context, tx *sql.Tx, logID string, prev, seq int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT o.line, o.start_col, o.pii_type, p.value_hash, o.decision
		FROM pii_spans o JOIN pii_values v ON v.id = o.value_id JOIN log_files f ON f.id = v.log_file_id
			JOIN pii_pseudonyms p ON p.issue_id = f.issue_id AND p.pii_type = v.pii_type AND p.ordinal = v.ordinal
		WHERE o.log_file_id = ? AND o.decision IS NOT NULL AND o.scan_seq = ?`, logID, prev)
	if err != nil {
		return dbErr("read earlier decisions", err)
	}
	var own []ownDecision
	for rows.Next() {
		var o ownDecision
		if err := rows.Scan(&o.line, &o.col, &o.typ, &o.hash, &o.dec); err != nil {
			rows.Close()
			return dbErr("read earlier decisions", err)
		}
		own = append(own, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return dbErr("read earlier decisions", err)
	}
	if len(own) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE pii_spans SET decision = ?1
		WHERE log_file_id = ?2 AND line = ?3 AND start_col = ?4 AND pii_type = ?5 AND scan_seq = ?6
			AND value_id IN (SELECT id FROM pii_values WHERE value_key = ?8 AND log_file_id = ?2 AND scan_seq = ?6
				AND EXISTS (SELECT 1 FROM pii_pseudonyms p JOIN log_files f ON f.id = ?2 WHERE p.issue_id = f.issue_id
					AND p.pii_type = ?5 AND p.ordinal = pii_values.ordinal AND p.value_hash = ?7)
				AND pii_type = ?5 AND decision != ?1)`)
	if err != nil {
		return dbErr("prepare decision carry", err)
	}
	defer stmt.Close()
	for _, o := range own {
		if _, err := stmt.ExecContext(ctx, o.dec, logID, o.line, o.col, o.typ, seq, o.hash, valueKey(o.hash)); err != nil {
			return dbErr("carry decision", err)
		}
	}
	return nil
}

// idRange is the rowids a log's rows had before a scan (lo > hi: none).
type idRange struct{ lo, hi int64 }

// oldRows returns the id ranges of the log's findings and values before the scan: the scan
// appends its rows after every existing one, so afterwards exactly the rows of the log inside
// these ranges are the previous ones, found without reading the new ones.
func (s *Service) oldRows(ctx context.Context, tx *sql.Tx, logID string) ([2]idRange, error) {
	var out [2]idRange
	for i, table := range []string{"pii_spans", "pii_values"} {
		var lo, hi sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT min(id), max(id) FROM `+table+` WHERE log_file_id = ?`, logID).Scan(&lo, &hi); err != nil {
			return out, dbErr("read previous findings", err)
		}
		out[i] = idRange{lo: 1, hi: 0}
		if lo.Valid {
			out[i] = idRange{lo: lo.Int64, hi: hi.Int64}
		}
	}
	return out, nil
}

// deleteRange deletes the log's rows of table with rowids in r, at most s.bulkRows rowids per
// statement (see bulk); other logs' rows in the range stay.
func (s *Service) deleteRange(ctx context.Context, tx *sql.Tx, table, logID string, r idRange) error {
	step := int64(s.bulkRows)
	for from := r.lo; from <= r.hi; from += step {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid BETWEEN ? AND ? AND +log_file_id = ?`,
			from, min(from+step-1, r.hi), logID); err != nil {
			return dbErr("delete previous rows", err)
		}
	}
	return nil
}
