package docs

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"tftsr/internal/actions"
	"tftsr/internal/incident"
	"tftsr/internal/timeline"
	"tftsr/internal/triage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var genTime = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func ev(kind, title, detail, at string) timeline.Event {
	return timeline.Event{Kind: kind, Title: title, Detail: detail, OccurredAt: at}
}

// fullFixture covers every section's data, with user text that would break the document's
// structure if it were not escaped.
func fullFixture() *incidentData {
	return &incidentData{
		Issue: incident.Issue{
			ID: "issue-1", Title: "Checkout fails with 500 | EU region", Severity: "critical", Status: "resolved",
			Domain: "Kubernetes", AssignedTo: "alice", Tags: []string{"checkout", "eu"}, ResolvedAt: "2026-03-01 11:40:00",
			Description: "Checkout returned HTTP 500 for EU users.\r\n# not a heading\r\nThe `orders_api` pod was OOMKilled → restarts.\n" +
				"<!-- draft note\nSetext trap\n---\n```\nkubectl get pods\n",
		},
		Events: []timeline.Event{
			ev("incident.created", "Incident created", "Checkout fails", "2026-03-01 10:02:00"),
			ev(timeline.KindImpactStarted, "Impact started", "EU checkout | 100% errors", "2026-03-01 09:55:00"),
			ev(timeline.KindDetected, "Pager fired", "", "2026-03-01 10:00:00"),
			ev(timeline.KindNote, "Rolled back", "line one\nline two", "2026-03-01 10:20:00"),
			ev(timeline.KindMitigated, "Mitigated", "Traffic moved to US", "2026-03-01 10:30:00"),
			ev(timeline.KindResolved, "Resolved", "", "2026-03-01 11:40:00"),
		},
		Metrics: timeline.Metrics{
			TimeToDetect:   timeline.Duration{Status: timeline.StatusOK, Ms: 5 * 60 * 1000},
			TimeToMitigate: timeline.Duration{Status: timeline.StatusOK, Ms: 35 * 60 * 1000},
			TimeToResolve:  timeline.Duration{Status: timeline.StatusInvalid, Reason: "resolved (2026-03-01 09:00:00) is before impact started (2026-03-01 09:55:00)"},
		},
		Steps: []stepData{
			{Step: triage.Step{Order: 1, Question: "Why did checkout return 500?", Answer: "The orders_api pods restarted.",
				Evidence: "log:abc#L2 shows OOMKilled"},
				Citations: []citation{
					{Log: "pods.log", Line: 2, Text: "orders_api-7f OOMKilled `limit` 256Mi | [EMAIL-1]"},
					{Log: "events.log", Line: 9, NotQuoted: "not quoted: the log's redaction has not been applied"},
				}},
			{Step: triage.Step{Order: 2, Question: "Why were they OOMKilled? C#", Answer: "- the limit was 256Mi\n- usage peaked at 400Mi",
				IsRootCause: true}},
			{Step: triage.Step{Order: 3, Question: "# Why was the limit so low?"}},
		},
		Factors: []string{"No memory alert on the orders namespace", "# Load test skipped"},
		Logs: []logData{
			{Name: "pods.log", Size: 1234567, SHA256: strings.Repeat("ab", 32), Redaction: RedactionApplied + ": 3 of 4 findings"},
			{Name: "events|raw.log", Size: 1, SHA256: strings.Repeat("0f", 32), Redaction: RedactionNone},
		},
		Actions: []actions.Item{
			{Title: "Raise the memory limit | orders_api", Owner: "bob", DueDate: "2026-03-15", Priority: "high", Status: "in_progress"},
			{Title: "Add a memory alert", Priority: "medium", Status: "wont_do"},
		},
		Generated: genTime,
	}
}

func emptyFixture() *incidentData {
	return &incidentData{
		Issue: incident.Issue{ID: "issue-2", Title: "VPN flaps", Severity: "medium", Status: "open", Tags: []string{}},
		Metrics: timeline.Metrics{
			TimeToDetect:   timeline.Duration{Status: timeline.StatusUnknown, Reason: "no impact started and no detected event"},
			TimeToMitigate: timeline.Duration{Status: timeline.StatusUnknown, Reason: "no impact started and no mitigated event"},
			TimeToResolve:  timeline.Duration{Status: timeline.StatusUnknown, Reason: "no impact started and no resolved event"},
		},
		Generated: genTime,
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func TestRenderGolden(t *testing.T) {
	for _, tm := range templates() {
		t.Run(tm.info.ID, func(t *testing.T) {
			full := render(tm, fullFixture())
			golden(t, tm.info.ID+".golden.md", full)
			checkStructure(t, tm, full)
			for _, noise := range []string{"TBD", "[insert", "N/A", "<br", "TODO"} {
				if strings.Contains(full, noise) {
					t.Errorf("document contains placeholder noise %q", noise)
				}
			}
		})
		t.Run(tm.info.ID+"/empty", func(t *testing.T) {
			empty := render(tm, emptyFixture())
			golden(t, tm.info.ID+".empty.golden.md", empty)
			checkStructure(t, tm, empty)
		})
	}
}

var h2 = regexp.MustCompile(`(?m)^## (.*)$`)

// checkStructure asserts the headings are exactly the template's, every table row has as many
// cells as its header, and no section is empty.
func checkStructure(t *testing.T, tm tmpl, doc string) {
	t.Helper()
	var want []string
	for _, s := range tm.sections {
		want = append(want, s.title)
	}
	var got []string
	for _, m := range h2.FindAllStringSubmatch(doc, -1) {
		got = append(got, m[1])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("level-2 headings (-want +got):\n%s", diff)
	}
	if n := strings.Count(doc, "\n# "); n != 0 || !strings.HasPrefix(doc, "# ") {
		t.Errorf("document must start with its one H1; found %d more", n)
	}
	lines := strings.Split(doc, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|") {
			continue
		}
		cols := cells(lines[i])
		for i++; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
			if n := cells(lines[i]); n != cols {
				t.Errorf("table row %q has %d cells, header %d", lines[i], n, cols)
			}
		}
	}
	// A GFM parser sees the same structure: one H1, the template's H2s, every table a table.
	root := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader([]byte(doc)))
	var parsedH2 []string
	h1, tables := 0, 0
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			switch n.Level {
			case 1:
				h1++
			case 2:
				parsedH2 = append(parsedH2, string(n.Lines().Value([]byte(doc))))
			}
		case *east.Table:
			tables++
		case *ast.HTMLBlock:
			t.Errorf("the document holds an HTML block at %.80q", n.Lines().Value([]byte(doc)))
		}
		return ast.WalkContinue, nil
	})
	if diff := cmp.Diff(want, parsedH2); diff != "" || h1 != 1 {
		t.Errorf("parsed: %d H1, level-2 headings (-want +got):\n%s", h1, diff)
	}
	if n := strings.Count(doc, "\n| --- |"); tables != n {
		t.Errorf("parsed %d tables, the text has %d", tables, n)
	}
	for _, sec := range strings.Split(doc, "\n## ")[1:] {
		head, body, _ := strings.Cut(sec, "\n")
		if strings.TrimSpace(body) == "" {
			t.Errorf("section %q is empty", head)
		}
	}
}

// cells counts a GFM table row's cells: unescaped pipes minus one.
func cells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		if row[i] == '\\' {
			i++
			continue
		}
		if row[i] == '|' {
			n++
		}
	}
	return n - 1
}

func TestTemplates(t *testing.T) {
	ts := Templates()
	var ids []string
	for _, tm := range ts {
		ids = append(ids, tm.ID)
		if tm.Name == "" || tm.Description == "" || len(tm.Sections) == 0 {
			t.Errorf("template %q is incomplete: %+v", tm.ID, tm)
		}
		if tm.DocType != TypeRCA && tm.DocType != TypePostmortem {
			t.Errorf("template %q: doc type %q", tm.ID, tm.DocType)
		}
	}
	want := []string{TemplateRCA, TemplatePostmortem, TemplateGoogleSRE, TemplatePagerDuty, TemplateAtlassian}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("template ids (-want +got):\n%s", diff)
	}
	// Callers get copies: changing them does not change the next call.
	ts[0].Sections[0] = "changed"
	if Templates()[0].Sections[0] != "Summary" {
		t.Error("Templates returned shared slices")
	}
}

func TestMarkdownEscapes(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"cell pipes and lines", cell("a | b\r\nc\n\n d "), `a \| b / c / d`},
		{"cell empty", cell(" \n "), "—"},
		{"heading closing hashes", heading("Why C#"), `Why C\#`},
		{"heading newline", heading("a\nb"), "a b"},
		{"item heading", item("# not a heading"), `\# not a heading`},
		{"item ordered", item("12. twelve"), `12\. twelve`},
		{"item plain keeps underscores", item("fix orders_api_v2"), "fix orders_api_v2"},
		{"code span backticks", codeSpan("a `b` c"), "``a `b` c``"},
		{"code span edge backtick", codeSpan("`x"), "`` `x ``"},
		{"block heading", block("# h\n  ## h2\ntext"), "\\# h\n  \\## h2\ntext"},
		{"block setext", block("Title\n===\nx\n---"), "Title\n\\===\nx\n\\---"},
		{"block fenced heading kept", block("```\n# comment\n```\n# h"), "```\n# comment\n```\n\\# h"},
		{"block unclosed fence closed", block("~~~~ sh\nls\n~~~"), "~~~~ sh\nls\n~~~\n~~~~"},
		{"block html comment", block("<!-- unterminated\n  <PRE>\n<div>ok</div>"), "\\<!-- unterminated\n  \\<PRE>\n<div>ok</div>"},
		{"block crlf", block("\r\na\r\nb\r\n"), "a\nb"},
		{"block arrows and RTL kept", block("a → b שלום 😀"), "a → b שלום 😀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
