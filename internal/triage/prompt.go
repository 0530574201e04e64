// Package triage is the 5-Whys engine: domain system prompts with the triage protocol, the parser
// of the structured block the protocol asks the model to end every reply with, and the steps,
// root cause and contributing factors of an incident (tables resolution_steps and
// contributing_factors, migration 000018).
//
// Progress is never guessed from prose. A reply either carries a valid triage block (Parse) or it
// changes nothing. The current level is the number of steps (derived, so it survives restarts and
// can never disagree with the steps); ApplyReport only ever moves it forward by one and never
// duplicates a step; the user may edit everything by hand, with or without an AI provider.
package triage

import (
	"embed"
	"strings"
)

//go:embed prompts/*.md
var promptFS embed.FS

// domainFiles maps each of incident.Domains to its prompt file under prompts/.
var domainFiles = map[string]string{
	"Linux":              "linux.md",
	"Windows":            "windows.md",
	"Network":            "network.md",
	"Kubernetes":         "kubernetes.md",
	"Databases":          "databases.md",
	"Virtualization":     "virtualization.md",
	"Hardware":           "hardware.md",
	"Observability":      "observability.md",
	"Telephony":          "telephony.md",
	"Security":           "security.md",
	"Public Safety":      "public_safety.md",
	"Application":        "application.md",
	"Automation/CI-CD":   "automation_ci_cd.md",
	"HPE Infrastructure": "hpe_infrastructure.md",
	"Dell Hardware":      "dell_hardware.md",
	"Identity & Access":  "identity_access.md",
}

const (
	generalFile  = "general.md"
	protocolFile = "protocol.md"
)

func mustPrompt(name string) string {
	b, err := promptFS.ReadFile("prompts/" + name)
	if err != nil {
		panic("triage: embedded prompt missing: " + name) // a build defect, caught by the tests
	}
	return strings.TrimSpace(string(b))
}

// SystemPrompt returns the ONE system message for a triage conversation: the role, the domain's
// guidance (what to look at first, typical failure modes, which evidence to ask for) and the
// 5-Whys protocol with the required triage block. An unknown or empty domain gets the general IT
// guidance.
func SystemPrompt(domain string) string {
	file, ok := domainFiles[strings.TrimSpace(domain)]
	if !ok {
		file = generalFile
	}
	var b strings.Builder
	b.WriteString("You are TFTSR's incident triage assistant, working with an on-call engineer on a live IT incident.\n\n")
	b.WriteString(mustPrompt(file))
	b.WriteString("\n\n")
	b.WriteString(mustPrompt(protocolFile))
	b.WriteString("\n")
	return b.String()
}

// Domains lists the domains that have a dedicated prompt.
func Domains() []string {
	out := make([]string, 0, len(domainFiles))
	for d := range domainFiles {
		out = append(out, d)
	}
	return out
}
