package openai

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
	"tftsr/internal/ai/openai/openaitest"
	"tftsr/internal/apperr"
)

func TestConformance(t *testing.T) {
	targets := []struct {
		name   string
		target aitest.Target
	}{
		{"openai", aitest.Target{
			NewFake: func(t *testing.T) aitest.Fake {
				return openaitest.New(t, openaitest.Options{Flavor: openaitest.OpenAI})
			},
			Config: func(baseURL, key string) ai.Config {
				return ai.Config{Kind: ai.KindOpenAI, BaseURL: baseURL, APIKey: key}
			},
			New: New,
		}},
		{"compatible without key", aitest.Target{
			NewFake: func(t *testing.T) aitest.Fake {
				return openaitest.New(t, openaitest.Options{Flavor: openaitest.OpenAI, Keyless: true})
			},
			Config: func(baseURL, _ string) ai.Config { return ai.Config{Kind: ai.KindOpenAI, BaseURL: baseURL} },
			New:    New,
		}},
		{"mistral", aitest.Target{
			NewFake: func(t *testing.T) aitest.Fake {
				return openaitest.New(t, openaitest.Options{Flavor: openaitest.Mistral})
			},
			Config: func(baseURL, key string) ai.Config {
				return ai.Config{Kind: ai.KindMistral, BaseURL: baseURL, APIKey: key}
			},
			New: New,
		}},
		{"azure", aitest.Target{
			NewFake: func(t *testing.T) aitest.Fake { return openaitest.New(t, openaitest.Options{Flavor: openaitest.Azure}) },
			Config: func(baseURL, key string) ai.Config {
				return ai.Config{Kind: ai.KindAzureOpenAI, BaseURL: baseURL, APIKey: key, APIVersion: "2024-10-21"}
			},
			New:         New,
			NoModelList: true,
		}},
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) { aitest.Run(t, tg.target) })
	}
}

func request(texts ...string) ai.Request {
	var req ai.Request
	for i, s := range texts {
		role := ai.RoleUser
		if i%2 == 1 {
			role = ai.RoleAssistant
		}
		req.Messages = append(req.Messages, ai.Message{Role: role, Content: aitest.Approved(s)})
	}
	return req
}

func newProvider(t *testing.T, cfg ai.Config, deps ai.Deps) ai.Provider {
	t.Helper()
	if deps.Auditor == nil {
		deps.Auditor = &aitest.Auditor{}
	}
	if deps.Sleep == nil {
		deps.Sleep = (&aitest.Sleeper{}).Sleep
	}
	p, err := New(cfg, deps)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

// A keyless compatible server gets no Authorization header, and nothing comes from the
// OPENAI_* environment the SDK's NewClient would read.
func TestKeylessSendsNoAuthorization(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-from-the-environment")
	t.Setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
	t.Setenv("OPENAI_ORG_ID", "org-from-the-environment")
	f := openaitest.New(t, openaitest.Options{Flavor: openaitest.OpenAI, Keyless: true})
	p := newProvider(t, ai.Config{Kind: ai.KindOpenAI, BaseURL: f.URL(), Model: "local-model"}, ai.Deps{})
	res, err := p.Stream(context.Background(), request("hi"), nil)
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	if res.Text != "Hello, world" {
		t.Errorf("text = %q", res.Text)
	}
	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("fake got %d requests, want 1", len(reqs))
	}
	for _, h := range []string{"Authorization", "OpenAI-Organization", "api-key"} {
		if v, ok := reqs[0].Header[http.CanonicalHeaderKey(h)]; ok {
			t.Errorf("header %s = %q, want none", h, v)
		}
	}
	// A keyed provider sends exactly its own key.
	f2 := openaitest.New(t, openaitest.Options{Flavor: openaitest.OpenAI})
	p2 := newProvider(t, ai.Config{Kind: ai.KindOpenAI, BaseURL: f2.URL(), APIKey: aitest.Key, Model: "m"}, ai.Deps{})
	if _, err := p2.Stream(context.Background(), request("hi"), nil); err != nil {
		t.Fatalf("Stream with key: %v", err)
	}
	if got := f2.Requests()[0].Header.Get("Authorization"); got != "Bearer "+aitest.Key {
		t.Errorf("Authorization = %q", got)
	}
}

func TestAzureRequest(t *testing.T) {
	tests := []struct {
		name, apiVersion, wantField string
	}{
		{"current api-version", "2024-10-21", "max_completion_tokens"},
		{"preview api-version", "2025-04-01-preview", "max_completion_tokens"},
		{"old api-version", "2024-02-01", "max_tokens"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := openaitest.New(t, openaitest.Options{Flavor: openaitest.Azure})
			p := newProvider(t, ai.Config{
				Kind: ai.KindAzureOpenAI, BaseURL: f.URL() + "/", APIKey: aitest.Key,
				Model: "gpt4o-prod", APIVersion: tc.apiVersion, MaxTokens: 50,
			}, ai.Deps{})
			res, err := p.Stream(context.Background(), request("hi"), nil)
			if err != nil {
				t.Fatalf("Stream: %v", err)
			}
			if res.Text != "Hello, world" || res.Usage != (ai.Usage{InputTokens: 7, OutputTokens: 3}) {
				t.Errorf("result = %+v", res)
			}
			r := f.Requests()[0]
			got := struct{ Method, Path, Query, APIKey, Auth string }{r.Method, r.Path, r.RawQuery, r.Header.Get("api-key"), r.Header.Get("Authorization")}
			want := struct{ Method, Path, Query, APIKey, Auth string }{"POST", "/openai/deployments/gpt4o-prod/chat/completions", "api-version=" + tc.apiVersion, aitest.Key, ""}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("request (-want +got):\n%s", d)
			}
			var body map[string]any
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatal(err)
			}
			if body[tc.wantField] != float64(50) {
				t.Errorf("body = %s, want %s: 50", r.Body, tc.wantField)
			}
		})
	}
}

func TestAzureModelsUnsupported(t *testing.T) {
	p := newProvider(t, ai.Config{Kind: ai.KindAzureOpenAI, BaseURL: "https://x.openai.azure.com", APIKey: "k", Model: "d", APIVersion: "2024-10-21"}, ai.Deps{})
	if _, err := p.Models(context.Background()); !errors.Is(err, ai.ErrUnsupported) {
		t.Fatalf("Models err = %v, want ai.ErrUnsupported", err)
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name    string
		cfg     ai.Config
		want    endpoint
		wantErr bool
	}{
		{
			name: "openai default",
			cfg:  ai.Config{Kind: ai.KindOpenAI, APIKey: "sk"},
			want: endpoint{baseURL: "https://api.openai.com/v1", authHeader: "Authorization", authValue: "Bearer sk", maxTokensField: "max_completion_tokens", modelList: true, streamUsage: true},
		},
		{
			name: "compatible server without key",
			cfg:  ai.Config{Kind: ai.KindOpenAI, BaseURL: "http://localhost:1234/v1/"},
			want: endpoint{baseURL: "http://localhost:1234/v1", maxTokensField: "max_tokens", modelList: true, streamUsage: true},
		},
		{
			name: "mistral default",
			cfg:  ai.Config{Kind: ai.KindMistral, APIKey: "mk"},
			want: endpoint{baseURL: "https://api.mistral.ai/v1", authHeader: "Authorization", authValue: "Bearer mk", maxTokensField: "max_tokens", modelList: true},
		},
		{
			name: "azure",
			cfg:  ai.Config{Kind: ai.KindAzureOpenAI, BaseURL: "https://x.openai.azure.com/openai/", APIKey: "ak", Model: "my dep", APIVersion: "2024-10-21"},
			want: endpoint{baseURL: "https://x.openai.azure.com/openai/deployments/my%20dep", authHeader: "api-key", authValue: "ak", apiVersion: "2024-10-21", maxTokensField: "max_completion_tokens", streamUsage: true},
		},
		{name: "azure without api-version", cfg: ai.Config{Kind: ai.KindAzureOpenAI, BaseURL: "https://x.openai.azure.com", APIKey: "ak"}, wantErr: true},
		{name: "azure without endpoint", cfg: ai.Config{Kind: ai.KindAzureOpenAI, APIKey: "ak", APIVersion: "2024-10-21"}, wantErr: true},
		{name: "not a URL", cfg: ai.Config{Kind: ai.KindOpenAI, BaseURL: "localhost:1234"}, wantErr: true},
		{name: "other kind", cfg: ai.Config{Kind: ai.KindAnthropic}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := resolve(tc.cfg)
			if tc.wantErr {
				if !errors.Is(err, apperr.ErrInvalid) {
					t.Fatalf("err = %v, want apperr.ErrInvalid", err)
				}
				if _, err := New(tc.cfg, ai.Deps{Auditor: &aitest.Auditor{}}); !errors.Is(err, apperr.ErrInvalid) {
					t.Fatalf("New err = %v, want apperr.ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("resolve: %v", err)
			}
			if d := cmp.Diff(tc.want, got, cmp.AllowUnexported(endpoint{})); d != "" {
				t.Errorf("endpoint (-want +got):\n%s", d)
			}
		})
	}
}

// rawServer answers every request with contentType and body, written in pieces.
func rawServer(t *testing.T, contentType, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", contentType)
		for len(body) > 0 {
			n := min(7, len(body))
			_, _ = io.WriteString(w, body[:n])
			w.(http.Flusher).Flush()
			body = body[n:]
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

// Streams of compatible servers: chunks without choices or with missing optional fields, the
// usage-only last chunk, an in-stream error, a stream cut short without [DONE].
func TestStreamShapes(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		want        ai.Result
		wantDeltas  []string
		wantKind    ai.ErrorKind // "" = success
	}{
		{
			name: "usage-only last chunk with empty choices, usage null before",
			body: `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}` + "\n\n" +
				`data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"Disk "},"finish_reason":null}],"usage":null}` + "\n\n" +
				`data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"full."},"finish_reason":null}],"usage":null}` + "\n\n" +
				`data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"finish_reason":"length"}],"usage":null}` + "\n\n" +
				`data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":2,"total_tokens":13}}` + "\n\n" +
				"data: [DONE]\n\n",
			want:       ai.Result{Text: "Disk full.", Usage: ai.Usage{InputTokens: 11, OutputTokens: 2}, StopReason: "length", Model: "gpt-4o-2024-08-06"},
			wantDeltas: []string{"Disk ", "full."},
		},
		{
			name: "chunks without choices key and without optional fields, CRLF",
			body: "data: {\"object\":\"chat.completion.chunk\"}\r\n\r\n" +
				"data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\r\n\r\n" +
				": keep-alive comment\r\n\r\n" +
				"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null}}]}\r\n\r\n" +
				"data: {\"choices\":[{\"delta\":{\"content\":\"b\"},\"finish_reason\":\"stop\"}]}\r\n\r\n" +
				"data: [DONE]\r\n\r\n",
			want:       ai.Result{Text: "ab", StopReason: "stop"},
			wantDeltas: []string{"a", "b"},
		},
		{
			name:        "server that ignores stream answers in one piece",
			contentType: "application/json",
			body:        `{"id":"c","object":"chat.completion","model":"llama3","choices":[{"index":0,"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}`,
			want:        ai.Result{Text: "whole", Usage: ai.Usage{InputTokens: 4, OutputTokens: 1}, StopReason: "stop", Model: "llama3"},
			wantDeltas:  []string{"whole"},
		},
		{
			name:       "clean end without [DONE] is an interruption",
			body:       `data: {"choices":[{"index":0,"delta":{"content":"half"}}]}` + "\n\n",
			want:       ai.Result{Text: "half"},
			wantDeltas: []string{"half"},
			wantKind:   ai.ErrServer,
		},
		{
			name:       "error object inside the stream",
			body:       `data: {"choices":[{"index":0,"delta":{"content":"x"}}]}` + "\n\n" + `data: {"error":{"message":"The server had an error while processing your request.","type":"server_error"}}` + "\n\n",
			want:       ai.Result{Text: "x"},
			wantDeltas: []string{"x"},
			wantKind:   ai.ErrServer,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ct := tc.contentType
			if ct == "" {
				ct = "text/event-stream"
			}
			url := rawServer(t, ct, tc.body)
			p := newProvider(t, ai.Config{Kind: ai.KindOpenAI, BaseURL: url, Model: "m"}, ai.Deps{})
			var deltas []string
			res, err := p.Stream(context.Background(), request("q"), func(d string) { deltas = append(deltas, d) })
			if tc.wantKind == "" && err != nil {
				t.Fatalf("Stream: %v", err)
			}
			if tc.wantKind != "" {
				var e *ai.Error
				if !errors.As(err, &e) || e.Kind != tc.wantKind {
					t.Fatalf("err = %v, want kind %s", err, tc.wantKind)
				}
			}
			if d := cmp.Diff(tc.want, res); d != "" {
				t.Errorf("result (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantDeltas, deltas); d != "" {
				t.Errorf("deltas (-want +got):\n%s", d)
			}
		})
	}
}

// Retry-After as an HTTP date is honoured against the injected clock.
func TestRetryAfterHTTPDate(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f := openaitest.New(t, openaitest.Options{Flavor: openaitest.OpenAI})
	f.Enqueue(aitest.Reply{Fail: aitest.FailRate, RetryAfter: now.Add(9 * time.Second).Format(http.TimeFormat)}, aitest.Reply{Chunks: []string{"ok"}})
	sl := &aitest.Sleeper{}
	p := newProvider(t, ai.Config{Kind: ai.KindOpenAI, BaseURL: f.URL(), APIKey: aitest.Key, Model: "m"},
		ai.Deps{Sleep: sl.Sleep, Now: func() time.Time { return now }})
	res, err := p.Stream(context.Background(), request("q"), nil)
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	if res.Text != "ok" {
		t.Errorf("text = %q", res.Text)
	}
	if d := cmp.Diff([]time.Duration{9 * time.Second}, sl.All()); d != "" {
		t.Errorf("waits (-want +got):\n%s", d)
	}
	if n := len(f.Requests()); n != 2 {
		t.Errorf("fake got %d requests, want 2", n)
	}
}

// Mistral is not sent the OpenAI-only fields it refuses (the fake answers them with 422), and
// its usage on the finishing chunk is read.
func TestMistralBody(t *testing.T) {
	f := openaitest.New(t, openaitest.Options{Flavor: openaitest.Mistral})
	p := newProvider(t, ai.Config{Kind: ai.KindMistral, BaseURL: f.URL(), APIKey: aitest.Key, Model: "mistral-small-latest", MaxTokens: 64}, ai.Deps{})
	f.Enqueue(aitest.Reply{Chunks: []string{"a", "b"}, InputTokens: 5, OutputTokens: 2})
	res, err := p.Stream(context.Background(), request("q"), nil)
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	if res.Usage != (ai.Usage{InputTokens: 5, OutputTokens: 2}) {
		t.Errorf("usage = %+v", res.Usage)
	}
	body := string(f.Requests()[0].Body)
	for _, field := range []string{"stream_options", "max_completion_tokens"} {
		if strings.Contains(body, field) {
			t.Errorf("body has %s: %s", field, body)
		}
	}
}

// The fake is strict: what it refuses, the client reports as a bad request and does not retry.
func TestFakeRefusesUnknownFields(t *testing.T) {
	f := openaitest.New(t, openaitest.Options{Flavor: openaitest.Mistral})
	resp, err := http.Post(f.URL()+"/chat/completions", "application/json", strings.NewReader(`{"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true},"stream":true}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no key: status %d, want 401", resp.StatusCode)
	}
	req, _ := http.NewRequest("POST", f.URL()+"/chat/completions", strings.NewReader(`{"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true},"stream":true}`))
	req.Header.Set("Authorization", "Bearer "+aitest.Key)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), "extra_forbidden") {
		t.Fatalf("status %d body %s, want 422 extra_forbidden", resp.StatusCode, b)
	}
	if n := len(f.Requests()); n != 2 {
		t.Errorf("recorded %d requests, want 2 (rejected ones too)", n)
	}
}
