package docs

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"tftsr/internal/actions"
	"tftsr/internal/apperr"
	"tftsr/internal/incident"
	"tftsr/internal/redaction"
	"tftsr/internal/timeline"
	"tftsr/internal/triage"
)

// Sources are the services a document is filled from. All are required except Redaction: without
// it a log's state comes from log_files.redacted only and cited lines are not quoted.
type Sources struct {
	Incidents *incident.Service
	Timeline  *timeline.Service
	Triage    *triage.Service
	Actions   *actions.Service
	Redaction *redaction.Service
}

// documentKinds are timeline kinds about documents themselves: left out of a document's timeline.
var documentKinds = []string{timeline.KindDocGenerated, timeline.KindDocExported, timeline.KindDocPublished}

// gather reads everything the incident holds for a document.
func (s *Service) gather(ctx context.Context, issueID string) (*incidentData, error) {
	src := s.src
	if src.Incidents == nil || src.Timeline == nil || src.Triage == nil || src.Actions == nil {
		return nil, errors.New("docs: generate: the service was built without its sources")
	}
	det, err := src.Incidents.Get(ctx, issueID)
	if err != nil {
		return nil, err
	}
	d := &incidentData{Issue: det.Issue}
	events, err := src.Timeline.List(ctx, issueID)
	if err != nil {
		return nil, err
	}
	for _, ev := range events {
		if !slices.Contains(documentKinds, ev.Kind) {
			d.Events = append(d.Events, ev)
		}
	}
	if d.Metrics, err = src.Timeline.Metrics(ctx, issueID); err != nil {
		return nil, err
	}
	st, err := src.Triage.State(ctx, issueID)
	if err != nil {
		return nil, err
	}
	for _, f := range st.Factors {
		d.Factors = append(d.Factors, f.Text)
	}
	if d.Actions, err = src.Actions.List(ctx, issueID); err != nil {
		return nil, err
	}

	names := map[string]string{}
	applied := map[string]bool{}
	for _, lf := range det.LogFiles {
		names[lf.ID] = lf.FileName
		state, ok, err := s.redactionState(ctx, lf)
		if err != nil {
			return nil, err
		}
		applied[lf.ID] = ok
		d.Logs = append(d.Logs, logData{Name: lf.FileName, Size: lf.FileSize, SHA256: lf.ContentHash, Redaction: state})
	}
	for _, step := range st.Steps {
		sd := stepData{Step: step}
		for _, ref := range step.EvidenceRefs {
			c, err := s.cite(ctx, ref, names, applied)
			if err != nil {
				return nil, err
			}
			sd.Citations = append(sd.Citations, c)
		}
		d.Steps = append(d.Steps, sd)
	}
	return d, nil
}

// redactionState words a log's review state; ok reports an applied redacted version to quote from.
func (s *Service) redactionState(ctx context.Context, lf incident.LogFile) (state string, ok bool, err error) {
	if s.src.Redaction == nil {
		if lf.Redacted {
			return RedactionApplied, false, nil
		}
		return RedactionNone, false, nil
	}
	sum, err := s.src.Redaction.Summary(ctx, lf.ID)
	if err != nil {
		return "", false, err
	}
	switch {
	case sum.Applied && sum.Pending:
		return fmt.Sprintf("%s: %d of %d findings", RedactionStale, sum.Redact, sum.Total), true, nil
	case sum.Applied:
		return fmt.Sprintf("%s: %d of %d findings", RedactionApplied, sum.Redact, sum.Total), true, nil
	case sum.Scanned && sum.Total == 0:
		return RedactionNoFindings, false, nil
	case sum.Scanned:
		return fmt.Sprintf("%s (%d findings)", RedactionNotApplied, sum.Total), false, nil
	}
	return RedactionNone, false, nil
}

// cite resolves a citation. Only the applied redacted version of a log is quoted: a document
// is exported and published, and the original may hold what the review took out.
func (s *Service) cite(ctx context.Context, ref triage.EvidenceRef, names map[string]string, applied map[string]bool) (citation, error) {
	c := citation{Log: names[ref.LogID], Line: ref.Line}
	switch {
	case c.Log == "":
		c.NotQuoted = "not quoted: the log is no longer attached"
		return c, nil
	case !applied[ref.LogID]:
		c.NotQuoted = "not quoted: the log's redaction has not been applied"
		return c, nil
	}
	lines, err := s.src.Redaction.RedactedLines(ctx, ref.LogID, ref.Line, 1)
	if errors.Is(err, apperr.ErrConflict) || errors.Is(err, apperr.ErrNotFound) {
		c.NotQuoted = "not quoted: the log's redaction has not been applied"
		return c, nil
	}
	if err != nil {
		return citation{}, err
	}
	if len(lines) == 0 {
		c.NotQuoted = "not quoted: the log has fewer lines"
		return c, nil
	}
	c.Text = lines[0].Text
	return c, nil
}
