package docs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tftsr/internal/actions"
	"tftsr/internal/incident"
	"tftsr/internal/timeline"
	"tftsr/internal/triage"
)

// incidentData is everything a document is generated from, read once before rendering. Rendering
// is a pure function of it and the generation time (golden tests render fixtures directly).
type incidentData struct {
	Issue     incident.Issue
	Events    []timeline.Event // by time; document events are left out
	Metrics   timeline.Metrics
	Steps     []stepData
	Factors   []string
	Logs      []logData
	Actions   []actions.Item
	Generated time.Time
}

type stepData struct {
	triage.Step
	Citations []citation
}

// citation is one log line an answer cites (log:<id>#L<n>).
type citation struct {
	Log  string // file name; "" when the log was deleted since
	Line int
	Text string // the line from the log's applied redacted version; "" when not quoted
	// Why the line is not quoted ("" when it is).
	NotQuoted string
}

// Redaction states of a log, as the document words them.
const (
	RedactionApplied    = "Redacted"
	RedactionStale      = "Redacted (later review changes not applied)"
	RedactionNotApplied = "Reviewed, redaction not applied"
	RedactionNoFindings = "Scanned, nothing to redact"
	RedactionNone       = "Not reviewed"
)

type logData struct {
	Name      string
	Size      int64
	SHA256    string
	Redaction string // one of the Redaction* words, with counts where known
}

// maxQuoted is how much of a cited log line is quoted (runes).
const maxQuoted = 300

func render(t tmpl, d *incidentData) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", heading(docTitle(t, d.Issue.Title)))
	fmt.Fprintf(&b, "- **Incident:** %s\n", inline(d.Issue.Title))
	fmt.Fprintf(&b, "- **Severity:** %s\n", label(d.Issue.Severity))
	fmt.Fprintf(&b, "- **Status:** %s\n", label(d.Issue.Status))
	if d.Issue.Domain != "" {
		fmt.Fprintf(&b, "- **Domain:** %s\n", inline(d.Issue.Domain))
	}
	fmt.Fprintf(&b, "- **Generated:** %s from the %s template\n", utc(d.Generated), t.info.Name)
	for _, s := range t.sections {
		fmt.Fprintf(&b, "\n## %s\n\n", s.title)
		s.render(&b, d)
	}
	return b.String()
}

// docTitle is the generated document's title, within MaxTitleLen.
func docTitle(t tmpl, incidentTitle string) string {
	title := t.titlePre + inline(incidentTitle)
	if utf8.RuneCountInString(title) > MaxTitleLen {
		title = string([]rune(title)[:MaxTitleLen-1]) + "…"
	}
	return title
}

// utc renders t as "YYYY-MM-DD HH:MM:SS UTC".
func utc(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") + " UTC" }

// stamp renders a stored 'YYYY-MM-DD HH:MM:SS' UTC time with the UTC suffix.
func stamp(s string) string {
	if s == "" {
		return ""
	}
	return s + " UTC"
}

// label turns an enumerated value (in_progress, wont_do, high) into words.
func label(v string) string {
	switch v {
	case "":
		return "—"
	case "wont_do":
		return "Won't do"
	}
	v = strings.ReplaceAll(v, "_", " ")
	return strings.ToUpper(v[:1]) + v[1:]
}

func secSummary(b *strings.Builder, d *incidentData) {
	if text := block(d.Issue.Description); text != "" {
		b.WriteString(text + "\n")
		return
	}
	b.WriteString("No description was recorded for this incident.\n")
}

// earliest returns the earliest event of kind (events are in time order).
func earliest(d *incidentData, kind string) (timeline.Event, bool) {
	for _, ev := range d.Events {
		if ev.Kind == kind {
			return ev, true
		}
	}
	return timeline.Event{}, false
}

// defaultTitles are the titles user events get when left empty; they add nothing after the label.
var defaultTitles = map[string]string{
	timeline.KindImpactStarted: "Impact started", timeline.KindDetected: "Detected",
	timeline.KindMitigated: "Mitigated", timeline.KindResolved: "Resolved", timeline.KindNote: "Note",
}

// eventLine is "<time> UTC — <title> — <detail>" with the default title left out.
func eventLine(ev timeline.Event) string {
	s := stamp(ev.OccurredAt)
	if t := inline(ev.Title); t != "" && t != defaultTitles[ev.Kind] {
		s += " — " + t
	}
	if det := joinLines(ev.Detail); det != "" {
		s += " — " + det
	}
	return s
}

func secImpact(b *strings.Builder, d *incidentData) {
	fmt.Fprintf(b, "Severity: **%s**.\n\n", label(d.Issue.Severity))
	kinds := []struct{ kind, name string }{
		{timeline.KindImpactStarted, "Impact started"}, {timeline.KindDetected, "Detected"},
		{timeline.KindMitigated, "Mitigated"}, {timeline.KindResolved, "Resolved"},
	}
	n := 0
	for _, k := range kinds {
		if ev, ok := earliest(d, k.kind); ok {
			fmt.Fprintf(b, "- **%s:** %s\n", k.name, eventLine(ev))
			n++
		} else if k.kind == timeline.KindResolved && d.Issue.ResolvedAt != "" {
			fmt.Fprintf(b, "- **Resolved:** %s (the incident was marked resolved)\n", stamp(d.Issue.ResolvedAt))
			n++
		}
	}
	if n == 0 {
		b.WriteString("No impact window was recorded: the timeline has no impact started, detected, mitigated or resolved events.\n")
	}
}

func secTimeline(withMetrics bool) sectionFunc {
	return func(b *strings.Builder, d *incidentData) {
		if len(d.Events) == 0 {
			b.WriteString("No events were recorded on this incident's timeline.\n")
		} else {
			rows := make([][]string, 0, len(d.Events))
			for _, ev := range d.Events {
				rows = append(rows, []string{stamp(ev.OccurredAt), ev.Title, ev.Detail})
			}
			b.WriteString(table([]string{"Time", "Event", "Detail"}, rows) + "\n")
		}
		if withMetrics {
			b.WriteString("\n")
			secMetrics(b, d)
		}
	}
}

// metric renders one response metric, or "—" with the reason it is unknown.
func metric(m timeline.Duration) string {
	if m.Status == timeline.StatusOK {
		return timeline.FormatDuration(m.Ms)
	}
	return "— (" + m.Reason + ")"
}

func secMetrics(b *strings.Builder, d *incidentData) {
	m := d.Metrics
	b.WriteString(table([]string{"Metric", "Value"}, [][]string{
		{"Time to detect", metric(m.TimeToDetect)},
		{"Time to mitigate", metric(m.TimeToMitigate)},
		{"Time to resolve", metric(m.TimeToResolve)},
	}) + "\n\nMeasured from the earliest impact started event on the timeline.\n")
}

func secFiveWhys(b *strings.Builder, d *incidentData) {
	if len(d.Steps) == 0 {
		b.WriteString("The five whys have not been worked yet.\n")
		return
	}
	for i, st := range d.Steps {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "### Why %d: %s\n\n", st.Order, heading(st.Question))
		if a := block(st.Answer); a != "" {
			b.WriteString("**Answer:**\n\n" + a + "\n")
		} else {
			b.WriteString("No answer has been recorded yet.\n")
		}
		if e := block(st.Evidence); e != "" {
			b.WriteString("\n**Evidence:**\n\n" + e + "\n")
		}
		if len(st.Citations) > 0 {
			b.WriteString("\n**Cited log lines:**\n\n")
			for _, c := range st.Citations {
				b.WriteString("- " + citationLine(c) + "\n")
			}
		}
		if st.IsRootCause {
			b.WriteString("\nThis is the root cause.\n")
		}
	}
}

func citationLine(c citation) string {
	name := "a log deleted since"
	if c.Log != "" {
		name = codeSpan(c.Log)
	}
	s := fmt.Sprintf("%s line %d", name, c.Line)
	switch {
	case c.NotQuoted != "":
		return s + " (" + c.NotQuoted + ")"
	case c.Text == "":
		return s + " (an empty line)"
	}
	text := c.Text
	if utf8.RuneCountInString(text) > maxQuoted {
		text = string([]rune(text)[:maxQuoted-1]) + "…"
	}
	return s + ": " + codeSpan(text)
}

func rootCause(d *incidentData) (stepData, bool) {
	for _, st := range d.Steps {
		if st.IsRootCause {
			return st, true
		}
	}
	return stepData{}, false
}

// writeRootCause writes the root cause statement; it reports whether one was identified.
func writeRootCause(b *strings.Builder, d *incidentData) bool {
	st, ok := rootCause(d)
	if !ok {
		return false
	}
	fmt.Fprintf(b, "Identified at why %d: %s\n", st.Order, inline(st.Question))
	if a := block(st.Answer); a != "" {
		b.WriteString("\n" + a + "\n")
	}
	return true
}

func secRootCause(b *strings.Builder, d *incidentData) {
	if !writeRootCause(b, d) {
		b.WriteString("No root cause has been identified yet.\n")
	}
}

func secFault(b *strings.Builder, d *incidentData) {
	if !writeRootCause(b, d) {
		b.WriteString("The fault has not been identified yet: no step of the five whys is marked as the root cause.\n")
	}
}

// secRootCauses (Google SRE) is the root cause followed by the contributing factors.
func secRootCauses(b *strings.Builder, d *incidentData) {
	found := writeRootCause(b, d)
	if !found {
		b.WriteString("No root cause has been identified yet.\n")
	}
	if len(d.Factors) > 0 {
		b.WriteString("\nContributing factors:\n\n")
		writeFactors(b, d)
	}
}

func writeFactors(b *strings.Builder, d *incidentData) {
	for _, f := range d.Factors {
		b.WriteString("- " + item(f) + "\n")
	}
}

// secFactors lists the contributing factors; blameless templates introduce them as conditions
// of systems and processes.
func secFactors(blameless bool) sectionFunc {
	return func(b *strings.Builder, d *incidentData) {
		if len(d.Factors) == 0 {
			b.WriteString("No contributing factors were recorded for this incident.\n")
			return
		}
		if blameless {
			b.WriteString("Conditions in our systems and processes that contributed to the incident:\n\n")
		}
		writeFactors(b, d)
	}
}

// secWhatHappened tells the chain of the five whys as a story; without steps the author writes it.
func secWhatHappened(b *strings.Builder, d *incidentData) {
	if len(d.Steps) == 0 {
		notWritten("a narrative of what happened, from the first signal to recovery")(b, d)
		return
	}
	b.WriteString("The five whys traced the incident as follows:\n\n")
	for _, st := range d.Steps {
		line := fmt.Sprintf("%d. %s", st.Order, item(st.Question))
		if a := joinLines(st.Answer); a != "" {
			line += " — " + a
		}
		if st.IsRootCause {
			line += " (root cause)"
		}
		b.WriteString(line + "\n")
	}
}

func secTrigger(b *strings.Builder, d *incidentData) {
	if ev, ok := earliest(d, timeline.KindImpactStarted); ok {
		fmt.Fprintf(b, "Impact started at %s.\n", eventLine(ev))
		return
	}
	notWritten("the change or event that triggered the incident")(b, d)
}

func secDetection(b *strings.Builder, d *incidentData) {
	ev, ok := earliest(d, timeline.KindDetected)
	if !ok {
		b.WriteString("No detection event was recorded on the timeline.\n")
		return
	}
	fmt.Fprintf(b, "Detected at %s.\n\nTime to detect: %s.\n", eventLine(ev), metric(d.Metrics.TimeToDetect))
}

func secResponse(b *strings.Builder, d *incidentData) {
	ev, ok := earliest(d, timeline.KindMitigated)
	if !ok {
		b.WriteString("No mitigation was recorded on the timeline.\n")
		return
	}
	fmt.Fprintf(b, "Mitigated at %s.\n\nTime to mitigate: %s.\n", eventLine(ev), metric(d.Metrics.TimeToMitigate))
}

func secResolution(b *strings.Builder, d *incidentData) {
	ev, ok := earliest(d, timeline.KindResolved)
	switch {
	case ok:
		fmt.Fprintf(b, "Resolved at %s.\n\nTime to resolve: %s.\n", eventLine(ev), metric(d.Metrics.TimeToResolve))
	case d.Issue.ResolvedAt != "":
		fmt.Fprintf(b, "The incident was marked resolved at %s; no resolved event was recorded on the timeline.\n", stamp(d.Issue.ResolvedAt))
	default:
		b.WriteString("The incident has not been resolved yet.\n")
	}
}

func secLessonsSRE(b *strings.Builder, d *incidentData) {
	b.WriteString("### What went well\n\n")
	notWritten("what went well during the response")(b, d)
	b.WriteString("\n### What went wrong\n\n")
	notWritten("what went wrong or made the response harder")(b, d)
	b.WriteString("\n### Where we got lucky\n\n")
	notWritten("where things went right by chance")(b, d)
}

func secResponders(b *strings.Builder, d *incidentData) {
	if a := inline(d.Issue.AssignedTo); a != "" {
		fmt.Fprintf(b, "- **Incident owner:** %s\n", a)
		return
	}
	b.WriteString("No responders were recorded for this incident.\n")
}

func secRelated(b *strings.Builder, d *incidentData) {
	fmt.Fprintf(b, "- **Incident:** %s (%s)\n", inline(d.Issue.Title), codeSpan(d.Issue.ID))
	if len(d.Issue.Tags) > 0 {
		fmt.Fprintf(b, "- **Tags:** %s\n", inline(strings.Join(d.Issue.Tags, ", ")))
	}
	if len(d.Logs) > 0 {
		names := make([]string, 0, len(d.Logs))
		for _, l := range d.Logs {
			names = append(names, codeSpan(l.Name))
		}
		fmt.Fprintf(b, "- **Logs:** %s\n", strings.Join(names, ", "))
	}
}

// bytesText renders a size as "1,234 bytes".
func bytesText(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if n == 1 {
		return "1 byte"
	}
	return string(out) + " bytes"
}

func secLogs(b *strings.Builder, d *incidentData) {
	if len(d.Logs) == 0 {
		b.WriteString("No logs were attached to this incident.\n")
		return
	}
	rows := make([][]string, 0, len(d.Logs))
	for _, l := range d.Logs {
		sha := "—"
		if l.SHA256 != "" {
			sha = codeSpan(l.SHA256)
		}
		rows = append(rows, []string{codeSpan(l.Name), bytesText(l.Size), sha, l.Redaction})
	}
	b.WriteString(table([]string{"Log", "Size", "SHA-256", "Redaction"}, rows) + "\n")
}

func secActions(b *strings.Builder, d *incidentData) {
	if len(d.Actions) == 0 {
		b.WriteString("No action items were recorded for this incident.\n")
		return
	}
	rows := make([][]string, 0, len(d.Actions))
	for _, a := range d.Actions {
		rows = append(rows, []string{a.Title, a.Owner, a.DueDate, label(a.Priority), label(a.Status)})
	}
	b.WriteString(table([]string{"Action", "Owner", "Due", "Priority", "Status"}, rows) + "\n")
}
