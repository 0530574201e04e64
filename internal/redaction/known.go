package redaction

import (
	"context"
)

// KnownValue is a value the user chose to redact somewhere in an incident.
type KnownValue struct {
	Type  string
	Value string
}

type typeOrdinal struct {
	typ     string
	ordinal int64
}

// RedactedValues returns the values of incident issueID the user chose to redact — in any of its
// logs, or in typed text approved for sending — at most limit of them (truncated reports more).
// A value redacted in one log and kept in another counts as redacted. Text that is about to leave
// the machine is checked for these values even where the detector would not find them (a
// password written in prose, a model repeating a token back).
func (s *Service) RedactedValues(ctx context.Context, issueID string, limit int) (vals []KnownValue, truncated bool, err error) {
	sets := func(query string) (map[typeOrdinal]bool, error) {
		rows, err := s.db.Read().QueryContext(ctx, query, issueID)
		if err != nil {
			return nil, dbErr("read decided values", err)
		}
		defer rows.Close()
		out := map[typeOrdinal]bool{}
		for rows.Next() {
			var k typeOrdinal
			if err := rows.Scan(&k.typ, &k.ordinal); err != nil {
				return nil, dbErr("read decided values", err)
			}
			out[k] = true
		}
		return out, rows.Err()
	}
	const inLogs = `SELECT DISTINCT v.pii_type, v.ordinal FROM pii_values v JOIN log_files lf ON lf.id = v.log_file_id WHERE lf.issue_id = ?`
	redacted, err := sets(inLogs + ` AND v.decision = 'redact'`)
	if err != nil {
		return nil, false, err
	}
	seen, err := sets(inLogs)
	if err != nil {
		return nil, false, err
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT pii_type, ordinal, sealed_value FROM pii_pseudonyms WHERE issue_id = ?`, issueID)
	if err != nil {
		return nil, false, dbErr("read pseudonyms", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k typeOrdinal
		var sealed string
		if err := rows.Scan(&k.typ, &k.ordinal, &sealed); err != nil {
			return nil, false, dbErr("read pseudonyms", err)
		}
		// Typed-text redactions have no log value; log values count when redacted in some log.
		if seen[k] && !redacted[k] {
			continue
		}
		if len(vals) >= limit {
			return vals, true, nil
		}
		v, err := s.unseal(sealed)
		if err != nil {
			return nil, false, err
		}
		vals = append(vals, KnownValue{Type: k.typ, Value: v})
	}
	if err := rows.Err(); err != nil {
		return nil, false, dbErr("read pseudonyms", err)
	}
	return vals, false, nil
}
