package incident

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/store"
	"tftsr/internal/timeline"
)

// Service is the incident use-case layer used by the Wails-bound app services and the CLI.
type Service struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
}

// NewService builds a Service; now is the clock (time.Now in production).
func NewService(db *store.DB, log *audit.Log, now func() time.Time) *Service {
	return &Service{db: db, audit: log, now: now}
}

// Audit actions and entity type written by the Service.
const (
	ActionCreate = "issue.create"
	ActionUpdate = "issue.update"
	ActionStatus = "issue.status"
	ActionDelete = "issue.delete"
	EntityIssue  = "issue"
)

// issueCols selects one Issue from the issues table aliased as i; NULL columns become "".
const issueCols = `i.id, i.title, COALESCE(i.description, ''), i.severity, i.status,
	COALESCE(i.category, ''), COALESCE(i.source, ''), i.created_at, i.updated_at,
	COALESCE(i.resolved_at, ''), COALESCE(i.assigned_to, ''), COALESCE(i.tags, '')`

type scanner interface{ Scan(dest ...any) error }

// scanIssue scans issueCols followed by extra destinations.
func scanIssue(row scanner, extra ...any) (Issue, error) {
	var (
		is   Issue
		tags string
	)
	dest := append([]any{&is.ID, &is.Title, &is.Description, &is.Severity, &is.Status,
		&is.Domain, &is.Source, &is.CreatedAt, &is.UpdatedAt, &is.ResolvedAt, &is.AssignedTo, &tags}, extra...)
	if err := row.Scan(dest...); err != nil {
		return Issue{}, err
	}
	is.Tags = decodeTags(tags)
	return is, nil
}

// decodeTags reads the JSON array stored in issues.tags; anything unreadable becomes no tags.
func decodeTags(s string) []string {
	var tags []string
	if s != "" {
		if err := json.Unmarshal([]byte(s), &tags); err != nil {
			tags = nil
		}
	}
	if tags == nil {
		tags = []string{}
	}
	return tags
}

func encodeTags(tags []string) string {
	if len(tags) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(tags) // []string always marshals
	return string(b)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func notFound(id string) error {
	return fmt.Errorf("incident: no incident with id %q: %w", id, apperr.ErrNotFound)
}

// getTx reads one issue inside a write transaction.
func getTx(ctx context.Context, tx *sql.Tx, id string) (Issue, error) {
	is, err := scanIssue(tx.QueryRowContext(ctx, `SELECT `+issueCols+` FROM issues i WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Issue{}, notFound(id)
	}
	if err != nil {
		return Issue{}, fmt.Errorf("incident: read %q: %w", id, err)
	}
	return is, nil
}

func (s *Service) append(ctx context.Context, tx *sql.Tx, action, id string, details any) error {
	if _, err := s.audit.Append(ctx, tx, audit.Event{Action: action, EntityType: EntityIssue, EntityID: id, Details: details}); err != nil {
		return fmt.Errorf("incident: audit %s: %w", action, err)
	}
	return nil
}

// Create validates in and stores a new open incident.
func (s *Service) Create(ctx context.Context, in CreateInput) (Issue, error) {
	title, err := normalizeTitle(in.Title)
	if err != nil {
		return Issue{}, err
	}
	if err := validateDescription(in.Description); err != nil {
		return Issue{}, err
	}
	sev, err := normalizeSeverity(in.Severity)
	if err != nil {
		return Issue{}, err
	}
	if err := ValidateDomain(in.Domain); err != nil {
		return Issue{}, err
	}
	assignee, err := NormalizeAssignee(in.AssignedTo)
	if err != nil {
		return Issue{}, err
	}
	tags, err := NormalizeTags(in.Tags)
	if err != nil {
		return Issue{}, err
	}
	source, err := normalizeSource(in.Source)
	if err != nil {
		return Issue{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Issue{}, fmt.Errorf("incident: new id: %w", err)
	}
	at := s.now()
	now := store.FormatTime(at)
	is := Issue{
		ID: id.String(), Title: title, Description: in.Description, Severity: sev, Status: StatusOpen,
		Domain: in.Domain, Source: source, CreatedAt: now, UpdatedAt: now, AssignedTo: assignee, Tags: tags,
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO issues
			(id, title, description, severity, status, category, source, created_at, updated_at, resolved_at, assigned_to, tags)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
			is.ID, is.Title, is.Description, is.Severity, is.Status, nullable(is.Domain), is.Source,
			is.CreatedAt, is.UpdatedAt, nullable(is.AssignedTo), encodeTags(is.Tags)); err != nil {
			return fmt.Errorf("incident: create: %w", err)
		}
		if err := s.append(ctx, tx, ActionCreate, is.ID, map[string]any{
			"severity": is.Severity, "domain": is.Domain, "tags": len(is.Tags),
		}); err != nil {
			return err
		}
		return timeline.Record(ctx, tx, timeline.IncidentCreated(is.ID, is.Title, at))
	})
	if err != nil {
		return Issue{}, err
	}
	return is, nil
}

// Get returns the incident with its children.
func (s *Service) Get(ctx context.Context, id string) (Detail, error) {
	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return Detail{}, fmt.Errorf("incident: get %q: %w", id, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only

	d := Detail{LogFiles: []LogFile{}, ResolutionSteps: []ResolutionStep{}, Conversations: []Conversation{}}
	d.Issue, err = scanIssue(tx.QueryRowContext(ctx, `SELECT `+issueCols+` FROM issues i WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Detail{}, notFound(id)
	}
	if err != nil {
		return Detail{}, fmt.Errorf("incident: get %q: %w", id, err)
	}

	rows, err := tx.QueryContext(ctx, `SELECT id, issue_id, file_name, COALESCE(file_size, 0), COALESCE(mime_type, ''),
		COALESCE(content_hash, ''), uploaded_at, COALESCE(redacted, 0) != 0
		FROM log_files WHERE issue_id = ? ORDER BY uploaded_at, id`, id)
	if err != nil {
		return Detail{}, fmt.Errorf("incident: get %q log files: %w", id, err)
	}
	for rows.Next() {
		var f LogFile
		if err := rows.Scan(&f.ID, &f.IssueID, &f.FileName, &f.FileSize, &f.MimeType, &f.ContentHash, &f.UploadedAt, &f.Redacted); err != nil {
			rows.Close()
			return Detail{}, fmt.Errorf("incident: get %q log files: %w", id, err)
		}
		d.LogFiles = append(d.LogFiles, f)
	}
	if err := closeRows(rows); err != nil {
		return Detail{}, fmt.Errorf("incident: get %q log files: %w", id, err)
	}

	rows, err = tx.QueryContext(ctx, `SELECT id, issue_id, step_order, why_question, COALESCE(answer, ''),
		COALESCE(evidence, ''), created_at
		FROM resolution_steps WHERE issue_id = ? ORDER BY step_order, created_at, id`, id)
	if err != nil {
		return Detail{}, fmt.Errorf("incident: get %q resolution steps: %w", id, err)
	}
	for rows.Next() {
		var r ResolutionStep
		if err := rows.Scan(&r.ID, &r.IssueID, &r.StepOrder, &r.WhyQuestion, &r.Answer, &r.Evidence, &r.CreatedAt); err != nil {
			rows.Close()
			return Detail{}, fmt.Errorf("incident: get %q resolution steps: %w", id, err)
		}
		d.ResolutionSteps = append(d.ResolutionSteps, r)
	}
	if err := closeRows(rows); err != nil {
		return Detail{}, fmt.Errorf("incident: get %q resolution steps: %w", id, err)
	}

	rows, err = tx.QueryContext(ctx, `SELECT id, issue_id, provider, model, created_at, COALESCE(title, '')
		FROM ai_conversations WHERE issue_id = ? ORDER BY created_at, id`, id)
	if err != nil {
		return Detail{}, fmt.Errorf("incident: get %q conversations: %w", id, err)
	}
	for rows.Next() {
		var c Conversation
		if err := rows.Scan(&c.ID, &c.IssueID, &c.Provider, &c.Model, &c.CreatedAt, &c.Title); err != nil {
			rows.Close()
			return Detail{}, fmt.Errorf("incident: get %q conversations: %w", id, err)
		}
		d.Conversations = append(d.Conversations, c)
	}
	if err := closeRows(rows); err != nil {
		return Detail{}, fmt.Errorf("incident: get %q conversations: %w", id, err)
	}
	return d, nil
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// Update applies a partial update. Nothing changes (no audit entry, no updated_at bump) when every
// given field already has the given value.
func (s *Service) Update(ctx context.Context, id string, in UpdateInput) (Issue, error) {
	// Validate everything before touching the store.
	var (
		title, sev, assignee string
		tags                 []string
		err                  error
	)
	if in.Title != nil {
		if title, err = normalizeTitle(*in.Title); err != nil {
			return Issue{}, err
		}
	}
	if in.Description != nil {
		if err := validateDescription(*in.Description); err != nil {
			return Issue{}, err
		}
	}
	if in.Severity != nil {
		// "" means medium only on create; on update it is refused rather than silently changing it.
		if err := ValidateSeverity(*in.Severity); err != nil {
			return Issue{}, err
		}
		sev = *in.Severity
	}
	if in.Domain != nil {
		if err := ValidateDomain(*in.Domain); err != nil {
			return Issue{}, err
		}
	}
	if in.AssignedTo != nil {
		if assignee, err = NormalizeAssignee(*in.AssignedTo); err != nil {
			return Issue{}, err
		}
	}
	if in.Tags != nil {
		if tags, err = NormalizeTags(*in.Tags); err != nil {
			return Issue{}, err
		}
	}

	var out Issue
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		next := cur
		var fields []string
		details := map[string]any{}
		if in.Title != nil && title != cur.Title {
			next.Title = title
			fields = append(fields, "title")
		}
		if in.Description != nil && *in.Description != cur.Description {
			next.Description = *in.Description
			fields = append(fields, "description")
		}
		if in.Severity != nil && sev != cur.Severity {
			next.Severity = sev
			fields = append(fields, "severity")
			details["severity"] = map[string]string{"from": cur.Severity, "to": sev}
		}
		if in.Domain != nil && *in.Domain != cur.Domain {
			next.Domain = *in.Domain
			fields = append(fields, "domain")
		}
		if in.AssignedTo != nil && assignee != cur.AssignedTo {
			next.AssignedTo = assignee
			fields = append(fields, "assignedTo")
		}
		if in.Tags != nil && !slices.Equal(tags, cur.Tags) {
			next.Tags = tags
			fields = append(fields, "tags")
		}
		if len(fields) == 0 {
			out = cur
			return nil
		}
		next.UpdatedAt = store.FormatTime(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE issues SET title = ?, description = ?, severity = ?, category = ?,
			assigned_to = ?, tags = ?, updated_at = ? WHERE id = ?`,
			next.Title, next.Description, next.Severity, nullable(next.Domain), nullable(next.AssignedTo),
			encodeTags(next.Tags), next.UpdatedAt, id); err != nil {
			return fmt.Errorf("incident: update %q: %w", id, err)
		}
		details["fields"] = fields
		if err := s.append(ctx, tx, ActionUpdate, id, details); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return Issue{}, err
	}
	return out, nil
}

// SetStatus changes the status (reopen = SetStatus(id, StatusOpen)). Entering resolved or closed
// sets resolved_at unless it is already set; going back to open or investigating clears it.
func (s *Service) SetStatus(ctx context.Context, id, status string) (Issue, error) {
	if err := ValidateStatus(status); err != nil {
		return Issue{}, err
	}
	var out Issue
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Status == status {
			out = cur
			return nil
		}
		at := s.now()
		now := store.FormatTime(at)
		next := cur
		next.Status = status
		next.UpdatedAt = now
		switch status {
		case StatusResolved, StatusClosed:
			if next.ResolvedAt == "" {
				next.ResolvedAt = now
			}
		default:
			next.ResolvedAt = ""
		}
		if _, err := tx.ExecContext(ctx, `UPDATE issues SET status = ?, resolved_at = ?, updated_at = ? WHERE id = ?`,
			next.Status, nullable(next.ResolvedAt), next.UpdatedAt, id); err != nil {
			return fmt.Errorf("incident: set status %q: %w", id, err)
		}
		if err := s.append(ctx, tx, ActionStatus, id, map[string]string{"from": cur.Status, "to": status}); err != nil {
			return err
		}
		if err := timeline.Record(ctx, tx, timeline.StatusChanged(id, cur.Status, status, at)); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return Issue{}, err
	}
	return out, nil
}

// Delete removes the incident and, by cascade, everything that belongs to it.
func (s *Service) Delete(ctx context.Context, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM issues WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("incident: delete %q: %w", id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("incident: delete %q: %w", id, err)
		}
		if n == 0 {
			return notFound(id)
		}
		return s.append(ctx, tx, ActionDelete, id, map[string]string{"id": id})
	})
}
