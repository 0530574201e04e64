package triage_test

import (
	"strings"
	"testing"

	"tftsr/internal/incident"
	"tftsr/internal/triage"
)

// The original app had domain prompts that were never sent. Every domain has its own guidance,
// and it travels in the same system message as the protocol.
func TestLessonDomainPromptIsPartOfTheSystemMessage(t *testing.T) {
	general := triage.SystemPrompt("")
	if !strings.Contains(general, "# Domain: general IT") {
		t.Fatalf("empty domain does not get the general prompt:\n%s", general)
	}
	seen := map[string]string{}
	for _, d := range incident.Domains {
		t.Run(d, func(t *testing.T) {
			p := triage.SystemPrompt(d)
			heading := "# Domain: " + strings.ReplaceAll(d, "Automation/CI-CD", "Automation / CI-CD")
			if !strings.Contains(p, heading) {
				t.Errorf("SystemPrompt(%q) lacks %q", d, heading)
			}
			for _, must := range []string{"```triage", `"why_level"`, `"root_cause_reached"`, "log:<logId>#L<line>", "Look first at", "Typical failure modes", "Evidence to ask for"} {
				if !strings.Contains(p, must) {
					t.Errorf("SystemPrompt(%q) lacks %q", d, must)
				}
			}
			if p == general {
				t.Errorf("SystemPrompt(%q) is the general prompt", d)
			}
			if other, dup := seen[p]; dup {
				t.Errorf("SystemPrompt(%q) is the same as %q", d, other)
			}
			seen[p] = d
		})
	}
	if len(triage.Domains()) != len(incident.Domains) {
		t.Errorf("%d prompts for %d domains", len(triage.Domains()), len(incident.Domains))
	}
	if got := triage.SystemPrompt("Mainframe"); got != general {
		t.Errorf("unknown domain does not get the general prompt")
	}
	// The protocol example must itself parse: the model copies it.
	start := strings.Index(general, "```triage")
	end := strings.Index(general[start+3:], "```") + start + 3
	if r, ok := triage.Parse(general[start : end+3]); !ok || r.WhyLevel != 1 {
		t.Errorf("the protocol's example block does not parse: %+v %v", r, ok)
	}
}
