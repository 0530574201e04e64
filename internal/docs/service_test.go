package docs_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/actions"
	"tftsr/internal/apperr"
	"tftsr/internal/docs"
	"tftsr/internal/incident"
	"tftsr/internal/redaction"
	"tftsr/internal/redaction/redactiontest"
	"tftsr/internal/timeline"
	"tftsr/internal/triage"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	*redactiontest.Env
	clock  *clock
	tl     *timeline.Service
	triage *triage.Service
	acts   *actions.Service
	svc    *docs.Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{Env: redactiontest.New(t), clock: &clock{t: t0}}
	e.tl = timeline.NewService(e.DB, e.Audit, nil)
	e.triage = triage.NewService(e.DB, e.Audit, nil)
	e.acts = actions.NewService(e.DB, e.Audit, nil)
	e.svc = docs.NewService(e.DB, e.Audit, docs.Sources{Incidents: e.Incidents, Timeline: e.tl, Triage: e.triage,
		Actions: e.acts, Redaction: e.Red}, e.clock.now)
	return e
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantErr(t *testing.T, err, kind error, contains string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("err = %v, want %v", err, kind)
	}
	if !strings.Contains(err.Error(), contains) {
		t.Errorf("err = %q, want it to mention %q", err, contains)
	}
}

// auditDetails returns the details of the audit entries with action, oldest first.
func (e *env) auditDetails(t *testing.T, action string) []string {
	t.Helper()
	rows, err := e.DB.Read().Query(`SELECT details FROM audit_log WHERE action = ? ORDER BY seq`, action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// fullIncident builds an incident holding data for every section: timeline, steps citing a
// redacted and an unreviewed log, a root cause, factors and action items.
func (e *env) fullIncident(t *testing.T) (issueID string) {
	t.Helper()
	ctx := context.Background()
	inc := must[incident.Issue](t)(e.Incidents.Create(ctx, incident.CreateInput{Title: "Checkout 500s",
		Description: "EU checkout failed.\n# not a heading", Severity: "high", Domain: "Kubernetes", AssignedTo: "alice"}))
	id := inc.ID
	redLog := e.AddLog(t, id, "pods.log", "start\norders_api OOMKilled user=bob@example.com\nend\n", 0)
	e.Scan(t, redLog)
	must[redaction.ApplyResult](t)(e.Red.Apply(ctx, redLog, nil))
	rawLog := e.AddLog(t, id, "events.log", "a\nsecret line mallory@example.com\n", 0)
	for _, in := range []timeline.Input{
		{Kind: timeline.KindImpactStarted, Detail: "EU users cannot pay", OccurredAt: "2026-03-01 09:55:00"},
		{Kind: timeline.KindDetected, Title: "Pager fired", OccurredAt: "2026-03-01 10:00:00"},
		{Kind: timeline.KindMitigated, OccurredAt: "2026-03-01 10:30:00"},
	} {
		must[timeline.Event](t)(e.tl.Add(ctx, id, in))
	}
	st := must[triage.Step](t)(e.triage.AddStep(ctx, id, triage.StepInput{Question: "Why did checkout fail?", Answer: "Pods were OOMKilled.",
		Evidence:     fmt.Sprintf("log:%s#L2 and log:%s#L2", redLog, rawLog),
		EvidenceRefs: []triage.EvidenceRef{{LogID: redLog, Line: 2}, {LogID: rawLog, Line: 2}}}))
	must[[]triage.Step](t)(e.triage.MarkRootCause(ctx, id, st.ID))
	must[triage.Factor](t)(e.triage.AddFactor(ctx, id, "No memory alert"))
	must[actions.Item](t)(e.acts.Add(ctx, id, actions.Input{Title: "Raise the limit | orders", Owner: "bob", DueDate: "2026-03-15", Priority: "high"}))
	return id
}

func TestGenerateFromIncident(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.fullIncident(t)

	doc, err := e.svc.Generate(ctx, id, docs.TemplateRCA)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "RCA: Checkout 500s" || doc.Version != 1 || doc.Template != docs.TemplateRCA || doc.DocType != docs.TypeRCA ||
		doc.IssueID != id || doc.CreatedAt != "2026-03-01 12:00:00" || doc.Publication != nil {
		t.Errorf("Generate = %+v", doc.Summary)
	}
	for _, want := range []string{
		"- **Generated:** 2026-03-01 12:00:00 UTC from the Root cause analysis template",
		"EU checkout failed.\n\\# not a heading",
		"- **Impact started:** 2026-03-01 09:55:00 UTC — EU users cannot pay",
		"| 2026-03-01 10:00:00 UTC | Pager fired | — |",
		"| Time to detect | 5m 00s |",
		"| Time to resolve | — (no resolved event) |",
		"### Why 1: Why did checkout fail?",
		"- `pods.log` line 2: `orders_api OOMKilled user=[EMAIL-1]`",
		"- `events.log` line 2 (not quoted: the log's redaction has not been applied)",
		"This is the root cause.",
		"- No memory alert",
		"| Raise the limit \\| orders | bob | 2026-03-15 | High | Open |",
		"| `events.log` | 34 bytes |",
		"| Not reviewed |",
		"| Redacted: 1 of 1 findings |",
	} {
		if !strings.Contains(doc.ContentMD, want) {
			t.Errorf("document lacks %q:\n%s", want, doc.ContentMD)
		}
	}
	// Nothing of an unredacted log leaves through the document.
	for _, secret := range []string{"bob@example.com", "mallory@example.com", "secret line"} {
		if strings.Contains(doc.ContentMD, secret) {
			t.Errorf("document quotes %q from a log", secret)
		}
	}
	// The generation itself is on the timeline, but not inside later documents' timelines.
	var last timeline.Event
	for _, ev := range must[[]timeline.Event](t)(e.tl.List(ctx, id)) {
		if ev.Kind == timeline.KindDocGenerated {
			last = ev
		}
	}
	if last.OccurredAt != "2026-03-01 12:00:00" || last.Title != "Document generated: RCA: Checkout 500s" || last.Detail != "Template: Root cause analysis" {
		t.Errorf("timeline event = %+v", last)
	}
	again := must[docs.Document](t)(e.svc.Generate(ctx, id, docs.TemplatePostmortem))
	if strings.Contains(again.ContentMD, "Document generated") {
		t.Error("a document's timeline lists document events")
	}
	audits := e.auditDetails(t, docs.ActionGenerate)
	if len(audits) != 2 || !strings.Contains(audits[0], doc.ID) || !strings.Contains(audits[0], `"template":"rca"`) ||
		strings.Contains(audits[0], "Checkout") {
		t.Errorf("audit details = %q", audits)
	}
	vs := must[[]docs.VersionInfo](t)(e.svc.Versions(ctx, doc.ID))
	if len(vs) != 1 || vs[0].Source != docs.SourceGenerated || vs[0].Bytes != len(doc.ContentMD) || !vs[0].Current {
		t.Errorf("Versions = %+v", vs)
	}
}

func TestGenerateEmptyIncidentSaysSo(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.Issue(t, "VPN flaps")
	for _, tm := range docs.Templates() {
		doc := must[docs.Document](t)(e.svc.Generate(ctx, id, tm.ID))
		for _, sec := range tm.Sections {
			if !strings.Contains(doc.ContentMD, "\n## "+sec+"\n") {
				t.Errorf("%s: no section %q", tm.ID, sec)
			}
		}
		if strings.Contains(doc.ContentMD, "|") && strings.Contains(doc.ContentMD, "| Action |") {
			t.Errorf("%s: an empty action items table", tm.ID)
		}
	}
	rca := must[[]docs.Summary](t)(e.svc.List(ctx, id))
	got := must[docs.Document](t)(e.svc.Get(ctx, rca[len(rca)-1].ID))
	for _, want := range []string{"No action items were recorded for this incident.", "The five whys have not been worked yet.",
		"No logs were attached to this incident.", "No root cause has been identified yet.",
		"| Time to detect | — (no impact started and no detected event) |"} {
		if !strings.Contains(got.ContentMD, want) {
			t.Errorf("empty RCA lacks %q:\n%s", want, got.ContentMD)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.Issue(t, "x")
	_, err := e.svc.Generate(ctx, id, "nope")
	wantErr(t, err, apperr.ErrInvalid, "rca, postmortem, google-sre, pagerduty, atlassian")
	_, err = e.svc.Generate(ctx, "missing", docs.TemplateRCA)
	wantErr(t, err, apperr.ErrNotFound, `"missing"`)
	_, err = e.svc.List(ctx, "missing")
	wantErr(t, err, apperr.ErrNotFound, `"missing"`)
	_, err = e.svc.Get(ctx, "missing")
	wantErr(t, err, apperr.ErrNotFound, `"missing"`)
	_, err = e.svc.Save(ctx, "missing", docs.SaveInput{Title: "t"})
	wantErr(t, err, apperr.ErrNotFound, `"missing"`)
	wantErr(t, e.svc.Delete(ctx, "missing"), apperr.ErrNotFound, `"missing"`)
}

func (e *env) doc(t *testing.T) docs.Document {
	t.Helper()
	return must[docs.Document](t)(e.svc.Generate(context.Background(), e.Issue(t, "Disk full"), docs.TemplateRCA))
}

func (e *env) sources(t *testing.T, docID string) []string {
	t.Helper()
	var out []string
	for _, v := range must[[]docs.VersionInfo](t)(e.svc.Versions(context.Background(), docID)) {
		out = append(out, fmt.Sprintf("%d %s", v.Number, v.Source))
	}
	return out
}

func TestVersioningRule(t *testing.T) {
	ctx := context.Background()
	save := func(t *testing.T, e *env, id, content string) docs.Document {
		t.Helper()
		return must[docs.Document](t)(e.svc.Save(ctx, id, docs.SaveInput{Title: "Disk RCA", ContentMD: content}))
	}
	t.Run("edits within the window extend one version", func(t *testing.T) {
		e := newEnv(t)
		d := e.doc(t)
		e.clock.add(time.Second)
		save(t, e, d.ID, "a")
		e.clock.add(time.Minute)
		got := save(t, e, d.ID, "ab")
		if got.Version != 2 || got.ContentMD != "ab" || got.UpdatedAt != "2026-03-01 12:01:01" {
			t.Errorf("after merged save: %+v", got.Summary)
		}
		vs := must[[]docs.VersionInfo](t)(e.svc.Versions(ctx, d.ID))
		if vs[0].CreatedAt != "2026-03-01 12:00:01" || vs[0].UpdatedAt != "2026-03-01 12:01:01" || vs[0].Bytes != 2 {
			t.Errorf("merged version = %+v", vs[0])
		}
		// The window runs from the version's creation, not from the last save.
		e.clock.add(time.Minute)
		save(t, e, d.ID, "abc")
		if diff := cmp.Diff([]string{"3 edit", "2 edit", "1 generated"}, e.sources(t, d.ID)); diff != "" {
			t.Errorf("versions (-want +got):\n%s", diff)
		}
		if n := len(e.auditDetails(t, docs.ActionSave)); n != 2 {
			t.Errorf("%d document.save audit entries, want 2 (one per new version)", n)
		}
	})
	t.Run("NewVersion never merges", func(t *testing.T) {
		e := newEnv(t)
		d := e.doc(t)
		e.clock.add(time.Second)
		save(t, e, d.ID, "saved since")
		e.clock.add(time.Second)
		got := must[docs.Document](t)(e.svc.Save(ctx, d.ID, docs.SaveInput{Title: "Disk RCA", ContentMD: "restored edits", NewVersion: true}))
		if got.Version != 3 {
			t.Errorf("version %d, want 3", got.Version)
		}
		if v := must[docs.Version](t)(e.svc.Version(ctx, d.ID, 2)); v.ContentMD != "saved since" {
			t.Errorf("version 2 was overwritten: %q", v.ContentMD)
		}
	})
	t.Run("unchanged save is a no-op", func(t *testing.T) {
		e := newEnv(t)
		d := e.doc(t)
		e.clock.add(time.Hour)
		got := must[docs.Document](t)(e.svc.Save(ctx, d.ID, docs.SaveInput{Title: " " + d.Title + " ", ContentMD: d.ContentMD}))
		if got.Version != 1 || got.UpdatedAt != d.UpdatedAt {
			t.Errorf("no-op save changed the document: %+v", got.Summary)
		}
	})
	t.Run("a sealed version is never replaced", func(t *testing.T) {
		e := newEnv(t)
		d := e.doc(t)
		save(t, e, d.ID, "exported text")
		if err := e.svc.Seal(ctx, d.ID, 2); err != nil {
			t.Fatal(err)
		}
		save(t, e, d.ID, "later text")
		v2 := must[docs.Version](t)(e.svc.Version(ctx, d.ID, 2))
		if v2.ContentMD != "exported text" || !v2.Sealed {
			t.Errorf("sealed version 2 = %+v", v2)
		}
		if diff := cmp.Diff([]string{"3 edit", "2 edit", "1 generated"}, e.sources(t, d.ID)); diff != "" {
			t.Errorf("versions (-want +got):\n%s", diff)
		}
	})
	t.Run("an edit after SealCurrent starts a new version", func(t *testing.T) {
		e := newEnv(t)
		d := e.doc(t)
		save(t, e, d.ID, "reviewed for publishing")
		got := must[docs.Document](t)(e.svc.SealCurrent(ctx, d.ID))
		if got.Version != 2 || got.ContentMD != "reviewed for publishing" {
			t.Errorf("SealCurrent = %+v", got.Summary)
		}
		save(t, e, d.ID, "typed during the upload")
		if v := must[docs.Version](t)(e.svc.Version(ctx, d.ID, 2)); v.ContentMD != "reviewed for publishing" {
			t.Errorf("sealed version 2 changed to %q", v.ContentMD)
		}
		_, err := e.svc.SealCurrent(ctx, "missing")
		wantErr(t, err, apperr.ErrNotFound, "missing")
	})
	t.Run("a published version is never replaced", func(t *testing.T) {
		e := newEnv(t)
		d := e.doc(t)
		save(t, e, d.ID, "published text")
		if err := e.svc.SetPublication(ctx, d.ID, docs.Publication{PageID: "42", URL: "https://c/x", PageVersion: 1, DocVersion: 2}); err != nil {
			t.Fatal(err)
		}
		save(t, e, d.ID, "after publish")
		if v := must[docs.Version](t)(e.svc.Version(ctx, d.ID, 2)); v.ContentMD != "published text" || !v.Published {
			t.Errorf("published version 2 = %+v", v)
		}
		got := must[docs.Document](t)(e.svc.Get(ctx, d.ID))
		if got.Version != 3 || got.Publication == nil || got.Publication.DocVersion != 2 || got.Publication.PublishedAt != "2026-03-01 12:00:00" {
			t.Errorf("after publish: %+v %+v", got.Summary, got.Publication)
		}
	})
	t.Run("generated, restored and imported versions are never replaced", func(t *testing.T) {
		e := newEnv(t)
		d := e.doc(t)
		save(t, e, d.ID, "edit")
		must[docs.Document](t)(e.svc.Restore(ctx, d.ID, 1))
		save(t, e, d.ID, "edit 2")
		imp := docs.SaveInput{Title: "Disk RCA", ContentMD: "imported"}
		must[docs.Document](t)(e.svc.Replace(ctx, d.ID, imp, docs.SourceImport))
		must[docs.Document](t)(e.svc.Replace(ctx, d.ID, imp, docs.SourceImport)) // identical import: still a version
		save(t, e, d.ID, "edit 3")
		want := []string{"7 edit", "6 import", "5 import", "4 edit", "3 restore", "2 edit", "1 generated"}
		if diff := cmp.Diff(want, e.sources(t, d.ID)); diff != "" {
			t.Errorf("versions (-want +got):\n%s", diff)
		}
		r := must[docs.Version](t)(e.svc.Version(ctx, d.ID, 3))
		if r.ContentMD != d.ContentMD || r.Title != d.Title {
			t.Error("restore did not copy version 1")
		}
		_, err := e.svc.Replace(ctx, d.ID, imp, docs.SourceGenerated)
		wantErr(t, err, apperr.ErrInvalid, "source")
		_, err = e.svc.Restore(ctx, d.ID, 99)
		wantErr(t, err, apperr.ErrNotFound, "no version 99")
	})
}

func TestSaveKeepsTextByteForByte(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	d := e.doc(t)
	long := strings.Repeat("x", 100_000)
	texts := []string{
		"emoji 😀👩‍👩‍👧 and RTL שלום עליכם مرحبا\r\nCRLF kept\r\n",
		"trailing spaces  \n\n\n\t tabs\t\n",
		"a `]]>` and <b>raw html</b> and " + long,
		"",
		strings.Repeat("é", docs.MaxContentBytes/2), // exactly at the limit
	}
	for i, text := range texts {
		e.clock.add(time.Hour) // a new version each time
		title := fmt.Sprintf("Title %d ✓", i)
		got := must[docs.Document](t)(e.svc.Save(ctx, d.ID, docs.SaveInput{Title: title, ContentMD: text}))
		if got.ContentMD != text || got.Title != title {
			t.Errorf("text %d changed on save", i)
		}
		if v := must[docs.Version](t)(e.svc.Version(ctx, d.ID, got.Version)); v.ContentMD != text || v.Bytes != len(text) {
			t.Errorf("version %d: text changed or bytes %d != %d", got.Version, v.Bytes, len(text))
		}
	}
}

func TestSaveValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	d := e.doc(t)
	tests := []struct {
		name     string
		in       docs.SaveInput
		contains string
	}{
		{"empty title", docs.SaveInput{Title: "  "}, "title must be 1–300"},
		{"long title", docs.SaveInput{Title: strings.Repeat("t", 301)}, "title must be 1–300 characters (got 301)"},
		{"two-line title", docs.SaveInput{Title: "a\nb"}, "one line"},
		{"too big", docs.SaveInput{Title: "t", ContentMD: strings.Repeat("x", docs.MaxContentBytes+1)}, "at most 2097152 bytes"},
		{"not UTF-8", docs.SaveInput{Title: "t", ContentMD: "caf\xe9"}, "not valid UTF-8"},
		{"NUL", docs.SaveInput{Title: "t", ContentMD: "a\nb\x00"}, "NUL character (U+0000) on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.Save(ctx, d.ID, tt.in)
			wantErr(t, err, apperr.ErrInvalid, tt.contains)
		})
	}
	if got := must[docs.Document](t)(e.svc.Get(ctx, d.ID)); got.Version != 1 || got.ContentMD != d.ContentMD {
		t.Error("a refused save changed the document")
	}
}

func TestListDiffDeleteAndPublication(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.Issue(t, "Disk full")
	a := must[docs.Document](t)(e.svc.Generate(ctx, id, docs.TemplateRCA))
	e.clock.add(time.Minute)
	b := must[docs.Document](t)(e.svc.Generate(ctx, id, docs.TemplateGoogleSRE))
	e.clock.add(time.Minute)
	must[docs.Document](t)(e.svc.Save(ctx, a.ID, docs.SaveInput{Title: a.Title, ContentMD: "line 1\nline 2\nline 3\n"}))
	list := must[[]docs.Summary](t)(e.svc.List(ctx, id))
	if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID || list[0].Version != 2 {
		t.Errorf("List = %+v", list)
	}
	if empty := must[[]docs.Summary](t)(e.svc.List(ctx, e.Issue(t, "other"))); empty == nil || len(empty) != 0 {
		t.Errorf("List of an incident without documents = %#v, want []", empty)
	}

	e.clock.add(time.Hour)
	must[docs.Document](t)(e.svc.Save(ctx, a.ID, docs.SaveInput{Title: a.Title, ContentMD: "line 1\nline two\nline 3\nline 4"}))
	d := must[docs.Diff](t)(e.svc.Diff(ctx, a.ID, 2, 3))
	want := docs.Diff{From: 2, To: 3, Added: 2, Removed: 1, Lines: []docs.DiffLine{
		{Op: "equal", Text: "line 1", Old: 1, New: 1},
		{Op: "delete", Text: "line 2", Old: 2},
		{Op: "insert", Text: "line two", New: 2},
		{Op: "equal", Text: "line 3", Old: 3, New: 3},
		{Op: "insert", Text: "line 4", New: 4},
	}}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
	_, err := e.svc.Diff(ctx, a.ID, 1, 9)
	wantErr(t, err, apperr.ErrNotFound, "no version 9")

	// Publication recorded in the caller's transaction rolls back with it.
	boom := errors.New("audit failed")
	err = e.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := e.svc.SetPublicationTx(ctx, tx, a.ID, docs.Publication{PageID: "7", DocVersion: 3, PageVersion: 1}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got := must[docs.Document](t)(e.svc.Get(ctx, a.ID)); got.Publication != nil {
		t.Errorf("rolled back publication persisted: %+v", got.Publication)
	}
	if v := must[docs.Version](t)(e.svc.Version(ctx, a.ID, 3)); v.Sealed {
		t.Error("rolled back publication sealed the version")
	}
	err = e.svc.SetPublication(ctx, a.ID, docs.Publication{PageID: "7", DocVersion: 4})
	wantErr(t, err, apperr.ErrInvalid, "no version 4")
	p := docs.Publication{PageID: "7", URL: "https://wiki/x", PageVersion: 2, DocVersion: 3, SpaceKey: "OPS", BaseURL: "https://wiki",
		PublishedAt: "2026-03-01 15:00:00"}
	if err := e.svc.SetPublication(ctx, a.ID, p); err != nil {
		t.Fatal(err)
	}
	got := must[docs.Document](t)(e.svc.Get(ctx, a.ID))
	if diff := cmp.Diff(&p, got.Publication); diff != "" {
		t.Errorf("Publication (-want +got):\n%s", diff)
	}
	vs := must[[]docs.VersionInfo](t)(e.svc.Versions(ctx, a.ID))
	if !vs[0].Published || !vs[0].Sealed || vs[1].Published {
		t.Errorf("Versions after publish = %+v", vs)
	}
	if err := e.svc.ClearPublication(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := must[docs.Document](t)(e.svc.Get(ctx, a.ID)); got.Publication != nil {
		t.Errorf("after clear: %+v", got.Publication)
	}

	if err := e.svc.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Get(ctx, a.ID)
	wantErr(t, err, apperr.ErrNotFound, a.ID)
	var left int
	if err := e.DB.Read().QueryRow(`SELECT count(*) FROM document_versions WHERE document_id = ?`, a.ID).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d versions left after delete (%v)", left, err)
	}
	if del := e.auditDetails(t, docs.ActionDelete); len(del) != 1 || !strings.Contains(del[0], a.ID) {
		t.Errorf("delete audit = %q", del)
	}
	// Deleting the incident deletes its documents (ON DELETE CASCADE).
	if err := e.Incidents.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Get(ctx, b.ID)
	wantErr(t, err, apperr.ErrNotFound, b.ID)
}

// A document row written without versions (another tool, the seed's columns only) can still be
// read, saved and listed: the save becomes its next version.
func TestDocumentWithoutVersions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.Issue(t, "legacy")
	if err := e.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO documents (id, issue_id, doc_type, title, content_md, created_at, updated_at)
			VALUES ('legacy-doc', ?, 'rca', 'Old RCA', '# Old', 1000, 1000)`, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	got := must[docs.Document](t)(e.svc.Save(ctx, "legacy-doc", docs.SaveInput{Title: "Old RCA", ContentMD: "# New"}))
	if got.Version != 2 || got.ContentMD != "# New" {
		t.Errorf("Save = %+v", got.Summary)
	}
	if diff := cmp.Diff([]string{"2 edit"}, e.sources(t, "legacy-doc")); diff != "" {
		t.Errorf("versions (-want +got):\n%s", diff)
	}
}
