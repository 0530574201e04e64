package app

import (
	"context"

	"tftsr/internal/triage"
)

// TriageService exposes the 5-Whys engine to the frontend: the system prompt, the reply parser,
// the steps, root cause and contributing factors. Every operation works by hand, without any AI
// provider configured.
type TriageService struct {
	ctx context.Context
	tri *triage.Service
}

// NewTriageService binds tri.
func NewTriageService(ctx context.Context, tri *triage.Service) *TriageService {
	return &TriageService{ctx: ctx, tri: tri}
}

// ParsedReply is what the chat shows for one model reply.
type ParsedReply struct {
	Found   bool          `json:"found"`   // the reply carries a valid triage block
	Report  triage.Report `json:"report"`  // zero when Found is false
	Display string        `json:"display"` // the reply's prose, without the triage block
}

// SystemPrompt returns the one system message (domain guidance + 5-Whys protocol) for domain;
// an unknown or empty domain gets the general IT prompt.
func (s *TriageService) SystemPrompt(domain string) (string, error) {
	return triage.SystemPrompt(domain), nil
}

// ParseReply parses a model reply: its triage block (if any) and the prose to display.
func (s *TriageService) ParseReply(reply string) (ParsedReply, error) {
	r, ok := triage.Parse(reply)
	if !ok {
		r = triage.Report{Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}}
	}
	return ParsedReply{Found: ok, Report: r, Display: triage.StripReport(reply)}, nil
}

// ApplyReply applies a model reply's triage block to the incident's steps (nothing happens when
// the reply has none). messageID is the ai_messages id of the reply ("" if not stored).
func (s *TriageService) ApplyReply(issueID, reply, messageID string) (triage.ApplyResult, error) {
	return s.tri.ApplyReply(s.ctx, issueID, reply, messageID)
}

// State returns the incident's steps, contributing factors and progress.
func (s *TriageService) State(issueID string) (triage.State, error) {
	return s.tri.State(s.ctx, issueID)
}

// ListSteps returns the incident's steps in order.
func (s *TriageService) ListSteps(issueID string) ([]triage.Step, error) {
	return s.tri.ListSteps(s.ctx, issueID)
}

// AddStep appends a step written by the user.
func (s *TriageService) AddStep(issueID string, in triage.StepInput) (triage.Step, error) {
	return s.tri.AddStep(s.ctx, issueID, in)
}

// UpdateStep edits a step (nil fields unchanged).
func (s *TriageService) UpdateStep(stepID string, in triage.StepUpdate) (triage.Step, error) {
	return s.tri.UpdateStep(s.ctx, stepID, in)
}

// DeleteStep removes a step.
func (s *TriageService) DeleteStep(stepID string) error { return s.tri.DeleteStep(s.ctx, stepID) }

// ReorderSteps puts the steps in the order of ids (exactly the incident's step ids).
func (s *TriageService) ReorderSteps(issueID string, ids []string) ([]triage.Step, error) {
	return s.tri.ReorderSteps(s.ctx, issueID, ids)
}

// MarkRootCause marks stepID as the root cause ("" clears the mark).
func (s *TriageService) MarkRootCause(issueID, stepID string) ([]triage.Step, error) {
	return s.tri.MarkRootCause(s.ctx, issueID, stepID)
}

// Progress returns the incident's 5-Whys progress.
func (s *TriageService) Progress(issueID string) (triage.Progress, error) {
	return s.tri.Progress(s.ctx, issueID)
}

// ListFactors returns the incident's contributing factors in order.
func (s *TriageService) ListFactors(issueID string) ([]triage.Factor, error) {
	return s.tri.ListFactors(s.ctx, issueID)
}

// AddFactor appends a contributing factor.
func (s *TriageService) AddFactor(issueID, text string) (triage.Factor, error) {
	return s.tri.AddFactor(s.ctx, issueID, text)
}

// UpdateFactor rewrites a contributing factor.
func (s *TriageService) UpdateFactor(factorID, text string) (triage.Factor, error) {
	return s.tri.UpdateFactor(s.ctx, factorID, text)
}

// DeleteFactor removes a contributing factor.
func (s *TriageService) DeleteFactor(factorID string) error {
	return s.tri.DeleteFactor(s.ctx, factorID)
}

// ReorderFactors puts the factors in the order of ids (exactly the incident's factor ids).
func (s *TriageService) ReorderFactors(issueID string, ids []string) ([]triage.Factor, error) {
	return s.tri.ReorderFactors(s.ctx, issueID, ids)
}
