package docs

import (
	"regexp"
	"strings"
)

// Markdown escaping of user text placed into a generated document. The aim is to keep the
// document's structure (its headings, tables and lists) intact whatever the incident holds,
// while leaving the rendered text unchanged: only backslash escapes (which render as the
// character itself) are added, never HTML and never dropped characters.

// lineBreaks matches the line endings of user text.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// inline makes s one line (line breaks become spaces) for a list item or a sentence.
func inline(s string) string {
	s = lineBreaks.Replace(s)
	return strings.TrimSpace(strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " "))
}

// heading makes s safe as the text of an ATX heading: one line, and a trailing "#" (which
// Markdown would take as a closing sequence and drop) escaped.
func heading(s string) string {
	s = inline(s)
	if strings.HasSuffix(s, "#") {
		s = s[:len(s)-1] + `\#`
	}
	return s
}

// joinLines makes multi-line text one line, its non-empty lines joined with " / ".
func joinLines(s string) string {
	parts := strings.Split(lineBreaks.Replace(s), "\n")
	kept := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " / ")
}

// leadingMarker matches what would make the start of a list item's text a block of its own
// (a heading, quote, nested list or thematic break).
var leadingMarker = regexp.MustCompile(`^([#>+*-]|\d{1,9}[.)])`)

// item makes s safe as the text of a list item: one line, and a leading block marker escaped.
func item(s string) string {
	s = inline(s)
	if m := leadingMarker.FindString(s); m != "" {
		s = s[:len(m)-1] + `\` + s[len(m)-1:]
	}
	return s
}

// cell makes s safe as a GFM table cell: one line (line breaks become " / "), pipes escaped
// (GFM unescapes `\|` even inside code spans), and an empty value shown as an em dash.
func cell(s string) string {
	s = strings.ReplaceAll(joinLines(s), "|", `\|`)
	if s == "" {
		return "—"
	}
	return s
}

// codeSpan renders s as inline code, with a backtick fence longer than any run inside it.
func codeSpan(s string) string {
	s = inline(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

var (
	atxLine    = regexp.MustCompile(`^ {0,3}#`)
	setextLine = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	fenceLine  = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	// htmlLong starts an HTML block that runs to its end marker rather than to a blank line
	// (CommonMark types 1–5): unterminated, it would swallow the sections after it.
	htmlLong = regexp.MustCompile(`(?i)^ {0,3}<(script|pre|style|textarea|!--|\?|![a-z]|!\[CDATA\[)`)
)

// block places multi-line user text (a description, an answer) as Markdown of its own: its lists,
// emphasis and code stay, but it cannot add headings to the document (a leading "#" or a setext
// underline is escaped), and neither an unclosed code fence (closed at the end) nor an
// unterminated HTML comment, <pre> or <script> block (its "<" escaped) can swallow the sections
// after it. Line endings become "\n"; surrounding blank lines are dropped.
func block(s string) string {
	s = strings.Trim(lineBreaks.Replace(s), "\n")
	if strings.TrimSpace(s) == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	var fence string // the open fence's marker, "" outside a fence
	for i, l := range lines {
		if m := fenceLine.FindStringSubmatch(l); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case m[1][0] == fence[0] && len(m[1]) >= len(fence) && strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), m[1][:1])) == "":
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		if atxLine.MatchString(l) {
			j := strings.IndexByte(l, '#')
			lines[i] = l[:j] + `\` + l[j:]
		} else if htmlLong.MatchString(l) {
			j := strings.IndexByte(l, '<')
			lines[i] = l[:j] + `\` + l[j:]
		} else if i > 0 && setextLine.MatchString(l) {
			j := strings.IndexAny(l, "=-")
			lines[i] = l[:j] + `\` + l[j:]
		}
	}
	out := strings.Join(lines, "\n")
	if fence != "" {
		out += "\n" + fence
	}
	return out
}

// table renders a GFM table; every cell is escaped with cell.
func table(header []string, rows [][]string) string {
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + cell(c) + " |")
		}
		b.WriteString("\n")
	}
	row(header)
	b.WriteString("|")
	for range header {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for _, r := range rows {
		row(r)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
