// Package draft asks the incident's AI provider to draft one section of a document. What is
// sent is the reviewed prompt (egress.Approved: the document and the user's instruction after
// the findings review) and a fixed system prompt; the answer comes back to the user as a
// proposal and enters the document only when accepted (Replace).
package draft

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"tftsr/internal/ai"
	"tftsr/internal/apperr"
	"tftsr/internal/docs"
	"tftsr/internal/egress"
	"tftsr/internal/pii"
	"tftsr/internal/providers"
)

// MaxInstruction bounds the user's instruction (characters).
const MaxInstruction = 2000

// system is the fixed instruction sent with every draft request (approved as static text).
const system = `You help an on-call engineer write an incident report (a root cause analysis or a blameless post-mortem).
You are given the current document in Markdown and the name of one section to write.
Write only the body of that section, in Markdown: no heading line, no preamble, no closing remarks.
Use only facts that are in the document; where a fact is missing, say in one sentence what is missing instead of inventing it.
Use blameless language: describe systems, decisions and conditions, never fault individuals.
Values in square brackets such as [EMAIL-1] are placeholders for redacted data: keep them exactly as they are.`

// Prompt is the user text a draft of section sends: the instruction and the whole document. It
// is what the findings review covers.
func Prompt(title, md, section, instruction string) (string, error) {
	if _, ok := docs.FindSection(md, section); !ok {
		return "", fmt.Errorf("draft: the document has no section %q: %w", section, apperr.ErrInvalid)
	}
	instruction = strings.TrimSpace(instruction)
	if n := len([]rune(instruction)); n > MaxInstruction {
		return "", fmt.Errorf("draft: the instruction has %d characters; at most %d: %w", n, MaxInstruction, apperr.ErrInvalid)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Write the section %q of the document below.\n", section)
	if instruction != "" {
		fmt.Fprintf(&b, "Instructions from the author: %s\n", instruction)
	}
	fmt.Fprintf(&b, "\n----- DOCUMENT: %s -----\n%s\n----- END OF DOCUMENT -----\n", title, md)
	return b.String(), nil
}

// Drafter sends draft requests to the incident's AI provider.
type Drafter struct {
	Providers *providers.Service
	Detector  func(ctx context.Context) (*pii.Detector, error)
}

// ErrNoProvider: no AI provider is configured (drafting is optional; the document works without).
var ErrNoProvider = errors.New("no AI provider is configured: add one in Settings → AI providers to draft sections")

// Draft sends prompt (approved) for incident issueID and returns the model's section text.
func (d *Drafter) Draft(ctx context.Context, issueID, section string, prompt egress.Approved) (string, error) {
	choice, err := d.Providers.ForIncident(ctx, issueID)
	if err != nil {
		return "", err
	}
	if choice.ProviderID == "" {
		return "", fmt.Errorf("draft: %w: %w", ErrNoProvider, apperr.ErrInvalid)
	}
	det, err := d.Detector(ctx)
	if err != nil {
		return "", err
	}
	sys, err := egress.ApproveStatic(det, system)
	if err != nil {
		return "", fmt.Errorf("draft: system prompt: %w", err)
	}
	prov, _, err := d.Providers.Open(ctx, choice.ProviderID, issueID)
	if err != nil {
		return "", err
	}
	res, err := prov.Stream(ctx, ai.Request{System: &sys, Messages: []ai.Message{{Role: ai.RoleUser, Content: prompt}}}, func(string) {})
	if err != nil {
		return "", fmt.Errorf("draft: %s: %w", section, err)
	}
	return cleanReply(res.Text, section), nil
}

// cleanReply drops what the system prompt asked the model to leave out but models add anyway: a
// leading heading line repeating the section, and a wrapping ```markdown fence.
func cleanReply(text, section string) string {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "```") {
		if nl := strings.IndexByte(t, '\n'); nl > 0 && strings.HasSuffix(t, "```") {
			t = strings.TrimSpace(t[nl+1 : len(t)-3])
		}
	}
	if first, rest, ok := strings.Cut(t, "\n"); ok || strings.HasPrefix(first, "#") {
		h := strings.TrimSpace(strings.TrimLeft(first, "#"))
		if strings.HasPrefix(first, "#") && strings.EqualFold(h, section) {
			t = strings.TrimSpace(rest)
		}
	}
	return t
}
