package incident

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"tftsr/internal/store"
)

// List limits.
const (
	DefaultListLimit   = 50
	MaxListLimit       = 500
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
	// MaxSearchTerms caps the number of terms a search query is split into.
	MaxSearchTerms = 32
	// RecentCount is the number of incidents in Dashboard.Recent.
	RecentCount = 8
)

// SortFields lists the accepted ListFilter.Sort values ("" means SortUpdated).
var SortFields = []string{SortUpdated, SortCreated, SortSeverity, SortTitle, SortStatus}

const severityRank = `CASE i.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END`
const statusRank = `CASE i.status WHEN 'open' THEN 1 WHEN 'investigating' THEN 2 WHEN 'resolved' THEN 3 WHEN 'closed' THEN 4 ELSE 5 END`

// sortExpression maps a Sort* value to its ORDER BY expression over issues aliased as i.
func sortExpression(sort string) (string, bool) {
	switch sort {
	case SortUpdated:
		return "i.updated_at", true
	case SortCreated:
		return "i.created_at", true
	case SortSeverity:
		return severityRank, true
	case SortTitle:
		return "i.title COLLATE NOCASE", true
	case SortStatus:
		return statusRank, true
	}
	return "", false
}

// likeEscape escapes s for a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// bindVars returns "?, ?, ?" for n values.
func bindVars(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// List filters, sorts and paginates.
func (s *Service) List(ctx context.Context, f ListFilter) (ListResult, error) {
	var (
		where []string
		args  []any
	)
	if len(f.Status) > 0 {
		for _, st := range f.Status {
			if err := ValidateStatus(st); err != nil {
				return ListResult{}, err
			}
			args = append(args, st)
		}
		where = append(where, "i.status IN ("+bindVars(len(f.Status))+")")
	}
	if len(f.Severity) > 0 {
		for _, sv := range f.Severity {
			if err := ValidateSeverity(sv); err != nil {
				return ListResult{}, err
			}
			args = append(args, sv)
		}
		where = append(where, "i.severity IN ("+bindVars(len(f.Severity))+")")
	}
	if f.Domain != "" {
		if err := ValidateDomain(f.Domain); err != nil {
			return ListResult{}, err
		}
		where = append(where, "i.category = ?")
		args = append(args, f.Domain)
	}
	if f.AssignedTo != "" {
		where = append(where, "i.assigned_to = ?")
		args = append(args, f.AssignedTo)
	}
	if f.Tag != "" {
		tag, err := NormalizeTag(f.Tag)
		if err != nil {
			return ListResult{}, err
		}
		// Tags are validated to [a-z0-9._:/-], so the quoted JSON string match is exact.
		where = append(where, `i.tags LIKE ? ESCAPE '\'`)
		args = append(args, `%"`+likeEscape(tag)+`"%`)
	}
	sortKey := f.Sort
	if sortKey == "" {
		sortKey = SortUpdated
	}
	expr, ok := sortExpression(sortKey)
	if !ok {
		return ListResult{}, invalidf("unknown sort %q (want %s)", f.Sort, joinOr(SortFields))
	}
	limit := f.Limit
	if limit == 0 {
		limit = DefaultListLimit
	}
	if limit < 1 || limit > MaxListLimit {
		return ListResult{}, invalidf("limit must be 1–%d (got %d)", MaxListLimit, f.Limit)
	}
	if f.Offset < 0 {
		return ListResult{}, invalidf("offset must not be negative (got %d)", f.Offset)
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	whereSQL := ""
	if len(where) > 0 {
		whereSQL = " WHERE " + strings.Join(where, " AND ")
	}

	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return ListResult{}, fmt.Errorf("incident: list: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only

	res := ListResult{Items: []Issue{}}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM issues i`+whereSQL, args...).Scan(&res.Total); err != nil {
		return ListResult{}, fmt.Errorf("incident: list count: %w", err)
	}
	if res.Total == 0 || f.Offset >= res.Total {
		return res, nil
	}
	// Keys first: the inner query picks the page's rowids and can run on a covering index when
	// the filter and sort columns allow it; only the page's rows are then read in full.
	order := ` ORDER BY ` + expr + dir + `, i.id` + dir
	q := `SELECT ` + issueCols + ` FROM issues i WHERE i.rowid IN (SELECT i.rowid FROM issues i` + whereSQL +
		order + ` LIMIT ? OFFSET ?)` + order
	rows, err := tx.QueryContext(ctx, q, append(args, limit, f.Offset)...)
	if err != nil {
		return ListResult{}, fmt.Errorf("incident: list: %w", err)
	}
	for rows.Next() {
		is, err := scanIssue(rows)
		if err != nil {
			rows.Close()
			return ListResult{}, fmt.Errorf("incident: list: %w", err)
		}
		res.Items = append(res.Items, is)
	}
	if err := closeRows(rows); err != nil {
		return ListResult{}, fmt.Errorf("incident: list: %w", err)
	}
	return res, nil
}

// MatchExpression turns free user input into a safe FTS5 MATCH expression: the input is split into
// terms on every character that is not a letter or digit, each term becomes a quoted prefix query
// ("term"*), and the terms are ANDed (terms beyond MaxSearchTerms are dropped). It returns "" when
// the input has no terms. No FTS5 operator, column filter or syntax character can survive the
// split.
func MatchExpression(query string) string {
	terms := strings.FieldsFunc(query, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(terms) > MaxSearchTerms {
		terms = terms[:MaxSearchTerms]
	}
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		parts = append(parts, `"`+strings.ReplaceAll(t, `"`, `""`)+`"*`)
	}
	return strings.Join(parts, " ")
}

// SearchCandidates bounds the ranking work of one search: when a query matches more incidents
// than this, only the most recently created SearchCandidates matches are ranked by bm25. Such a
// query matches a large part of the database and does not discriminate anyway; the bound keeps
// a one-letter or stop-word query from ranking all 100,000 incidents.
const SearchCandidates = 2000

// Search runs a full-text search; any user input is safe. Hits are ordered best first; Rank is
// the negated bm25 score (higher is better).
func (s *Service) Search(ctx context.Context, query string, limit int) (SearchResult, error) {
	res := SearchResult{Query: query, Hits: []SearchHit{}}
	if limit == 0 {
		limit = DefaultSearchLimit
	}
	if limit < 1 || limit > MaxSearchLimit {
		return SearchResult{}, invalidf("search limit must be 1–%d (got %d)", MaxSearchLimit, limit)
	}
	match := MatchExpression(query)
	if match == "" {
		return res, nil
	}
	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return SearchResult{}, fmt.Errorf("incident: search: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only

	// Phase 1: rank (bm25, title weighted 10x description) and keep the top rowids. FTS5 streams
	// matches in rowid order, so the candidate bound is cheap.
	rows, err := tx.QueryContext(ctx, `SELECT rid, score FROM (
			SELECT rowid AS rid, bm25(issues_fts, 0.0, 10.0, 1.0) AS score FROM issues_fts
			WHERE issues_fts MATCH ? ORDER BY rowid DESC LIMIT ?
		) ORDER BY score, rid LIMIT ?`, match, SearchCandidates, limit)
	if err != nil {
		return SearchResult{}, fmt.Errorf("incident: search: %w", err)
	}
	type ranked struct {
		rid   int64
		score float64
	}
	var top []ranked
	for rows.Next() {
		var r ranked
		if err := rows.Scan(&r.rid, &r.score); err != nil {
			rows.Close()
			return SearchResult{}, fmt.Errorf("incident: search: %w", err)
		}
		top = append(top, r)
	}
	if err := closeRows(rows); err != nil {
		return SearchResult{}, fmt.Errorf("incident: search: %w", err)
	}
	if len(top) == 0 {
		return res, nil
	}

	// Phase 2: highlights and snippets for the top rows only, in one pass over the matches within
	// their rowid range (the "+" keeps the IN list from becoming one FTS lookup per rowid).
	lo, hi := top[0].rid, top[0].rid
	args := []any{MarkStart, MarkEnd, MarkStart, MarkEnd, match}
	ids := make([]any, 0, len(top))
	for _, r := range top {
		lo, hi = min(lo, r.rid), max(hi, r.rid)
		ids = append(ids, r.rid)
	}
	args = append(args, lo, hi)
	args = append(args, ids...)
	rows, err = tx.QueryContext(ctx, `SELECT `+issueCols+`, issues_fts.rowid,
			highlight(issues_fts, 1, ?, ?), snippet(issues_fts, 2, ?, ?, '…', 16)
		FROM issues_fts JOIN issues i ON i.rowid = issues_fts.rowid
		WHERE issues_fts MATCH ? AND issues_fts.rowid BETWEEN ? AND ?
			AND +issues_fts.rowid IN (`+bindVars(len(ids))+`)`, args...)
	if err != nil {
		return SearchResult{}, fmt.Errorf("incident: search: %w", err)
	}
	byRowid := make(map[int64]SearchHit, len(top))
	for rows.Next() {
		var (
			h     SearchHit
			rid   int64
			title sql.NullString
			desc  sql.NullString
		)
		h.Issue, err = scanIssue(rows, &rid, &title, &desc)
		if err != nil {
			rows.Close()
			return SearchResult{}, fmt.Errorf("incident: search: %w", err)
		}
		h.TitleSnippet = title.String
		if h.Issue.Description != "" {
			h.DescriptionSnippet = desc.String
		}
		byRowid[rid] = h
	}
	if err := closeRows(rows); err != nil {
		return SearchResult{}, fmt.Errorf("incident: search: %w", err)
	}
	for _, r := range top {
		h, ok := byRowid[r.rid]
		if !ok {
			continue
		}
		h.Rank = -r.score
		res.Hits = append(res.Hits, h)
	}
	return res, nil
}

// Dashboard computes the dashboard figures at the injected clock's "now".
func (s *Service) Dashboard(ctx context.Context) (Dashboard, error) {
	since := store.FormatTime(s.now().AddDate(0, 0, -7))

	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return Dashboard{}, fmt.Errorf("incident: dashboard: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only

	d := Dashboard{OpenBySeverity: make([]SeverityCount, len(Severities)), Recent: []Issue{}}
	for i, sv := range Severities {
		d.OpenBySeverity[i] = SeverityCount{Severity: sv}
	}
	// Grouping by (status, severity) follows idx_issues_status_severity: no temporary b-tree.
	rows, err := tx.QueryContext(ctx, `SELECT severity, count(*) FROM issues
		WHERE status IN ('open', 'investigating') GROUP BY status, severity`)
	if err != nil {
		return Dashboard{}, fmt.Errorf("incident: dashboard open: %w", err)
	}
	for rows.Next() {
		var (
			sv string
			n  int
		)
		if err := rows.Scan(&sv, &n); err != nil {
			rows.Close()
			return Dashboard{}, fmt.Errorf("incident: dashboard open: %w", err)
		}
		d.OpenTotal += n
		if i := slices.Index(Severities, sv); i >= 0 {
			d.OpenBySeverity[i].Count += n
		}
	}
	if err := closeRows(rows); err != nil {
		return Dashboard{}, fmt.Errorf("incident: dashboard open: %w", err)
	}

	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM issues`).Scan(&d.Total); err != nil {
		return Dashboard{}, fmt.Errorf("incident: dashboard total: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM issues WHERE resolved_at >= ?`, since).Scan(&d.ResolvedLast7Days); err != nil {
		return Dashboard{}, fmt.Errorf("incident: dashboard resolved: %w", err)
	}
	var mean sql.NullFloat64
	if err := tx.QueryRowContext(ctx, `SELECT count(*), AVG((julianday(resolved_at) - julianday(created_at)) * 86400000.0)
		FROM issues WHERE resolved_at IS NOT NULL`).Scan(&d.ResolvedCount, &mean); err != nil {
		return Dashboard{}, fmt.Errorf("incident: dashboard mttr: %w", err)
	}
	if mean.Valid {
		d.MeanTimeToResolveMs = int64(math.Round(mean.Float64))
	}

	rows, err = tx.QueryContext(ctx, `SELECT `+issueCols+` FROM issues i ORDER BY i.updated_at DESC, i.id DESC LIMIT ?`, RecentCount)
	if err != nil {
		return Dashboard{}, fmt.Errorf("incident: dashboard recent: %w", err)
	}
	for rows.Next() {
		is, err := scanIssue(rows)
		if err != nil {
			rows.Close()
			return Dashboard{}, fmt.Errorf("incident: dashboard recent: %w", err)
		}
		d.Recent = append(d.Recent, is)
	}
	if err := closeRows(rows); err != nil {
		return Dashboard{}, fmt.Errorf("incident: dashboard recent: %w", err)
	}
	return d, nil
}
