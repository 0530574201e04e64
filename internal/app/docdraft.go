package app

import (
	"context"
	"fmt"

	"tftsr/internal/apperr"
	"tftsr/internal/docs"
	"tftsr/internal/docs/draft"
)

// DraftInput asks for a draft of Section with the prompt reviewed by ReviewDraft: ReviewID and
// one decision per finding ("redact" | "keep").
type DraftInput struct {
	Section   string   `json:"section"`
	ReviewID  string   `json:"reviewId"`
	Decisions []string `json:"decisions"`
}

// DraftResult is a proposed section body; it enters the document only through ApplyDraft.
type DraftResult struct {
	Section string `json:"section"`
	Text    string `json:"text"`
}

func draftSubject(docID, section string) string { return "draft:" + docID + ":" + section }

// Sections lists the document's level-2 section headings (what can be drafted).
func (s *DocumentService) Sections(docID string) ([]string, error) {
	d, err := s.docs.Get(s.ctx, docID)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, sec := range docs.Sections(d.ContentMD) {
		out = append(out, sec.Heading)
	}
	return out, nil
}

// ReviewDraft builds the prompt for a draft of section (the document and the instruction) and
// holds it for review: nothing is sent before the user decided its findings.
func (s *DocumentService) ReviewDraft(docID, section, instruction string) (TextReview, error) {
	d, err := s.docs.Get(s.ctx, docID)
	if err != nil {
		return TextReview{}, err
	}
	prompt, err := draft.Prompt(d.Title, d.ContentMD, section, instruction)
	if err != nil {
		return TextReview{}, err
	}
	return s.eg.review(d.IssueID, draftSubject(docID, section), prompt)
}

// Draft sends the reviewed prompt to the incident's AI provider and returns the proposed text.
// CancelDraft stops it.
func (s *DocumentService) Draft(docID string, in DraftInput) (DraftResult, error) {
	a, _, issueID, err := s.eg.approvePending(in.ReviewID, draftSubject(docID, in.Section), in.Decisions, DestinationAI)
	if err != nil {
		return DraftResult{}, fmt.Errorf("documents: draft: %w", err)
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	if prev := s.drafts[docID]; prev != nil {
		prev()
	}
	s.drafts[docID] = cancel
	s.mu.Unlock()
	defer func() {
		cancel()
		s.mu.Lock()
		delete(s.drafts, docID)
		s.mu.Unlock()
	}()
	text, err := s.drafter.Draft(ctx, issueID, in.Section, a)
	if err != nil {
		if ctx.Err() != nil && s.ctx.Err() == nil {
			return DraftResult{}, fmt.Errorf("documents: the draft was stopped: %w", apperr.ErrConflict)
		}
		return DraftResult{}, err
	}
	return DraftResult{Section: in.Section, Text: text}, nil
}

// CancelDraft stops the document's running draft request, if any.
func (s *DocumentService) CancelDraft(docID string) error {
	s.mu.Lock()
	cancel := s.drafts[docID]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}

// ApplyDraft puts an accepted draft into section of the document's current content, as a new
// version (nothing else of the document changes).
func (s *DocumentService) ApplyDraft(docID, section, text string) (docs.Document, error) {
	d, err := s.docs.Get(s.ctx, docID)
	if err != nil {
		return docs.Document{}, err
	}
	md, err := docs.ReplaceSection(d.ContentMD, section, text)
	if err != nil {
		return docs.Document{}, err
	}
	return s.docs.Replace(s.ctx, docID, docs.SaveInput{Title: d.Title, ContentMD: md}, docs.SourceDraft)
}
