package boot

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"tftsr/internal/ai/aitest"
	"tftsr/internal/app"
	"tftsr/internal/apperr"
	"tftsr/internal/chat"
	"tftsr/internal/docs"
	"tftsr/internal/incident"
	"tftsr/internal/integrations"
	"tftsr/internal/integrations/confluence/confluencetest"
)

// docHost records every event and "chooses" savePath in the save dialog.
type docHost struct {
	recHost
	savePath string
	mu       sync.Mutex
	waits    []app.ConfluenceWait
}

func (h *docHost) SaveFile(string, string, []app.FileFilter) (string, error) { return h.savePath, nil }
func (h *docHost) Emit(name string, data any) {
	if w, ok := data.(app.ConfluenceWait); ok && name == app.EventConfluenceWait {
		h.mu.Lock()
		h.waits = append(h.waits, w)
		h.mu.Unlock()
		return
	}
	h.recHost.Emit(name, data)
}

// TestDocumentsEndToEnd drives the bound document services as the UI does: generate, edit, draft
// a section with the AI (reviewed), export through the save dialog, configure Confluence and
// publish (reviewed, with a rate-limit wait), edit and publish again. What reached the AI
// provider and Confluence holds only approved text.
func TestDocumentsEndToEnd(t *testing.T) {
	ctx := context.Background()
	c := newChatSystem(t, 0)
	host := &docHost{recHost: recHost{done: make(chan chat.StreamEvent, 8)}, savePath: filepath.Join(t.TempDir(), "rca")}
	b := c.sys.Bindings(ctx, "test", nil, host)
	ds, cs, eg := service[*app.DocumentService](t, b), service[*app.ConfluenceService](t, b), service[*app.EgressService](t, b)
	inc, err := c.sys.Incidents.Create(ctx, incident.CreateInput{Title: "Checkout down"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := ds.Generate(inc.ID, docs.TemplatePostmortem)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "oncall.lead@example.org"
	d, err = ds.Save(d.ID, docs.SaveInput{Title: d.Title, ContentMD: "## Summary\n\nPaged " + secret + ".\n\n## What went well\n\nNot written yet.\n"})
	if err != nil {
		t.Fatal(err)
	}

	// AI draft of one section: the prompt is reviewed first; only the placeholder reaches the AI.
	rev, err := ds.ReviewDraft(d.ID, "What went well", "two sentences")
	if err != nil {
		t.Fatal(err)
	}
	if len(rev.Findings) != 1 {
		t.Fatalf("draft review findings = %+v", rev.Findings)
	}
	if _, err := ds.Draft(d.ID, app.DraftInput{Section: "What went well", ReviewID: rev.ID, Decisions: nil}); !errors.Is(err, apperr.ErrInvalid) {
		t.Fatalf("draft without decisions: %v", err)
	}
	c.fake.Enqueue(aitest.Reply{Chunks: []string{"## What went well\n\nThe failover ", "alert fired within a minute."}})
	dr, err := ds.Draft(d.ID, app.DraftInput{Section: "What went well", ReviewID: rev.ID, Decisions: []string{"redact"}})
	if err != nil {
		t.Fatal(err)
	}
	if dr.Text != "The failover alert fired within a minute." {
		t.Fatalf("draft text %q", dr.Text)
	}
	reqs := c.fake.Requests()
	if len(reqs) != 1 || strings.Contains(string(reqs[0].Body), secret) || !strings.Contains(string(reqs[0].Body), "[EMAIL-1]") {
		t.Fatalf("draft request: %d requests, body %s", len(reqs), reqs[0].Body)
	}
	// Nothing enters the document until accepted.
	if cur, _ := ds.Get(d.ID); strings.Contains(cur.ContentMD, "failover") {
		t.Fatal("a draft entered the document before it was accepted")
	}
	d, err = ds.ApplyDraft(d.ID, dr.Section, dr.Text)
	if err != nil || !strings.Contains(d.ContentMD, "## What went well\n\nThe failover alert fired within a minute.\n") || !strings.Contains(d.ContentMD, secret) {
		t.Fatalf("apply draft: %v\n%s", err, d.ContentMD)
	}

	// Export through the save dialog; never over an existing file without asking.
	path, err := ds.ChooseExportPath(d.ID, "pdf")
	if err != nil || path != host.savePath+".pdf" {
		t.Fatalf("choose export path: %q, %v", path, err)
	}
	if _, err := ds.Export(d.ID, app.ExportInput{Format: "pdf", Path: path}); err != nil {
		t.Fatal(err)
	}
	if _, err := ds.Export(d.ID, app.ExportInput{Format: "pdf", Path: path}); apperr.Code(err) != "exists" {
		t.Fatalf("second export: %v", err)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("exported file: %v", err)
	}

	// Confluence: not configured yet → a clear error; then configured (tested on save).
	fake := confluencetest.New(t, confluencetest.Options{Email: "jane@example.com", Token: "tok-0123456789", Spaces: map[string]string{"OPS": "Operations"}})
	rp, err := ds.ReviewPublish(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ds.Publish(d.ID, app.PublishInput{ReviewID: rp.ID, Decisions: []string{"redact"}}); err == nil || !strings.Contains(err.Error(), "not configured") {
		t.Fatalf("publish unconfigured: %v", err)
	}
	tok := "tok-0123456789"
	if _, err := cs.Save(integrations.ConfluenceInput{BaseURL: fake.SiteURL(), Deployment: "cloud", Email: "jane@example.com", SpaceKey: "OPS", Token: &tok}); err != nil {
		t.Fatal(err)
	}
	// A review of typed text cannot publish a document.
	typed, err := eg.ReviewText(inc.ID, "hello")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ds.Publish(d.ID, app.PublishInput{ReviewID: typed.ID}); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("publish with a chat review: %v", err)
	}
	// Typing after the review makes it stale: nothing is sent, the user reviews again.
	rp, err = ds.ReviewPublish(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d, err = ds.Save(d.ID, docs.SaveInput{Title: d.Title, ContentMD: d.ContentMD + "\nTyped after the review.\n"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ds.Publish(d.ID, app.PublishInput{ReviewID: rp.ID, Decisions: []string{"redact"}}); !errors.Is(err, apperr.ErrConflict) || !strings.Contains(err.Error(), "changed since it was reviewed") {
		t.Fatalf("publish with a stale review: %v", err)
	}
	if n := len(fake.Pages()); n != 0 {
		t.Fatalf("%d pages after a stale review", n)
	}
	rp, err = ds.ReviewPublish(d.ID)
	if err != nil || len(rp.Findings) != 1 || rp.Findings[0].Placeholder != "[EMAIL-1]" {
		t.Fatalf("publish review: %+v, %v", rp, err)
	}
	fake.Fail("create", 429, "1", 1)
	pub, err := ds.Publish(d.ID, app.PublishInput{ReviewID: rp.ID, Decisions: []string{"redact"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(host.waits) != 1 || host.waits[0] != (app.ConfluenceWait{DocID: d.ID, Seconds: 1, Status: 429}) {
		t.Errorf("wait events %+v", host.waits)
	}
	// Edit, publish again: the same page, version 2, with the edit and without the secret.
	if _, err := ds.Save(d.ID, docs.SaveInput{Title: d.Title, ContentMD: d.ContentMD + "\n## Follow-up\n\nEdited after the first publish.\n"}); err != nil {
		t.Fatal(err)
	}
	rp, err = ds.ReviewPublish(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	pub2, err := ds.Publish(d.ID, app.PublishInput{ReviewID: rp.ID, Decisions: []string{"redact"}})
	if err != nil {
		t.Fatal(err)
	}
	pages := fake.Pages()
	if pub2.PageID != pub.PageID || pub2.PageVersion != 2 || len(pages) != 1 || !strings.Contains(pages[0].Body, "Edited after the first publish.") {
		t.Fatalf("second publish %+v, pages %+v", pub2, pages)
	}
	for _, q := range fake.Requests() {
		if strings.Contains(string(q.Body), secret) {
			t.Fatalf("the redacted address reached Confluence: %s", q.Body)
		}
	}
	// Every request to Confluence was audited before it was sent: the connection test's against
	// the integration, the publishes' against the document.
	var tests, sends int
	if err := c.sys.DB.Read().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'confluence.send' AND entity_type = 'integration'`).Scan(&tests); err != nil {
		t.Fatal(err)
	}
	if err := c.sys.DB.Read().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'confluence.send' AND entity_id = ?`, d.ID).Scan(&sends); err != nil {
		t.Fatal(err)
	}
	if total := len(fake.Requests()); tests == 0 || tests+sends != total {
		t.Errorf("audited %d test + %d publish requests, the fake received %d", tests, sends, total)
	}
	got, err := ds.Get(d.ID)
	if err != nil || got.Publication == nil || got.Publication.PageVersion != 2 || got.Publication.URL != pub2.URL || !strings.Contains(got.ContentMD, secret) {
		t.Fatalf("document after publishing: %+v, %v", got, err)
	}
}
