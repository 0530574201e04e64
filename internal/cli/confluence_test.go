package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/audit"
	"tftsr/internal/boot"
	"tftsr/internal/integrations"
	"tftsr/internal/integrations/confluence"
	"tftsr/internal/integrations/confluence/confluencetest"
)

// runConfluenceCmd runs "tftsr confluence ARGS" with stdin. It calls runConfluence directly (the
// dispatch entry lives in cli.go) and wires the integrations service when boot has not.
func (h *harness) runConfluenceCmd(stdin string, args ...string) result {
	h.t.Helper()
	open := func(ctx context.Context) (*boot.System, error) {
		sys, err := h.open(ctx)
		if err == nil && sys.Integrations == nil {
			sys.Integrations, err = integrations.NewService(sys.DB, audit.New(h.clock.Now), sys.Key.Key.Material(), confluence.Deps{}, h.clock.Now)
		}
		return sys, err
	}
	var stdout, stderr bytes.Buffer
	before := len(h.opened)
	e := &env{ctx: context.Background(), stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr,
		open: open, version: testVersion, json: wantsJSON(args)}
	code := e.finish(runConfluence(e, args))
	for _, sys := range h.opened[before:] {
		if err := sys.DB.Read().Ping(); err == nil || !strings.Contains(err.Error(), "closed") {
			h.t.Errorf("%q: database left open (ping: %v)", args, err)
		}
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestConfluenceConfigureAndTest(t *testing.T) {
	t.Parallel()
	const (
		email = "jane@example.com"
		token = "cloud-SECRET-token-4321"
	)
	srv := confluencetest.New(t, confluencetest.Options{Deployment: confluencetest.Cloud, Email: email, Token: token,
		DisplayName: "Jane Doe", Spaces: map[string]string{"ENG": "Engineering"}})
	parent := srv.AddPage("ENG", "Incidents", "<p/>")
	h := newHarness(t)
	configure := []string{"configure", "--base-url", srv.SiteURL(), "--deployment", "cloud", "--email", email, "--space", "ENG", "--parent", parent}

	// Not configured yet.
	if r := h.runConfluenceCmd("", "test"); r.code != exitUsage || !strings.Contains(r.stderr, "Confluence is not configured") {
		t.Errorf("test before configure: %+v", r)
	}
	// No token anywhere: usage error, nothing sent.
	if r := h.runConfluenceCmd("\n", configure...); r.code != exitUsage || !strings.Contains(r.stderr, "no token on standard input and none stored") {
		t.Errorf("configure without a token: %+v", r)
	}
	// Wrong token: refused with the auth error, nothing stored.
	r := h.runConfluenceCmd("wrong-SECRET-token-0000\n", configure...)
	if r.code != exitError || !strings.Contains(r.stderr, "wrong email or API token") || strings.Contains(r.stderr+r.stdout, "SECRET") {
		t.Errorf("configure with a wrong token: %+v", r)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("requests after the refused configure = %d, want 1 (current user)", n)
	}

	// The token from stdin (trimmed).
	r = h.runConfluenceCmd("  "+token+"\n", configure...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("configure: %+v", r)
	}
	want := "Confluence settings checked and saved.\n" +
		"  user:       Jane Doe\n" +
		"  space:      ENG (Engineering)\n" +
		"  parent:     " + parent + " (Incidents)\n" +
		"  base URL:   " + srv.URL() + "\n" +
		"  deployment: cloud\n" +
		"  email:      " + email + "\n" +
		"  token:      set (ends in 4321)\n"
	if diff := cmp.Diff(want, r.stdout); diff != "" {
		t.Errorf("configure output (-want +got):\n%s", diff)
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if last.Auth != "basic" || last.User != email || last.Secret != token {
		t.Errorf("credentials sent = %s %q %q", last.Auth, last.User, last.Secret)
	}

	// test (JSON) uses the stored, sealed token.
	r = h.runConfluenceCmd("", "test", "--json")
	if r.code != 0 {
		t.Fatalf("test --json: %+v", r)
	}
	var check integrations.ConfluenceCheck
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&check); err != nil {
		t.Fatal(err)
	}
	if check.User != "Jane Doe" || check.ParentTitle != "Incidents" || check.Settings.TokenHint != "4321" || strings.Contains(r.stdout, "SECRET") {
		t.Errorf("test --json = %s", r.stdout)
	}

	// Empty stdin keeps the stored token.
	r = h.runConfluenceCmd("", "configure", "--base-url", srv.SiteURL()+"/wiki", "--deployment", "cloud", "--email", email, "--space", "ENG", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"parentId": ""`) {
		t.Errorf("configure keeping the token: %+v", r)
	}
	if last := srv.Requests()[len(srv.Requests())-1]; last.Secret != token {
		t.Errorf("kept token not used: %q", last.Secret)
	}

	// The server now refuses the token: test reports it.
	srv.Fail("user", 401, "", 1)
	if r := h.runConfluenceCmd("", "test", "--json"); r.code != exitError || !strings.Contains(r.stdout, `"code": "auth"`) {
		t.Errorf("test with a refused token: %+v", r)
	}
}

func TestConfluenceUsage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "missing subcommand"},
		{[]string{"publish"}, `unknown subcommand "publish"`},
		{[]string{"configure", "--deployment", "cloud", "--space", "ENG"}, "--base-url is required"},
		{[]string{"configure", "--base-url", "https://x.atlassian.net", "--space", "ENG"}, "--deployment is required"},
		{[]string{"configure", "--base-url", "https://x.atlassian.net", "--deployment", "cloud"}, "--space is required"},
		{[]string{"test", "extra"}, "extra"},
	} {
		r := h.runConfluenceCmd("", tt.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%q: %+v, want usage error %q", tt.args, r, tt.want)
		}
	}
	if r := h.runConfluenceCmd("a\nb\n", "configure", "--base-url", "https://x.atlassian.net", "--deployment", "cloud", "--space", "ENG"); r.code != exitUsage || !strings.Contains(r.stderr, "several lines") {
		t.Errorf("multi-line token: %+v", r)
	}
	if r := h.runConfluenceCmd("t0ken-long-enough\n", "configure", "--base-url", "ftp://x", "--deployment", "datacenter", "--space", "ENG"); r.code != exitUsage || !strings.Contains(r.stderr, "http") {
		t.Errorf("ftp base URL: %+v", r)
	}
}
