package providers_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/providers"
	"tftsr/internal/store"
	"tftsr/internal/store/storetest"
)

const secret = "sk-live-SECRETVALUE-9f8e7d6c5b4a"

// httpProvider is a minimal ai.Provider that sends each request body over the audited client
// to a test server: it proves the service wires the auditor and the key, not a vendor format
// (the vendor formats have their own conformance tests in internal/ai).
type httpProvider struct {
	cfg    ai.Config
	client *http.Client
	models []ai.Model
	noList bool
	deps   ai.Deps
}

func (p *httpProvider) Stream(ctx context.Context, req ai.Request, onText func(string)) (ai.Result, error) {
	_, turns, err := req.Texts()
	if err != nil {
		return ai.Result{}, err
	}
	var res ai.Result
	err = p.deps.Do(ctx, p.cfg, req, func(a ai.Attempt) (bool, error) {
		r, _ := http.NewRequestWithContext(a.Ctx, http.MethodPost, p.cfg.BaseURL+"/chat", strings.NewReader(turns[len(turns)-1].Text))
		r.Header.Set("Authorization", "Bearer "+p.cfg.APIKey)
		resp, err := p.client.Do(r)
		if err != nil {
			return false, ai.Unreachable(p.cfg.Kind, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			return false, ai.Classify(p.cfg.Kind, resp.StatusCode, b, 0)
		}
		onText(string(b))
		res.Text = string(b)
		return true, nil
	})
	return res, err
}

func (p *httpProvider) Models(context.Context) ([]ai.Model, error) {
	if p.noList {
		return nil, ai.ErrUnsupported
	}
	return p.models, nil
}

type env struct {
	db      *store.DB
	svc     *providers.Service
	inc     *incident.Service
	built   []ai.Config
	models  []ai.Model
	noList  bool
	server  *httptest.Server
	bodies  []string
	authHdr []string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := storetest.New(t)
	now := func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }
	log := audit.New(now)
	e := &env{db: db, inc: incident.NewService(db, log, now), models: []ai.Model{{ID: "m-1", Name: "m-1"}, {ID: "m-2", Name: "m-2"}}}
	e.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		e.bodies = append(e.bodies, string(b))
		e.authHdr = append(e.authHdr, r.Header.Get("Authorization"))
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer sk-echo") {
			// A server that echoes the refused key in full.
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"error":{"message":"Incorrect API key provided: ` + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") + `","code":"invalid_api_key"}}`))
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+secret {
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}}`))
			return
		}
		_, _ = w.Write([]byte("OK"))
	}))
	t.Cleanup(e.server.Close)
	build := func(cfg ai.Config, deps ai.Deps) (ai.Provider, error) {
		e.built = append(e.built, cfg)
		c, err := deps.Client(cfg)
		if err != nil {
			return nil, err
		}
		return &httpProvider{cfg: cfg, client: c, models: e.models, noList: e.noList, deps: deps}, nil
	}
	master := make([]byte, 32)
	for i := range master {
		master[i] = byte(i)
	}
	svc, err := providers.NewService(db, log, master, build, ai.Deps{Sleep: (&aitest.Sleeper{}).Sleep}, now)
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	return e
}

func key(s string) *string { return &s }

func (e *env) create(t *testing.T, in providers.Input) providers.Provider {
	t.Helper()
	p, err := e.svc.Create(context.Background(), in)
	if err != nil {
		t.Fatalf("create %q: %v", in.Name, err)
	}
	return p
}

func openaiInput(name string) providers.Input {
	temp := 0.3
	return providers.Input{Name: name, Kind: ai.KindOpenAI, Model: "m-1", APIKey: key(secret), Temperature: &temp, MaxTokens: 500}
}

// dump returns every text column of the tables that could hold the key, and the audit log.
func dump(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id||name||kind||base_url||model||COALESCE(api_key_sealed,'')||api_key_hint||custom_format FROM ai_providers`,
		`SELECT action||entity_id||COALESCE(details,'') FROM audit_log`,
	} {
		rows, err := db.Read().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s + "\n")
		}
		rows.Close()
	}
	return b.String()
}

func TestKeyIsSealedAndNeverReturned(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, openaiInput("OpenAI"))
	if !p.KeySet || p.KeyHint != "5b4a" {
		t.Errorf("keySet=%v hint=%q, want true and the last 4 characters", p.KeySet, p.KeyHint)
	}
	list, err := e.svc.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(list)
	if strings.Contains(string(js), "SECRETVALUE") {
		t.Fatalf("the key reached the frontend's view: %s", js)
	}
	if d := dump(t, e.db); strings.Contains(d, "SECRETVALUE") {
		t.Fatalf("the key is stored or audited in clear:\n%s", d)
	}
	// The backend can still use it.
	if _, _, err := e.svc.Open(context.Background(), p.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got := e.built[len(e.built)-1].APIKey; got != secret {
		t.Errorf("built provider key = %q, want the stored key", got)
	}
}

func TestShortKeyHasNoHint(t *testing.T) {
	e := newEnv(t)
	in := openaiInput("Local")
	in.APIKey = key("abc123")
	if p := e.create(t, in); !p.KeySet || p.KeyHint != "" {
		t.Errorf("keySet=%v hint=%q: a short key must not be partly shown", p.KeySet, p.KeyHint)
	}
}

func TestUpdateKeepsReplacesOrClearsTheKey(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	p := e.create(t, openaiInput("OpenAI"))
	in := openaiInput("OpenAI renamed")
	in.APIKey = nil
	p, err := e.svc.Update(ctx, p.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.Open(ctx, p.ID, ""); err != nil || e.built[len(e.built)-1].APIKey != secret || p.Name != "OpenAI renamed" {
		t.Fatalf("nil key must keep the stored one: err=%v cfg=%+v", err, e.built)
	}
	in.APIKey = key("sk-new-key-00000000001234")
	if p, err = e.svc.Update(ctx, p.ID, in); err != nil || p.KeyHint != "1234" {
		t.Fatalf("replace: %v %+v", err, p)
	}
	in.APIKey = key("")
	if p, err = e.svc.Update(ctx, p.ID, in); err != nil || p.KeySet || p.KeyHint != "" {
		t.Fatalf("clear: %v %+v", err, p)
	}
	if _, _, err := e.svc.Open(ctx, p.ID, ""); err != nil || e.built[len(e.built)-1].APIKey != "" {
		t.Fatalf("cleared key still used: %+v", e.built[len(e.built)-1])
	}
}

// A stored key is never sent to a changed address: editing the base URL needs the key again.
func TestUpdateKeyStaysWithItsAddress(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := openaiInput("Gateway")
	in.BaseURL = "https://llm.corp.example/v1"
	p := e.create(t, in)
	in.APIKey = nil
	in.BaseURL = "https://llm.corp.example:8443/v1"
	if _, err := e.svc.Update(ctx, p.ID, in); !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), "enter the API key again") {
		t.Fatalf("new port, key kept: %v", err)
	}
	got, err := e.svc.Get(ctx, p.ID)
	if err != nil || got.BaseURL != "https://llm.corp.example/v1" {
		t.Fatalf("a refused update changed the provider: %+v %v", got, err)
	}
	in.BaseURL = "https://LLM.corp.example/v2" // same origin, other path: the key stays
	if _, err := e.svc.Update(ctx, p.ID, in); err != nil {
		t.Fatalf("same address: %v", err)
	}
	in.BaseURL, in.APIKey = "https://other.example/v1", key("sk-other-key-0000000009999")
	if p, err = e.svc.Update(ctx, p.ID, in); err != nil || p.KeyHint != "9999" {
		t.Fatalf("new address with a new key: %+v %v", p, err)
	}
}

func TestValidation(t *testing.T) {
	temp := func(f float64) *float64 { return &f }
	cases := []struct {
		name string
		in   providers.Input
		want string
	}{
		{"no name", providers.Input{Kind: ai.KindOpenAI}, "a name is required"},
		{"unknown kind", providers.Input{Name: "x", Kind: "cohere"}, `unknown provider kind "cohere"`},
		{"temperature", providers.Input{Name: "x", Kind: ai.KindOpenAI, Temperature: temp(2.5)}, "temperature must be between 0 and 2"},
		{"max tokens", providers.Input{Name: "x", Kind: ai.KindOpenAI, MaxTokens: -1}, "max tokens"},
		{"url scheme", providers.Input{Name: "x", Kind: ai.KindOpenAI, BaseURL: "ftp://host"}, "http:// or https://"},
		{"url userinfo", providers.Input{Name: "x", Kind: ai.KindOpenAI, BaseURL: "https://u:p@host/v1"}, "must not contain a user name or password"},
		{"url query", providers.Input{Name: "x", Kind: ai.KindOpenAI, BaseURL: "https://host/v1?key=1"}, "query"},
		{"azure endpoint", providers.Input{Name: "x", Kind: ai.KindAzureOpenAI, Model: "dep", APIVersion: "2024-10-21"}, "resource endpoint"},
		{"azure version", providers.Input{Name: "x", Kind: ai.KindAzureOpenAI, Model: "dep", BaseURL: "https://r.openai.azure.com"}, "API version"},
		{"azure deployment", providers.Input{Name: "x", Kind: ai.KindAzureOpenAI, BaseURL: "https://r.openai.azure.com", APIVersion: "v"}, "deployment name"},
		{"custom format", providers.Input{Name: "x", Kind: ai.KindCustom, BaseURL: "https://h"}, "request and response format"},
		{"multi-line key", providers.Input{Name: "x", Kind: ai.KindOpenAI, APIKey: key("a\nb")}, "one line"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.svc.Create(context.Background(), c.in)
			if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want invalid with %q", err, c.want)
			}
		})
	}
}

func TestDuplicateNameIsAConflict(t *testing.T) {
	e := newEnv(t)
	e.create(t, openaiInput("Work"))
	_, err := e.svc.Create(context.Background(), openaiInput("work"))
	if !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("err = %v, want conflict", err)
	}
}

func TestDefaultAndIncidentChoice(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := e.create(t, openaiInput("A"))
	b := e.create(t, openaiInput("B"))
	if !a.IsDefault || b.IsDefault {
		t.Fatalf("the first provider must be the default: a=%v b=%v", a.IsDefault, b.IsDefault)
	}
	inc, err := e.inc.Create(ctx, incident.CreateInput{Title: "Disk full on db-7", Severity: "high"})
	if err != nil {
		t.Fatal(err)
	}
	choice := func() providers.Choice {
		c, err := e.svc.ForIncident(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if d := cmp.Diff(providers.Choice{ProviderID: a.ID}, choice()); d != "" {
		t.Errorf("default choice (-want +got):\n%s", d)
	}
	if err := e.svc.ChooseForIncident(ctx, inc.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(providers.Choice{ProviderID: b.ID, Explicit: true}, choice()); d != "" {
		t.Errorf("explicit choice (-want +got):\n%s", d)
	}
	if err := e.svc.SetDefault(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Delete(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	// The incident's choice went with the provider; the remaining one became the default.
	if d := cmp.Diff(providers.Choice{ProviderID: a.ID}, choice()); d != "" {
		t.Errorf("after deleting the chosen default (-want +got):\n%s", d)
	}
	if err := e.svc.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(providers.Choice{}, choice()); d != "" {
		t.Errorf("no provider left: work by hand (-want +got):\n%s", d)
	}
	if err := e.svc.ChooseForIncident(ctx, inc.ID, "missing"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("choosing a missing provider: %v", err)
	}
	if err := e.svc.ChooseForIncident(ctx, "no-such-incident", ""); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("choosing for a missing incident: %v", err)
	}
}

func TestEverySendIsAuditedAgainstTheIncident(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := openaiInput("Fake")
	in.BaseURL = e.server.URL
	p := e.create(t, in)
	inc, err := e.inc.Create(ctx, incident.CreateInput{Title: "API latency", Severity: "high"})
	if err != nil {
		t.Fatal(err)
	}
	prov, _, err := e.svc.Open(ctx, p.ID, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	msg := aitest.Approved("latency on [HOST-1] since 09:00")
	if _, err := prov.Stream(ctx, ai.Request{Messages: []ai.Message{{Role: ai.RoleUser, Content: msg}}}, func(string) {}); err != nil {
		t.Fatal(err)
	}
	entries, err := audit.List(ctx, e.db.Read(), inc.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var sends []audit.Entry
	for _, en := range entries {
		if en.Action == providers.ActionSend {
			sends = append(sends, en)
		}
	}
	if len(sends) != 1 {
		t.Fatalf("%d ai.send entries, want 1: %+v", len(sends), entries)
	}
	details := sends[0].Details
	sum := sha256.Sum256([]byte(e.bodies[0]))
	if !strings.Contains(details, `"sha256":"`+hex.EncodeToString(sum[:])+`"`) || !strings.Contains(details, `"bytes":31`) {
		t.Errorf("audit details = %s, want the sha256 and size of the body the server got (%q)", details, e.bodies[0])
	}
	if strings.Contains(details, "latency") || strings.Contains(details, "SECRETVALUE") {
		t.Errorf("the audit holds content or the key: %s", details)
	}
}

func TestConnectionTest(t *testing.T) {
	ctx := context.Background()
	t.Run("model listed", func(t *testing.T) {
		e := newEnv(t)
		p := e.create(t, openaiInput("A"))
		r, err := e.svc.Test(ctx, p.ID)
		if err != nil || !r.OK || r.Models != 2 {
			t.Fatalf("Test = %+v, %v", r, err)
		}
	})
	t.Run("model not offered", func(t *testing.T) {
		e := newEnv(t)
		in := openaiInput("A")
		in.Model = "gpt-nonexistent"
		p := e.create(t, in)
		r, err := e.svc.Test(ctx, p.ID)
		if err != nil || r.OK || !strings.Contains(r.Message, `"gpt-nonexistent" is not offered`) {
			t.Fatalf("Test = %+v, %v", r, err)
		}
	})
	t.Run("no model list: a ping is sent", func(t *testing.T) {
		e := newEnv(t)
		e.noList = true
		in := openaiInput("Custom")
		in.BaseURL = e.server.URL
		p := e.create(t, in)
		r, err := e.svc.Test(ctx, p.ID)
		if err != nil || !r.OK {
			t.Fatalf("Test = %+v, %v", r, err)
		}
		if len(e.bodies) != 1 || !strings.Contains(e.bodies[0], "Connection test from TFTSR") {
			t.Fatalf("server got %q", e.bodies)
		}
	})
	t.Run("a key echoed by the server never reaches the message", func(t *testing.T) {
		e := newEnv(t)
		e.noList = true
		in := openaiInput("Echo")
		in.BaseURL = e.server.URL
		in.APIKey = key("sk-echo-THE-FULL-SECRET-1234")
		p := e.create(t, in)
		r, err := e.svc.Test(ctx, p.ID)
		if err != nil || r.OK || strings.Contains(r.Message, "THE-FULL-SECRET") || !strings.Contains(r.Message, "[API key]") {
			t.Fatalf("Test = %+v, %v", r, err)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		e := newEnv(t)
		e.noList = true
		in := openaiInput("Custom")
		in.BaseURL = e.server.URL
		in.APIKey = key("sk-wrong-000000000000")
		p := e.create(t, in)
		r, err := e.svc.Test(ctx, p.ID)
		if err != nil || r.OK || !strings.Contains(r.Message, "API key was refused") {
			t.Fatalf("Test = %+v, %v", r, err)
		}
	})
}
