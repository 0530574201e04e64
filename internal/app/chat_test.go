package app

import (
	"testing"

	"tftsr/internal/egress"
	"tftsr/internal/incident"
	"tftsr/internal/pii"
)

// Every system prompt goes out through egress.ApproveStatic, which refuses text with findings:
// a prompt with an example address or key would make the chat fail for its domain.
func TestEverySystemPromptIsApprovable(t *testing.T) {
	d := pii.NewDetector(pii.Options{})
	for _, domain := range append([]string{""}, incident.Domains...) {
		if _, err := egress.ApproveStatic(d, TriageProtocol{}.SystemPrompt(domain)); err != nil {
			t.Errorf("domain %q: %v", domain, err)
		}
	}
}
