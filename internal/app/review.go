package app

import (
	"context"

	"tftsr/internal/logs"
	"tftsr/internal/redaction"
)

// PIIType describes one finding type for the UI.
type PIIType struct {
	Type  string `json:"type"`
	Label string `json:"label"` // e.g. "IPv4 address"
	Class string `json:"class"` // secret | credential | financial | personal | network
}

// ReviewService exposes PII review and redaction of logs.
type ReviewService struct {
	ctx  context.Context
	red  *redaction.Service
	jobs *LogService // shares the job registry: poll with LogService.Job
}

// NewReviewService binds red; jobs run in ls's registry.
func NewReviewService(ctx context.Context, red *redaction.Service, ls *LogService) *ReviewService {
	return &ReviewService{ctx: ctx, red: red, jobs: ls}
}

// Summary returns a log's review state.
func (s *ReviewService) Summary(logID string) (redaction.Summary, error) {
	return s.red.Summary(s.ctx, logID)
}

// Scan starts a (re)scan job with the current type switches (poll with LogService.Job).
func (s *ReviewService) Scan(logID string) (LogJob, error) {
	return s.start(logID, JobScan, PhaseScanning, func(ctx context.Context, c jobControl) error {
		_, err := s.red.Scan(ctx, logID, func(done, total int64) { c.progress(PhaseScanning, done, total) })
		return err
	})
}

// start runs a job of one log in the LogService registry; an unknown log fails at once.
func (s *ReviewService) start(logID, kind, phase string, run func(context.Context, jobControl) error) (LogJob, error) {
	sum, err := s.red.Summary(s.ctx, logID)
	if err != nil {
		return LogJob{}, err
	}
	j := LogJob{IssueID: sum.IssueID, Kind: kind, Phase: phase, LogID: logID}
	return s.jobs.jobs.start(s.ctx, j, run), nil
}

// Findings returns a page of findings.
func (s *ReviewService) Findings(logID string, q redaction.FindingQuery) (redaction.FindingPage, error) {
	return s.red.Findings(s.ctx, logID, q)
}

// LineFindings returns the findings touching lines [from, from+count).
func (s *ReviewService) LineFindings(logID string, from, count int) ([]redaction.Finding, error) {
	return s.red.LineFindings(s.ctx, logID, from, count)
}

// Values returns a page of value groups.
func (s *ReviewService) Values(logID, typ string, offset, limit int) (redaction.ValuePage, error) {
	return s.red.Values(s.ctx, logID, typ, offset, limit)
}

// Decide records a keep/redact decision.
func (s *ReviewService) Decide(logID string, d redaction.Decision) (redaction.Summary, error) {
	return s.red.Decide(s.ctx, logID, d)
}

// Apply starts writing the redacted version (poll with LogService.Job; the outcome is LogJob.Apply).
func (s *ReviewService) Apply(logID string) (LogJob, error) {
	return s.start(logID, JobApply, PhaseApplying, func(ctx context.Context, c jobControl) error {
		res, err := s.red.Apply(ctx, logID, func(done, total int64) { c.progress(PhaseApplying, done, total) })
		if err == nil {
			c.update(func(j *LogJob) { j.Apply = &res })
		}
		return err
	})
}

// Preview returns lines as they will read after Apply.
func (s *ReviewService) Preview(logID string, from, count int) ([]logs.Line, error) {
	return s.red.Preview(s.ctx, logID, from, count)
}

// Redacted returns lines of the applied version.
func (s *ReviewService) Redacted(logID string, from, count int) ([]logs.Line, error) {
	return s.red.RedactedLines(s.ctx, logID, from, count)
}

// Reveal shows what a placeholder stands for.
func (s *ReviewService) Reveal(issueID, placeholder string) (redaction.Pseudonym, error) {
	return s.red.Reveal(s.ctx, issueID, placeholder)
}

// Allowlist lists global entries and the incident's.
func (s *ReviewService) Allowlist(issueID string) ([]redaction.AllowEntry, error) {
	return s.red.Allowlist(s.ctx, issueID)
}

// AllowlistAdd adds an allowlist entry.
func (s *ReviewService) AllowlistAdd(e redaction.AllowEntry) (redaction.AllowEntry, error) {
	return s.red.AllowlistAdd(s.ctx, e)
}

// AllowlistRemove removes an allowlist entry.
func (s *ReviewService) AllowlistRemove(id string) error { return s.red.AllowlistRemove(s.ctx, id) }

// TextFinding is one finding in typed text; Start/End are byte offsets into TextReview.Text.
type TextFinding struct {
	Index       int    `json:"index"`
	Type        string `json:"type"`
	Rule        string `json:"rule"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Value       string `json:"value"`
	Placeholder string `json:"placeholder"` // the incident's pseudonym for this value
}

// TextReview is typed text waiting for the user's decisions before it may leave the machine.
type TextReview struct {
	ID       string        `json:"id"`
	IssueID  string        `json:"issueId"`
	Text     string        `json:"text"`
	Findings []TextFinding `json:"findings"`
}

// ApprovedText is the outcome of a completed text review.
type ApprovedText struct {
	Text     string `json:"text"`
	SHA256   string `json:"sha256"`
	Bytes    int    `json:"bytes"`
	Kept     int    `json:"kept"`
	Redacted int    `json:"redacted"`
}
