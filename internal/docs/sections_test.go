package docs

import (
	"errors"
	"strings"
	"testing"

	"tftsr/internal/apperr"
)

const sectionsDoc = "# RCA: checkout down\n\nIntro.\n\n## Summary\n\nOld summary.\n\n## Timeline\n\n```md\n## not a heading\n```\n\n| a | b |\n|---|---|\n\n## Lessons learned\nNot written yet.\n"

func TestSectionsSkipCodeFences(t *testing.T) {
	var got []string
	for _, s := range Sections(sectionsDoc) {
		got = append(got, s.Heading+"="+strings.TrimSpace(sectionsDoc[s.BodyStart:s.BodyEnd]))
	}
	want := []string{"Summary=Old summary.", "Timeline=```md\n## not a heading\n```\n\n| a | b |\n|---|---|", "Lessons learned=Not written yet."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sections:\n%q\nwant\n%q", got, want)
	}
}

func TestReplaceKeepsEverythingElse(t *testing.T) {
	out, err := ReplaceSection(sectionsDoc, "summary", "New summary with `user_id` → done.\n")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(sectionsDoc, "Old summary.", "New summary with `user_id` → done.", 1)
	if out != want {
		t.Fatalf("replace:\n%s\nwant\n%s", out, want)
	}
	// The last section, at the end of the file.
	out, err = ReplaceSection(sectionsDoc, "Lessons learned", "We learned.")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out, "## Lessons learned\n\nWe learned.\n") || !strings.Contains(out, "Old summary.") {
		t.Fatalf("replace last:\n%s", out)
	}
	if _, err := ReplaceSection(sectionsDoc, "Nope", "x"); !errors.Is(err, apperr.ErrInvalid) {
		t.Fatalf("unknown section: %v", err)
	}
}

// A fence closes only on a run of the same character at least as long (CommonMark): headings in
// a ```` block that contains ``` lines stay code.
func TestSectionsLongFences(t *testing.T) {
	md := "## A\n\n````md\n```\n## Action items\n```\n````\n\n## Action items\n\n- real\n\n~~~\n## Not\n```\n~~~\n"
	var got []string
	for _, s := range Sections(md) {
		got = append(got, s.Heading)
	}
	if strings.Join(got, "|") != "A|Action items" {
		t.Fatalf("sections %q", got)
	}
	out, err := ReplaceSection(md, "Action items", "- new")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "```\n## Action items\n```\n````") || !strings.Contains(out, "## Action items\n\n- new\n") || strings.Contains(out, "- real") {
		t.Fatalf("replace:\n%s", out)
	}
}
