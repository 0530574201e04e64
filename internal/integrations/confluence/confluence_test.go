package confluence_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/integrations/confluence"
	"tftsr/internal/integrations/confluence/confluencetest"
)

const (
	email   = "jane@example.com"
	token   = "tok-SECRET-0123456789"
	dcToken = "pat-SECRET-abcdefghijkl"
)

// sleeper records waits instead of sleeping.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) Sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return nil
}

type fixture struct {
	name      string
	opts      confluencetest.Options
	baseURL   func(s *confluencetest.Server) string // what the user pastes
	prefix    string                                // path prefix of the API root on the server
	auth      string                                // expected scheme
	user      string                                // expected Basic user ("" for Bearer)
	secret    string
	accountID string
}

var fixtures = []fixture{
	{
		name:    "cloud",
		opts:    confluencetest.Options{Deployment: confluencetest.Cloud, Email: email, Token: token, Spaces: map[string]string{"ENG": "Engineering", "OPS": "Operations"}},
		baseURL: func(s *confluencetest.Server) string { return s.SiteURL() + "/" }, // no /wiki: the client adds it
		prefix:  "/wiki", auth: "basic", user: email, secret: token, accountID: "5b10ac8d82e05b22cc7d4ef5",
	},
	{
		name:    "datacenter",
		opts:    confluencetest.Options{Deployment: confluencetest.DataCenter, ContextPath: "/confluence", Token: dcToken, Spaces: map[string]string{"ENG": "Engineering", "OPS": "Operations"}},
		baseURL: func(s *confluencetest.Server) string { return s.SiteURL() + "/confluence" },
		prefix:  "/confluence", auth: "bearer", secret: dcToken, accountID: "8a7f808a6b7c2a2d016b7c2c6b3a0000",
	},
}

func (f fixture) config(s *confluencetest.Server) confluence.Config {
	dep := confluence.DeploymentCloud
	if f.opts.Deployment == confluencetest.DataCenter {
		dep = confluence.DeploymentDataCenter
	}
	cfg := confluence.Config{BaseURL: f.baseURL(s), Deployment: dep, Token: f.secret, SpaceKey: "ENG"}
	if dep == confluence.DeploymentCloud {
		cfg.Email = email
	}
	return cfg
}

func newClient(t *testing.T, cfg confluence.Config, deps confluence.Deps) *confluence.Client {
	t.Helper()
	c, err := confluence.New(cfg, deps)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// reqSummary is what the tests compare about each request.
type reqSummary struct {
	Method, Path, Query, Auth, User, Secret string
}

func summarize(rs []confluencetest.Request) []reqSummary {
	out := []reqSummary{}
	for _, r := range rs {
		out = append(out, reqSummary{r.Method, r.Path, r.Query, r.Auth, r.User, r.Secret})
	}
	return out
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("request body %q: %v", b, err)
	}
	return m
}

func TestConfluenceRoundTrip(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			ctx := context.Background()
			srv := confluencetest.New(t, f.opts)
			parent := srv.AddPage("ENG", "Incidents", "<p>index</p>")
			cfg := f.config(srv)
			cfg.ParentID = parent
			c := newClient(t, cfg, confluence.Deps{})
			if got, want := c.Config().BaseURL, srv.URL(); got != want {
				t.Errorf("normalised base URL = %q, want %q", got, want)
			}

			u, err := c.CurrentUser(ctx)
			if err != nil {
				t.Fatalf("CurrentUser: %v", err)
			}
			if diff := cmp.Diff(confluence.User{AccountID: f.accountID, DisplayName: "Test User", Type: "known"}, u); diff != "" {
				t.Errorf("CurrentUser (-want +got):\n%s", diff)
			}
			sp, err := c.Space(ctx, "OPS")
			if err != nil {
				t.Fatalf("Space: %v", err)
			}
			if diff := cmp.Diff(confluence.Space{Key: "OPS", Name: "Operations"}, sp); diff != "" {
				t.Errorf("Space (-want +got):\n%s", diff)
			}

			body1 := `<h1>RCA</h1><p>Disk &amp; full&nbsp;now</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x > 1]]></ac:plain-text-body></ac:structured-macro>`
			created, err := c.Create(ctx, confluence.PageForTest("RCA: disk full", body1))
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			wantURL := srv.URL() + "/spaces/ENG/pages/" + created.ID + "/RCA%3A+disk+full"
			if diff := cmp.Diff(confluence.Page{ID: created.ID, Title: "RCA: disk full", Version: 1, SpaceKey: "ENG", URL: wantURL}, created); diff != "" {
				t.Errorf("Create (-want +got):\n%s", diff)
			}

			got, err := c.Page(ctx, created.ID)
			if err != nil {
				t.Fatalf("Page: %v", err)
			}
			if diff := cmp.Diff(confluence.Page{ID: created.ID, Title: "RCA: disk full", Version: 1, SpaceKey: "ENG", URL: wantURL, Body: body1}, got); diff != "" {
				t.Errorf("Page (-want +got):\n%s", diff)
			}

			updated, err := c.Update(ctx, created.ID, confluence.PageForTest("RCA: disk full", "<p>v2</p>"))
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			if updated.Version != 2 || updated.URL != wantURL {
				t.Errorf("Update = %+v, want version 2 and URL %s", updated, wantURL)
			}

			if err := c.AttachAll(ctx, created.ID, confluence.PageForTest("RCA: disk full", body1, confluence.Attachment{Filename: "graph.png", ContentType: "image/png", Data: []byte("PNG1")})); err != nil {
				t.Fatalf("Attach: %v", err)
			}
			if err := c.AttachAll(ctx, created.ID, confluence.PageForTest("RCA: disk full", body1, confluence.Attachment{Filename: "graph.png", ContentType: "image/png", Data: []byte("PNG2")})); err != nil {
				t.Fatalf("Attach again (update): %v", err)
			}

			// What the server holds.
			pages := srv.Pages()
			if len(pages) != 2 {
				t.Fatalf("pages = %+v, want parent and the new page", pages)
			}
			wantPage := confluencetest.Page{ID: created.ID, Title: "RCA: disk full", SpaceKey: "ENG", Ancestors: []string{parent},
				Version: 2, Body: "<p>v2</p>", History: []string{body1, "<p>v2</p>"}}
			if diff := cmp.Diff(wantPage, pages[1]); diff != "" {
				t.Errorf("stored page (-want +got):\n%s", diff)
			}
			atts := srv.Attachments(created.ID)
			if len(atts) != 1 || string(atts[0].Data) != "PNG2" || atts[0].Version != 2 || atts[0].ContentType != "image/png" || atts[0].Filename != "graph.png" {
				t.Errorf("attachments = %+v, want one graph.png at version 2 with PNG2", atts)
			}

			// Every request: method, path under the API root, auth scheme and credentials.
			reqs := srv.Requests()
			p := f.prefix
			r := func(method, path, query string) reqSummary {
				return reqSummary{method, p + path, query, f.auth, f.user, f.secret}
			}
			getQ := "expand=version%2Cbody.storage%2Cspace"
			attID := atts[0].ID
			want := []reqSummary{
				r("GET", "/rest/api/user/current", ""),
				r("GET", "/rest/api/space/OPS", ""),
				r("POST", "/rest/api/content", ""),
				r("GET", "/rest/api/content/"+created.ID, getQ),
				r("GET", "/rest/api/content/"+created.ID, getQ),
				r("PUT", "/rest/api/content/"+created.ID, ""),
				r("GET", "/rest/api/content/"+created.ID+"/child/attachment", "filename=graph.png"),
				r("POST", "/rest/api/content/"+created.ID+"/child/attachment", ""),
				r("GET", "/rest/api/content/"+created.ID+"/child/attachment", "filename=graph.png"),
				r("POST", "/rest/api/content/"+created.ID+"/child/attachment/"+attID+"/data", ""),
			}
			if diff := cmp.Diff(want, summarize(reqs)); diff != "" {
				t.Fatalf("requests (-want +got):\n%s", diff)
			}
			for _, rq := range reqs {
				if rq.Header.Get("Accept") != "application/json" || rq.Header.Get("User-Agent") != "tftsr" {
					t.Errorf("%s %s: Accept %q, User-Agent %q", rq.Method, rq.Path, rq.Header.Get("Accept"), rq.Header.Get("User-Agent"))
				}
			}
			if f.auth == "basic" {
				wantHdr := "Basic " + base64.StdEncoding.EncodeToString([]byte(email+":"+token))
				if got := reqs[0].Header.Get("Authorization"); got != wantHdr {
					t.Errorf("Authorization = %q, want %q", got, wantHdr)
				}
			} else if got := reqs[0].Header.Get("Authorization"); got != "Bearer "+dcToken {
				t.Errorf("Authorization = %q, want Bearer PAT", got)
			}

			// Create body: exactly the v1 shape.
			if ct := reqs[2].Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("create Content-Type = %q", ct)
			}
			wantCreate := map[string]any{
				"type": "page", "title": "RCA: disk full", "space": map[string]any{"key": "ENG"},
				"ancestors": []any{map[string]any{"id": parent}},
				"body":      map[string]any{"storage": map[string]any{"value": body1, "representation": "storage"}},
			}
			if diff := cmp.Diff(wantCreate, decode(t, reqs[2].Body)); diff != "" {
				t.Errorf("create body (-want +got):\n%s", diff)
			}
			wantUpdate := map[string]any{
				"id": created.ID, "type": "page", "title": "RCA: disk full", "space": map[string]any{"key": "ENG"},
				"body":    map[string]any{"storage": map[string]any{"value": "<p>v2</p>", "representation": "storage"}},
				"version": map[string]any{"number": float64(2)},
			}
			if diff := cmp.Diff(wantUpdate, decode(t, reqs[5].Body)); diff != "" {
				t.Errorf("update body (-want +got):\n%s", diff)
			}
			for _, i := range []int{7, 9} {
				if reqs[i].Header.Get("X-Atlassian-Token") != "nocheck" || !strings.HasPrefix(reqs[i].Header.Get("Content-Type"), "multipart/form-data; boundary=") {
					t.Errorf("attach request %d headers: %v", i, reqs[i].Header)
				}
			}
		})
	}
}

func TestConfluenceNormalizeBaseURL(t *testing.T) {
	tests := []struct {
		name, raw, deployment, want string
		wantErr                     bool
	}{
		{name: "cloud site", raw: "https://acme.atlassian.net", deployment: "cloud", want: "https://acme.atlassian.net/wiki"},
		{name: "cloud site slash", raw: " https://acme.atlassian.net/ ", deployment: "cloud", want: "https://acme.atlassian.net/wiki"},
		{name: "cloud wiki", raw: "https://acme.atlassian.net/wiki/", deployment: "cloud", want: "https://acme.atlassian.net/wiki"},
		{name: "cloud pasted page", raw: "https://acme.atlassian.net/wiki/spaces/ENG/overview?x=1#y", deployment: "cloud", want: "https://acme.atlassian.net/wiki"},
		{name: "cloud other path", raw: "https://acme.atlassian.net/jira", deployment: "cloud", wantErr: true},
		{name: "dc context path", raw: "https://wiki.corp/confluence/", deployment: "datacenter", want: "https://wiki.corp/confluence"},
		{name: "dc root", raw: "http://wiki.corp:8090", deployment: "datacenter", want: "http://wiki.corp:8090"},
		{name: "dc pasted rest api", raw: "https://wiki.corp/confluence/rest/api", deployment: "datacenter", want: "https://wiki.corp/confluence"},
		{name: "ftp", raw: "ftp://wiki.corp", deployment: "datacenter", wantErr: true},
		{name: "file", raw: "file:///etc/passwd", deployment: "datacenter", wantErr: true},
		{name: "user info", raw: "https://u:p@wiki.corp", deployment: "datacenter", wantErr: true},
		{name: "empty", raw: " ", deployment: "cloud", wantErr: true},
		{name: "no host", raw: "acme.atlassian.net", deployment: "cloud", wantErr: true},
		{name: "bad deployment", raw: "https://wiki.corp", deployment: "server", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := confluence.NormalizeBaseURL(tt.raw, tt.deployment)
			if tt.wantErr {
				if !errors.Is(err, apperr.ErrInvalid) {
					t.Errorf("NormalizeBaseURL(%q) = %q, %v; want ErrInvalid", tt.raw, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("NormalizeBaseURL(%q) = %q, %v; want %q", tt.raw, got, err, tt.want)
			}
		})
	}
}

func TestConfluenceNewValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  confluence.Config
	}{
		{"cloud without email", confluence.Config{BaseURL: "https://a.atlassian.net", Deployment: "cloud", Token: "t"}},
		{"cloud without token", confluence.Config{BaseURL: "https://a.atlassian.net", Deployment: "cloud", Email: "e@x"}},
		{"dc without token", confluence.Config{BaseURL: "https://wiki", Deployment: "datacenter"}},
		{"token with newline", confluence.Config{BaseURL: "https://wiki", Deployment: "datacenter", Token: "a\nb"}},
		{"no deployment", confluence.Config{BaseURL: "https://wiki", Token: "t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := confluence.New(tt.cfg, confluence.Deps{}); !errors.Is(err, apperr.ErrInvalid) {
				t.Errorf("New = %v, want ErrInvalid", err)
			}
		})
	}
}

// bumpingTransport makes someone else save the page just before each of the first `times` PUTs.
type bumpingTransport struct {
	srv   *confluencetest.Server
	id    string
	times int
}

func (b *bumpingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPut && b.times > 0 {
		b.times--
		b.srv.BumpVersion(b.id)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func putVersions(t *testing.T, srv *confluencetest.Server) []float64 {
	t.Helper()
	var out []float64
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPut {
			out = append(out, decode(t, r.Body)["version"].(map[string]any)["number"].(float64))
		}
	}
	return out
}

func TestConfluenceUpdateConflict(t *testing.T) {
	for _, tt := range []struct {
		name      string
		bumps     int
		wantErr   error
		wantPuts  []float64
		wantFinal int
	}{
		{name: "once: re-read and retry succeeds", bumps: 1, wantPuts: []float64{2, 3}, wantFinal: 3},
		{name: "twice: conflict reported", bumps: 2, wantErr: apperr.ErrConflict, wantPuts: []float64{2, 3}, wantFinal: 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := fixtures[1]
			srv := confluencetest.New(t, f.opts)
			id := srv.AddPage("ENG", "RCA", "<p>v1</p>")
			c := newClient(t, f.config(srv), confluence.Deps{HTTPClient: &http.Client{Transport: &bumpingTransport{srv: srv, id: id, times: tt.bumps}}})
			p, err := c.Update(context.Background(), id, confluence.PageForTest("RCA", "<p>mine</p>"))
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("Update = %+v, %v; want %v", p, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantPuts, putVersions(t, srv)); diff != "" {
				t.Errorf("PUT versions (-want +got):\n%s", diff)
			}
			stored := srv.Pages()[0]
			if stored.Version != tt.wantFinal {
				t.Errorf("stored version = %d, want %d", stored.Version, tt.wantFinal)
			}
			if tt.wantErr == nil && (p.Version != 3 || stored.Body != "<p>mine</p>") {
				t.Errorf("Update = %+v, stored %q", p, stored.Body)
			}
			if tt.wantErr != nil && stored.Body != "<p>v1</p>" {
				t.Errorf("stored body = %q, want untouched", stored.Body)
			}
		})
	}
}

func TestConfluenceErrors(t *testing.T) {
	type call func(ctx context.Context, c *confluence.Client, id string) error
	user := func(ctx context.Context, c *confluence.Client, _ string) error {
		_, err := c.CurrentUser(ctx)
		return err
	}
	space := func(key string) call {
		return func(ctx context.Context, c *confluence.Client, _ string) error {
			_, err := c.Space(ctx, key)
			return err
		}
	}
	page := func(ctx context.Context, c *confluence.Client, id string) error {
		_, err := c.Page(ctx, id)
		return err
	}
	update := func(ctx context.Context, c *confluence.Client, id string) error {
		_, err := c.Update(ctx, id, confluence.PageForTest("T", "<p/>"))
		return err
	}
	create := func(title, body string) call {
		return func(ctx context.Context, c *confluence.Client, _ string) error {
			_, err := c.Create(ctx, confluence.PageForTest(title, body))
			return err
		}
	}
	tests := []struct {
		name      string
		fixture   int
		setup     func(s *confluencetest.Server, id string) (cfgMod func(*confluence.Config))
		call      call
		want      error
		wantIn    []string // substrings of the message
		wantSends int      // requests that reached the server
	}{
		{name: "401 wrong token cloud", fixture: 0,
			setup: func(*confluencetest.Server, string) func(*confluence.Config) {
				return func(c *confluence.Config) { c.Token = "wrong-SECRET-token-999" }
			},
			call: user, want: apperr.ErrAuth, wantIn: []string{"wrong email or API token", "HTTP 401", "Client must be authenticated"}, wantSends: 1},
		{name: "401 wrong email cloud", fixture: 0,
			setup: func(*confluencetest.Server, string) func(*confluence.Config) {
				return func(c *confluence.Config) { c.Email = "bob@example.com" }
			},
			call: user, want: apperr.ErrAuth, wantIn: []string{"wrong email or API token"}, wantSends: 1},
		{name: "401 wrong PAT datacenter", fixture: 1,
			setup: func(*confluencetest.Server, string) func(*confluence.Config) {
				return func(c *confluence.Config) { c.Token = "wrong-SECRET-token-999" }
			},
			call: user, want: apperr.ErrAuth, wantIn: []string{"wrong API token"}, wantSends: 1},
		{name: "403 no permission", fixture: 0,
			setup: func(s *confluencetest.Server, _ string) func(*confluence.Config) {
				s.Fail("create", 403, "", 1)
				return nil
			},
			call: create("T", "<p/>"), want: apperr.ErrAuth, wantIn: []string{"no permission", "HTTP 403", "scripted failure 403"}, wantSends: 1},
		{name: "404 space", fixture: 0, call: space("NOPE"), want: apperr.ErrNotFound,
			wantIn: []string{`space "NOPE" not found`, "No space with key : NOPE"}, wantSends: 1},
		{name: "404 space on create", fixture: 1,
			setup: func(*confluencetest.Server, string) func(*confluence.Config) {
				return func(c *confluence.Config) { c.SpaceKey = "NOPE" }
			},
			call: create("T", "<p/>"), want: apperr.ErrNotFound, wantIn: []string{`space "NOPE"`, "No space with key : NOPE"}, wantSends: 1},
		{name: "404 parent on create", fixture: 1,
			setup: func(*confluencetest.Server, string) func(*confluence.Config) {
				return func(c *confluence.Config) { c.ParentID = "999999" }
			},
			call: create("T", "<p/>"), want: apperr.ErrNotFound, wantIn: []string{"parent page 999999"}, wantSends: 1},
		{name: "404 page is gone", fixture: 0,
			setup: func(s *confluencetest.Server, id string) func(*confluence.Config) { s.DeletePage(id); return nil },
			call:  page, want: apperr.ErrGone, wantIn: []string{"no longer exists"}, wantSends: 1},
		{name: "404 page on update is gone", fixture: 1,
			setup: func(s *confluencetest.Server, id string) func(*confluence.Config) { s.DeletePage(id); return nil },
			call:  update, want: apperr.ErrGone, wantSends: 1},
		{name: "title exists", fixture: 0, call: create("Existing", "<p/>"), want: apperr.ErrConflict,
			wantIn: []string{"title already exists"}, wantSends: 1},
		{name: "malformed storage refused by server", fixture: 0, call: create("New", "<p>unclosed"), want: apperr.ErrUpstream,
			wantIn: []string{"HTTP 400", "Error parsing xhtml"}, wantSends: 1},
		{name: "503 until retries exhausted", fixture: 1,
			setup: func(s *confluencetest.Server, _ string) func(*confluence.Config) {
				s.Fail("user", 503, "", 10)
				return nil
			},
			call: user, want: apperr.ErrUpstream, wantIn: []string{"Confluence is unavailable", "HTTP 503", "4 attempts"}, wantSends: 4},
		{name: "429 until retries exhausted", fixture: 0,
			setup: func(s *confluencetest.Server, _ string) func(*confluence.Config) {
				s.Fail("space", 429, "1", 10)
				return nil
			},
			call: space("ENG"), want: apperr.ErrUpstream, wantIn: []string{"rate limiting"}, wantSends: 4},
		{name: "500", fixture: 0,
			setup: func(s *confluencetest.Server, _ string) func(*confluence.Config) {
				s.Fail("get", 500, "", 1)
				return nil
			},
			call: page, want: apperr.ErrUpstream, wantIn: []string{"HTTP 500", "scripted failure 500"}, wantSends: 1},
		{name: "anonymous fallback detected", fixture: -1,
			setup: func(*confluencetest.Server, string) func(*confluence.Config) {
				return func(c *confluence.Config) { c.Token = "wrong-SECRET-token-999" }
			},
			call: user, want: apperr.ErrAuth, wantIn: []string{"anonymous", "token is wrong"}, wantSends: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f fixture
			if tt.fixture < 0 {
				f = fixtures[1]
				f.opts.AnonymousFallback = true
			} else {
				f = fixtures[tt.fixture]
			}
			srv := confluencetest.New(t, f.opts)
			srv.AddPage("ENG", "Existing", "<p/>")
			id := srv.AddPage("ENG", "Target", "<p/>")
			cfg := f.config(srv)
			if tt.setup != nil {
				if mod := tt.setup(srv, id); mod != nil {
					mod(&cfg)
				}
			}
			sl := &sleeper{}
			c := newClient(t, cfg, confluence.Deps{Sleep: sl.Sleep})
			err := tt.call(context.Background(), c, id)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			for _, s := range tt.wantIn {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			assertNoSecrets(t, err.Error(), cfg)
			if got := len(srv.Requests()); got != tt.wantSends {
				t.Errorf("requests = %d, want %d", got, tt.wantSends)
			}
		})
	}
}

func assertNoSecrets(t *testing.T, msg string, cfg confluence.Config) {
	t.Helper()
	for _, s := range []string{cfg.Token, base64.StdEncoding.EncodeToString([]byte(cfg.Email + ":" + cfg.Token)), "SECRET"} {
		if s != "" && strings.Contains(msg, s) {
			t.Errorf("error %q contains a secret (%q)", msg, s)
		}
	}
}

// A server that echoes the token back in its error message does not get it into our error.
func TestConfluenceTokenNeverInErrors(t *testing.T) {
	srv := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		_, _ = w.Write([]byte(`{"statusCode":500,"message":"bad header ` + r.Header.Get("Authorization") + ` token ` + dcToken + `"}`))
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	for _, cfg := range []confluence.Config{
		{BaseURL: "http://" + ln.Addr().String(), Deployment: "datacenter", Token: dcToken},
		{BaseURL: "http://" + ln.Addr().String(), Deployment: "cloud", Email: email, Token: dcToken},
	} {
		c := newClient(t, cfg, confluence.Deps{})
		_, err := c.CurrentUser(context.Background())
		if !errors.Is(err, apperr.ErrUpstream) {
			t.Fatalf("err = %v, want ErrUpstream", err)
		}
		assertNoSecrets(t, err.Error(), cfg)
		if !strings.Contains(err.Error(), "[token]") {
			t.Errorf("error %q: the echoed token should be replaced by [token]", err)
		}
	}
}

func TestConfluenceUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	cfg := confluence.Config{BaseURL: "http://" + addr, Deployment: "datacenter", Token: dcToken}
	c := newClient(t, cfg, confluence.Deps{})
	_, err = c.CurrentUser(context.Background())
	if !errors.Is(err, apperr.ErrUpstream) || !strings.Contains(err.Error(), "cannot reach "+addr) {
		t.Fatalf("err = %v, want ErrUpstream cannot reach", err)
	}
	assertNoSecrets(t, err.Error(), cfg)
}

// A wait longer than MaxRetryAfter is reported at once: the user is not kept waiting for an
// hour behind a spinner, and nothing is re-sent.
func TestConfluenceLongRetryAfterIsReported(t *testing.T) {
	f := fixtures[0]
	srv := confluencetest.New(t, f.opts)
	srv.Fail("create", 429, "3600", 1)
	sl := &sleeper{}
	waited := false
	c := newClient(t, f.config(srv), confluence.Deps{Sleep: sl.Sleep, OnWait: func(time.Duration, int) { waited = true }})
	_, err := c.Create(context.Background(), confluence.PageForTest("T", "<p>x</p>"))
	if !errors.Is(err, apperr.ErrUpstream) || !strings.Contains(err.Error(), "wait 1h0m0s") || waited || len(sl.waits) != 0 {
		t.Fatalf("err %v, waited %v, sleeps %v", err, waited, sl.waits)
	}
	if n := len(srv.Pages()); n != 0 {
		t.Fatalf("%d pages created", n)
	}
}

// A 503 may come from a gateway after Confluence acted: a read is retried, a create is not (a
// second create would find its own page's title taken).
func TestConfluenceCloudNeedsHTTPS(t *testing.T) {
	_, err := confluence.New(confluence.Config{BaseURL: "http://acme.atlassian.net", Deployment: "cloud", Email: "a@b.c", Token: "t"}, confluence.Deps{})
	if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), "https://acme.atlassian.net") {
		t.Fatalf("cloud over http: %v", err)
	}
	for _, base := range []string{"https://acme.atlassian.net", "http://127.0.0.1:8090", "http://localhost:8090"} {
		if _, err := confluence.New(confluence.Config{BaseURL: base, Deployment: "cloud", Email: "a@b.c", Token: "t"}, confluence.Deps{}); err != nil {
			t.Errorf("%s: %v", base, err)
		}
	}
	if _, err := confluence.New(confluence.Config{BaseURL: "http://wiki.corp.internal", Deployment: "datacenter", Token: "t"}, confluence.Deps{}); err != nil {
		t.Errorf("data center over http: %v", err)
	}
}

func TestConfluence503RetriesReadsNotCreates(t *testing.T) {
	f := fixtures[0]
	srv := confluencetest.New(t, f.opts)
	sl := &sleeper{}
	c := newClient(t, f.config(srv), confluence.Deps{Sleep: sl.Sleep})
	srv.Fail("create", 503, "1", 1)
	_, err := c.Create(context.Background(), confluence.PageForTest("T", "<p>x</p>"))
	posts := 0
	for _, q := range srv.Requests() {
		if q.Method == "POST" {
			posts++
		}
	}
	if !errors.Is(err, apperr.ErrUpstream) || posts != 1 || len(sl.waits) != 0 {
		t.Fatalf("create after 503: err %v, %d POSTs, waits %v", err, posts, sl.waits)
	}
	srv.Fail("user", 503, "1", 1)
	if _, err := c.CurrentUser(context.Background()); err != nil || len(sl.waits) != 1 {
		t.Fatalf("read after 503: err %v, waits %v", err, sl.waits)
	}
}

func TestConfluenceRateLimitWaitsThenSucceeds(t *testing.T) {
	for _, tt := range []struct {
		name       string
		status     int
		retryAfter string
		check      func(t *testing.T, d time.Duration)
	}{
		{name: "429 seconds", status: 429, retryAfter: "7", check: func(t *testing.T, d time.Duration) {
			if d != 7*time.Second {
				t.Errorf("wait = %v, want 7s", d)
			}
		}},
		{name: "429 at the limit", status: 429, retryAfter: "60", check: func(t *testing.T, d time.Duration) {
			if d != confluence.MaxRetryAfter {
				t.Errorf("wait = %v, want 60s", d)
			}
		}},
		{name: "429 no header: default with jitter", status: 429, check: func(t *testing.T, d time.Duration) {
			if d < 2*time.Second || d > 2500*time.Millisecond {
				t.Errorf("wait = %v, want 2s–2.5s", d)
			}
		}},
		{name: "429 HTTP date", status: 429, retryAfter: "Fri, 27 Nov 2026 10:00:05 GMT", check: func(t *testing.T, d time.Duration) {
			if d != 5*time.Second {
				t.Errorf("wait = %v, want 5s", d)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := fixtures[0]
			srv := confluencetest.New(t, f.opts)
			srv.Fail("create", tt.status, tt.retryAfter, 2)
			sl := &sleeper{}
			type wait struct {
				d      time.Duration
				status int
				slept  int // sleeps already done when OnWait was called
			}
			var waits []wait
			deps := confluence.Deps{
				Sleep: sl.Sleep,
				OnWait: func(d time.Duration, status int) {
					waits = append(waits, wait{d, status, len(sl.waits)})
				},
				Now: func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) },
			}
			c := newClient(t, f.config(srv), deps)
			p, err := c.Create(context.Background(), confluence.PageForTest("T", "<p>x</p>"))
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			if len(waits) != 2 || len(sl.waits) != 2 {
				t.Fatalf("OnWait %v, sleeps %v; want 2 each", waits, sl.waits)
			}
			for i, w := range waits {
				if w.status != tt.status || w.slept != i || w.d != sl.waits[i] {
					t.Errorf("wait %d = %+v, slept %v: OnWait must come before the same sleep", i, w, sl.waits[i])
				}
				tt.check(t, w.d)
			}
			// The same body was sent three times; one page was created.
			var bodies []string
			for _, r := range srv.Requests() {
				bodies = append(bodies, string(r.Body))
			}
			if len(bodies) != 3 || bodies[0] != bodies[1] || bodies[1] != bodies[2] {
				t.Errorf("bodies = %q, want the same body 3 times", bodies)
			}
			if n := len(srv.Pages()); n != 1 || p.ID == "" {
				t.Errorf("pages = %d, page %+v", n, p)
			}
		})
	}
}

func TestConfluenceAudit(t *testing.T) {
	f := fixtures[0]
	srv := confluencetest.New(t, f.opts)
	srv.Fail("create", 429, "1", 1)
	var recs []confluence.SendRecord
	seen := 0
	deps := confluence.Deps{
		Sleep: (&sleeper{}).Sleep,
		Audit: func(_ context.Context, r confluence.SendRecord) error {
			// Called before the request reaches the server.
			if n := len(srv.Requests()); n != seen {
				t.Errorf("audit for %s %s after the server saw it (requests %d, audited %d)", r.Method, r.Path, n, seen)
			}
			seen++
			recs = append(recs, r)
			return nil
		},
	}
	c := newClient(t, f.config(srv), deps)
	if _, err := c.Create(context.Background(), confluence.PageForTest("T", "<p>x</p>")); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(recs) != 2 || len(reqs) != 2 {
		t.Fatalf("records %+v, requests %d", recs, len(reqs))
	}
	for i, r := range recs {
		sum := sha256.Sum256(reqs[i].Body)
		want := confluence.SendRecord{Op: "create", Method: "POST", Host: strings.TrimPrefix(srv.SiteURL(), "http://"),
			Path: "/wiki/rest/api/content", Attempt: i + 1, Bytes: len(reqs[i].Body), SHA256: hex.EncodeToString(sum[:])}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("record %d (-want +got):\n%s", i, diff)
		}
	}

	// A failing audit stops the request: nothing reaches the server.
	srv2 := confluencetest.New(t, f.opts)
	c2 := newClient(t, f.config(srv2), confluence.Deps{Audit: func(context.Context, confluence.SendRecord) error {
		return errors.New("disk full")
	}})
	_, err := c2.Create(context.Background(), confluence.PageForTest("T", "<p>x</p>"))
	if !errors.Is(err, confluence.ErrAuditFailed) || err.Error() != "confluence: create page: the audit record of the request could not be written, so nothing was sent: disk full" {
		t.Fatalf("err = %v, want ErrAuditFailed with the cause", err)
	}
	if n := len(srv2.Requests()); n != 0 {
		t.Errorf("the server received %d requests after a failed audit", n)
	}
}

func TestConfluenceAttachNeedsXSRFHeaderOnFake(t *testing.T) {
	// The fake is strict: an upload without X-Atlassian-Token is refused (proves the client's
	// header is what makes TestRoundTrip's uploads pass).
	f := fixtures[1]
	srv := confluencetest.New(t, f.opts)
	id := srv.AddPage("ENG", "P", "<p/>")
	req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/rest/api/content/"+id+"/child/attachment", strings.NewReader("x"))
	req.Header.Set("Authorization", "Bearer "+dcToken)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status = %d, want 403", resp.StatusCode)
	}
}

func TestConfluencePageRejectsBadID(t *testing.T) {
	srv := confluencetest.New(t, fixtures[0].opts)
	c := newClient(t, fixtures[0].config(srv), confluence.Deps{})
	if _, err := c.Page(context.Background(), "../space/ENG"); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("Page(../space/ENG) = %v, want ErrInvalid", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("requests = %d, want 0", n)
	}
}

// A redirect (http → https, a sign-on page) is reported with its target, not followed: a
// followed POST would silently become a GET.
func TestConfluenceRedirectNotFollowed(t *testing.T) {
	var hits []string
	srv := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits = append(hits, r.Method+" "+r.URL.Path)
		http.Redirect(w, r, "https://sso.corp/login?next=x", http.StatusFound)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	c := newClient(t, confluence.Config{BaseURL: "http://" + ln.Addr().String(), Deployment: "datacenter", Token: dcToken, SpaceKey: "ENG"}, confluence.Deps{})
	_, err = c.Create(context.Background(), confluence.PageForTest("T", "<p/>"))
	if !errors.Is(err, apperr.ErrUpstream) || !strings.Contains(err.Error(), "redirected (HTTP 302) to https://sso.corp/login") {
		t.Fatalf("err = %v", err)
	}
	if diff := cmp.Diff([]string{"POST /rest/api/content"}, hits); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

// The fake answers a stale version with Confluence's 409 body and keeps the page as it was.
func TestConfluenceFakeRefusesStaleVersion(t *testing.T) {
	f := fixtures[1]
	srv := confluencetest.New(t, f.opts)
	id := srv.AddPage("ENG", "P", "<p>1</p>")
	for _, v := range []int{1, 3} {
		body := `{"id":"` + id + `","type":"page","title":"P","body":{"storage":{"value":"<p>x</p>","representation":"storage"}},"version":{"number":` + string(rune('0'+v)) + `}}`
		req, _ := http.NewRequest(http.MethodPut, srv.URL()+"/rest/api/content/"+id, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+dcToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var eb struct {
			StatusCode int    `json:"statusCode"`
			Message    string `json:"message"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&eb)
		resp.Body.Close()
		if resp.StatusCode != 409 || eb.StatusCode != 409 || !strings.Contains(eb.Message, "Current version is: 1") {
			t.Errorf("version %d: status %d, body %+v; want 409", v, resp.StatusCode, eb)
		}
	}
	if p := srv.Pages()[0]; p.Version != 1 || p.Body != "<p>1</p>" {
		t.Errorf("page changed: %+v", p)
	}
}

func TestConfluenceCurrentUserShapes(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       confluence.User
		anonymous  bool // refused: ErrAuth (anonymous) or ErrUpstream (not a user)
	}{
		{name: "cloud", body: `{"type":"known","accountId":"abc","accountType":"atlassian","displayName":"Jane"}`, want: confluence.User{AccountID: "abc", DisplayName: "Jane", Type: "known"}},
		{name: "cloud anonymous by accountType", body: `{"type":"known","accountType":"anonymous","displayName":"Anonymous"}`, anonymous: true},
		{name: "anonymous type", body: `{"type":"anonymous","displayName":"Anonymous"}`, anonymous: true},
		{name: "dc", body: `{"type":"known","username":"jdoe","userKey":"k1","displayName":"J Doe"}`, want: confluence.User{AccountID: "k1", DisplayName: "J Doe", Type: "known"}},
		{name: "not confluence", body: `{}`, anonymous: true},
		{name: "dc username only", body: `{"type":"known","username":"jdoe"}`, want: confluence.User{AccountID: "jdoe", DisplayName: "jdoe", Type: "known"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(tt.body))
			})}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			go func() { _ = srv.Serve(ln) }()
			t.Cleanup(func() { _ = srv.Close() })
			c := newClient(t, confluence.Config{BaseURL: "http://" + ln.Addr().String(), Deployment: "datacenter", Token: dcToken}, confluence.Deps{})
			u, err := c.CurrentUser(context.Background())
			if tt.anonymous {
				if !errors.Is(err, apperr.ErrAuth) && !(tt.body == `{}` && errors.Is(err, apperr.ErrUpstream)) {
					t.Errorf("CurrentUser = %+v, %v; want ErrAuth (ErrUpstream for {})", u, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, u); diff != "" {
				t.Errorf("CurrentUser (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfluenceFindByTitle(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			srv := confluencetest.New(t, f.opts)
			c := newClient(t, f.config(srv), confluence.Deps{})
			spaceKey := f.config(srv).SpaceKey
			id := srv.AddPage(spaceKey, "RCA: disk full", "<p>x</p>")
			p, ok, err := c.FindByTitle(context.Background(), "RCA: disk full")
			if err != nil || !ok || p.ID != id || p.Body != "<p>x</p>" || p.Version != 1 || !strings.Contains(p.URL, id) {
				t.Fatalf("find: %+v %v %v", p, ok, err)
			}
			if _, ok, err := c.FindByTitle(context.Background(), "Nope"); ok || err != nil {
				t.Fatalf("missing title: %v %v", ok, err)
			}
			reqs := srv.Requests()
			q := reqs[len(reqs)-1]
			if q.Method != "GET" || !strings.HasSuffix(q.Path, "/rest/api/content") || !strings.Contains(q.Query, "title=Nope") || !strings.Contains(q.Query, "spaceKey="+spaceKey) {
				t.Fatalf("request %s %s?%s", q.Method, q.Path, q.Query)
			}
		})
	}
}
