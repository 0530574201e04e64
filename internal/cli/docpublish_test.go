package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tftsr/internal/docs"
	"tftsr/internal/docs/publish"
	"tftsr/internal/incident"
	"tftsr/internal/integrations/confluence/confluencetest"
)

func TestDocExportAndPublish(t *testing.T) {
	t.Parallel()
	const token = "cloud-SECRET-token-9876"
	srv := confluencetest.New(t, confluencetest.Options{Email: "jane@example.com", Token: token, Spaces: map[string]string{"OPS": "Operations"}})
	h := newHarness(t)
	issue := runJSON[incident.Issue](h, "issue", "create", "--title", "Checkout down", "--json")
	doc := docJSON[docs.Summary](h, nil, "generate", issue.ID, "--template", "rca", "--json")

	// export: the file is written, the extension added; an existing file needs --force.
	dir := t.TempDir()
	res := runJSON[publish.ExportResult](h, "doc", "export", doc.ID, "--format", "pdf", "-o", filepath.Join(dir, "rca"), "--json")
	if b, err := os.ReadFile(filepath.Join(dir, "rca.pdf")); err != nil || !strings.HasPrefix(string(b), "%PDF-") || res.Bytes != int64(len(b)) {
		t.Fatalf("export pdf: %+v, %v", res, err)
	}
	if r := h.run("doc", "export", doc.ID, "--format", "pdf", "-o", filepath.Join(dir, "rca.pdf")); r.code != exitError || !strings.Contains(r.stderr, "--force") {
		t.Errorf("export onto an existing file: %+v", r)
	}
	if r := h.run("doc", "export", doc.ID, "--format", "pdf", "-o", filepath.Join(dir, "rca.pdf"), "--json"); r.code != exitError || !strings.Contains(r.stdout, `"code": "exists"`) {
		t.Errorf("export onto an existing file, --json: %+v", r)
	}
	if r := h.run("doc", "export", doc.ID, "--format", "pdf", "-o", filepath.Join(dir, "rca.pdf"), "--force"); r.code != 0 {
		t.Errorf("export --force: %+v", r)
	}
	if r := h.run("doc", "export", doc.ID, "--format", "odt", "-o", filepath.Join(dir, "x")); r.code != exitUsage {
		t.Errorf("unknown format: %+v", r)
	}

	// publish before configuring Confluence: a clear error, nothing sent.
	if r := h.run("doc", "publish", doc.ID); r.code == 0 || !strings.Contains(r.stderr, "not configured") {
		t.Errorf("publish unconfigured: %+v", r)
	}
	if r := h.runConfluenceCmd(token+"\n", "configure", "--base-url", srv.SiteURL(), "--deployment", "cloud", "--email", "jane@example.com", "--space", "OPS"); r.code != 0 {
		t.Fatalf("configure: %+v", r)
	}
	r := h.run("doc", "publish", doc.ID)
	pages := srv.Pages()
	if r.code != 0 || len(pages) != 1 || r.stdout != "page "+pages[0].ID+"  version 1  "+srv.URL()+"/spaces/OPS/pages/"+pages[0].ID+"/RCA%3A+Checkout+down\n" {
		t.Fatalf("publish: %+v pages %+v", r, pages)
	}

	// A document with a finding is not sent until --findings says what to do; values are not printed.
	content := "## Summary\n\nPaged oncall@example.org.\n"
	if r := h.runDocCmd(strings.NewReader(content), "set", doc.ID, "-"); r.code != 0 {
		t.Fatalf("set: %+v", r)
	}
	r = h.run("doc", "publish", doc.ID)
	if r.code != exitUsage || !strings.Contains(r.stderr, "has 1 finding;") || !strings.Contains(r.stderr, "email on line 3") || strings.Contains(r.stderr, "oncall@example.org") {
		t.Errorf("publish with a finding: %+v", r)
	}
	if srv.Pages()[0].Version != 1 {
		t.Fatal("something was sent without a decision")
	}
	pub := runJSON[docs.Publication](h, "doc", "publish", doc.ID, "--findings", "redact", "--json")
	pages = srv.Pages()
	if pub.PageVersion != 2 || pages[0].Version != 2 || strings.Contains(pages[0].Body, "oncall@example.org") || !strings.Contains(pages[0].Body, "[EMAIL-1]") {
		t.Fatalf("publish --findings redact: %+v, body %s", pub, pages[0].Body)
	}
}
