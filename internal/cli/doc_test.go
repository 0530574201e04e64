package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tftsr/internal/docs"
	"tftsr/internal/incident"
)

// runDocCmd runs "tftsr doc ARGS…" with stdin, the way Run dispatches a command, and checks that
// every system it opened was closed again.
func (h *harness) runDocCmd(stdin io.Reader, args ...string) result {
	h.t.Helper()
	var stdout, stderr bytes.Buffer
	before := len(h.opened)
	e := &env{ctx: context.Background(), stdin: stdin, stdout: &stdout, stderr: &stderr, open: h.open, version: testVersion, json: wantsJSON(args)}
	code := e.finish(runDoc(e, args))
	for _, sys := range h.opened[before:] {
		if err := sys.DB.Read().Ping(); err == nil || !strings.Contains(err.Error(), "closed") {
			h.t.Errorf("%q: database left open after the command (ping: %v)", args, err)
		}
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func docJSON[T any](h *harness, stdin io.Reader, args ...string) T {
	h.t.Helper()
	r := h.runDocCmd(stdin, args...)
	if r.code != 0 || r.stderr != "" {
		h.t.Fatalf("%q: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
	}
	var v T
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		h.t.Fatalf("%q: decode %q: %v", args, r.stdout, err)
	}
	return v
}

func TestDocCommands(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	issue := runJSON[incident.Issue](h, "issue", "create", "--title", "Disk full on db-01", "--severity", "high", "--json")

	// generate (plain): one line "ID  v1  TITLE".
	r := h.runDocCmd(nil, "generate", issue.ID, "--template", "rca")
	fields := strings.SplitN(strings.TrimSpace(r.stdout), "  ", 3)
	if r.code != 0 || len(fields) != 3 || fields[1] != "v1" || fields[2] != "RCA: Disk full on db-01" {
		t.Fatalf("generate: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	docID := fields[0]

	// generate (JSON), a minute later: the post-mortem is listed first.
	h.clock.set(time.Minute)
	pm := docJSON[docs.Summary](h, nil, "generate", issue.ID, "--template", "postmortem", "--json")
	if pm.Template != "postmortem" || pm.Version != 1 || pm.IssueID != issue.ID || pm.CreatedAt != stamp(time.Minute) {
		t.Errorf("generate --json = %+v", pm)
	}
	list := docJSON[[]docs.Summary](h, nil, "list", issue.ID, "--json")
	if len(list) != 2 || list[0].ID != pm.ID || list[1].ID != docID {
		t.Errorf("list --json = %+v", list)
	}
	r = h.runDocCmd(nil, "list", issue.ID)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "ID ") || !strings.Contains(r.stdout, docID) || !strings.Contains(r.stdout, "RCA: Disk full on db-01") {
		t.Errorf("list: exit %d, stdout %q", r.code, r.stdout)
	}

	// set from a file keeps the bytes and the title, as a new "import" version.
	content := "# Edited\r\n\r\nArrows → and שלום 😀, identifiers like orders_api_v2.\n"
	file := filepath.Join(t.TempDir(), "rca.md")
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	h.clock.set(2 * time.Minute)
	r = h.runDocCmd(nil, "set", docID, file)
	if r.code != 0 || r.stdout != docID+"  v2  RCA: Disk full on db-01\n" {
		t.Fatalf("set: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	got := docJSON[docs.Document](h, nil, "show", docID, "--json")
	if got.ContentMD != content || got.Version != 2 {
		t.Errorf("show --json after set: version %d, content %q", got.Version, got.ContentMD)
	}
	// set from standard input with a new title.
	set := docJSON[docs.Summary](h, strings.NewReader("from stdin\n"), "set", docID, "-", "--title", "Disk RCA", "--json")
	if set.Version != 3 || set.Title != "Disk RCA" {
		t.Errorf("set - --json = %+v", set)
	}
	r = h.runDocCmd(nil, "show", docID)
	if r.code != 0 || r.stdout != "from stdin\n" {
		t.Errorf("show: exit %d, stdout %q", r.code, r.stdout)
	}
	r = h.runDocCmd(nil, "show", docID, "--version", "2")
	if r.code != 0 || r.stdout != content {
		t.Errorf("show --version 2: exit %d, stdout %q", r.code, r.stdout)
	}
	v1 := docJSON[docs.Version](h, nil, "show", docID, "--version", "1", "--json")
	if v1.Source != docs.SourceGenerated || !strings.HasPrefix(v1.ContentMD, "# RCA: Disk full on db-01\n") {
		t.Errorf("show --version 1 --json = %+v", v1.VersionInfo)
	}
	sys := h.system()
	vs, err := sys.Docs.Versions(context.Background(), docID)
	if err != nil || len(vs) != 3 || vs[0].Source != docs.SourceImport || vs[1].Source != docs.SourceImport {
		t.Errorf("versions after two sets = %+v, %v", vs, err)
	}
}

func TestDocCommandErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	issue := runJSON[incident.Issue](h, "issue", "create", "--title", "x", "--json")
	doc := docJSON[docs.Summary](h, nil, "generate", issue.ID, "--template", "rca", "--json")
	big := filepath.Join(t.TempDir(), "big.md")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), docs.MaxContentBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	latin1 := filepath.Join(t.TempDir(), "latin1.md")
	if err := os.WriteFile(latin1, []byte("caf\xe9\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"no subcommand", nil, exitUsage, "doc: missing subcommand"},
		{"unknown subcommand", []string{"frobnicate"}, exitUsage, `unknown subcommand "frobnicate"`},
		{"generate without template", []string{"generate", issue.ID}, exitUsage, "--template is required"},
		{"generate unknown template", []string{"generate", issue.ID, "--template", "nope"}, exitUsage, "rca, postmortem, google-sre, pagerduty, atlassian"},
		{"generate unknown incident", []string{"generate", "missing", "--template", "rca"}, exitError, `no incident with id "missing"`},
		{"list without incident", []string{"list"}, exitUsage, "missing incident ID"},
		{"show unknown document", []string{"show", "missing"}, exitError, `no document with id "missing"`},
		{"show unknown version", []string{"show", doc.ID, "--version", "9"}, exitError, "has no version 9"},
		{"show version 0", []string{"show", doc.ID, "--version", "0"}, exitUsage, "--version must be 1 or more"},
		{"set missing file", []string{"set", doc.ID, "/nonexistent/x.md"}, exitError, "does not exist"},
		{"set one argument", []string{"set", doc.ID}, exitUsage, "expected DOC and FILE"},
		{"set too big", []string{"set", doc.ID, big}, exitUsage, "larger than a document can hold"},
		{"set not UTF-8", []string{"set", doc.ID, latin1}, exitUsage, "not valid UTF-8"},
		{"set bad title", []string{"set", doc.ID, latin1, "--title", "a\nb"}, exitUsage, "one line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.runDocCmd(nil, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.contains) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", r.code, r.stderr, tt.code, tt.contains)
			}
		})
	}
	// --json errors go to stdout with a stable code.
	r := h.runDocCmd(nil, "show", "missing", "--json")
	if r.code != exitError || !strings.Contains(r.stdout, `"code": "not_found"`) {
		t.Errorf("show missing --json: exit %d, stdout %q", r.code, r.stdout)
	}
	// Nothing refused changed the document.
	if got := docJSON[[]docs.Summary](h, nil, "list", issue.ID, "--json"); len(got) != 1 || got[0].Version != 1 {
		t.Errorf("after refused commands: %+v", got)
	}
}
