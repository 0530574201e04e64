package docs

import (
	"context"
	"fmt"
	"strings"

	"tftsr/internal/apperr"
)

// Section is one level-2 section of a Markdown document: its heading text and the byte range of
// its body (after the heading line, up to the next level-1/2 heading or the end).
type Section struct {
	Heading   string `json:"heading"`
	BodyStart int    `json:"-"`
	BodyEnd   int    `json:"-"`
}

// fenceRun is the run of ` or ~ a line starts with ("" when shorter than 3).
func fenceRun(line string) string {
	if line == "" || (line[0] != '`' && line[0] != '~') {
		return ""
	}
	n := len(line) - len(strings.TrimLeft(line, line[:1]))
	if n < 3 {
		return ""
	}
	return line[:n]
}

// Sections lists the level-2 sections of md in order. Headings inside fenced code blocks are
// not headings.
func Sections(md string) []Section {
	var out []Section
	fence := ""
	pos := 0
	closeLast := func(at int) {
		if n := len(out); n > 0 && out[n-1].BodyEnd < 0 {
			out[n-1].BodyEnd = at
		}
	}
	for pos < len(md) {
		end := strings.IndexByte(md[pos:], '\n')
		next := len(md)
		if end >= 0 {
			next = pos + end + 1
		}
		line := strings.TrimRight(md[pos:next], "\r\n")
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case fence != "":
			// CommonMark: the closing fence is the same character, at least as long, alone.
			if run := fenceRun(trimmed); len(run) >= len(fence) && run[0] == fence[0] && strings.TrimSpace(trimmed[len(run):]) == "" {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence = fenceRun(trimmed)
		case len(line)-len(trimmed) < 4 && (strings.HasPrefix(trimmed, "## ") || trimmed == "##"):
			closeLast(pos)
			h := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(trimmed[2:]), "#"))
			out = append(out, Section{Heading: h, BodyStart: next, BodyEnd: -1})
		case len(line)-len(trimmed) < 4 && (strings.HasPrefix(trimmed, "# ") || trimmed == "#"):
			closeLast(pos)
		}
		pos = next
	}
	closeLast(len(md))
	return out
}

// FindSection returns the first section whose heading is heading (case-insensitive).
func FindSection(md, heading string) (Section, bool) {
	for _, s := range Sections(md) {
		if strings.EqualFold(s.Heading, strings.TrimSpace(heading)) {
			return s, true
		}
	}
	return Section{}, false
}

// ReplaceSection returns md with the body of section heading replaced by body (one blank line after
// the heading and before the next section).
func ReplaceSection(md, heading, body string) (string, error) {
	s, ok := FindSection(md, heading)
	if !ok {
		return "", fmt.Errorf("docs: the document has no section %q: %w", heading, apperr.ErrInvalid)
	}
	body = strings.Trim(body, "\n")
	tail := md[s.BodyEnd:]
	sep := "\n\n"
	if tail == "" {
		sep = "\n"
	}
	return md[:s.BodyStart] + "\n" + body + sep + tail, nil
}

// Refreshable lists the sections of the document that its template fills from the incident
// (in document order): those RefreshSection can bring up to date. Sections the team writes
// ("Lessons learned", …) are never listed.
func (s *Service) Refreshable(ctx context.Context, docID string) ([]string, error) {
	d, err := s.Get(ctx, docID)
	if err != nil {
		return nil, err
	}
	t, ok := templateByID(d.Template)
	if !ok {
		return []string{}, nil
	}
	out := []string{}
	for _, sec := range Sections(d.ContentMD) {
		if ts, ok := t.section(sec.Heading); ok && !ts.free {
			out = append(out, sec.Heading)
		}
	}
	return out, nil
}

func (t tmpl) section(heading string) (section, bool) {
	for _, s := range t.sections {
		if strings.EqualFold(s.title, strings.TrimSpace(heading)) {
			return s, true
		}
	}
	return section{}, false
}

// RefreshSection re-renders section heading from what the incident holds now (action items
// edited since the document was generated, a new timeline event…) and stores the document with
// that section replaced as a new version (source "refresh"); nothing else changes.
func (s *Service) RefreshSection(ctx context.Context, docID, heading string) (Document, error) {
	d, err := s.Get(ctx, docID)
	if err != nil {
		return Document{}, err
	}
	t, ok := templateByID(d.Template)
	if !ok {
		return Document{}, invalidf("refresh: the document has no template to refresh from")
	}
	ts, ok := t.section(heading)
	if !ok || ts.free {
		return Document{}, invalidf("refresh: %q is not a section filled from the incident", heading)
	}
	data, err := s.gather(ctx, d.IssueID)
	if err != nil {
		return Document{}, fmt.Errorf("docs: refresh: %w", err)
	}
	data.Generated = s.now()
	var b strings.Builder
	ts.render(&b, data)
	md, err := ReplaceSection(d.ContentMD, heading, b.String())
	if err != nil || md == d.ContentMD {
		return d, err
	}
	return s.write(ctx, docID, SaveInput{Title: d.Title, ContentMD: md}, SourceRefresh, 0)
}
