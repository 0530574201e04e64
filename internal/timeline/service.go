package timeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/store"
)

// Audit actions written by the Service (user events only; system events are part of the change
// that recorded them, which is audited by its own package).
const (
	ActionAdd    = "timeline.add"
	ActionUpdate = "timeline.update"
	ActionDelete = "timeline.delete"
	EntityIssue  = "issue"
)

// Service lists the timeline and manages the user's events.
type Service struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
}

// NewService builds a Service; now is the clock (time.Now when nil).
func NewService(db *store.DB, log *audit.Log, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, audit: log, now: now}
}

// Input is a user event to add. Title "" takes the kind's label. OccurredAt is
// 'YYYY-MM-DD HH:MM:SS' UTC or RFC 3339 with an offset.
type Input struct {
	Kind       string `json:"kind"`
	Title      string `json:"title"`
	Detail     string `json:"detail"`
	OccurredAt string `json:"occurredAt"`
}

// Update is a partial update: nil fields are left as they are. System events accept only
// OccurredAt.
type Update struct {
	Kind       *string `json:"kind,omitempty"`
	Title      *string `json:"title,omitempty"`
	Detail     *string `json:"detail,omitempty"`
	OccurredAt *string `json:"occurredAt,omitempty"`
}

const eventCols = `id, issue_id, kind, title, detail, occurred_at, source, seq, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanEvent(r scanner) (Event, error) {
	var ev Event
	if err := r.Scan(&ev.ID, &ev.IssueID, &ev.Kind, &ev.Title, &ev.Detail, &ev.OccurredAt, &ev.Source, &ev.Seq,
		&ev.CreatedAt, &ev.UpdatedAt); err != nil {
		return Event{}, err
	}
	ev.Editable = true // user events fully, system events their time
	return ev, nil
}

func eventNotFound(id string) error {
	return fmt.Errorf("timeline: no timeline event with id %q: %w", id, apperr.ErrNotFound)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func issueExists(ctx context.Context, q store.RowQuerier, id string) error {
	if err := store.IssueExists(ctx, q, id); err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	return nil
}

// List returns the incident's events by occurred_at, then seq (never nil).
func (s *Service) List(ctx context.Context, issueID string) ([]Event, error) {
	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("timeline: list %q: %w", issueID, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	if err := issueExists(ctx, tx, issueID); err != nil {
		return nil, err
	}
	return listTx(ctx, tx, issueID)
}

func listTx(ctx context.Context, q querier, issueID string) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+eventCols+` FROM timeline_events WHERE issue_id = ?
		ORDER BY occurred_at, seq`, issueID)
	if err != nil {
		return nil, fmt.Errorf("timeline: list %q: %w", issueID, err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("timeline: list %q: %w", issueID, err)
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("timeline: list %q: %w", issueID, err)
	}
	return out, nil
}

// validTime parses a user-given time and refuses one too far in the future.
func (s *Service) validTime(in string) (string, error) {
	t, err := ParseTimeInput(in)
	if err != nil {
		return "", err
	}
	if t.After(s.now().Add(MaxFuture)) {
		return "", invalidf("time %s is in the future", store.FormatTime(t))
	}
	if t.Year() < 1970 {
		return "", invalidf("time %s is before 1970", store.FormatTime(t))
	}
	return store.FormatTime(t), nil
}

func userKind(k string) error {
	if isSystemKind(k) {
		return invalidf("%q events are recorded by TFTSR itself and cannot be added by hand", k)
	}
	if !isUserKind(k) {
		return invalidf("unknown kind %q (want impact.started, detected, mitigated, resolved or note)", k)
	}
	return nil
}

// Add stores a user event.
func (s *Service) Add(ctx context.Context, issueID string, in Input) (Event, error) {
	if err := userKind(in.Kind); err != nil {
		return Event{}, err
	}
	if in.Title == "" {
		in.Title = kindLabels[in.Kind]
	}
	title, err := normalizeTitle(in.Title)
	if err != nil {
		return Event{}, err
	}
	if err := validateDetail(in.Detail); err != nil {
		return Event{}, err
	}
	at, err := s.validTime(in.OccurredAt)
	if err != nil {
		return Event{}, err
	}
	now := store.FormatTime(s.now())
	var out Event
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		ev, err := insert(ctx, tx, Event{IssueID: issueID, Kind: in.Kind, Title: title, Detail: in.Detail,
			OccurredAt: at, Source: SourceUser, CreatedAt: now, UpdatedAt: now})
		if err != nil {
			return err
		}
		if err := s.append(ctx, tx, ActionAdd, issueID, map[string]any{"event_id": ev.ID, "kind": ev.Kind}); err != nil {
			return err
		}
		out = ev
		return nil
	})
	if err != nil {
		return Event{}, err
	}
	return out, nil
}

func (s *Service) append(ctx context.Context, tx *sql.Tx, action, issueID string, details any) error {
	if _, err := s.audit.Append(ctx, tx, audit.Event{Action: action, EntityType: EntityIssue, EntityID: issueID, Details: details}); err != nil {
		return fmt.Errorf("timeline: audit %s: %w", action, err)
	}
	return nil
}

func getTx(ctx context.Context, tx *sql.Tx, id string) (Event, error) {
	ev, err := scanEvent(tx.QueryRowContext(ctx, `SELECT `+eventCols+` FROM timeline_events WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Event{}, eventNotFound(id)
	}
	if err != nil {
		return Event{}, fmt.Errorf("timeline: read event %q: %w", id, err)
	}
	return ev, nil
}

// Update edits an event. User events: every field. System events: only OccurredAt (a time
// correction); any other field is refused with ErrInvalid.
func (s *Service) Update(ctx context.Context, eventID string, in Update) (Event, error) {
	var out Event
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getTx(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if cur.Source == SourceSystem && (in.Kind != nil || in.Title != nil || in.Detail != nil) {
			return invalidf("%q events are recorded by TFTSR; only their time can be corrected", cur.Kind)
		}
		next := cur
		var fields []string
		if in.Kind != nil && *in.Kind != cur.Kind {
			if err := userKind(*in.Kind); err != nil {
				return err
			}
			next.Kind = *in.Kind
			fields = append(fields, "kind")
		}
		if in.Title != nil {
			t := *in.Title
			if t == "" {
				t = kindLabels[next.Kind]
			}
			title, err := normalizeTitle(t)
			if err != nil {
				return err
			}
			if title != cur.Title {
				next.Title = title
				fields = append(fields, "title")
			}
		}
		if in.Detail != nil && *in.Detail != cur.Detail {
			if err := validateDetail(*in.Detail); err != nil {
				return err
			}
			next.Detail = *in.Detail
			fields = append(fields, "detail")
		}
		details := map[string]any{"event_id": eventID, "kind": next.Kind}
		if in.OccurredAt != nil {
			at, err := s.validTime(*in.OccurredAt)
			if err != nil {
				return err
			}
			if at != cur.OccurredAt {
				next.OccurredAt = at
				fields = append(fields, "occurredAt")
				details["occurred_at"] = map[string]string{"from": cur.OccurredAt, "to": at}
			}
		}
		if len(fields) == 0 {
			out = cur
			return nil
		}
		next.UpdatedAt = store.FormatTime(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE timeline_events SET kind = ?, title = ?, detail = ?, occurred_at = ?,
			updated_at = ? WHERE id = ?`, next.Kind, next.Title, next.Detail, next.OccurredAt, next.UpdatedAt, eventID); err != nil {
			return fmt.Errorf("timeline: update %q: %w", eventID, err)
		}
		details["fields"] = fields
		if err := s.append(ctx, tx, ActionUpdate, cur.IssueID, details); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return Event{}, err
	}
	return out, nil
}

// Delete removes a user event; system events cannot be deleted (ErrInvalid).
func (s *Service) Delete(ctx context.Context, eventID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getTx(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if cur.Source == SourceSystem {
			return invalidf("%q events are recorded by TFTSR and cannot be deleted", cur.Kind)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM timeline_events WHERE id = ?`, eventID); err != nil {
			return fmt.Errorf("timeline: delete %q: %w", eventID, err)
		}
		return s.append(ctx, tx, ActionDelete, cur.IssueID, map[string]any{"event_id": eventID, "kind": cur.Kind})
	})
}
