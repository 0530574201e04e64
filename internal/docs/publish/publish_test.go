package publish_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tftsr/internal/actions"
	"tftsr/internal/apperr"
	"tftsr/internal/docs"
	"tftsr/internal/docs/publish"
	"tftsr/internal/egress"
	"tftsr/internal/integrations"
	"tftsr/internal/integrations/confluence"
	"tftsr/internal/integrations/confluence/confluencetest"
	"tftsr/internal/pii"
	"tftsr/internal/redaction/redactiontest"
	"tftsr/internal/timeline"
	"tftsr/internal/triage"
)

const (
	email = "jane@example.com"
	token = "cloud-token-0123456789"
)

type env struct {
	*redactiontest.Env
	docs  *docs.Service
	integ *integrations.Service
	gate  *egress.Gate
	pub   *publish.Publisher
	fake  *confluencetest.Server
	slept []time.Duration
	issue string
	doc   docs.Document
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{Env: redactiontest.New(t)}
	now := func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }
	e.docs = docs.NewService(e.DB, e.Audit, docs.Sources{Incidents: e.Incidents, Timeline: timeline.NewService(e.DB, e.Audit, now),
		Triage: triage.NewService(e.DB, e.Audit, now), Actions: actions.NewService(e.DB, e.Audit, now), Redaction: e.Red}, now)
	var err error
	deps := confluence.Deps{Sleep: func(_ context.Context, d time.Duration) error { e.slept = append(e.slept, d); return nil }}
	if e.integ, err = integrations.NewService(e.DB, e.Audit, e.Master, deps, now); err != nil {
		t.Fatal(err)
	}
	if e.gate, err = egress.NewGate(e.Red, e.Master); err != nil {
		t.Fatal(err)
	}
	e.pub = &publish.Publisher{DB: e.DB, Audit: e.Audit, Docs: e.docs, Integ: e.integ, Now: now,
		Detector: func(ctx context.Context) (*pii.Detector, error) { d, _, err := e.Red.Detector(ctx); return d, err }}
	e.fake = confluencetest.New(t, confluencetest.Options{Email: email, Token: token, Spaces: map[string]string{"OPS": "Operations"}})
	tok := token
	if _, err := e.integ.SaveConfluence(context.Background(), integrations.ConfluenceInput{BaseURL: e.fake.SiteURL(), Deployment: "cloud",
		Email: email, SpaceKey: "OPS", Token: &tok}); err != nil {
		t.Fatal(err)
	}
	e.issue = e.Issue(t, "Checkout down")
	if e.doc, err = e.docs.Generate(context.Background(), e.issue, docs.TemplateRCA); err != nil {
		t.Fatal(err)
	}
	return e
}

// approve reviews the document's publish text, deciding every finding d, as the UI does.
func (e *env) approve(t *testing.T, d egress.Decision) (docs.Document, egress.Approved) {
	t.Helper()
	ctx := context.Background()
	doc, text, err := e.pub.Review(ctx, e.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	det, _, err := e.Red.Detector(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := egress.NewReview(det, text)
	for i := range r.Findings() {
		if err := r.Decide(i, d); err != nil {
			t.Fatal(err)
		}
	}
	a, _, err := e.gate.ApproveText(ctx, e.issue, r, "confluence")
	if err != nil {
		t.Fatal(err)
	}
	return doc, a
}

func (e *env) save(t *testing.T, content string) docs.Document {
	t.Helper()
	d, err := e.docs.Save(context.Background(), e.doc.ID, docs.SaveInput{Title: e.doc.Title, ContentMD: content})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (e *env) publish(t *testing.T, opt publish.Options) (docs.Publication, error) {
	t.Helper()
	d, a := e.approve(t, egress.Redact)
	return e.pub.Publish(context.Background(), d.ID, d.Version, a, opt)
}

func (e *env) auditDetails(t *testing.T, action string) []string {
	t.Helper()
	rows, err := e.DB.Read().Query(`SELECT details FROM audit_log WHERE action = ? ORDER BY rowid`, action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestPublishCreatesThenUpdatesTheSamePage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.save(t, "## Summary\n\nThe `orders_db` pool ran dry → checkout failed. 数据库 قاعدة\n\n```sh\necho ']]>'\n```\n")
	pub, err := e.publish(t, publish.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages := e.fake.Pages()
	if len(pages) != 1 || pages[0].ID != pub.PageID || pages[0].Version != 1 || pub.PageVersion != 1 || pages[0].Title != e.doc.Title {
		t.Fatalf("after first publish: pub %+v, pages %+v", pub, pages)
	}
	for _, w := range []string{"orders_db", "→ checkout failed", "数据库", "قاعدة", `<ac:parameter ac:name="language">bash</ac:parameter>`, "]]]]><![CDATA[>"} {
		if !strings.Contains(pages[0].Body, w) {
			t.Errorf("page body lacks %q:\n%s", w, pages[0].Body)
		}
	}
	if !strings.HasPrefix(pub.URL, e.fake.URL()) || !strings.Contains(pub.URL, pub.PageID) {
		t.Errorf("page URL %q", pub.URL)
	}
	got, err := e.docs.Get(ctx, e.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Publication == nil || got.Publication.PageID != pub.PageID || got.Publication.DocVersion != got.Version || got.Publication.SpaceKey != "OPS" {
		t.Fatalf("stored publication %+v", got.Publication)
	}
	// Audited: the page, its version and the SHA-256 of exactly the body Confluence received.
	sum := sha256.Sum256([]byte(pages[0].Body))
	det := e.auditDetails(t, publish.ActionPublish)
	if len(det) != 1 || !strings.Contains(det[0], hex.EncodeToString(sum[:])) || !strings.Contains(det[0], `"page":"`+pub.PageID+`"`) {
		t.Errorf("publish audit %v (want body sha %x)", det, sum)
	}
	if sends := e.auditDetails(t, publish.ActionSend); len(sends) == 0 || strings.Contains(strings.Join(sends, ""), "orders_db") {
		t.Errorf("send audit must exist and hold no text: %v", sends)
	}
	// Edit and publish again: the same page, version 2, with the edit.
	e.save(t, "## Summary\n\nEdited after review: the pool is now sized by load.\n")
	pub2, err := e.publish(t, publish.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages = e.fake.Pages()
	if pub2.PageID != pub.PageID || pub2.PageVersion != 2 || len(pages) != 1 || pages[0].Version != 2 || !strings.Contains(pages[0].Body, "Edited after review") {
		t.Fatalf("second publish: %+v pages %+v", pub2, pages)
	}
	tl, err := timeline.NewService(e.DB, e.Audit, nil).List(ctx, e.issue)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range tl {
		if ev.Kind == timeline.KindDocPublished {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d document.published events, want 2", n)
	}
}

func TestPublishSendsOnlyApprovedText(t *testing.T) {
	e := newEnv(t)
	e.save(t, "## Summary\n\nPaged jane.doe@example.org at 10:02; token ghp_abcdefghijklmnopqrstuvwxyz0123456789 was rotated.\n")
	if _, err := e.publish(t, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, q := range e.fake.Requests() {
		if b := string(q.Body); strings.Contains(b, "jane.doe@example.org") || strings.Contains(b, "ghp_abcdefghijklmnopqrstuvwxyz0123456789") {
			t.Fatalf("a redacted value reached Confluence: %s %s", q.Method, b)
		}
	}
	if body := e.fake.Pages()[0].Body; !strings.Contains(body, "[EMAIL-1]") {
		t.Errorf("the placeholder is missing from the page:\n%s", body)
	}
	d, err := e.docs.Get(context.Background(), e.doc.ID)
	if err != nil || !strings.Contains(d.ContentMD, "jane.doe@example.org") {
		t.Errorf("the local document must keep its text: %v", err)
	}
}

// A value the review of the Markdown cannot see — spelled with character references or escapes —
// reads whole on the page: publishing refuses and sends nothing.
func TestPublishRefusesValuesHiddenByEncoding(t *testing.T) {
	for _, hidden := range []string{"jane&#x40;corp&#x2e;com", "jane\\@corp\\.com", "10&#46;1.2.4"} {
		e := newEnv(t)
		e.save(t, "## Summary\n\nEscalated to "+hidden+".\n")
		_, err := e.publish(t, publish.Options{})
		if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), "only once converted") {
			t.Errorf("%s: %v", hidden, err)
		}
		for _, q := range e.fake.Requests() {
			if q.Method != "GET" {
				t.Errorf("%s: %s %s sent", hidden, q.Method, q.Path)
			}
		}
	}
}

// A create whose answer was lost left the page in Confluence but not on the document: publishing
// again takes that page (same body) instead of failing on its title forever; a page of the same
// title with other content is never taken over.
func TestPublishAfterALostCreate(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.save(t, "## Summary\n\nFirst text.\n")
	pub, err := e.publish(t, publish.Options{})
	if err != nil {
		t.Fatal(err)
	}
	forget := func() {
		if err := e.DB.Tx(ctx, func(tx *sql.Tx) error { return e.docs.ClearPublicationTx(ctx, tx, e.doc.ID) }); err != nil {
			t.Fatal(err)
		}
	}
	forget()
	again, err := e.publish(t, publish.Options{})
	if err != nil || again.PageID != pub.PageID || len(e.fake.Pages()) != 1 {
		t.Fatalf("publish after a lost create: %+v, %v, %d pages", again, err, len(e.fake.Pages()))
	}
	forget()
	e.save(t, "## Summary\n\nOther text.\n")
	_, err = e.publish(t, publish.Options{})
	if !errors.Is(err, apperr.ErrConflict) || !strings.Contains(err.Error(), "with other content already exists") || !strings.Contains(err.Error(), pub.URL) {
		t.Fatalf("title taken by other content: %v", err)
	}
	if p := e.fake.Pages()[0]; p.Version != 1 || strings.Contains(p.Body, "Other text") {
		t.Fatalf("the existing page was changed: %+v", p)
	}
}

func TestPublishRefusesAStaleReview(t *testing.T) {
	e := newEnv(t)
	d, a := e.approve(t, egress.Redact)
	e.save(t, "## Summary\n\nTyped after the review.\n")
	_, err := e.pub.Publish(context.Background(), d.ID, d.Version, a, publish.Options{})
	if !errors.Is(err, apperr.ErrConflict) || len(e.fake.Pages()) != 0 {
		t.Fatalf("stale review: err %v, pages %d", err, len(e.fake.Pages()))
	}
}

func TestPublishFailuresLeaveTheDocumentAlone(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	before := e.save(t, "## Summary\n\nKept whatever happens. 🔥 שלום\n")
	for _, c := range []struct {
		status int
		want   error
	}{{401, apperr.ErrAuth}, {403, apperr.ErrAuth}, {404, apperr.ErrNotFound}, {500, apperr.ErrUpstream}} {
		e.fake.Fail("create", c.status, "", 1)
		if _, err := e.publish(t, publish.Options{}); !errors.Is(err, c.want) {
			t.Errorf("create answered %d: err %v, want %v", c.status, err, c.want)
		}
	}
	after, err := e.docs.Get(ctx, e.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.ContentMD != before.ContentMD || after.Title != before.Title || after.Publication != nil {
		t.Fatalf("a failed publish changed the document: %+v", after)
	}
}

// The credentials are checked before anything is written (an expired token must not publish as
// Data Center's anonymous user).
func TestPublishChecksTheUserFirst(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail("user", 401, "", 1)
	if _, err := e.publish(t, publish.Options{}); !errors.Is(err, apperr.ErrAuth) {
		t.Fatalf("publish with refused credentials: %v", err)
	}
	for _, q := range e.fake.Requests() {
		if q.Method != "GET" {
			t.Fatalf("%s %s sent after the user check failed", q.Method, q.Path)
		}
	}
}

func TestPublishWaitsWhenConfluenceAsks(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail("create", 429, "7", 1)
	var waits []string
	_, err := e.publish(t, publish.Options{OnWait: func(d time.Duration, status int) { waits = append(waits, d.String()+"/"+string(rune('0'+status/100))) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(waits) != 1 || waits[0] != "7s/4" || len(e.slept) != 1 || e.slept[0] != 7*time.Second {
		t.Fatalf("waits %v slept %v", waits, e.slept)
	}
}

func TestPublishConflictAndDeletedPage(t *testing.T) {
	e := newEnv(t)
	pub, err := e.publish(t, publish.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Someone edited the page in Confluence: the update re-reads and writes the next version.
	e.fake.BumpVersion(pub.PageID)
	e.save(t, "## Summary\n\nSecond.\n")
	pub2, err := e.publish(t, publish.Options{})
	if err != nil || pub2.PageVersion != 3 {
		t.Fatalf("after a concurrent edit: %+v, %v", pub2, err)
	}
	// The page was deleted: reported as gone, then recreated when asked.
	e.fake.DeletePage(pub.PageID)
	e.save(t, "## Summary\n\nThird.\n")
	if _, err := e.publish(t, publish.Options{}); !errors.Is(err, apperr.ErrGone) {
		t.Fatalf("deleted page: %v", err)
	}
	pub3, err := e.publish(t, publish.Options{Recreate: true})
	if err != nil || pub3.PageID == pub.PageID || pub3.PageVersion != 1 {
		t.Fatalf("recreate: %+v, %v", pub3, err)
	}
}

func TestExport(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.save(t, "## Summary\n\n`user_id_field` → fixed. 数据库\n")
	dir := t.TempDir()
	for _, f := range publish.Formats {
		res, err := e.pub.Export(ctx, e.doc.ID, f, filepath.Join(dir, "rca"), false)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		b, err := os.ReadFile(res.Path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if res.Path != filepath.Join(dir, "rca."+f) || res.Bytes != int64(len(b)) || res.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: result %+v", f, res)
		}
		switch f {
		case publish.FormatPDF:
			if !strings.HasPrefix(string(b), "%PDF-") {
				t.Errorf("pdf starts %q", b[:8])
			}
		default:
			if !strings.Contains(string(b), "user_id_field") || !strings.Contains(string(b), "数据库") {
				t.Errorf("%s lacks the text", f)
			}
		}
	}
	// Never overwritten without asking; replaced when asked.
	path := filepath.Join(dir, "rca.md")
	if err := os.WriteFile(path, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := e.pub.Export(ctx, e.doc.ID, "md", path, false); !errors.Is(err, apperr.ErrExists) {
		t.Fatalf("existing file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Fatalf("existing file changed: %q", b)
	}
	if _, err := e.pub.Export(ctx, e.doc.ID, "md", path, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "user_id_field") {
		t.Fatalf("overwrite: %q", b)
	}
	if _, err := e.pub.Export(ctx, e.doc.ID, "docx", filepath.Join(dir, "x"), false); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("unknown format: %v", err)
	}
	if _, err := e.pub.Export(ctx, e.doc.ID, "md", "relative.md", false); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("relative path: %v", err)
	}
	if det := e.auditDetails(t, publish.ActionExport); len(det) != 4 || !strings.Contains(det[0], `"format":"md"`) || strings.Contains(det[0], "user_id_field") {
		t.Errorf("export audit: %v", det)
	}
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		if strings.HasPrefix(en.Name(), ".tftsr-export") {
			t.Errorf("temporary file left behind: %s", en.Name())
		}
	}
}
