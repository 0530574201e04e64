package triage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"tftsr/internal/store"
)

// ApplyReport turns a parsed report into steps, in one transaction. Progress never goes backwards
// and a step is never duplicated:
//
//   - a report whose question equals (normalised: case, spacing, punctuation) an existing step's
//     question changes nothing, except filling that step's EMPTY answer, evidence or citations;
//   - a report whose level is beyond the current level (= number of steps) appends ONE step at
//     current+1 (a jump from 2 to 4 is recorded as 3), with source 'ai' and messageID;
//   - any other report (a level at or below the current one with a new question: a repeat, a
//     quote of an earlier block, a rephrasing) adds nothing.
//
// root_cause_reached marks the step the report is about (matched or appended, else the step at
// the report's level) as the root cause — unless the user has marked one: the user wins. A mark
// the model set earlier moves to the new step.
func (s *Service) ApplyReport(ctx context.Context, issueID string, r Report, messageID string) (ApplyResult, error) {
	if r.WhyLevel < 1 || r.WhyLevel > MaxLevel {
		return ApplyResult{}, invalidf("report why level must be 1–%d (got %d)", MaxLevel, r.WhyLevel)
	}
	// Reports built by other code get the same cleaning Parse applies.
	r.Question = cleanText(r.Question, false, MaxQuestionLen)
	if r.Question == "" {
		return ApplyResult{}, invalidf("report question must not be empty")
	}
	r.Answer = cleanText(r.Answer, true, MaxAnswerLen)
	r.RootCause = cleanText(r.RootCause, true, MaxAnswerLen)
	messageID = strings.TrimSpace(messageID)
	if err := checkText("message id", messageID, 0, MaxMessageIDLen, false); err != nil {
		return ApplyResult{}, err
	}
	evidence := cleanText(strings.Join(r.Evidence, "\n"), true, MaxEvidenceLen)
	cited := append(ParseEvidenceRefs(r.Evidence), r.EvidenceRefs...)

	var res ApplyResult
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		steps, err := listSteps(ctx, tx, issueID)
		if err != nil {
			return err
		}
		// Only citations of this incident's logs are kept: the viewer must be able to open them.
		refs := []EvidenceRef{}
		for _, ref := range cited {
			if ref.Line < 1 || len(refs) == MaxEvidenceRefs || containsRef(refs, ref) {
				continue
			}
			ok, err := logOfIssue(ctx, tx, issueID, ref.LogID)
			if err != nil {
				return err
			}
			if ok {
				refs = append(refs, ref)
			}
		}
		answer := r.Answer
		if answer == "" && r.RootCauseReached {
			answer = r.RootCause
		}

		res.Action = ApplyNone
		var target *Step
		want := normQ(r.Question)
		for i := range steps {
			if normQ(steps[i].Question) == want {
				target = &steps[i]
				break
			}
		}
		switch {
		case target != nil:
			filled, err := s.fill(ctx, tx, target, answer, evidence, refs)
			if err != nil {
				return err
			}
			if filled {
				res.Action = ApplyFilled
			}
		case r.WhyLevel > len(steps):
			st, err := s.insertStep(ctx, tx, steps, Step{IssueID: issueID, Question: r.Question, Answer: answer,
				Evidence: evidence, EvidenceRefs: refs, Source: SourceAI, MessageID: messageID})
			if err != nil {
				return err
			}
			steps = append(steps, st)
			target = &steps[len(steps)-1]
			res.Action = ApplyAppended
		default:
			res.IgnoredReason = fmt.Sprintf("why level %d is not beyond the current level %d and its question matches no step",
				r.WhyLevel, len(steps))
			if r.RootCauseReached && len(steps) > 0 {
				target = &steps[min(r.WhyLevel, len(steps))-1]
			}
		}

		if r.RootCauseReached && target != nil {
			var user bool
			for _, st := range steps {
				if st.IsRootCause && st.RootCauseBy == SourceUser {
					user = true
				}
			}
			switch {
			case user:
				res.IgnoredReason = "the model reported a root cause, but the user has marked one: the user's mark is kept"
			case target.IsRootCause:
				// already marked by the model
			default:
				if err := s.setRootCause(ctx, tx, issueID, steps, target.ID, SourceAI); err != nil {
					return err
				}
				res.RootCauseSet = true
				if res.Action == ApplyNone {
					res.Action = ApplyMarked
				}
			}
		}
		if target != nil && res.Action != ApplyNone {
			res.StepID = target.ID
		}
		if res.Action != ApplyNone {
			details := map[string]any{"action": res.Action, "step_id": res.StepID, "level": r.WhyLevel,
				"root_cause": res.RootCauseSet, "refs": len(refs)}
			if messageID != "" {
				details["message_id"] = messageID
			}
			if err := s.append(ctx, tx, ActionReportApplied, issueID, details); err != nil {
				return err
			}
		}
		after, err := listSteps(ctx, tx, issueID)
		if err != nil {
			return err
		}
		res.Progress = progressOf(after)
		return nil
	})
	if err != nil {
		return ApplyResult{}, err
	}
	return res, nil
}

func containsRef(refs []EvidenceRef, r EvidenceRef) bool {
	for _, x := range refs {
		if x == r {
			return true
		}
	}
	return false
}

// fill sets a matched step's answer, evidence and citations where they are empty; it never
// overwrites what is there (the user's edits win).
func (s *Service) fill(ctx context.Context, tx *sql.Tx, st *Step, answer, evidence string, refs []EvidenceRef) (bool, error) {
	changed := false
	if st.Answer == "" && answer != "" {
		st.Answer, changed = answer, true
	}
	if st.Evidence == "" && evidence != "" {
		st.Evidence, changed = evidence, true
	}
	if len(st.EvidenceRefs) == 0 && len(refs) > 0 {
		st.EvidenceRefs, changed = refs, true
	}
	if !changed {
		return false, nil
	}
	st.UpdatedAt = store.FormatTime(s.now())
	if _, err := tx.ExecContext(ctx, `UPDATE resolution_steps SET answer = ?, evidence = ?, evidence_refs = ?, updated_at = ?
		WHERE id = ?`, st.Answer, st.Evidence, encodeRefs(st.EvidenceRefs), st.UpdatedAt, st.ID); err != nil {
		return false, fmt.Errorf("triage: fill step %q: %w", st.ID, err)
	}
	return true, nil
}

// ApplyReply parses a model reply and applies its report. A reply without a valid triage block
// changes nothing (Action none) — never guessed from the prose.
func (s *Service) ApplyReply(ctx context.Context, issueID, reply, messageID string) (ApplyResult, error) {
	r, ok := Parse(reply)
	if ok {
		return s.ApplyReport(ctx, issueID, r, messageID)
	}
	p, err := s.Progress(ctx, issueID)
	if err != nil {
		return ApplyResult{}, err
	}
	return ApplyResult{Action: ApplyNone, IgnoredReason: "the reply has no valid triage block", Progress: p}, nil
}
