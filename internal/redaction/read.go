package redaction

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/pii"
	"tftsr/internal/store"
)

// Paging limits of Findings and Values.
const (
	DefaultPageSize = 200
	MaxPageSize     = 1000
)

// Summary returns the review state of a log.
func (s *Service) Summary(ctx context.Context, logFileID string) (Summary, error) {
	var (
		sum                          = Summary{LogFileID: logFileID, DisabledTypes: []string{}, Types: []TypeCount{}}
		scannedAt, disabled, applied sql.NullString
		sha                          sql.NullString
		version, appliedVersion      sql.NullInt64
	)
	err := s.db.Read().QueryRowContext(ctx, `SELECT f.issue_id, st.scanned_at, st.disabled_types, st.version,
			r.applied_at, r.sha256, r.version
		FROM log_files f LEFT JOIN pii_scan_state st ON st.log_file_id = f.id
			LEFT JOIN pii_redacted r ON r.log_file_id = f.id WHERE f.id = ?`, logFileID).
		Scan(&sum.IssueID, &scannedAt, &disabled, &version, &applied, &sha, &appliedVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return Summary{}, fmt.Errorf("redaction: log %q: %w", logFileID, apperr.ErrNotFound)
	}
	if err != nil {
		return Summary{}, dbErr("read review state", err)
	}
	if scannedAt.Valid {
		sum.Scanned = true
		t, err := parseTime(scannedAt.String)
		if err != nil {
			return Summary{}, err
		}
		sum.ScannedAt = &t
		if err := json.Unmarshal([]byte(disabled.String), &sum.DisabledTypes); err != nil {
			return Summary{}, fmt.Errorf("redaction: log %q: stored disabled types: %v: %w", logFileID, err, apperr.ErrStorage)
		}
		now, err := s.disabledTypes(ctx)
		if err != nil {
			return Summary{}, err
		}
		sum.SettingsChanged = !slices.Equal(now, sum.DisabledTypes)
	}
	if applied.Valid {
		sum.Applied, sum.AppliedSHA256 = true, sha.String
		t, err := parseTime(applied.String)
		if err != nil {
			return Summary{}, err
		}
		sum.AppliedAt = &t
	}
	sum.Pending = !sum.Applied || version.Int64 != appliedVersion.Int64
	if sum.Types, err = s.typeCounts(ctx, s.db.Read(), logFileID); err != nil {
		return Summary{}, err
	}
	for _, tc := range sum.Types {
		sum.Total += tc.Total
		sum.Redact += tc.Redact
		sum.Keep += tc.Keep
	}
	return sum, nil
}

func parseTime(v string) (time.Time, error) {
	t, err := store.ParseTime(v)
	if err != nil {
		return time.Time{}, fmt.Errorf("redaction: %w", err)
	}
	return t, nil
}

// typeCounts returns the findings per type and decision, in pii.Types order: the values' counts
// (one covering-index scan over the distinct values), corrected by the findings decided
// otherwise on their own (few).
func (s *Service) typeCounts(ctx context.Context, q queryer, logFileID string) ([]TypeCount, error) {
	by := map[string]*TypeCount{}
	get := func(t string) *TypeCount {
		tc := by[t]
		if tc == nil {
			tc = &TypeCount{Type: t}
			by[t] = tc
		}
		return tc
	}
	err := eachRow(ctx, q, "count findings", func(rows *sql.Rows) error {
		var t, d string
		var n int
		if err := rows.Scan(&t, &d, &n); err != nil {
			return err
		}
		tc := get(t)
		tc.Total += n
		if d == Keep {
			tc.Keep += n
		} else {
			tc.Redact += n
		}
		return nil
	}, `SELECT pii_type, decision, sum(findings) FROM pii_values WHERE log_file_id = ? GROUP BY pii_type, decision`, logFileID)
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, "count findings", func(rows *sql.Rows) error {
		var t, d string
		var n int
		if err := rows.Scan(&t, &d, &n); err != nil {
			return err
		}
		tc := get(t)
		if d == Keep {
			tc.Keep, tc.Redact = tc.Keep+n, tc.Redact-n
		} else {
			tc.Keep, tc.Redact = tc.Keep-n, tc.Redact+n
		}
		return nil
	}, `SELECT v.pii_type, s.decision, count(*) FROM pii_spans s JOIN pii_values v ON v.id = s.value_id
		WHERE s.log_file_id = ? AND s.decision IS NOT NULL AND s.decision != v.decision GROUP BY v.pii_type, s.decision`, logFileID)
	if err != nil {
		return nil, err
	}
	out := []TypeCount{}
	for _, t := range pii.Types() {
		if tc := by[t]; tc != nil {
			out = append(out, *tc)
			delete(by, t)
		}
	}
	for _, tc := range by { // types of an older detector version
		out = append(out, *tc)
	}
	return out, nil
}

// findingCols are a finding's columns, from pii_spans s joined with its value v (findingsFrom).
const findingCols = `s.id, s.pii_type, s.rule, s.line, s.start_col, s.end_line, s.end_col, s.original_value, s.replacement,
	coalesce(s.decision, v.decision), v.allowlisted`

const findingsFrom = ` FROM pii_spans s JOIN pii_values v ON v.id = s.value_id `

// eachRow runs a query and calls fn for every row.
func eachRow(ctx context.Context, q queryer, op string, fn func(*sql.Rows) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return dbErr(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return dbErr(op, err)
		}
	}
	if err := rows.Err(); err != nil {
		return dbErr(op, err)
	}
	return nil
}

func (s *Service) scanFindings(rows *sql.Rows) ([]Finding, error) {
	defer rows.Close()
	out := []Finding{}
	for rows.Next() {
		var f Finding
		var sealed string
		var id int64
		if err := rows.Scan(&id, &f.Type, &f.Rule, &f.Line, &f.Start, &f.EndLine, &f.End, &sealed, &f.Placeholder, &f.Decision, &f.Allowlisted); err != nil {
			return nil, dbErr("read findings", err)
		}
		v, err := s.unseal(sealed)
		if err != nil {
			return nil, err
		}
		f.ID, f.Value = strconv.FormatInt(id, 10), v
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read findings", err)
	}
	return out, nil
}

// Findings returns one page of a log's findings in text order (findings are stored in text
// order: ids grow with the position). The total comes from the summary's counts unless a value
// is given, and each filter has an index that yields rows in that order, so a page costs its
// offset plus its length, never a sort of the log's findings.
func (s *Service) Findings(ctx context.Context, logFileID string, q FindingQuery) (FindingPage, error) {
	if _, err := logIssue(ctx, s.db.Read(), logFileID); err != nil {
		return FindingPage{}, err
	}
	where := []string{"s.log_file_id = ?"}
	args := []any{logFileID}
	order := "s.line, s.id" // idx_pii_spans_line
	if q.Type != "" {
		if !validType(q.Type) {
			return FindingPage{}, fmt.Errorf("redaction: findings: unknown type %q: %w", q.Type, apperr.ErrInvalid)
		}
		where, args, order = append(where, "s.pii_type = ?"), append(args, q.Type), "s.id" // idx_pii_spans_type
	}
	if q.Value != "" {
		// idx_pii_spans_value: one value id per type; rows in id order for each.
		h := s.valueHash(q.Value)
		where[0] = "+s.log_file_id = ?" // not the log's indexes: the value's is far narrower
		where = append(where, "s.value_id IN (SELECT id FROM pii_values WHERE value_key = ? AND "+valueHashIs+" AND log_file_id = ?)")
		args, order = append(args, valueKey(h), h, logFileID), "s.id"
	}
	if q.Decision != "" {
		if !validAction(q.Decision) {
			return FindingPage{}, fmt.Errorf("redaction: findings: decision must be redact or keep, not %q: %w", q.Decision, apperr.ErrInvalid)
		}
		where, args = append(where, "coalesce(s.decision, v.decision) = ?"), append(args, q.Decision)
	}
	limit, offset, err := page(q.Limit, q.Offset)
	if err != nil {
		return FindingPage{}, err
	}
	cond := strings.Join(where, " AND ")
	var p FindingPage
	if q.Value != "" {
		if err := s.db.Read().QueryRowContext(ctx, `SELECT count(*)`+findingsFrom+`WHERE `+cond, args...).Scan(&p.Total); err != nil {
			return FindingPage{}, dbErr("count findings", err)
		}
	} else {
		counts, err := s.typeCounts(ctx, s.db.Read(), logFileID)
		if err != nil {
			return FindingPage{}, err
		}
		for _, tc := range counts {
			if q.Type == "" || tc.Type == q.Type {
				p.Total += map[string]int{"": tc.Total, Redact: tc.Redact, Keep: tc.Keep}[q.Decision]
			}
		}
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+findingCols+findingsFrom+`WHERE `+cond+`
		ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return FindingPage{}, dbErr("read findings", err)
	}
	if p.Items, err = s.scanFindings(rows); err != nil {
		return FindingPage{}, err
	}
	return p, nil
}

func page(limit, offset int) (int, int, error) {
	if offset < 0 || limit < 0 {
		return 0, 0, fmt.Errorf("redaction: offset and limit must be ≥ 0: %w", apperr.ErrInvalid)
	}
	if limit == 0 {
		limit = DefaultPageSize
	}
	return min(limit, MaxPageSize), offset, nil
}

// LineFindings returns the findings touching lines [from, from+count), in text order, with
// line-relative byte offsets (see Finding).
func (s *Service) LineFindings(ctx context.Context, logFileID string, from, count int) ([]Finding, error) {
	if from < 1 || count < 0 {
		return nil, fmt.Errorf("redaction: lines %d+%d: from must be ≥ 1 and count ≥ 0: %w", from, count, apperr.ErrInvalid)
	}
	if _, err := logIssue(ctx, s.db.Read(), logFileID); err != nil {
		return nil, err
	}
	if count == 0 {
		return []Finding{}, nil
	}
	rows, err := s.lineQuery(ctx, findingCols, logFileID, from, count, "", true)
	if err != nil {
		return nil, err
	}
	return s.scanFindings(rows)
}

// lineQuery selects cols of the findings touching lines [from, from+count), ordered by position.
// Without join, only columns of pii_spans s are available.
func (s *Service) lineQuery(ctx context.Context, cols, logFileID string, from, count int, extra string, join bool) (*sql.Rows, error) {
	var span int64
	err := s.db.Read().QueryRowContext(ctx, `SELECT max_line_span FROM pii_scan_state WHERE log_file_id = ?`, logFileID).Scan(&span)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, dbErr("read scan state", err)
	}
	last := int64(from) + int64(count) - 1
	tables := findingsFrom
	if !join {
		tables = ` FROM pii_spans s `
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+cols+tables+`
		WHERE s.log_file_id = ? AND s.line BETWEEN ? AND ? AND s.end_line >= ?`+extra+` ORDER BY s.line, s.id`,
		logFileID, int64(from)-span, last, from)
	if err != nil {
		return nil, dbErr("read findings", err)
	}
	return rows, nil
}

// Values returns one page of (type, value) groups, most frequent first; typ "" = every type.
func (s *Service) Values(ctx context.Context, logFileID, typ string, offset, limit int) (ValuePage, error) {
	issueID, err := logIssue(ctx, s.db.Read(), logFileID)
	if err != nil {
		return ValuePage{}, err
	}
	if typ != "" && !validType(typ) {
		return ValuePage{}, fmt.Errorf("redaction: values: unknown type %q: %w", typ, apperr.ErrInvalid)
	}
	limit, offset, err = page(limit, offset)
	if err != nil {
		return ValuePage{}, err
	}
	const cond = `log_file_id = ?1 AND (?2 = '' OR pii_type = ?2)`
	var p ValuePage
	if err := s.db.Read().QueryRowContext(ctx, `SELECT count(*) FROM pii_values WHERE `+cond, logFileID, typ).Scan(&p.Total); err != nil {
		return ValuePage{}, dbErr("count values", err)
	}
	// The page is chosen from idx_pii_values_log alone (covering: no table row read for the
	// values not shown); only the page's values are then read, with their pseudonyms and their
	// findings decided on their own. Ties: by type, then first seen.
	rows, err := s.db.Read().QueryContext(ctx, `SELECT v.pii_type, v.findings, v.decision, v.allowlisted, p.sealed_value, p.placeholder,
			(SELECT count(*) FROM pii_spans s WHERE s.log_file_id = ?1 AND s.value_id = v.id
				AND s.decision IS NOT NULL AND s.decision != v.decision)
		FROM (SELECT id FROM pii_values WHERE `+cond+`
			ORDER BY findings DESC, pii_type, id LIMIT ?3 OFFSET ?4) pg
		JOIN pii_values v ON v.id = pg.id
		JOIN pii_pseudonyms p ON p.issue_id = ?5 AND p.pii_type = v.pii_type AND p.ordinal = v.ordinal
		ORDER BY v.findings DESC, v.pii_type, v.id`, logFileID, typ, limit, offset, issueID)
	if err != nil {
		return ValuePage{}, dbErr("read values", err)
	}
	defer rows.Close()
	p.Items = []ValueGroup{}
	for rows.Next() {
		var g ValueGroup
		var sealed, decision string
		var own int
		if err := rows.Scan(&g.Type, &g.Count, &decision, &g.Allowlisted, &sealed, &g.Placeholder, &own); err != nil {
			return ValuePage{}, dbErr("read values", err)
		}
		if decision == Keep {
			g.Keep, g.Redact = g.Count-own, own
		} else {
			g.Redact, g.Keep = g.Count-own, own
		}
		if g.Value, err = s.unseal(sealed); err != nil {
			return ValuePage{}, err
		}
		p.Items = append(p.Items, g)
	}
	if err := rows.Err(); err != nil {
		return ValuePage{}, dbErr("read values", err)
	}
	return p, nil
}
