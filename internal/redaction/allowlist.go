package redaction

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/store"
)

// allowMatcher answers "is this (type, value hash) allowlisted" for one incident's scan.
type allowMatcher map[string]map[string]bool // value hash → types ("" = any type)

func (m allowMatcher) match(typ, hash string) bool {
	ts := m[hash]
	return ts != nil && (ts[""] || ts[typ])
}

// allowMatcher loads the global entries and those of issueID.
func (s *Service) allowMatcher(ctx context.Context, q queryer, issueID string) (allowMatcher, error) {
	rows, err := q.QueryContext(ctx, `SELECT value_hash, coalesce(pii_type, '') FROM pii_allowlist
		WHERE issue_id IS NULL OR issue_id = ?`, issueID)
	if err != nil {
		return nil, dbErr("read allowlist", err)
	}
	defer rows.Close()
	m := allowMatcher{}
	for rows.Next() {
		var h, t string
		if err := rows.Scan(&h, &t); err != nil {
			return nil, dbErr("read allowlist", err)
		}
		if m[h] == nil {
			m[h] = map[string]bool{}
		}
		m[h][t] = true
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read allowlist", err)
	}
	return m, nil
}

// Allowlist returns the global entries and those of issueID, oldest first.
func (s *Service) Allowlist(ctx context.Context, issueID string) ([]AllowEntry, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, coalesce(issue_id, ''), coalesce(pii_type, ''), sealed_value, created_at
		FROM pii_allowlist WHERE issue_id IS NULL OR issue_id = ? ORDER BY created_at, id`, issueID)
	if err != nil {
		return nil, dbErr("read allowlist", err)
	}
	defer rows.Close()
	out := []AllowEntry{}
	for rows.Next() {
		var e AllowEntry
		var sealed, created string
		if err := rows.Scan(&e.ID, &e.IssueID, &e.Type, &sealed, &created); err != nil {
			return nil, dbErr("read allowlist", err)
		}
		if e.Value, err = s.unseal(sealed); err != nil {
			return nil, err
		}
		if e.CreatedAt, err = store.ParseTime(created); err != nil {
			return nil, fmt.Errorf("redaction: allowlist entry %s: %w", e.ID, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read allowlist", err)
	}
	return out, nil
}

// matchSQL selects the values (pii_values rows) an allowlist entry covers (args: matchArgs).
const matchSQL = `value_key = ? AND ` + valueHashIs + ` AND (? = '' OR pii_type = ?)
	AND (? = '' OR log_file_id IN (SELECT id FROM log_files WHERE issue_id = ?))`

func matchArgs(hash string, e AllowEntry) []any {
	return []any{valueKey(hash), hash, e.Type, e.Type, e.IssueID, e.IssueID}
}

// AllowlistAdd adds an entry (IssueID "" = every incident, Type "" = any type) and marks the
// matching findings keep, in the incident's logs or, for a global entry, in every log. Future
// scans start matching findings as keep.
func (s *Service) AllowlistAdd(ctx context.Context, e AllowEntry) (AllowEntry, error) {
	if e.Value == "" {
		return AllowEntry{}, fmt.Errorf("redaction: allowlist: value is empty: %w", apperr.ErrInvalid)
	}
	if e.Type != "" && !validType(e.Type) {
		return AllowEntry{}, fmt.Errorf("redaction: allowlist: unknown type %q: %w", e.Type, apperr.ErrInvalid)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return AllowEntry{}, fmt.Errorf("redaction: new id: %w", err)
	}
	e.ID, e.CreatedAt = id.String(), s.now().UTC().Truncate(1e9)
	hash := s.valueHash(e.Value)
	sealed, err := s.seal(e.Value)
	if err != nil {
		return AllowEntry{}, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if e.IssueID != "" {
			if err := issueExists(ctx, tx, e.IssueID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pii_allowlist (id, issue_id, pii_type, value_hash, sealed_value, created_at)
			VALUES (?, nullif(?, ''), nullif(?, ''), ?, ?, ?)`, e.ID, e.IssueID, e.Type, hash, sealed, store.FormatTime(e.CreatedAt)); err != nil {
			return dbErr("store allowlist entry", err)
		}
		// A finding changes when its value is not yet keep and allowlisted, or when it is
		// decided redact on its own (cleared: the entry is the most recent decision).
		const ownRedact = `(SELECT count(*) FROM pii_spans s WHERE s.log_file_id = pii_values.log_file_id
			AND s.value_id = pii_values.id AND s.decision = 'redact')`
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(CASE WHEN decision != 'keep' OR allowlisted = 0 THEN findings
			ELSE `+ownRedact+` END), 0) FROM pii_values WHERE `+matchSQL, matchArgs(hash, e)...).Scan(&n); err != nil {
			return dbErr("count findings", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pii_scan_state SET version = version + 1 WHERE log_file_id IN (
			SELECT DISTINCT log_file_id FROM pii_values WHERE `+matchSQL+` AND (decision = 'redact' OR `+ownRedact+` > 0))`,
			matchArgs(hash, e)...); err != nil {
			return dbErr("update versions", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pii_spans SET decision = NULL WHERE decision IS NOT NULL
			AND (log_file_id, value_id) IN (SELECT log_file_id, id FROM pii_values WHERE `+matchSQL+`)`, matchArgs(hash, e)...); err != nil {
			return dbErr("clear finding decisions", err)
		}
		if _, err := s.bulk(ctx, tx, "pii_values", `UPDATE pii_values SET decision = 'keep', allowlisted = 1`, nil,
			matchSQL+` AND (decision != 'keep' OR allowlisted = 0)`, matchArgs(hash, e)...); err != nil {
			return err
		}
		return s.auditAllow(ctx, tx, ActionAllowlistAdd, e, n)
	})
	if err != nil {
		return AllowEntry{}, err
	}
	return e, nil
}

// AllowlistRemove removes an entry. Decisions already made stay as they are (a finding the entry
// turned to keep stays keep until the user decides otherwise); findings no other entry covers
// are no longer marked allowlisted, and future scans start them as redact.
func (s *Service) AllowlistRemove(ctx context.Context, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var e AllowEntry
		var hash string
		err := tx.QueryRowContext(ctx, `SELECT coalesce(issue_id, ''), coalesce(pii_type, ''), value_hash FROM pii_allowlist WHERE id = ?`, id).
			Scan(&e.IssueID, &e.Type, &hash)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("redaction: allowlist entry %q: %w", id, apperr.ErrNotFound)
		}
		if err != nil {
			return dbErr("read allowlist entry", err)
		}
		e.ID = id
		if _, err := tx.ExecContext(ctx, `DELETE FROM pii_allowlist WHERE id = ?`, id); err != nil {
			return dbErr("delete allowlist entry", err)
		}
		const covered = `EXISTS (SELECT 1 FROM pii_allowlist a WHERE a.value_hash = ?
			AND (a.pii_type IS NULL OR a.pii_type = pii_values.pii_type)
			AND (a.issue_id IS NULL OR a.issue_id = (SELECT issue_id FROM log_files WHERE id = pii_values.log_file_id)))`
		const uncovered = `value_key = ? AND ` + valueHashIs + ` AND allowlisted = 1 AND NOT ` + covered
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(findings), 0) FROM pii_values WHERE `+uncovered, valueKey(hash), hash, hash).Scan(&n); err != nil {
			return dbErr("count findings", err)
		}
		if _, err := s.bulk(ctx, tx, "pii_values", `UPDATE pii_values SET allowlisted = 0`, nil, uncovered, valueKey(hash), hash, hash); err != nil {
			return err
		}
		return s.auditAllow(ctx, tx, ActionAllowlistRemove, e, n)
	})
}

// auditAllow records an allowlist change: scope and type, never the value.
func (s *Service) auditAllow(ctx context.Context, tx *sql.Tx, action string, e AllowEntry, n int64) error {
	scope, entityType, entityID := "global", "pii_allowlist", e.ID
	if e.IssueID != "" {
		scope = "incident"
	}
	if _, err := s.audit.Append(ctx, tx, audit.Event{Action: action, EntityType: entityType, EntityID: entityID,
		Details: map[string]any{"scope": scope, "issue_id": e.IssueID, "type": e.Type, "findings": n}}); err != nil {
		return fmt.Errorf("redaction: audit: %w", err)
	}
	return nil
}
