package incident

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"tftsr/internal/apperr"
)

// Sources are the allowed values of CreateInput.Source ("" means SourceGUI).
const (
	SourceGUI = "gui"
	SourceCLI = "cli"
)

func invalidf(format string, args ...any) error {
	return fmt.Errorf("incident: "+format+": %w", append(args, apperr.ErrInvalid)...)
}

// joinOr renders ["a","b","c"] as "a, b or c".
func joinOr(vals []string) string {
	if len(vals) <= 1 {
		return strings.Join(vals, "")
	}
	return strings.Join(vals[:len(vals)-1], ", ") + " or " + vals[len(vals)-1]
}

// hasControl reports whether s contains a control character other than those in allowed.
func hasControl(s, allowed string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && !strings.ContainsRune(allowed, r) {
			return true
		}
	}
	return false
}

// normalizeTitle trims and validates a title.
func normalizeTitle(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", invalidf("title is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n < 1 || n > MaxTitleLen {
		return "", invalidf("title must be 1–%d characters (got %d)", MaxTitleLen, n)
	}
	if hasControl(s, "") {
		return "", invalidf("title must not contain control characters")
	}
	return s, nil
}

// validateDescription validates a description (kept as typed, not trimmed).
func validateDescription(s string) error {
	if !utf8.ValidString(s) {
		return invalidf("description is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > MaxDescriptionLen {
		return invalidf("description must be at most %d characters (got %d)", MaxDescriptionLen, n)
	}
	if hasControl(s, "\n\r\t") {
		return invalidf("description must not contain control characters other than newline, carriage return and tab")
	}
	return nil
}

// normalizeSeverity maps "" to medium and validates the rest.
func normalizeSeverity(s string) (string, error) {
	if s == "" {
		return SeverityMedium, nil
	}
	if !slices.Contains(Severities, s) {
		return "", invalidf("unknown severity %q (want %s)", s, joinOr(Severities))
	}
	return s, nil
}

// ValidateSeverity reports an apperr.ErrInvalid error unless s is one of Severities.
func ValidateSeverity(s string) error {
	if !slices.Contains(Severities, s) {
		return invalidf("unknown severity %q (want %s)", s, joinOr(Severities))
	}
	return nil
}

// ValidateStatus reports an apperr.ErrInvalid error unless s is one of Statuses.
func ValidateStatus(s string) error {
	if !slices.Contains(Statuses, s) {
		return invalidf("unknown status %q (want %s)", s, joinOr(Statuses))
	}
	return nil
}

// ValidateDomain reports an apperr.ErrInvalid error unless s is "" or one of Domains.
func ValidateDomain(s string) error {
	if s != "" && !slices.Contains(Domains, s) {
		return invalidf("unknown domain %q (want one of %s, or empty)", s, strings.Join(Domains, ", "))
	}
	return nil
}

// NormalizeAssignee trims and validates an assignee.
func NormalizeAssignee(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", invalidf("assignee is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > MaxAssigneeLen {
		return "", invalidf("assignee must be at most %d characters (got %d)", MaxAssigneeLen, n)
	}
	if hasControl(s, "") {
		return "", invalidf("assignee must not contain control characters")
	}
	return s, nil
}

func tagRuneOK(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || strings.ContainsRune("._:/-", r)
}

// NormalizeTag trims and lowercases one tag and checks it is 1..MaxTagLen characters of
// [a-z0-9._:/-].
func NormalizeTag(tag string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(tag))
	if t == "" {
		return "", invalidf("tags must not be empty")
	}
	if n := utf8.RuneCountInString(t); n > MaxTagLen {
		return "", invalidf("tag %q must be at most %d characters (got %d)", t, MaxTagLen, n)
	}
	for _, r := range t {
		if !tagRuneOK(r) {
			return "", invalidf("tag %q may only contain a-z, 0-9 and . _ : / - (no spaces, quotes or commas)", tag)
		}
	}
	return t, nil
}

// NormalizeTags trims, lowercases, validates and dedupes tags (first occurrence order kept).
// The result is never nil.
func NormalizeTags(tags []string) ([]string, error) {
	out := make([]string, 0, len(tags))
	for _, tag := range tags {
		t, err := NormalizeTag(tag)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		return nil, invalidf("at most %d tags are allowed (got %d)", MaxTags, len(out))
	}
	return out, nil
}

func normalizeSource(s string) (string, error) {
	switch s {
	case "":
		return SourceGUI, nil
	case SourceGUI, SourceCLI:
		return s, nil
	}
	return "", invalidf("unknown source %q (want gui or cli)", s)
}
