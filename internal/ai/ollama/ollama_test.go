package ollama_test

import (
	"context"
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
	"tftsr/internal/ai/ollama"
	"tftsr/internal/ai/ollama/ollamatest"
)

func TestConformance(t *testing.T) {
	t.Run("local, keyless", func(t *testing.T) {
		aitest.Run(t, aitest.Target{
			NewFake: func(*testing.T) aitest.Fake { return ollamatest.New() },
			// A local Ollama has no key: the suite's keys are dropped.
			Config: func(base, _ string) ai.Config { return ai.Config{Kind: ai.KindOllama, BaseURL: base} },
			New:    ollama.New,
		})
	})
	t.Run("behind a proxy with a bearer key", func(t *testing.T) {
		aitest.Run(t, aitest.Target{
			NewFake: func(*testing.T) aitest.Fake { return ollamatest.NewWithKey(aitest.Key) },
			Config:  func(base, key string) ai.Config { return ai.Config{Kind: ai.KindOllama, BaseURL: base, APIKey: key} },
			New:     ollama.New,
		})
	})
}

type env struct {
	prov    *ollama.Provider
	auditor *aitest.Auditor
}

func newEnv(t *testing.T, base, key string, mod func(*ai.Config)) env {
	t.Helper()
	cfg := ai.Config{Kind: ai.KindOllama, BaseURL: base, APIKey: key, Model: "llama3.2:3b", Timeout: 5 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	a := &aitest.Auditor{}
	p, err := ollama.New(cfg, ai.Deps{Auditor: a, Sleep: (&aitest.Sleeper{}).Sleep})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return env{prov: p.(*ollama.Provider), auditor: a}
}

func request() ai.Request {
	sys := aitest.Approved("You are a careful SRE.")
	return ai.Request{System: &sys, Messages: []ai.Message{
		{Role: ai.RoleUser, Content: aitest.Approved("Why did the disk fill up?")},
		{Role: ai.RoleAssistant, Content: aitest.Approved("Which host?")},
		{Role: ai.RoleUser, Content: aitest.Approved("db-7")},
	}}
}

func collect(p ai.Provider, req ai.Request) (ai.Result, []string, error) {
	var deltas []string
	res, err := p.Stream(context.Background(), req, func(d string) { deltas = append(deltas, d) })
	return res, deltas, err
}

func errKind(err error) ai.ErrorKind {
	var e *ai.Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

func TestAuthHeader(t *testing.T) {
	tests := []struct {
		name string
		fake func() *ollamatest.Fake
		key  string
		want string
	}{
		{"keyless sends no Authorization header", ollamatest.New, "", ""},
		{"a key is sent as a bearer token", func() *ollamatest.Fake { return ollamatest.NewWithKey("proxy-key") }, "proxy-key", "Bearer proxy-key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fake()
			t.Cleanup(f.Close)
			e := newEnv(t, f.URL(), tc.key, nil)
			if _, _, err := collect(e.prov, request()); err != nil {
				t.Fatalf("Stream: %v", err)
			}
			if _, err := e.prov.Models(context.Background()); err != nil {
				t.Fatalf("Models: %v", err)
			}
			if err := e.prov.Pull(context.Background(), "llama3.2:3b", nil); err != nil {
				t.Fatalf("Pull: %v", err)
			}
			reqs := f.Requests()
			if len(reqs) != 3 {
				t.Fatalf("fake got %d requests, want 3", len(reqs))
			}
			for _, r := range reqs {
				_, has := r.Header["Authorization"]
				if got := r.Header.Get("Authorization"); got != tc.want || (tc.want == "" && has) {
					t.Errorf("%s %s: Authorization = %q (present %v), want %q", r.Method, r.Path, got, has, tc.want)
				}
			}
		})
	}
}

func TestWireBody(t *testing.T) {
	temp := 0.0
	tests := []struct {
		name string
		mod  func(*ai.Config)
		req  ai.Request
		want string
	}{
		{
			name: "system first, roles, options",
			mod:  func(c *ai.Config) { c.Temperature = &temp; c.MaxTokens = 256 },
			req:  request(),
			want: `{"model":"llama3.2:3b","messages":[{"role":"system","content":"You are a careful SRE."},{"role":"user","content":"Why did the disk fill up?"},` +
				`{"role":"assistant","content":"Which host?"},{"role":"user","content":"db-7"}],"stream":true,"options":{"temperature":0,"num_predict":256}}`,
		},
		{
			name: "server defaults: no options",
			req:  ai.Request{Messages: []ai.Message{{Role: ai.RoleUser, Content: aitest.Approved("hi")}}},
			want: `{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"stream":true}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := ollamatest.New()
			t.Cleanup(f.Close)
			e := newEnv(t, f.URL(), "", tc.mod)
			if _, _, err := collect(e.prov, tc.req); err != nil {
				t.Fatalf("Stream: %v", err)
			}
			reqs := f.Requests()
			if len(reqs) != 1 {
				t.Fatalf("fake got %d requests", len(reqs))
			}
			var got, want any
			if err := json.Unmarshal(reqs[0].Body, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("body (-want +got):\n%s", d)
			}
		})
	}
}

func TestResultFields(t *testing.T) {
	f := ollamatest.New()
	t.Cleanup(f.Close)
	e := newEnv(t, f.URL(), "", nil)
	f.Enqueue(aitest.Reply{Chunks: []string{"a", "", "b"}, InputTokens: 26, OutputTokens: 290})
	res, deltas, err := collect(e.prov, request())
	if err != nil {
		t.Fatal(err)
	}
	want := ai.Result{Text: "ab", Usage: ai.Usage{InputTokens: 26, OutputTokens: 290}, StopReason: "stop", Model: "llama3.2:3b"}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"a", "b"}, deltas); d != "" {
		t.Errorf("deltas (-want +got): (an empty piece must not be delivered)\n%s", d)
	}
}

func TestErrorLineMidStream(t *testing.T) {
	f := ollamatest.New()
	t.Cleanup(f.Close)
	e := newEnv(t, f.URL(), "", nil)
	f.Enqueue(aitest.Reply{Fail: aitest.FailServer, Chunks: []string{"par", "tial"}})
	res, deltas, err := collect(e.prov, request())
	if errKind(err) != ai.ErrServer || !strings.Contains(err.Error(), "llama runner process has terminated") {
		t.Fatalf("err = %v, want a server error with Ollama's message", err)
	}
	if res.Text != "partial" || strings.Join(deltas, "") != "partial" {
		t.Errorf("text = %q, deltas = %q, want the partial answer kept", res.Text, deltas)
	}
	if n := len(f.Requests()); n != 1 {
		t.Errorf("fake got %d requests, want 1 (a started answer is not retried)", n)
	}
}

func TestUnknownModelMessage(t *testing.T) {
	f := ollamatest.New()
	t.Cleanup(f.Close)
	e := newEnv(t, f.URL(), "", nil)
	f.Enqueue(aitest.Reply{Fail: aitest.FailModel})
	_, _, err := collect(e.prov, request())
	if errKind(err) != ai.ErrUnknownModel || !strings.Contains(err.Error(), `model "llama3.2:3b" not found, try pulling it first`) {
		t.Fatalf("err = %v, want unknown model with Ollama's hint", err)
	}
}

type step struct {
	Status           string
	Completed, Total int64
}

func TestPull(t *testing.T) {
	f := ollamatest.New()
	t.Cleanup(f.Close)
	e := newEnv(t, f.URL(), "", nil)
	var steps []step
	err := e.prov.Pull(context.Background(), "qwen3:8b", func(s string, c, tot int64) { steps = append(steps, step{s, c, tot}) })
	if err != nil {
		t.Fatalf("Pull: %v", err)
	}
	want := []step{
		{"pulling manifest", 0, 0},
		{"pulling 6a0746a1ec1a", 0, 4000}, {"pulling 6a0746a1ec1a", 1000, 4000},
		{"pulling 6a0746a1ec1a", 2500, 4000}, {"pulling 6a0746a1ec1a", 4000, 4000},
		{"verifying sha256 digest", 0, 0}, {"writing manifest", 0, 0}, {"success", 0, 0},
	}
	if d := cmp.Diff(want, steps); d != "" {
		t.Errorf("progress (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"qwen3:8b"}, f.Pulled()); d != "" {
		t.Errorf("pulled (-want +got):\n%s", d)
	}
	reqs := f.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/api/pull" || string(reqs[0].Body) != `{"model":"qwen3:8b","stream":true}` {
		t.Fatalf("requests = %+v", reqs)
	}
	sends := e.auditor.All()
	if len(sends) != 1 || sends[0].Path != "/api/pull" || sends[0].SHA256 != reqs[0].SHA256() {
		t.Errorf("audited sends = %+v, want the pull request audited", sends)
	}
}

func TestPullFailures(t *testing.T) {
	t.Run("error line after progress", func(t *testing.T) {
		f := ollamatest.New()
		t.Cleanup(f.Close)
		e := newEnv(t, f.URL(), "", nil)
		f.FailNextPull("pull model manifest: file does not exist")
		var statuses []string
		err := e.prov.Pull(context.Background(), "no-such-model", func(s string, _, _ int64) { statuses = append(statuses, s) })
		if errKind(err) != ai.ErrUnknownModel || !strings.Contains(err.Error(), "file does not exist") {
			t.Fatalf("err = %v, want unknown model with the server's message", err)
		}
		if d := cmp.Diff([]string{"pulling manifest"}, statuses); d != "" {
			t.Errorf("progress before the error (-want +got):\n%s", d)
		}
		if len(f.Pulled()) != 0 {
			t.Errorf("pulled = %q, want none", f.Pulled())
		}
	})

	t.Run("cancel stops the pull", func(t *testing.T) {
		f := ollamatest.New()
		t.Cleanup(f.Close)
		e := newEnv(t, f.URL(), "", nil)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		calls := 0
		err := e.prov.Pull(ctx, "qwen3:8b", func(string, int64, int64) { calls++; cancel() })
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if calls != 1 {
			t.Errorf("progress called %d times after cancel", calls)
		}
	})

	t.Run("stream that ends before success", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"status":"pulling manifest"}`+"\n")
		}))
		t.Cleanup(srv.Close)
		e := newEnv(t, srv.URL, "", nil)
		err := e.prov.Pull(context.Background(), "qwen3:8b", nil)
		if errKind(err) != ai.ErrServer {
			t.Fatalf("err = %v, want an interrupted download", err)
		}
	})

	t.Run("bearer key refused", func(t *testing.T) {
		f := ollamatest.NewWithKey("right")
		t.Cleanup(f.Close)
		e := newEnv(t, f.URL(), "wrong", nil)
		err := e.prov.Pull(context.Background(), "qwen3:8b", nil)
		if errKind(err) != ai.ErrBadKey {
			t.Fatalf("err = %v, want bad key", err)
		}
	})

	t.Run("empty model name is refused before sending", func(t *testing.T) {
		f := ollamatest.New()
		t.Cleanup(f.Close)
		e := newEnv(t, f.URL(), "", nil)
		if err := e.prov.Pull(context.Background(), " ", nil); err == nil {
			t.Fatal("Pull succeeded, want an error")
		}
		if n := len(f.Requests()); n != 0 {
			t.Errorf("fake got %d requests, want none", n)
		}
	})
}

func TestDefaultsAndValidation(t *testing.T) {
	a := &aitest.Auditor{}
	if _, err := ollama.New(ai.Config{Kind: ai.KindGemini}, ai.Deps{Auditor: a}); err == nil {
		t.Error("New accepted a gemini config")
	}
	if _, err := ollama.New(ai.Config{BaseURL: "localhost:11434"}, ai.Deps{Auditor: a}); err == nil {
		t.Error("New accepted a base URL without a scheme")
	}
	// The default base is a local Ollama; check it by where the audited request was headed.
	p, err := ollama.New(ai.Config{}, ai.Deps{Auditor: a, HTTPClient: &http.Client{Transport: refuse{}}})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = p.Models(context.Background())
	sends := a.All()
	if len(sends) != 1 || sends[0].Host != "localhost:11434" || sends[0].Path != "/api/tags" {
		t.Errorf("sends = %+v, want one to localhost:11434/api/tags", sends)
	}
}

type refuse struct{}

func (refuse) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in tests")
}

func TestCancelStopsBufferedPieces(t *testing.T) {
	f := ollamatest.New()
	t.Cleanup(f.Close)
	e := newEnv(t, f.URL(), "", nil)
	f.Enqueue(aitest.Reply{Chunks: []string{"a", "b", "c", "d"}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var deltas []string
	res, err := e.prov.Stream(ctx, request(), func(d string) { deltas = append(deltas, d); cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := cmp.Diff([]string{"a"}, deltas); d != "" {
		t.Errorf("deltas after cancel (-want +got):\n%s", d)
	}
	if res.Text != "a" {
		t.Errorf("partial text = %q, want %q", res.Text, "a")
	}
}

// The fake must refuse what the real server refuses, or the wire tests above prove little.
func TestFakeRefusesMalformedBodies(t *testing.T) {
	tests := []struct {
		name, path, body string
	}{
		{"unknown chat field", "/api/chat", `{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"max_tokens":5}`},
		{"unknown option", "/api/chat", `{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"max_tokens":5}}`},
		{"no model", "/api/chat", `{"messages":[{"role":"user","content":"hi"}]}`},
		{"bad role", "/api/chat", `{"model":"m","messages":[{"role":"model","content":"hi"}]}`},
		{"pull without a model", "/api/pull", `{"stream":true}`},
		{"not JSON", "/api/chat", `model=m`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := ollamatest.New()
			t.Cleanup(f.Close)
			resp, err := http.Post(f.URL()+tc.path, "application/json", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var v struct {
				Error string `json:"error"`
			}
			if resp.StatusCode != 400 || json.Unmarshal(b, &v) != nil || v.Error == "" {
				t.Fatalf("status %d body %s, want 400 {\"error\":…}", resp.StatusCode, b)
			}
			if reqs := f.Requests(); len(reqs) != 1 || string(reqs[0].Body) != tc.body {
				t.Errorf("recorded %+v, want the rejected request with its raw body", reqs)
			}
		})
	}
}
