package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"tftsr/internal/app"
	"tftsr/internal/incident"
)

// listTitleWidth is how many characters of a title the list table shows.
const listTitleWidth = 60

// clean makes s safe to print on a terminal: control characters other than those in keep are
// replaced, so text stored by another tool cannot carry escape sequences to the user's terminal.
func clean(s string, keep ...rune) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !containsRune(keep, r) {
			return utf8.RuneError
		}
		return r
	}, s)
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// truncate shortens s to at most n runes, ending in "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeList(w io.Writer, res incident.ListResult, offset int) error {
	if len(res.Items) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSEVERITY\tSTATUS\tTITLE\tUPDATED")
		for _, is := range res.Items {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", clean(is.ID), clean(is.Severity), clean(is.Status),
				truncate(clean(is.Title), listTitleWidth), clean(is.UpdatedAt))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	line := fmt.Sprintf("%d of %d", len(res.Items), res.Total)
	if offset > 0 {
		line += fmt.Sprintf(" (offset %d)", offset)
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

// issueFields writes the fields of one incident as aligned "Key: value" lines.
func issueFields(tw io.Writer, is incident.Issue) {
	tags := "-"
	if len(is.Tags) > 0 {
		tags = clean(strings.Join(is.Tags, ", "))
	}
	fmt.Fprintf(tw, "ID:\t%s\n", clean(is.ID))
	fmt.Fprintf(tw, "Title:\t%s\n", clean(is.Title))
	fmt.Fprintf(tw, "Severity:\t%s\n", clean(is.Severity))
	fmt.Fprintf(tw, "Status:\t%s\n", clean(is.Status))
	fmt.Fprintf(tw, "Domain:\t%s\n", orDash(clean(is.Domain)))
	fmt.Fprintf(tw, "Assignee:\t%s\n", orDash(clean(is.AssignedTo)))
	fmt.Fprintf(tw, "Tags:\t%s\n", tags)
	fmt.Fprintf(tw, "Source:\t%s\n", orDash(clean(is.Source)))
	fmt.Fprintf(tw, "Created:\t%s\n", clean(is.CreatedAt))
	fmt.Fprintf(tw, "Updated:\t%s\n", clean(is.UpdatedAt))
	fmt.Fprintf(tw, "Resolved:\t%s\n", orDash(clean(is.ResolvedAt)))
}

func writeDescription(w io.Writer, desc string) error {
	if desc == "" {
		_, err := fmt.Fprintln(w, "\nDescription: -")
		return err
	}
	var b strings.Builder
	b.WriteString("\nDescription:\n")
	for _, line := range strings.Split(strings.ReplaceAll(desc, "\r\n", "\n"), "\n") {
		b.WriteString("  " + clean(line, '\t') + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeIssue prints one incident (after update).
func writeIssue(w io.Writer, is incident.Issue) error {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	issueFields(tw, is)
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeDescription(w, is.Description)
}

// writeDetail prints an incident with the counts of its children.
func writeDetail(w io.Writer, d incident.Detail) error {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	issueFields(tw, d.Issue)
	fmt.Fprintf(tw, "Log files:\t%d\n", len(d.LogFiles))
	fmt.Fprintf(tw, "Resolution steps:\t%d\n", len(d.ResolutionSteps))
	fmt.Fprintf(tw, "Conversations:\t%d\n", len(d.Conversations))
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeDescription(w, d.Issue.Description)
}

// highlight is how search matches are marked in plain output.
type highlight struct{ start, end string }

var (
	plainMarks = highlight{"[[", "]]"}
	ansiMarks  = highlight{"\x1b[1m", "\x1b[0m"}
)

// highlighter picks ANSI bold for a terminal (unless NO_COLOR is set or TERM is dumb) and [[ ]]
// otherwise.
func highlighter(w io.Writer) highlight {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return plainMarks
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return plainMarks
	}
	return ansiMarks
}

// render replaces the snippet markers with h after cleaning the text between them.
func (h highlight) render(snippet string) string {
	var b strings.Builder
	stray := func(s string) string { return clean(strings.ReplaceAll(s, incident.MarkEnd, "")) }
	for i, part := range strings.Split(snippet, incident.MarkStart) {
		if i == 0 {
			b.WriteString(stray(part)) // text before the first match
			continue
		}
		inner, rest, found := strings.Cut(part, incident.MarkEnd)
		if !found {
			// An unterminated match is shown unmarked.
			b.WriteString(clean(part))
			continue
		}
		b.WriteString(h.start)
		b.WriteString(clean(inner))
		b.WriteString(h.end)
		b.WriteString(stray(rest))
	}
	return b.String()
}

func writeSearch(w io.Writer, res incident.SearchResult, h highlight) error {
	var b strings.Builder
	for _, hit := range res.Hits {
		fmt.Fprintf(&b, "%s  %s  %s  %s\n", clean(hit.Issue.ID), clean(hit.Issue.Severity), clean(hit.Issue.Status),
			h.render(hit.TitleSnippet))
		if hit.DescriptionSnippet != "" {
			desc := strings.Join(strings.Fields(hit.DescriptionSnippet), " ") // one line
			fmt.Fprintf(&b, "    %s\n", h.render(desc))
		}
	}
	switch n := len(res.Hits); n {
	case 1:
		b.WriteString("1 hit\n")
	default:
		fmt.Fprintf(&b, "%d hits\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func writeSecurity(w io.Writer, info app.SecurityInfo) error {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintf(tw, "Database:\t%s\n", clean(info.DBPath))
	fmt.Fprintf(tw, "Data dir:\t%s\n", clean(info.DataDir))
	schema := fmt.Sprint(info.SchemaVersion)
	if info.SchemaDirty {
		schema += " (dirty: a migration failed part-way)"
	}
	fmt.Fprintf(tw, "Schema version:\t%s\n", schema)
	fmt.Fprintf(tw, "Encrypted:\t%s\n", yesNo(info.Encrypted))
	fmt.Fprintf(tw, "Key source:\t%s\n", clean(info.KeySource))
	if info.KeyfilePath != "" {
		fmt.Fprintf(tw, "Key file:\t%s\n", clean(info.KeyfilePath))
	}
	if info.Audit.OK {
		fmt.Fprintf(tw, "Audit chain:\tOK (%d entries)\n", info.Audit.Entries)
	} else {
		fmt.Fprintf(tw, "Audit chain:\tBROKEN at entry #%d (%s): %s\n", info.Audit.BrokenAtSeq,
			clean(info.Audit.BrokenID), clean(info.Audit.Reason))
	}
	return tw.Flush()
}
