package app

import (
	"context"

	"tftsr/internal/timeline"
)

// TimelineService exposes an incident's timeline and response metrics to the frontend.
type TimelineService struct {
	ctx context.Context
	tl  *timeline.Service
}

// NewTimelineService binds tl.
func NewTimelineService(ctx context.Context, tl *timeline.Service) *TimelineService {
	return &TimelineService{ctx: ctx, tl: tl}
}

// Kinds lists the event kinds with their labels (user kinds first).
func (s *TimelineService) Kinds() ([]timeline.KindInfo, error) { return timeline.Kinds(), nil }

// List returns the incident's events by time.
func (s *TimelineService) List(issueID string) ([]timeline.Event, error) {
	return s.tl.List(s.ctx, issueID)
}

// Add adds a user event (impact.started, detected, mitigated, resolved, note).
func (s *TimelineService) Add(issueID string, in timeline.Input) (timeline.Event, error) {
	return s.tl.Add(s.ctx, issueID, in)
}

// Update edits an event (system events: only occurredAt).
func (s *TimelineService) Update(eventID string, in timeline.Update) (timeline.Event, error) {
	return s.tl.Update(s.ctx, eventID, in)
}

// Delete removes a user event.
func (s *TimelineService) Delete(eventID string) error { return s.tl.Delete(s.ctx, eventID) }

// Metrics returns the incident's time to detect, mitigate and resolve.
func (s *TimelineService) Metrics(issueID string) (timeline.Metrics, error) {
	return s.tl.Metrics(s.ctx, issueID)
}

// Dashboard returns mean and median response times over all incidents.
func (s *TimelineService) Dashboard() (timeline.Dashboard, error) { return s.tl.Dashboard(s.ctx) }
