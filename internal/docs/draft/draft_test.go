package draft

import (
	"errors"
	"strings"
	"testing"

	"tftsr/internal/apperr"
)

const doc = "# RCA: checkout down\n\nIntro.\n\n## Summary\n\nOld summary.\n\n## Timeline\n\n```md\n## not a heading\n```\n\n| a | b |\n|---|---|\n\n## Lessons learned\nNot written yet.\n"

func TestPrompt(t *testing.T) {
	p, err := Prompt("RCA", doc, "Summary", "  keep it short ")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`section "Summary"`, "Instructions from the author: keep it short\n", doc} {
		if !strings.Contains(p, w) {
			t.Errorf("prompt lacks %q:\n%s", w, p)
		}
	}
	if _, err := Prompt("RCA", doc, "Missing", ""); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("missing section: %v", err)
	}
	if _, err := Prompt("RCA", doc, "Summary", strings.Repeat("x", MaxInstruction+1)); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("long instruction: %v", err)
	}
}

func TestCleanReply(t *testing.T) {
	for in, want := range map[string]string{
		"## Summary\n\nThe body.":            "The body.",
		"```markdown\n## Summary\nBody\n```": "Body",
		"# Other\nBody":                      "# Other\nBody",
		"Plain body.\n":                      "Plain body.",
	} {
		if got := cleanReply(in, "Summary"); got != want {
			t.Errorf("cleanReply(%q) = %q, want %q", in, got, want)
		}
	}
}
