// Package actions holds an incident's action items: title, owner, due date, priority and
// status, in an order the user sets. Every change is audited in the same transaction (ids and
// field names only, never the text).
package actions

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/store"
)

// Allowed values, in display order.
var (
	Priorities = []string{"critical", "high", "medium", "low"}
	Statuses   = []string{"open", "in_progress", "done", "wont_do"}
)

// Limits.
const (
	MaxTitleLen = 500
	MaxOwnerLen = 200
	MaxItems    = 200
)

// Audit actions.
const (
	ActionAdd     = "action_item.add"
	ActionUpdate  = "action_item.update"
	ActionDelete  = "action_item.delete"
	ActionReorder = "action_item.reorder"
)

// Item is one action item.
type Item struct {
	ID        string `json:"id"`
	IssueID   string `json:"issueId"`
	Title     string `json:"title"`
	Owner     string `json:"owner"`
	DueDate   string `json:"dueDate"` // YYYY-MM-DD, "" when none
	Priority  string `json:"priority"`
	Status    string `json:"status"`
	Position  int    `json:"position"` // 1…n
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
}

// Input creates an item; empty Priority and Status take "medium" and "open".
type Input struct {
	Title    string `json:"title"`
	Owner    string `json:"owner"`
	DueDate  string `json:"dueDate"`
	Priority string `json:"priority"`
	Status   string `json:"status"`
}

// Update changes the fields that are set.
type Update struct {
	Title    *string `json:"title"`
	Owner    *string `json:"owner"`
	DueDate  *string `json:"dueDate"`
	Priority *string `json:"priority"`
	Status   *string `json:"status"`
}

// Service manages action items.
type Service struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
}

// NewService builds the service; now is the clock (time.Now when nil).
func NewService(db *store.DB, log *audit.Log, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, audit: log, now: now}
}

func invalid(format string, a ...any) error {
	return fmt.Errorf("actions: "+format+": %w", append(a, apperr.ErrInvalid)...)
}

func oneLine(field, s string, min, max int) (string, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	switch {
	case !utf8.ValidString(s):
		return "", invalid("%s is not valid UTF-8", field)
	case n < min:
		return "", invalid("%s is required", field)
	case n > max:
		return "", invalid("%s is longer than %d characters (%d)", field, max, n)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", invalid("%s must be one line without control characters", field)
	}
	return s, nil
}

func checkDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return "", invalid("due date must be a date as YYYY-MM-DD, got %q", s)
	}
	return s, nil
}

func checkEnum(field, v string, allowed []string) error {
	if !slices.Contains(allowed, v) {
		return invalid("%s must be one of %s, got %q", field, strings.Join(allowed, ", "), v)
	}
	return nil
}

// validate checks and cleans an item's fields.
func validate(it *Item) error {
	var err error
	if it.Title, err = oneLine("title", it.Title, 1, MaxTitleLen); err != nil {
		return err
	}
	if it.Owner, err = oneLine("owner", it.Owner, 0, MaxOwnerLen); err != nil {
		return err
	}
	if it.DueDate, err = checkDate(it.DueDate); err != nil {
		return err
	}
	if err := checkEnum("priority", it.Priority, Priorities); err != nil {
		return err
	}
	return checkEnum("status", it.Status, Statuses)
}

const columns = `id, issue_id, title, owner, COALESCE(due_date, ''), priority, status, position, created_at, updated_at`

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func scan(r interface{ Scan(...any) error }) (Item, error) {
	var it Item
	err := r.Scan(&it.ID, &it.IssueID, &it.Title, &it.Owner, &it.DueDate, &it.Priority, &it.Status, &it.Position, &it.CreatedAt, &it.UpdatedAt)
	return it, err
}

func list(ctx context.Context, q querier, issueID string) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM action_items WHERE issue_id = ? ORDER BY position, created_at, id`, issueID)
	if err != nil {
		return nil, fmt.Errorf("actions: list: %w", err)
	}
	defer rows.Close()
	out := []Item{}
	for rows.Next() {
		it, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("actions: list: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

func issueExists(ctx context.Context, q store.RowQuerier, id string) error {
	if err := store.IssueExists(ctx, q, id); err != nil {
		return fmt.Errorf("actions: %w", err)
	}
	return nil
}

// List returns the incident's items in order.
func (s *Service) List(ctx context.Context, issueID string) ([]Item, error) {
	if err := issueExists(ctx, s.db.Read(), issueID); err != nil {
		return nil, err
	}
	return list(ctx, s.db.Read(), issueID)
}

func (s *Service) audited(ctx context.Context, tx *sql.Tx, action, issueID string, details map[string]any) error {
	_, err := s.audit.Append(ctx, tx, audit.Event{Action: action, EntityType: "issue", EntityID: issueID, Details: details})
	return err
}

// Add appends an item.
func (s *Service) Add(ctx context.Context, issueID string, in Input) (Item, error) {
	it := Item{ID: uuid.NewString(), IssueID: issueID, Title: in.Title, Owner: in.Owner, DueDate: in.DueDate, Priority: in.Priority, Status: in.Status}
	if it.Priority == "" {
		it.Priority = "medium"
	}
	if it.Status == "" {
		it.Status = "open"
	}
	if err := validate(&it); err != nil {
		return Item{}, err
	}
	it.CreatedAt = store.FormatTime(s.now())
	it.UpdatedAt = it.CreatedAt
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) + 1 FROM action_items WHERE issue_id = ?`, issueID).Scan(&it.Position); err != nil {
			return err
		}
		if it.Position > MaxItems {
			return invalid("an incident has at most %d action items", MaxItems)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO action_items (id, issue_id, title, owner, due_date, priority, status, position, created_at, updated_at)
			VALUES (?,?,?,?,NULLIF(?, ''),?,?,?,?,?)`, it.ID, it.IssueID, it.Title, it.Owner, it.DueDate, it.Priority, it.Status, it.Position, it.CreatedAt, it.UpdatedAt); err != nil {
			return err
		}
		return s.audited(ctx, tx, ActionAdd, issueID, map[string]any{"item": it.ID, "priority": it.Priority, "status": it.Status})
	})
	if err != nil {
		return Item{}, fmt.Errorf("actions: add: %w", err)
	}
	return it, nil
}

// Update changes an item's set fields.
func (s *Service) Update(ctx context.Context, id string, u Update) (Item, error) {
	var it Item
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		it, err = scan(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM action_items WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no action item with id %q: %w", id, apperr.ErrNotFound)
		}
		if err != nil {
			return err
		}
		var fields []string
		set := func(name string, dst *string, v *string) {
			if v != nil && *v != *dst {
				*dst = *v
				fields = append(fields, name)
			}
		}
		set("title", &it.Title, u.Title)
		set("owner", &it.Owner, u.Owner)
		set("dueDate", &it.DueDate, u.DueDate)
		set("priority", &it.Priority, u.Priority)
		set("status", &it.Status, u.Status)
		if err := validate(&it); err != nil {
			return err
		}
		if len(fields) == 0 {
			return nil
		}
		it.UpdatedAt = store.FormatTime(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE action_items SET title=?, owner=?, due_date=NULLIF(?, ''), priority=?, status=?, updated_at=? WHERE id=?`,
			it.Title, it.Owner, it.DueDate, it.Priority, it.Status, it.UpdatedAt, id); err != nil {
			return err
		}
		return s.audited(ctx, tx, ActionUpdate, it.IssueID, map[string]any{"item": id, "fields": fields})
	})
	if err != nil {
		return Item{}, fmt.Errorf("actions: update: %w", err)
	}
	return it, nil
}

// Delete removes an item; the others close up.
func (s *Service) Delete(ctx context.Context, id string) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var issueID string
		err := tx.QueryRowContext(ctx, `SELECT issue_id FROM action_items WHERE id = ?`, id).Scan(&issueID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no action item with id %q: %w", id, apperr.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM action_items WHERE id = ?`, id); err != nil {
			return err
		}
		items, err := list(ctx, tx, issueID)
		if err != nil {
			return err
		}
		if err := renumber(ctx, tx, items); err != nil {
			return err
		}
		return s.audited(ctx, tx, ActionDelete, issueID, map[string]any{"item": id})
	})
	if err != nil {
		return fmt.Errorf("actions: delete: %w", err)
	}
	return nil
}

func renumber(ctx context.Context, tx *sql.Tx, items []Item) error {
	for i, it := range items {
		if it.Position == i+1 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE action_items SET position = ? WHERE id = ?`, i+1, it.ID); err != nil {
			return err
		}
	}
	return nil
}

// Reorder puts the incident's items in the order of ids (exactly its item ids).
func (s *Service) Reorder(ctx context.Context, issueID string, ids []string) ([]Item, error) {
	var out []Item
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		items, err := list(ctx, tx, issueID)
		if err != nil {
			return err
		}
		byID := make(map[string]Item, len(items))
		for _, it := range items {
			byID[it.ID] = it
		}
		if len(ids) != len(items) {
			return invalid("reorder needs all %d action items of the incident, got %d", len(items), len(ids))
		}
		next := make([]Item, len(ids))
		for i, id := range ids {
			it, ok := byID[id]
			if !ok {
				return invalid("action item %q is not in this incident or is listed twice", id)
			}
			delete(byID, id)
			next[i] = it
		}
		if err := renumber(ctx, tx, next); err != nil {
			return err
		}
		for i := range next {
			next[i].Position = i + 1
		}
		out = next
		return s.audited(ctx, tx, ActionReorder, issueID, map[string]any{"items": len(ids)})
	})
	if err != nil {
		return nil, fmt.Errorf("actions: reorder: %w", err)
	}
	return out, nil
}

// Options are the allowed values of the enumerated fields, in display order.
type Options struct {
	Priorities []string `json:"priorities"`
	Statuses   []string `json:"statuses"`
}

// AllOptions returns copies of Priorities and Statuses.
func AllOptions() Options {
	return Options{Priorities: append([]string(nil), Priorities...), Statuses: append([]string(nil), Statuses...)}
}
