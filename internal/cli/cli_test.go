package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"tftsr/internal/app"
	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/boot"
	"tftsr/internal/config"
	"tftsr/internal/incident"
	"tftsr/internal/keys"
)

const (
	testVersion    = "1.2.3-test"
	testPassphrase = "test-passphrase"
)

// t0 is the fake clock's start; timestamps below are derived from it.
var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func stamp(d time.Duration) string { return t0.Add(d).Format("2006-01-02 15:04:05") }

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t0.Add(d)
}

// noKeyring fails the test if the key resolution ever reaches the keyring (TFTSR_DB_KEY is set).
type noKeyring struct{ t *testing.T }

func (k noKeyring) Get(service, user string) (string, error) {
	k.t.Errorf("keyring Get(%q, %q) called; the key must come from TFTSR_DB_KEY", service, user)
	return "", errors.New("no keyring in tests")
}

func (k noKeyring) Set(service, user, _ string) error {
	k.t.Errorf("keyring Set(%q, %q) called; the key must come from TFTSR_DB_KEY", service, user)
	return errors.New("no keyring in tests")
}

// memKeyring is an in-memory OS keyring. Most tests use it: the key is then a raw 256-bit key,
// so each of the many opens skips the passphrase's PBKDF2 (256,000 rounds; seconds under -race).
type memKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *memKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[service+"/"+user]
	if !ok {
		return "", keys.ErrNoEntry
	}
	return v, nil
}

func (k *memKeyring) Set(service, user, v string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[service+"/"+user] = v
	return nil
}

// harness runs the CLI against a real encrypted database in a temp dir.
type harness struct {
	t       *testing.T
	dataDir string
	env     config.Env
	keyring keys.Keyring
	clock   *fakeClock
	opened  []*boot.System
}

// newHarness keys the database from an in-memory keyring.
func newHarness(t *testing.T) *harness {
	return newHarnessWith(t, map[string]string{}, &memKeyring{m: map[string]string{}})
}

// newPassphraseHarness keys the database with TFTSR_DB_KEY, as a user without a keyring would.
func newPassphraseHarness(t *testing.T) *harness {
	return newHarnessWith(t, map[string]string{"TFTSR_DB_KEY": testPassphrase}, noKeyring{t})
}

func newHarnessWith(t *testing.T, vars map[string]string, kr keys.Keyring) *harness {
	t.Helper()
	dataDir := t.TempDir()
	home := t.TempDir()
	vars["TFTSR_DATA_DIR"] = dataDir
	return &harness{
		t:       t,
		dataDir: dataDir,
		env: config.Env{
			Getenv:  func(k string) string { return vars[k] },
			HomeDir: func() (string, error) { return home, nil },
			GOOS:    "linux",
		},
		keyring: kr,
		clock:   &fakeClock{t: t0},
	}
}

func (h *harness) open(ctx context.Context) (*boot.System, error) {
	sys, err := boot.Open(ctx, boot.Options{Env: h.env, Keyring: h.keyring, Now: h.clock.Now})
	if err == nil {
		h.opened = append(h.opened, sys)
	}
	return sys, err
}

// system opens the database directly (for setup and tampering); it is closed at cleanup.
func (h *harness) system() *boot.System {
	h.t.Helper()
	sys, err := boot.Open(context.Background(), boot.Options{Env: h.env, Keyring: h.keyring, Now: h.clock.Now})
	if err != nil {
		h.t.Fatalf("boot.Open: %v", err)
	}
	h.t.Cleanup(func() { _ = sys.Close() })
	return sys
}

type result struct {
	code           int
	stdout, stderr string
}

// run executes the CLI and checks that every system it opened was closed again.
func (h *harness) run(args ...string) result {
	h.t.Helper()
	var stdout, stderr bytes.Buffer
	before := len(h.opened)
	code := Run(context.Background(), args, &stdout, &stderr, h.open, testVersion)
	for _, sys := range h.opened[before:] {
		if err := sys.DB.Read().Ping(); err == nil || !strings.Contains(err.Error(), "closed") {
			h.t.Errorf("%q: database left open after Run (ping: %v)", args, err)
		}
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// runJSON runs a command expected to succeed and decodes its stdout into T.
func runJSON[T any](h *harness, args ...string) T {
	h.t.Helper()
	r := h.run(args...)
	if r.code != 0 {
		h.t.Fatalf("%q: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
	}
	if r.stderr != "" {
		h.t.Errorf("%q: unexpected stderr %q", args, r.stderr)
	}
	var v T
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		h.t.Fatalf("%q: decode %q: %v", args, r.stdout, err)
	}
	return v
}

// noOpen is an Opener for commands that must not touch the database.
func noOpen(t *testing.T) Opener {
	return func(context.Context) (*boot.System, error) {
		t.Errorf("the database was opened")
		return nil, errors.New("must not open")
	}
}

func TestIssueRoundtrip(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	// create (JSON) — tags are normalised, source is cli.
	first := runJSON[incident.Issue](h, "issue", "create", "--title", "Disk full on db-01",
		"--description", "The /var partition is at 100%", "--severity", "high", "--domain", "Linux",
		"--assignee", "alice", "--tag", "storage", "--tag", "DB", "--json")
	if first.ID == "" {
		t.Fatal("create: empty id")
	}
	wantFirst := incident.Issue{
		ID: first.ID, Title: "Disk full on db-01", Description: "The /var partition is at 100%",
		Severity: "high", Status: "open", Domain: "Linux", Source: "cli", CreatedAt: stamp(0),
		UpdatedAt: stamp(0), AssignedTo: "alice", Tags: []string{"storage", "db"},
	}
	if diff := cmp.Diff(wantFirst, first); diff != "" {
		t.Errorf("create --json (-want +got):\n%s", diff)
	}

	// create (plain) prints only the id; severity defaults to medium.
	h.clock.set(time.Minute)
	r := h.run("issue", "create", "--title", "VPN flaps")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("create plain: exit %d, stderr %q", r.code, r.stderr)
	}
	secondID := strings.TrimSpace(r.stdout)
	if secondID == "" || strings.Contains(secondID, "\n") || r.stdout != secondID+"\n" {
		t.Fatalf("create plain: stdout %q, want one id line", r.stdout)
	}
	second := incident.Issue{
		ID: secondID, Title: "VPN flaps", Severity: "medium", Status: "open", Source: "cli",
		CreatedAt: stamp(time.Minute), UpdatedAt: stamp(time.Minute), Tags: []string{},
	}

	lists := []struct {
		name string
		args []string
		want incident.ListResult
	}{
		{
			name: "default is newest first",
			args: []string{"issue", "list", "--json"},
			want: incident.ListResult{Items: []incident.Issue{second, wantFirst}, Total: 2},
		},
		{
			name: "filters",
			args: []string{"issue", "list", "--status", "open", "--status", "investigating", "--severity", "high",
				"--domain", "Linux", "--assignee", "alice", "--tag", "db", "--json"},
			want: incident.ListResult{Items: []incident.Issue{wantFirst}, Total: 1},
		},
		{
			name: "sort ascending with limit and offset",
			args: []string{"issue", "list", "--sort", "title", "--asc", "--limit", "1", "--offset", "1", "--json"},
			want: incident.ListResult{Items: []incident.Issue{second}, Total: 2},
		},
		{
			name: "no match",
			args: []string{"issue", "list", "--severity", "critical", "--json"},
			want: incident.ListResult{Items: []incident.Issue{}, Total: 0},
		},
	}
	for _, tt := range lists {
		t.Run("list/"+tt.name, func(t *testing.T) {
			got := runJSON[incident.ListResult](h, tt.args...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.args, diff)
			}
		})
	}

	// Plain list: a table and the count line.
	r = h.run("issue", "list")
	if r.code != 0 {
		t.Fatalf("list plain: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, want := range []string{"ID", "SEVERITY", "STATUS", "TITLE", "UPDATED", first.ID, secondID,
		"Disk full on db-01", "high", stamp(time.Minute), "\n2 of 2\n"} {
		if !strings.Contains("\n"+r.stdout, want) {
			t.Errorf("list plain: missing %q in\n%s", want, r.stdout)
		}
	}

	// show, with the flag after the id.
	detail := runJSON[incident.Detail](h, "issue", "show", first.ID, "--json")
	wantDetail := incident.Detail{Issue: wantFirst, LogFiles: []incident.LogFile{},
		ResolutionSteps: []incident.ResolutionStep{}, Conversations: []incident.Conversation{}}
	if diff := cmp.Diff(wantDetail, detail); diff != "" {
		t.Errorf("show --json (-want +got):\n%s", diff)
	}
	r = h.run("issue", "show", first.ID)
	for _, want := range []string{first.ID, "Disk full on db-01", "high", "open", "Linux", "alice",
		"storage, db", "cli", "Log files:", "Resolution steps:", "Conversations:", "The /var partition is at 100%"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show plain: missing %q in\n%s", want, r.stdout)
		}
	}

	// update: only the given fields change; --tag replaces; --status goes through SetStatus.
	h.clock.set(2 * time.Minute)
	updated := runJSON[incident.Issue](h, "issue", "update", first.ID, "--title", "Disk full on db-01 (var)",
		"--tag", "storage", "--status", "resolved", "--json")
	wantUpdated := wantFirst
	wantUpdated.Title = "Disk full on db-01 (var)"
	wantUpdated.Tags = []string{"storage"}
	wantUpdated.Status = "resolved"
	wantUpdated.UpdatedAt = stamp(2 * time.Minute)
	wantUpdated.ResolvedAt = stamp(2 * time.Minute)
	if diff := cmp.Diff(wantUpdated, updated); diff != "" {
		t.Errorf("update --json (-want +got):\n%s", diff)
	}
	detail = runJSON[incident.Detail](h, "issue", "show", "--json", first.ID)
	if diff := cmp.Diff(wantUpdated, detail.Issue); diff != "" {
		t.Errorf("show after update (-want +got):\n%s", diff)
	}

	// A bad --status is refused before any field is written.
	r = h.run("issue", "update", first.ID, "--title", "should not be stored", "--status", "bogus")
	if r.code != 2 || !strings.Contains(r.stderr, "status") {
		t.Errorf("update bad status: exit %d, stderr %q; want 2 and a message about status", r.code, r.stderr)
	}
	if got := runJSON[incident.Detail](h, "issue", "show", first.ID, "--json").Issue; got.Title != wantUpdated.Title {
		t.Errorf("update with bad status changed the title to %q", got.Title)
	}

	// Only --status: reopening clears resolved_at; --tag "" clears tags; plain output is the issue.
	h.clock.set(3 * time.Minute)
	r = h.run("issue", "update", secondID, "--status", "investigating", "--tag", "", "--assignee", "bob")
	if r.code != 0 || !strings.Contains(r.stdout, "investigating") || !strings.Contains(r.stdout, "bob") {
		t.Errorf("update plain: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	// search: JSON keeps the raw markers; plain output renders them as [[ ]].
	res := runJSON[incident.SearchResult](h, "search", "partition", "--limit", "5", "--json")
	wantRes := incident.SearchResult{Query: "partition", Hits: []incident.SearchHit{{
		Issue:              wantUpdated,
		TitleSnippet:       "Disk full on db-01 (var)",
		DescriptionSnippet: "The /var " + incident.MarkStart + "partition" + incident.MarkEnd + " is at 100%",
	}}}
	if diff := cmp.Diff(wantRes, res, cmpopts.IgnoreFields(incident.SearchHit{}, "Rank")); diff != "" {
		t.Errorf("search --json (-want +got):\n%s", diff)
	}
	if len(res.Hits) == 1 && res.Hits[0].Rank <= 0 {
		t.Errorf("search rank = %v, want > 0", res.Hits[0].Rank)
	}
	r = h.run("search", "disk", "full")
	if r.code != 0 {
		t.Fatalf("search plain: exit %d, stderr %q", r.code, r.stderr)
	}
	if want := "[[Disk]] [[full]] on db-01 (var)"; !strings.Contains(r.stdout, want) {
		t.Errorf("search plain: missing %q in %q", want, r.stdout)
	}
	if strings.ContainsAny(r.stdout, incident.MarkStart+incident.MarkEnd) || !strings.HasSuffix(r.stdout, "1 hit\n") {
		t.Errorf("search plain: raw markers or wrong count line in %q", r.stdout)
	}

	// delete
	got := runJSON[map[string]string](h, "issue", "delete", first.ID, "--yes", "--json")
	if diff := cmp.Diff(map[string]string{"deleted": first.ID}, got); diff != "" {
		t.Errorf("delete --json (-want +got):\n%s", diff)
	}
	r = h.run("issue", "show", first.ID)
	if r.code != 1 || !strings.Contains(r.stderr, "no incident with id") {
		t.Errorf("show after delete: exit %d, stderr %q; want 1 and no incident with id", r.code, r.stderr)
	}
	r = h.run("issue", "delete", "--yes", secondID)
	if r.code != 0 || r.stdout != "deleted "+secondID+"\n" {
		t.Errorf("delete plain: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if lr := runJSON[incident.ListResult](h, "issue", "list", "--json"); lr.Total != 0 {
		t.Errorf("list after deletes: total %d, want 0", lr.Total)
	}

	// Every change above was audited and the chain holds:
	// 2 creates, 1 update + 1 status (first), 1 update + 1 status (second), 2 deletes.
	rep := runJSON[audit.Report](h, "audit", "verify", "--json")
	if diff := cmp.Diff(audit.Report{OK: true, Entries: 8}, rep, cmpopts.IgnoreFields(audit.Report{}, "LastHash")); diff != "" {
		t.Errorf("audit verify --json (-want +got):\n%s", diff)
	}
	r = h.run("audit", "verify")
	if r.code != 0 || r.stdout != "audit chain OK: 8 entries\n" {
		t.Errorf("audit verify: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	existing := runJSON[incident.Issue](h, "issue", "create", "--title", "Existing", "--json")

	tests := []errorCase{
		{name: "unknown command", args: []string{"frobnicate"}, noOpen: true, wantCode: 2, wantStderr: `unknown command "frobnicate"`},
		{name: "unknown command shows usage", args: []string{"frobnicate"}, noOpen: true, wantCode: 2, wantStderr: "Usage: tftsr"},
		{name: "unknown flag", args: []string{"issue", "list", "--bogus"}, noOpen: true, wantCode: 2, wantStderr: "-bogus"},
		{name: "issue without subcommand", args: []string{"issue"}, noOpen: true, wantCode: 2, wantStderr: "missing subcommand"},
		{name: "missing title", args: []string{"issue", "create", "--severity", "high"}, noOpen: true, wantCode: 2, wantStderr: "--title is required"},
		{name: "missing title json", args: []string{"issue", "create", "--json"}, noOpen: true, wantCode: 2, wantJSON: "invalid"},
		{name: "title too long", args: []string{"issue", "create", "--title", strings.Repeat("x", 301)}, wantCode: 2, wantStderr: "title must be 1–300 characters (got 301)"},
		{name: "blank title", args: []string{"issue", "create", "--title", "   "}, wantCode: 2, wantStderr: "title"},
		{name: "unknown severity", args: []string{"issue", "create", "--title", "x", "--severity", "urgent"}, wantCode: 2, wantStderr: `unknown severity "urgent"`},
		{name: "unknown severity json", args: []string{"issue", "create", "--title", "x", "--severity", "urgent", "--json"}, wantCode: 2, wantJSON: "invalid"},
		{name: "bad tag", args: []string{"issue", "create", "--title", "x", "--tag", "has space"}, wantCode: 2, wantStderr: "tag"},
		{name: "unknown status filter", args: []string{"issue", "list", "--status", "done"}, wantCode: 2, wantStderr: `unknown status "done"`},
		{name: "unknown sort", args: []string{"issue", "list", "--sort", "priority"}, wantCode: 2, wantStderr: `unknown sort "priority"`},
		{name: "limit zero", args: []string{"issue", "list", "--limit", "0"}, noOpen: true, wantCode: 2, wantStderr: "--limit"},
		{name: "show unknown id", args: []string{"issue", "show", "no-such-id"}, wantCode: 1, wantStderr: "no incident with id \"no-such-id\""},
		{name: "show unknown id json", args: []string{"issue", "show", "no-such-id", "--json"}, wantCode: 1, wantJSON: "not_found"},
		{name: "show without id", args: []string{"issue", "show"}, noOpen: true, wantCode: 2, wantStderr: "missing incident ID"},
		{name: "show two ids", args: []string{"issue", "show", "a", "b"}, noOpen: true, wantCode: 2, wantStderr: "expected one incident ID"},
		{name: "update nothing", args: []string{"issue", "update", existing.ID}, noOpen: true, wantCode: 2, wantStderr: "nothing to update"},
		{name: "update nothing json", args: []string{"issue", "update", existing.ID, "--json"}, noOpen: true, wantCode: 2, wantJSON: "invalid"},
		{name: "update unknown id", args: []string{"issue", "update", "no-such-id", "--severity", "low"}, wantCode: 1, wantStderr: "no incident with id \"no-such-id\""},
		{name: "update unknown status", args: []string{"issue", "update", existing.ID, "--status", "done"}, noOpen: true, wantCode: 2, wantStderr: `unknown status "done"`},
		{name: "delete without yes", args: []string{"issue", "delete", existing.ID}, noOpen: true, wantCode: 2, wantStderr: "without --yes"},
		{name: "delete unknown id", args: []string{"issue", "delete", "no-such-id", "--yes"}, wantCode: 1, wantStderr: "no incident with id \"no-such-id\""},
		{name: "search without query", args: []string{"search", "--limit", "3"}, noOpen: true, wantCode: 2, wantStderr: "missing query"},
		{name: "search bad limit", args: []string{"search", "x", "--limit", "1000"}, wantCode: 2, wantStderr: "search limit"},
		{name: "audit without subcommand", args: []string{"audit"}, noOpen: true, wantCode: 2, wantStderr: "missing subcommand"},
		{name: "db unknown subcommand", args: []string{"db", "drop"}, noOpen: true, wantCode: 2, wantStderr: `unknown subcommand "drop"`},
		{name: "version with argument", args: []string{"version", "extra"}, noOpen: true, wantCode: 2, wantStderr: "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkError(t, h, tt) })
	}

	// None of the failed commands changed anything.
	lr := runJSON[incident.ListResult](h, "issue", "list", "--json")
	if diff := cmp.Diff(incident.ListResult{Items: []incident.Issue{existing}, Total: 1}, lr); diff != "" {
		t.Errorf("list after failed commands (-want +got):\n%s", diff)
	}
}

func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		wantStdout string // exact, unless wantSubstr
		wantSubstr []string
	}{
		{name: "version", args: []string{"version"}, wantStdout: "tftsr " + testVersion + "\n"},
		{name: "--version", args: []string{"--version"}, wantStdout: "tftsr " + testVersion + "\n"},
		{name: "-v", args: []string{"-v"}, wantStdout: "tftsr " + testVersion + "\n"},
		{name: "version --json", args: []string{"version", "--json"}, wantStdout: "{\n  \"version\": \"" + testVersion + "\"\n}\n"},
		{name: "help", args: []string{"help"}, wantSubstr: helpMentions},
		{name: "-h", args: []string{"-h"}, wantSubstr: helpMentions},
		{name: "--help", args: []string{"--help"}, wantSubstr: helpMentions},
		{name: "issue help", args: []string{"issue", "--help"}, wantSubstr: []string{"create", "list", "show", "update", "delete"}},
		{name: "subcommand -h", args: []string{"issue", "create", "-h"}, wantSubstr: []string{"Usage: tftsr issue create", "--title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), tt.args, &stdout, &stderr, noOpen(t), testVersion)
			if code != 0 || stderr.Len() != 0 {
				t.Errorf("exit %d, stderr %q; want 0 and nothing", code, stderr.String())
			}
			if tt.wantSubstr == nil {
				if diff := cmp.Diff(tt.wantStdout, stdout.String()); diff != "" {
					t.Errorf("stdout (-want +got):\n%s", diff)
				}
				return
			}
			for _, s := range tt.wantSubstr {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout is missing %q:\n%s", s, stdout.String())
				}
			}
		})
	}
}

var helpMentions = []string{
	"tftsr version", "tftsr help", "tftsr issue create", "tftsr issue list", "tftsr issue show",
	"tftsr issue update", "tftsr issue delete", "tftsr search", "tftsr audit verify", "tftsr db info",
	"tftsr pii scan", "tftsr pii redact", "tftsr log add",
	"TFTSR_DATA_DIR", "TFTSR_DB_KEY", "--json",
}

func TestDBInfo(t *testing.T) {
	t.Parallel()
	h := newPassphraseHarness(t)
	runJSON[incident.Issue](h, "issue", "create", "--title", "x", "--json")

	got := runJSON[app.SecurityInfo](h, "db", "info", "--json")
	want := app.SecurityInfo{
		KeySource:     "env",
		DataDir:       h.dataDir,
		DBPath:        filepath.Join(h.dataDir, config.DBFileName),
		SchemaVersion: got.SchemaVersion,
		Encrypted:     true,
		Audit:         audit.Report{OK: true, Entries: 1, LastHash: got.Audit.LastHash},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("db info --json (-want +got):\n%s", diff)
	}
	if got.SchemaVersion == 0 {
		t.Error("schema version is 0, want the migrated version")
	}

	r := h.run("db", "info")
	if r.code != 0 {
		t.Fatalf("db info: exit %d, stderr %q", r.code, r.stderr)
	}
	collapsed := regexp.MustCompile(` +`).ReplaceAllString(r.stdout, " ")
	for _, want := range []string{"Database: " + filepath.Join(h.dataDir, config.DBFileName) + "\n",
		"Data dir: " + h.dataDir + "\n", "Schema version: ", "Encrypted: yes\n", "Key source: env\n",
		"Audit chain: OK (1 entries)\n"} {
		if !strings.Contains(collapsed, want) {
			t.Errorf("db info: missing %q in\n%s", want, r.stdout)
		}
	}
	for _, out := range []string{r.stdout, r.stderr} {
		if strings.Contains(out, testPassphrase) {
			t.Errorf("db info printed the passphrase:\n%s", out)
		}
	}
}

func TestAuditVerifyBroken(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, title := range []string{"one", "two", "three"} {
		runJSON[incident.Issue](h, "issue", "create", "--title", title, "--json")
	}
	var brokenID string
	func() {
		sys := h.system()
		err := sys.DB.Tx(context.Background(), func(tx *sql.Tx) error {
			if _, err := tx.Exec(`DROP TRIGGER audit_log_no_update`); err != nil {
				return err
			}
			if err := tx.QueryRow(`SELECT id FROM audit_log WHERE seq = 2`).Scan(&brokenID); err != nil {
				return err
			}
			_, err := tx.Exec(`UPDATE audit_log SET details = '{"tampered":true}' WHERE seq = 2`)
			return err
		})
		if err != nil {
			t.Fatalf("tamper: %v", err)
		}
		if err := sys.Close(); err != nil {
			t.Fatalf("close: %v", err)
		}
	}()

	r := h.run("audit", "verify")
	want := "audit chain BROKEN at entry #2 (" + brokenID + "): hash mismatch: entry content was changed\n"
	if r.code != 1 || r.stdout != want {
		t.Errorf("audit verify: exit %d, stdout %q, stderr %q; want 1 and %q", r.code, r.stdout, r.stderr, want)
	}
	r = h.run("audit", "verify", "--json")
	var rep audit.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("audit verify --json: %q: %v", r.stdout, err)
	}
	wantRep := audit.Report{Entries: 1, BrokenAtSeq: 2, BrokenID: brokenID, Reason: "hash mismatch: entry content was changed"}
	if diff := cmp.Diff(wantRep, rep, cmpopts.IgnoreFields(audit.Report{}, "LastHash")); diff != "" || r.code != 1 {
		t.Errorf("audit verify --json: exit %d (want 1), report (-want +got):\n%s", r.code, diff)
	}
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantPos []string
		wantN   int
		wantErr bool
	}{
		{name: "flags first", args: []string{"-n", "3", "a", "b"}, wantPos: []string{"a", "b"}, wantN: 3},
		{name: "flags after", args: []string{"a", "--n", "3", "b"}, wantPos: []string{"a", "b"}, wantN: 3},
		{name: "double dash ends flags", args: []string{"a", "--", "--n", "-x"}, wantPos: []string{"a", "--n", "-x"}},
		{name: "single dash is positional", args: []string{"-", "-n=2"}, wantPos: []string{"-"}, wantN: 2},
		{name: "unknown flag", args: []string{"a", "--zzz"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &env{stdout: &bytes.Buffer{}}
			fs := newFlags("test")
			n := fs.Int("n", 0, "")
			pos, err := e.parse(fs, "usage\n", tt.args)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				if apperr.Code(err) != "invalid" {
					t.Errorf("code %q, want invalid", apperr.Code(err))
				}
				return
			}
			if diff := cmp.Diff(tt.wantPos, pos); diff != "" || *n != tt.wantN {
				t.Errorf("n = %d (want %d), positional (-want +got):\n%s", *n, tt.wantN, diff)
			}
		})
	}
}

func TestRenderSnippet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{name: "no marks", in: "plain text", want: "plain text"},
		{name: "marks", in: "a \x02disk\x03 b \x02full\x03", want: "a [[disk]] b [[full]]"},
		{name: "control characters are neutralised", in: "x\x1b[31m \x02y\x03", want: "x\uFFFD[31m [[y]]"},
		{name: "unbalanced end", in: "a\x03b", want: "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainMarks.render(tt.in); got != tt.want {
				t.Errorf("render(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// errorCase is a command that must fail: its exit code and, in text mode, a substring of stderr
// ("tftsr: …", stdout empty) or, in --json mode, the apperr code on stdout (stderr empty).
type errorCase struct {
	name       string
	args       []string
	noOpen     bool // the database must not be opened
	wantCode   int
	wantStderr string // substring of stderr (text mode)
	wantJSON   string // apperr code on stdout (--json mode); stderr must then be empty
}

func checkError(t *testing.T, h *harness, tt errorCase) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	open := h.open
	if tt.noOpen {
		open = noOpen(t)
	}
	code := Run(context.Background(), tt.args, &stdout, &stderr, open, testVersion)
	if code != tt.wantCode {
		t.Errorf("exit %d, want %d (stdout %q, stderr %q)", code, tt.wantCode, stdout.String(), stderr.String())
	}
	if tt.wantJSON != "" {
		var got struct{ Error apperr.Error }
		if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
			t.Fatalf("stdout %q is not a JSON error: %v", stdout.String(), err)
		}
		if got.Error.Code != tt.wantJSON || got.Error.Message == "" {
			t.Errorf("JSON error %+v, want code %q and a message", got.Error, tt.wantJSON)
		}
		if stderr.Len() != 0 {
			t.Errorf("stderr %q, want empty in --json mode", stderr.String())
		}
		return
	}
	if !strings.HasPrefix(stderr.String(), "tftsr: ") || !strings.Contains(stderr.String(), tt.wantStderr) {
		t.Errorf("stderr %q, want \"tftsr: …%s…\"", stderr.String(), tt.wantStderr)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q, want empty on error", stdout.String())
	}
}
