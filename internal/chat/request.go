package chat

import (
	"context"
	"fmt"

	"tftsr/internal/ai"
	"tftsr/internal/egress"
	"tftsr/internal/pii"
	"tftsr/internal/providers"
)

// Token estimates: one token per 3 bytes is deliberately pessimistic for English and code (real
// tokenizers average ~4), so a trimmed request fits even when the estimate is off.
const (
	bytesPerToken      = 3
	perMessageTokens   = 8
	defaultAnswerSpace = 1024
)

func estimate(text string) int { return len(text)/bytesPerToken + perMessageTokens }

// budget is the number of prompt tokens a request to p may use.
func budget(p providers.Provider) int {
	window := p.ContextWindow
	if window == 0 {
		window = providers.DefaultContextWindow
	}
	answer := p.MaxTokens
	if answer == 0 {
		answer = defaultAnswerSpace
	}
	if b := window - answer; b > 0 {
		return b
	}
	return window / 2
}

// omittedNote starts the first message sent when older ones were left out.
func omittedNote(n int) string {
	return fmt.Sprintf("(%d earlier message(s) of this conversation are not included, to fit the model's context window. Ask if something from them is needed.)", n)
}

// request builds the model request for the conversation up to (not including) the answer
// being produced: every part approved — the system prompt is our own text, user messages are
// re-sent through their seal, model replies are re-scanned, log excerpts come from the applied
// redacted versions. Log excerpts are sent in full only with the latest user message; earlier
// ones are referenced. The oldest turns are left out when the estimate exceeds the budget.
func (r *Runner) request(ctx context.Context, issueID, convID, answerID string, budget int) (ai.Request, int, error) {
	det, err := r.detector(ctx)
	if err != nil {
		return ai.Request{}, 0, err
	}
	domain, err := r.domain(ctx, issueID)
	if err != nil {
		return ai.Request{}, 0, err
	}
	sys, err := egress.ApproveStatic(det, r.proto.SystemPrompt(domain))
	if err != nil {
		return ai.Request{}, 0, fmt.Errorf("chat: system prompt: %w", err)
	}
	msgs, err := r.store.Messages(ctx, convID)
	if err != nil {
		return ai.Request{}, 0, err
	}
	// The turns to send: finished answers and user messages, in order.
	var turns []Message
	for _, m := range msgs {
		if m.ID == answerID {
			break
		}
		if m.Role == string(ai.RoleAssistant) && (m.Status == StatusFailed || m.Content == "") {
			continue
		}
		turns = append(turns, m)
	}
	lastUser := -1
	for i, m := range turns {
		if m.Role == string(ai.RoleUser) {
			lastUser = i
		}
	}
	if lastUser < 0 {
		return ai.Request{}, 0, fmt.Errorf("chat: the conversation has no message to answer")
	}
	known, err := r.gate.Known(ctx, issueID)
	if err != nil {
		return ai.Request{}, 0, err
	}
	sysText, _ := sys.Text()
	left := budget - estimate(sysText)
	built := make([]ai.Message, len(turns))
	first := len(turns)
	for i := len(turns) - 1; i >= 0; i-- {
		m := turns[i]
		a, err := r.approveTurn(ctx, issueID, det, known, m, i == lastUser)
		if err != nil {
			return ai.Request{}, 0, err
		}
		t, _ := a.Text()
		cost := estimate(t)
		if i != lastUser && cost > left {
			break // this and everything older is left out
		}
		left -= cost
		built[i] = ai.Message{Role: ai.Role(m.Role), Content: a}
		first = i
	}
	// A conversation sent to a model starts with a user turn.
	for first < len(turns) && turns[first].Role != string(ai.RoleUser) {
		first++
	}
	out := mergeRoles(built[first:])
	if first > 0 {
		note, err := egress.ApproveStatic(det, omittedNote(first))
		if err != nil {
			return ai.Request{}, 0, err
		}
		if out[0].Content, err = egress.Concat(note, out[0].Content); err != nil {
			return ai.Request{}, 0, err
		}
	}
	return ai.Request{System: &sys, Messages: out}, first, nil
}

// mergeRoles joins consecutive turns of the same role (a failed answer leaves two user
// messages in a row; several APIs require alternation).
func mergeRoles(in []ai.Message) []ai.Message {
	var out []ai.Message
	for _, m := range in {
		if n := len(out); n > 0 && out[n-1].Role == m.Role {
			if c, err := egress.Concat(out[n-1].Content, m.Content); err == nil {
				out[n-1].Content = c
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// approveTurn returns the approved text of one stored turn.
func (r *Runner) approveTurn(ctx context.Context, issueID string, det *pii.Detector, known *egress.Known, m Message, latest bool) (egress.Approved, error) {
	if m.Role == string(ai.RoleAssistant) {
		return r.gate.ApproveReply(ctx, issueID, det, known, m.Content)
	}
	a, err := r.gate.Resend(m.Content, m.seal)
	if err != nil {
		return egress.Approved{}, fmt.Errorf("chat: message %d: %w", m.Seq, err)
	}
	if len(m.Attachments) == 0 {
		return a, nil
	}
	parts := []egress.Approved{}
	if m.Content != "" {
		parts = append(parts, a)
	}
	for _, at := range m.Attachments {
		if at.Kind == AttachSummary {
			if !latest {
				ref, err := egress.ApproveStatic(det, "(A summary of the incident's logs was attached to this message earlier.)")
				if err != nil {
					return egress.Approved{}, err
				}
				parts = append(parts, ref)
				continue
			}
			sum, err := r.gate.LogSummary(ctx, issueID)
			if err != nil {
				return egress.Approved{}, fmt.Errorf("chat: attachment: %w", err)
			}
			parts = append(parts, sum)
			continue
		}
		if !latest {
			ref, err := egress.ApproveStatic(det, fmt.Sprintf("(Log excerpt, lines %d–%d, was attached to this message earlier.)", at.From, at.From+at.Count-1))
			if err != nil {
				return egress.Approved{}, err
			}
			parts = append(parts, ref)
			continue
		}
		head, err := egress.ApproveStatic(det, fmt.Sprintf("Log excerpt, lines %d–%d (redacted):\n```", at.From, at.From+at.Count-1))
		if err != nil {
			return egress.Approved{}, err
		}
		lines, err := r.gate.LogLines(ctx, at.LogID, at.From, at.Count)
		if err != nil {
			return egress.Approved{}, fmt.Errorf("chat: attachment: %w", err)
		}
		fence, _ := egress.ApproveStatic(det, "```")
		block, err := egress.Concat(head, lines, fence)
		if err != nil {
			return egress.Approved{}, err
		}
		parts = append(parts, block)
	}
	return egress.Concat(parts...)
}
