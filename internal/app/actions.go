package app

import (
	"context"

	"tftsr/internal/actions"
)

// ActionService exposes an incident's action items (shown on the incident and in documents).
type ActionService struct {
	ctx context.Context
	svc *actions.Service
}

// NewActionService binds svc.
func NewActionService(ctx context.Context, svc *actions.Service) *ActionService {
	return &ActionService{ctx: ctx, svc: svc}
}

// List returns the incident's action items in order.
func (s *ActionService) List(issueID string) ([]actions.Item, error) {
	return s.svc.List(s.ctx, issueID)
}

// Add appends an item (empty priority and status take medium and open).
func (s *ActionService) Add(issueID string, in actions.Input) (actions.Item, error) {
	return s.svc.Add(s.ctx, issueID, in)
}

// Update changes the fields that are set.
func (s *ActionService) Update(id string, u actions.Update) (actions.Item, error) {
	return s.svc.Update(s.ctx, id, u)
}

// Reorder puts the incident's items in the order of ids (exactly the incident's ids).
func (s *ActionService) Reorder(issueID string, ids []string) ([]actions.Item, error) {
	return s.svc.Reorder(s.ctx, issueID, ids)
}

// Delete removes an item.
func (s *ActionService) Delete(id string) error { return s.svc.Delete(s.ctx, id) }

// Options lists the allowed priorities and statuses, in display order.
func (s *ActionService) Options() (actions.Options, error) { return actions.AllOptions(), nil }
