package app

import (
	"context"
	"errors"
	"fmt"

	"tftsr/internal/apperr"
	"tftsr/internal/chat"
	"tftsr/internal/providers"
	"tftsr/internal/triage"
)

// DestinationAI is the audit destination of text approved for the incident's AI provider.
const DestinationAI = "ai"

// ChatService is the conversation with the incident's AI model. Typed text reaches it only
// through a completed review (EgressService.ReviewText, then Send with the decisions); answers
// stream as chat:stream events (chat.StreamEvent) in numbered batches.
type ChatService struct {
	ctx    context.Context
	runner *chat.Runner
	store  *chat.Store
	egress *EgressService
	provs  *providers.Service
	split  func(reply string) (prose string, report any)
}

// NewChatService binds the runner; split separates an answer's prose from its triage report
// for display.
func NewChatService(ctx context.Context, runner *chat.Runner, store *chat.Store, eg *EgressService, provs *providers.Service, split func(string) (string, any)) *ChatService {
	return &ChatService{ctx: ctx, runner: runner, store: store, egress: eg, provs: provs, split: split}
}

// ChatMessage is a stored message as the UI shows it.
type ChatMessage struct {
	chat.Message
	Display string `json:"display"` // the answer's prose without the triage block
	Report  any    `json:"report"`  // the triage report in the answer, or null
}

// ChatState is what the Triage view shows.
type ChatState struct {
	Conversation *chat.Conversation  `json:"conversation"` // null before the first message
	Messages     []ChatMessage       `json:"messages"`
	Draft        string              `json:"draft"`
	Provider     *providers.Provider `json:"provider"` // null: no provider, work by hand
	Explicit     bool                `json:"explicit"` // the provider was chosen for this incident
}

// State returns the incident's conversation, draft and provider.
func (s *ChatService) State(issueID string) (ChatState, error) {
	st := ChatState{Messages: []ChatMessage{}}
	conv, err := s.store.Latest(s.ctx, issueID)
	switch {
	case err == nil:
		st.Conversation = &conv
		msgs, err := s.store.Messages(s.ctx, conv.ID)
		if err != nil {
			return ChatState{}, err
		}
		for _, m := range msgs {
			cm := ChatMessage{Message: m, Display: m.Content}
			if m.Role == "assistant" && s.split != nil {
				cm.Display, cm.Report = s.split(m.Content)
			}
			st.Messages = append(st.Messages, cm)
		}
	case !errors.Is(err, apperr.ErrNotFound):
		return ChatState{}, err
	}
	if st.Draft, err = s.store.Draft(s.ctx, issueID); err != nil {
		return ChatState{}, err
	}
	choice, err := s.provs.ForIncident(s.ctx, issueID)
	if err != nil {
		return ChatState{}, err
	}
	if choice.ProviderID != "" {
		p, err := s.provs.Get(s.ctx, choice.ProviderID)
		if err != nil {
			return ChatState{}, err
		}
		st.Provider, st.Explicit = &p, choice.Explicit
	}
	return st, nil
}

// SendInput sends reviewed text: ReviewID from EgressService.ReviewText and one decision per
// finding ("redact" | "keep"; none when the text had no findings).
type SendInput struct {
	ReviewID    string            `json:"reviewId"`
	Decisions   []string          `json:"decisions"`
	Attachments []chat.Attachment `json:"attachments"`
}

// Send approves the reviewed text for the AI provider and starts the answer.
func (s *ChatService) Send(in SendInput) (chat.SendResult, error) {
	if in.Decisions == nil {
		in.Decisions = []string{}
	}
	a, _, issueID, err := s.egress.approvePending(in.ReviewID, "", in.Decisions, DestinationAI)
	if err != nil {
		return chat.SendResult{}, err
	}
	return s.runner.Send(s.ctx, issueID, a, in.Attachments)
}

// Regenerate replaces the last answer.
func (s *ChatService) Regenerate(issueID string) (chat.SendResult, error) {
	return s.runner.Regenerate(s.ctx, issueID)
}

// Stop stops a streaming answer; it reports whether it was streaming.
func (s *ChatService) Stop(messageID string) bool { return s.runner.Stop(messageID) }

// SaveDraft keeps what the user is typing ("" clears it).
func (s *ChatService) SaveDraft(issueID, text string) error {
	if issueID == "" {
		return fmt.Errorf("chat: an incident is required: %w", apperr.ErrInvalid)
	}
	return s.store.SaveDraft(s.ctx, issueID, text)
}

// TriageProtocol adapts the 5-Whys engine to the chat: its system prompt, and every finished
// answer handed to it (a reply without a valid triage block changes nothing).
type TriageProtocol struct{ Svc *triage.Service }

// SystemPrompt implements chat.Protocol.
func (p TriageProtocol) SystemPrompt(domain string) string { return triage.SystemPrompt(domain) }

// Record implements chat.Protocol.
func (p TriageProtocol) Record(ctx context.Context, issueID, messageID, reply string) (any, error) {
	return p.Svc.ApplyReply(ctx, issueID, reply, messageID)
}

// SplitReply separates an answer's prose from its triage report (nil when it has none).
func SplitReply(reply string) (string, any) {
	prose := triage.StripReport(reply)
	if r, ok := triage.Parse(reply); ok {
		return prose, r
	}
	return prose, nil
}
