package anthropic

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
	"tftsr/internal/ai/anthropic/anthropictest"
	"tftsr/internal/apperr"
	"tftsr/internal/egress"
)

func TestConformance(t *testing.T) {
	aitest.Run(t, aitest.Target{
		NewFake: func(t *testing.T) aitest.Fake { return anthropictest.New(t) },
		Config: func(baseURL, key string) ai.Config {
			return ai.Config{Kind: ai.KindAnthropic, BaseURL: baseURL, APIKey: key}
		},
		New: New,
	})
}

func request(system string, texts ...string) ai.Request {
	var req ai.Request
	if system != "" {
		s := aitest.Approved(system)
		req.System = &s
	}
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

// The key goes in x-api-key (never Authorization, which the SDK's WithAPIKey would use), the
// version is 2023-06-01, nothing comes from ANTHROPIC_* variables, the system prompt is the
// top-level system, and max_tokens defaults to ai.DefaultMaxTokens.
func TestRequestHeadersAndBody(t *testing.T) {
	t.Setenv("ANTHROPIC_API_KEY", "sk-ant-from-the-environment")
	t.Setenv("ANTHROPIC_AUTH_TOKEN", "token-from-the-environment")
	t.Setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9")
	f := anthropictest.New(t)
	p := newProvider(t, ai.Config{Kind: ai.KindAnthropic, BaseURL: f.URL() + "/v1/", APIKey: aitest.Key, Model: "claude-test"}, ai.Deps{})
	res, err := p.Stream(context.Background(), request("Be brief.", "Why?"), nil)
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	want := ai.Result{Text: "Hello, world", Usage: ai.Usage{InputTokens: 7, OutputTokens: 3}, StopReason: "end_turn", Model: "claude-test"}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
	r := f.Requests()[0]
	type head struct{ Method, Path, APIKey, Version, Authorization string }
	gotHead := head{r.Method, r.Path, r.Header.Get("x-api-key"), r.Header.Get("anthropic-version"), r.Header.Get("Authorization")}
	if d := cmp.Diff(head{"POST", "/v1/messages", aitest.Key, "2023-06-01", ""}, gotHead); d != "" {
		t.Errorf("request (-want +got):\n%s", d)
	}
	var body struct {
		System      json.RawMessage `json:"system"`
		MaxTokens   int             `json:"max_tokens"`
		Temperature *float64        `json:"temperature"`
		Stream      bool            `json:"stream"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	if r.System != "Be brief." || body.MaxTokens != ai.DefaultMaxTokens || body.Temperature != nil || !body.Stream {
		t.Errorf("body = %s; want top-level system, max_tokens %d, no temperature, stream", r.Body, ai.DefaultMaxTokens)
	}
}

// rawServer answers every request with an event stream body, written in small pieces.
func rawServer(t *testing.T, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		for len(body) > 0 {
			n := min(5, len(body))
			_, _ = io.WriteString(w, body[:n])
			w.(http.Flusher).Flush()
			body = body[n:]
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func ev(name, data string) string { return "event: " + name + "\ndata: " + data + "\n\n" }

var (
	msgStart   = ev("message_start", `{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"claude-x","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}`)
	blockStart = ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
	ping       = ev("ping", `{"type": "ping"}`)
	blockStop  = ev("content_block_stop", `{"type":"content_block_stop","index":0}`)
	msgDelta   = ev("message_delta", `{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":4}}`)
	msgStop    = ev("message_stop", `{"type":"message_stop"}`)
)

func textDelta(s string) string {
	b, _ := json.Marshal(s)
	return ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`+string(b)+`}}`)
}

func TestStreamShapes(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		want       ai.Result
		wantDeltas []string
		wantKind   ai.ErrorKind // "" = success
		wantStatus int
	}{
		{
			name:       "ping events anywhere",
			body:       ping + msgStart + ping + blockStart + ping + textDelta("a") + ping + ping + textDelta("b") + blockStop + ping + msgDelta + ping + msgStop + ping,
			want:       ai.Result{Text: "ab", Usage: ai.Usage{InputTokens: 12, OutputTokens: 4}, StopReason: "max_tokens", Model: "claude-x"},
			wantDeltas: []string{"a", "b"},
		},
		{
			name: "thinking deltas are not answer text",
			body: msgStart + ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}`) +
				ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}`) +
				ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2ln"}}`) +
				blockStop + ev("content_block_start", `{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}`) +
				ev("content_block_delta", `{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"answer"}}`) +
				ev("content_block_stop", `{"type":"content_block_stop","index":1}`) + msgDelta + msgStop,
			want:       ai.Result{Text: "answer", Usage: ai.Usage{InputTokens: 12, OutputTokens: 4}, StopReason: "max_tokens", Model: "claude-x"},
			wantDeltas: []string{"answer"},
		},
		{
			name:       "clean end without message_stop is an interruption",
			body:       msgStart + blockStart + textDelta("half"),
			want:       ai.Result{Text: "half", Usage: ai.Usage{InputTokens: 12, OutputTokens: 1}, Model: "claude-x"},
			wantDeltas: []string{"half"},
			wantKind:   ai.ErrServer,
		},
		{
			name:       "api_error event after text",
			body:       msgStart + blockStart + textDelta("x") + ev("error", `{"type":"error","error":{"type":"api_error","message":"Internal server error"}}`),
			want:       ai.Result{Text: "x", Usage: ai.Usage{InputTokens: 12, OutputTokens: 1}, Model: "claude-x"},
			wantDeltas: []string{"x"},
			wantKind:   ai.ErrServer,
			wantStatus: 500,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newProvider(t, ai.Config{Kind: ai.KindAnthropic, BaseURL: rawServer(t, tc.body), Model: "m"}, ai.Deps{})
			var deltas []string
			res, err := p.Stream(context.Background(), request("", "q"), func(d string) { deltas = append(deltas, d) })
			if tc.wantKind == "" && err != nil {
				t.Fatalf("Stream: %v", err)
			}
			if tc.wantKind != "" {
				var e *ai.Error
				if !errors.As(err, &e) || e.Kind != tc.wantKind || e.Status != tc.wantStatus {
					t.Fatalf("err = %v (%+v), want kind %s status %d", err, e, tc.wantKind, tc.wantStatus)
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

// An overloaded_error event before any text is retried like a 529, with the same body.
func TestInStreamOverloadBeforeTextIsRetried(t *testing.T) {
	f := anthropictest.New(t)
	f.EnqueueStreamError(aitest.Reply{Chunks: []string{"never"}}, anthropictest.StreamError{After: 0, Type: "overloaded_error", Message: "Overloaded"})
	f.Enqueue(aitest.Reply{Chunks: []string{"second ", "try"}, InputTokens: 5, OutputTokens: 2})
	sl := &aitest.Sleeper{}
	var retried []error
	req := request("", "q")
	req.OnRetry = func(_ int, _ time.Duration, err error) { retried = append(retried, err) }
	p := newProvider(t, ai.Config{Kind: ai.KindAnthropic, BaseURL: f.URL(), APIKey: aitest.Key, Model: "m"}, ai.Deps{Sleep: sl.Sleep})
	var deltas []string
	res, err := p.Stream(context.Background(), req, func(d string) { deltas = append(deltas, d) })
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	if res.Text != "second try" || len(deltas) != 2 {
		t.Errorf("text = %q, deltas = %q", res.Text, deltas)
	}
	reqs := f.Requests()
	if len(reqs) != 2 || reqs[0].SHA256() != reqs[1].SHA256() {
		t.Fatalf("fake got %d requests (want 2 with the same body)", len(reqs))
	}
	if len(retried) != 1 || len(sl.All()) != 1 {
		t.Fatalf("retries = %v, waits = %v, want one", retried, sl.All())
	}
	var e *ai.Error
	if !errors.As(retried[0], &e) || e.Kind != ai.ErrServer || e.Status != 529 || e.Message != "Overloaded" {
		t.Errorf("retried error = %v, want server error 529 Overloaded", retried[0])
	}
}

// An error event after text is reported with the partial text and not retried.
func TestInStreamOverloadAfterTextIsReported(t *testing.T) {
	f := anthropictest.New(t)
	f.EnqueueStreamError(aitest.Reply{Chunks: []string{"part ", "rest"}}, anthropictest.StreamError{After: 1, Type: "overloaded_error", Message: "Overloaded"})
	p := newProvider(t, ai.Config{Kind: ai.KindAnthropic, BaseURL: f.URL(), APIKey: aitest.Key, Model: "m"}, ai.Deps{})
	res, err := p.Stream(context.Background(), request("", "q"), nil)
	var e *ai.Error
	if !errors.As(err, &e) || e.Kind != ai.ErrServer || apperr.Code(err) != "upstream" {
		t.Fatalf("err = %v, want an ai server error", err)
	}
	if res.Text != "part " {
		t.Errorf("partial text = %q, want %q", res.Text, "part ")
	}
	if n := len(f.Requests()); n != 1 {
		t.Errorf("fake got %d requests, want 1", n)
	}
}

// A rate_limit_error event is a rate limit; without retries left it is reported as such.
func TestInStreamRateLimit(t *testing.T) {
	f := anthropictest.New(t)
	f.EnqueueStreamError(aitest.Reply{}, anthropictest.StreamError{Type: "rate_limit_error", Message: "Number of request tokens has exceeded your per-minute rate limit"})
	p := newProvider(t, ai.Config{Kind: ai.KindAnthropic, BaseURL: f.URL(), APIKey: aitest.Key, Model: "m", MaxRetries: -1}, ai.Deps{})
	_, err := p.Stream(context.Background(), request("", "q"), nil)
	var e *ai.Error
	if !errors.As(err, &e) || e.Kind != ai.ErrRateLimited {
		t.Fatalf("err = %v, want rate limited", err)
	}
}

func TestBaseURLAndConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     ai.Config
		want    string
		wantErr bool
	}{
		{name: "default", cfg: ai.Config{Kind: ai.KindAnthropic}, want: "https://api.anthropic.com"},
		{name: "pasted with /v1", cfg: ai.Config{Kind: ai.KindAnthropic, BaseURL: "https://proxy.example/anthropic/v1/"}, want: "https://proxy.example/anthropic"},
		{name: "not a URL", cfg: ai.Config{Kind: ai.KindAnthropic, BaseURL: "api.anthropic.com"}, wantErr: true},
		{name: "wrong kind", cfg: ai.Config{Kind: ai.KindOpenAI}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg, ai.Deps{Auditor: &aitest.Auditor{}})
			if tc.wantErr {
				if !errors.Is(err, apperr.ErrInvalid) {
					t.Fatalf("New err = %v, want apperr.ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			got, err := baseURL(tc.cfg)
			if err != nil || got != tc.want {
				t.Errorf("baseURL = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestModelsDisplayNames(t *testing.T) {
	f := anthropictest.New(t)
	f.SetModels("claude-a", "claude-b")
	p := newProvider(t, ai.Config{Kind: ai.KindAnthropic, BaseURL: f.URL(), APIKey: aitest.Key}, ai.Deps{})
	ms, err := p.Models(context.Background())
	if err != nil {
		t.Fatalf("Models: %v", err)
	}
	want := []ai.Model{{ID: "claude-a", Name: "Display claude-a"}, {ID: "claude-b", Name: "Display claude-b"}}
	if d := cmp.Diff(want, ms); d != "" {
		t.Errorf("models (-want +got):\n%s", d)
	}
	r := f.Requests()[0]
	if r.Path != "/v1/models" || r.Header.Get("x-api-key") != aitest.Key || r.Header.Get("anthropic-version") != APIVersion {
		t.Errorf("request = %s %s, headers %v", r.Method, r.Path, r.Header)
	}
}

func TestUnapprovedSystemPromptIsRefused(t *testing.T) {
	f := anthropictest.New(t)
	p := newProvider(t, ai.Config{Kind: ai.KindAnthropic, BaseURL: f.URL(), APIKey: aitest.Key, Model: "m"}, ai.Deps{})
	req := request("", "q")
	req.System = &egress.Approved{}
	if _, err := p.Stream(context.Background(), req, nil); !errors.Is(err, egress.ErrNotApproved) {
		t.Fatalf("err = %v, want egress.ErrNotApproved", err)
	}
	if n := len(f.Requests()); n != 0 {
		t.Errorf("fake got %d requests, want none", n)
	}
}
