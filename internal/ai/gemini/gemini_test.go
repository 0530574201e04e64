package gemini_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
	"tftsr/internal/ai/gemini"
	"tftsr/internal/ai/gemini/geminitest"
)

func config(base, key string) ai.Config {
	return ai.Config{Kind: ai.KindGemini, BaseURL: base, APIKey: key}
}

func TestConformance(t *testing.T) {
	aitest.Run(t, aitest.Target{
		NewFake: func(*testing.T) aitest.Fake { return geminitest.New() },
		Config:  config,
		New:     gemini.New,
	})
}

type env struct {
	prov    ai.Provider
	auditor *aitest.Auditor
	sleeper *aitest.Sleeper
}

func newEnv(t *testing.T, base string, mod func(*ai.Config)) env {
	t.Helper()
	cfg := config(base, aitest.Key)
	cfg.Model = "gemini-2.5-flash"
	cfg.Timeout = 5 * time.Second
	if mod != nil {
		mod(&cfg)
	}
	e := env{auditor: &aitest.Auditor{}, sleeper: &aitest.Sleeper{}}
	p, err := gemini.New(cfg, ai.Deps{Auditor: e.auditor, Sleep: e.sleeper.Sleep})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.prov = p
	return e
}

func fake(t *testing.T) *geminitest.Fake {
	t.Helper()
	f := geminitest.New()
	t.Cleanup(f.Close)
	return f
}

func request() ai.Request {
	sys := aitest.Approved("You are a careful SRE.")
	return ai.Request{System: &sys, Messages: []ai.Message{
		{Role: ai.RoleUser, Content: aitest.Approved("Why did the disk fill up?")},
		{Role: ai.RoleAssistant, Content: aitest.Approved("Which host?")},
		{Role: ai.RoleUser, Content: aitest.Approved("db-7")},
	}}
}

func collect(t *testing.T, p ai.Provider, req ai.Request) (ai.Result, []string, error) {
	t.Helper()
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

func TestKeyOnlyInHeader(t *testing.T) {
	f := fake(t)
	e := newEnv(t, f.URL(), nil)
	if _, _, err := collect(t, e.prov, request()); err != nil {
		t.Fatalf("Stream: %v", err)
	}
	if _, err := e.prov.Models(context.Background()); err != nil {
		t.Fatalf("Models: %v", err)
	}
	reqs := f.Requests()
	if len(reqs) != 2 {
		t.Fatalf("fake got %d requests, want 2", len(reqs))
	}
	for _, r := range reqs {
		if strings.Contains(r.RawQuery, aitest.Key) || strings.Contains(r.Path, aitest.Key) || strings.Contains(string(r.Body), aitest.Key) {
			t.Errorf("%s %s?%s: the key is in the URL or body", r.Method, r.Path, r.RawQuery)
		}
		if got := r.Header.Get("x-goog-api-key"); got != aitest.Key {
			t.Errorf("%s %s: x-goog-api-key = %q", r.Method, r.Path, got)
		}
	}
	if got, want := reqs[0].Path, "/v1beta/models/gemini-2.5-flash:streamGenerateContent"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	if reqs[0].RawQuery != "alt=sse" {
		t.Errorf("query = %q, want alt=sse", reqs[0].RawQuery)
	}
}

// The fake must catch a client that puts the key in the URL, or TestKeyOnlyInHeader proves little.
func TestFakeRefusesKeyInURL(t *testing.T) {
	f := fake(t)
	resp, err := http.Post(f.URL()+"/v1beta/models/m:streamGenerateContent?alt=sse&key="+aitest.Key, "application/json",
		strings.NewReader(`{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "INVALID_ARGUMENT") {
		t.Fatalf("status %d body %s, want 400 INVALID_ARGUMENT", resp.StatusCode, b)
	}
	if n := len(f.Requests()); n != 1 {
		t.Errorf("recorded %d requests, want the rejected one recorded", n)
	}
}

func TestWireBody(t *testing.T) {
	temp := 0.7
	tests := []struct {
		name string
		mod  func(*ai.Config)
		req  ai.Request
		want string
	}{
		{
			name: "roles, system instruction, generation config",
			mod:  func(c *ai.Config) { c.Temperature = &temp; c.MaxTokens = 512 },
			req:  request(),
			want: `{"contents":[{"role":"user","parts":[{"text":"Why did the disk fill up?"}]},{"role":"model","parts":[{"text":"Which host?"}]},{"role":"user","parts":[{"text":"db-7"}]}],` +
				`"systemInstruction":{"parts":[{"text":"You are a careful SRE."}]},"generationConfig":{"temperature":0.7,"maxOutputTokens":512}}`,
		},
		{
			name: "no system prompt and provider defaults",
			req:  ai.Request{Messages: []ai.Message{{Role: ai.RoleUser, Content: aitest.Approved("hi")}}},
			want: `{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := fake(t)
			e := newEnv(t, f.URL(), tc.mod)
			if _, _, err := collect(t, e.prov, tc.req); err != nil {
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
	f := fake(t)
	e := newEnv(t, f.URL(), nil)
	f.Enqueue(aitest.Reply{Chunks: []string{"a", "b"}, InputTokens: 11, OutputTokens: 2})
	res, deltas, err := collect(t, e.prov, request())
	if err != nil {
		t.Fatal(err)
	}
	want := ai.Result{Text: "ab", Usage: ai.Usage{InputTokens: 11, OutputTokens: 2}, StopReason: "STOP", Model: "gemini-2.5-flash"}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"a", "b"}, deltas); d != "" {
		t.Errorf("deltas (-want +got):\n%s", d)
	}
}

// sse serves a scripted answer: status, headers and raw body per request.
func sse(t *testing.T, answers ...func(w http.ResponseWriter)) (url string, count func() int) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		if i >= len(answers) {
			http.Error(w, "unexpected request", http.StatusTeapot)
			return
		}
		answers[i](w)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

func body(status int, header http.Header, b string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for k, v := range header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, b)
	}
}

func TestStreamEdgeCases(t *testing.T) {
	sseHdr := http.Header{"Content-Type": {"text/event-stream"}}
	frame := func(text, finish string) string {
		return string(geminitest.Frame("gemini-2.5-flash", text, finish, 5, 1))
	}
	tests := []struct {
		name      string
		answers   []func(http.ResponseWriter)
		wantText  string
		wantKind  ai.ErrorKind
		wantMsg   string
		wantWaits []time.Duration
		wantReqs  int
	}{
		{
			name:     "clean end without finishReason is an interrupted answer",
			answers:  []func(http.ResponseWriter){body(200, sseHdr, frame("half ", "")+frame("way", ""))},
			wantText: "half way", wantKind: ai.ErrServer, wantMsg: "stopped before it was complete", wantReqs: 1,
		},
		{
			name: "error frame mid-stream keeps the partial text and is not retried",
			answers: []func(http.ResponseWriter){body(200, sseHdr, frame("part", "")+
				"data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\",\"status\":\"UNAVAILABLE\"}}\r\n\r\n")},
			wantText: "part", wantKind: ai.ErrServer, wantMsg: "overloaded", wantReqs: 1,
		},
		{
			name: "RetryInfo retryDelay is honoured without a Retry-After header",
			answers: []func(http.ResponseWriter){
				body(429, nil, `{"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3s"}]}}`),
				body(200, sseHdr, frame("ok", "STOP")),
			},
			wantText: "ok", wantWaits: []time.Duration{3 * time.Second}, wantReqs: 2,
		},
		{
			name: "an expired key is a bad key (ErrorInfo reason API_KEY_INVALID)",
			answers: []func(http.ResponseWriter){body(400, nil, `{"error":{"code":400,"message":"API key expired. Please renew the API key.","status":"INVALID_ARGUMENT",`+
				`"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}`)},
			wantKind: ai.ErrBadKey, wantMsg: "API key expired", wantReqs: 1,
		},
		{
			name:     "a blocked prompt is reported",
			answers:  []func(http.ResponseWriter){body(200, sseHdr, "data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}\r\n\r\n")},
			wantKind: ai.ErrBadRequest, wantMsg: "SAFETY", wantReqs: 1,
		},
		{
			name: "thought parts are not part of the answer",
			answers: []func(http.ResponseWriter){body(200, sseHdr,
				`data: {"candidates":[{"content":{"parts":[{"text":"thinking…","thought":true},{"text":"answer"}],"role":"model"},"finishReason":"STOP"}]}`+"\n\n")},
			wantText: "answer", wantReqs: 1,
		},
		{
			name:     "empty text parts give no deltas",
			answers:  []func(http.ResponseWriter){body(200, sseHdr, frame("", "")+frame("x", "")+frame("", "MAX_TOKENS"))},
			wantText: "x", wantReqs: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url, count := sse(t, tc.answers...)
			e := newEnv(t, url, nil)
			res, deltas, err := collect(t, e.prov, request())
			if got := errKind(err); got != tc.wantKind || (err != nil && tc.wantKind == "") {
				t.Fatalf("err = %v (kind %q), want kind %q", err, got, tc.wantKind)
			}
			if err != nil && !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("err = %v, want it to mention %q", err, tc.wantMsg)
			}
			if res.Text != tc.wantText || strings.Join(deltas, "") != tc.wantText {
				t.Errorf("text = %q deltas = %q, want %q", res.Text, deltas, tc.wantText)
			}
			for _, d := range deltas {
				if d == "" {
					t.Errorf("empty delta in %q", deltas)
				}
			}
			if d := cmp.Diff(tc.wantWaits, e.sleeper.All()); d != "" {
				t.Errorf("waits (-want +got):\n%s", d)
			}
			if n := count(); n != tc.wantReqs {
				t.Errorf("server got %d requests, want %d", n, tc.wantReqs)
			}
		})
	}
}

func TestModelsPagesAndPrefix(t *testing.T) {
	var mu sync.Mutex
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		if r.URL.Query().Get("pageToken") == "" {
			_, _ = io.WriteString(w, `{"models":[{"name":"models/gemini-2.5-pro","displayName":"Gemini 2.5 Pro","supportedGenerationMethods":["generateContent"]}],"nextPageToken":"p2"}`)
			return
		}
		_, _ = io.WriteString(w, `{"models":[{"name":"models/embedding-001","supportedGenerationMethods":["embedContent"]},{"name":"models/gemini-2.5-flash"}]}`)
	}))
	t.Cleanup(srv.Close)
	e := newEnv(t, srv.URL+"/v1beta/", nil)
	got, err := e.prov.Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []ai.Model{{ID: "gemini-2.5-pro", Name: "Gemini 2.5 Pro"}, {ID: "gemini-2.5-flash", Name: "gemini-2.5-flash"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("models (-want +got):\n%s", d)
	}
	mu.Lock()
	defer mu.Unlock()
	if d := cmp.Diff([]string{"pageSize=1000", "pageSize=1000&pageToken=p2"}, queries); d != "" {
		t.Errorf("queries (-want +got):\n%s", d)
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  ai.Config
		deps ai.Deps
	}{
		{"wrong kind", ai.Config{Kind: ai.KindOllama}, ai.Deps{Auditor: &aitest.Auditor{}}},
		{"bad base URL", ai.Config{BaseURL: "ftp://x"}, ai.Deps{Auditor: &aitest.Auditor{}}},
		{"no auditor", ai.Config{}, ai.Deps{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := gemini.New(tc.cfg, tc.deps); err == nil {
				t.Fatal("New succeeded, want an error")
			}
		})
	}
}

func TestNoModelIsRefusedBeforeSending(t *testing.T) {
	f := fake(t)
	e := newEnv(t, f.URL(), func(c *ai.Config) { c.Model = "" })
	if _, _, err := collect(t, e.prov, request()); err == nil || !strings.Contains(err.Error(), "no model") {
		t.Fatalf("err = %v, want a missing-model error", err)
	}
	if n := len(f.Requests()) + len(e.auditor.All()); n != 0 {
		t.Errorf("%d requests/sends, want none", n)
	}
}

func TestCancelStopsBufferedPieces(t *testing.T) {
	f := fake(t)
	e := newEnv(t, f.URL(), nil)
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

// The fake must refuse what the real API refuses, or the wire tests above prove little.
func TestFakeRefusesMalformedBodies(t *testing.T) {
	tests := []struct {
		name, body string
	}{
		{"unknown field", `{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"temprature":1}`},
		{"assistant role instead of model", `{"contents":[{"role":"assistant","parts":[{"text":"hi"}]}]}`},
		{"no contents", `{"contents":[]}`},
		{"not JSON", `contents=hi`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := fake(t)
			req, _ := http.NewRequest(http.MethodPost, f.URL()+"/v1beta/models/m:streamGenerateContent?alt=sse", strings.NewReader(tc.body))
			req.Header.Set("x-goog-api-key", aitest.Key)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var v struct {
				Error struct {
					Code   int    `json:"code"`
					Status string `json:"status"`
				} `json:"error"`
			}
			if resp.StatusCode != 400 || json.Unmarshal(b, &v) != nil || v.Error.Code != 400 || v.Error.Status != "INVALID_ARGUMENT" {
				t.Fatalf("status %d body %s, want Google's 400 INVALID_ARGUMENT", resp.StatusCode, b)
			}
			if reqs := f.Requests(); len(reqs) != 1 || string(reqs[0].Body) != tc.body {
				t.Errorf("recorded %+v, want the rejected request with its raw body", reqs)
			}
		})
	}
}
