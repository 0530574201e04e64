package custom_test

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
	"tftsr/internal/ai/custom"
	"tftsr/internal/ai/custom/customtest"
	"tftsr/internal/apperr"
)

// Formats the tests run against: nested objects, array indexes on both sides, a root array.
var (
	nested = ai.CustomFormat{
		Path: "/v1/generate", AuthHeader: "X-API-Key",
		ModelField: "model", MessagesField: "input.messages", SystemField: "input.system",
		TextField: "output.choices.0.text", InputTokensField: "usage.tokens.in", OutputTokensField: "usage.tokens.out",
	}
	indexed = ai.CustomFormat{
		Path: "/predict?version=2", AuthHeader: "Authorization", AuthPrefix: "Bearer ",
		ModelField: "parameters.model", MessagesField: "instances.0.messages",
		TextField: "0.generated_text", InputTokensField: "0.details.prompt_tokens", OutputTokensField: "0.details.generated_tokens",
	}
	keyless = ai.CustomFormat{Path: "/chat", ModelField: "model", MessagesField: "messages", TextField: "reply"}
)

func target(f ai.CustomFormat) aitest.Target {
	return aitest.Target{
		NewFake: func(*testing.T) aitest.Fake { return customtest.New(f) },
		Config: func(base, key string) ai.Config {
			if f.AuthHeader == "" {
				key = "" // no header to carry it
			}
			return ai.Config{Kind: ai.KindCustom, BaseURL: base, APIKey: key, Custom: &f}
		},
		New:         custom.New,
		NoStreaming: true,
		NoModelList: true,
		NoUsage:     f.InputTokensField == "",
	}
}

func TestConformance(t *testing.T) {
	t.Run("nested objects", func(t *testing.T) { aitest.Run(t, target(nested)) })
	t.Run("array indexes and a root array", func(t *testing.T) { aitest.Run(t, target(indexed)) })
	t.Run("no auth, no usage", func(t *testing.T) { aitest.Run(t, target(keyless)) })
}

func newProv(t *testing.T, base string, f ai.CustomFormat, key string) ai.Provider {
	t.Helper()
	temp := 0.5
	p, err := custom.New(ai.Config{Kind: ai.KindCustom, BaseURL: base, APIKey: key, Model: "m-1", Temperature: &temp, MaxTokens: 64,
		Timeout: 5 * time.Second, Custom: &f}, ai.Deps{Auditor: &aitest.Auditor{}, Sleep: (&aitest.Sleeper{}).Sleep})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

func request() ai.Request {
	sys := aitest.Approved("Be brief.")
	return ai.Request{System: &sys, Messages: []ai.Message{
		{Role: ai.RoleUser, Content: aitest.Approved("q1")},
		{Role: ai.RoleAssistant, Content: aitest.Approved("a1")},
		{Role: ai.RoleUser, Content: aitest.Approved("q2")},
	}}
}

func TestWireBody(t *testing.T) {
	tests := []struct {
		name       string
		format     ai.CustomFormat
		wantBody   string
		wantHeader string
		wantURI    string
	}{
		{
			name:   "nested fields, system in its own field",
			format: nested,
			wantBody: `{"model":"m-1","input":{"system":"Be brief.","messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"a1"},{"role":"user","content":"q2"}]},` +
				`"temperature":0.5,"max_tokens":64}`,
			wantHeader: aitest.Key, wantURI: "/v1/generate",
		},
		{
			name:   "array index in a request path, system as the first message",
			format: indexed,
			wantBody: `{"parameters":{"model":"m-1"},"instances":[{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"q1"},` +
				`{"role":"assistant","content":"a1"},{"role":"user","content":"q2"}]}],"temperature":0.5,"max_tokens":64}`,
			wantHeader: "Bearer " + aitest.Key, wantURI: "/predict?version=2",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := customtest.New(tc.format)
			t.Cleanup(f.Close)
			p := newProv(t, f.URL(), tc.format, aitest.Key)
			var deltas []string
			res, err := p.Stream(context.Background(), request(), func(d string) { deltas = append(deltas, d) })
			if err != nil {
				t.Fatalf("Stream: %v", err)
			}
			if d := cmp.Diff([]string{"Hello, world"}, deltas); d != "" {
				t.Errorf("deltas (-want +got): the answer must come in one piece\n%s", d)
			}
			if d := cmp.Diff(ai.Result{Text: "Hello, world", Usage: ai.Usage{InputTokens: 7, OutputTokens: 3}, Model: "m-1"}, res); d != "" {
				t.Errorf("result (-want +got):\n%s", d)
			}
			reqs := f.Requests()
			if len(reqs) != 1 {
				t.Fatalf("fake got %d requests", len(reqs))
			}
			var got, want any
			if err := json.Unmarshal(reqs[0].Body, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tc.wantBody), &want); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("body (-want +got):\n%s", d)
			}
			if got := reqs[0].Header.Get(tc.format.AuthHeader); got != tc.wantHeader {
				t.Errorf("%s = %q, want %q", tc.format.AuthHeader, got, tc.wantHeader)
			}
			if got := reqs[0].Path + "?" + reqs[0].RawQuery; strings.TrimSuffix(got, "?") != tc.wantURI {
				t.Errorf("request URI = %q, want %q", got, tc.wantURI)
			}
		})
	}
}

func TestValidation(t *testing.T) {
	ok := ai.CustomFormat{Path: "/gen", MessagesField: "messages", TextField: "text"}
	with := func(mod func(*ai.CustomFormat)) *ai.CustomFormat { f := ok; mod(&f); return &f }
	tests := []struct {
		name    string
		base    string
		format  *ai.CustomFormat
		wantMsg string // the field the message must name
	}{
		{"no format", "http://h", nil, "format is not configured"},
		{"no base URL", "", &ok, "BaseURL"},
		{"base URL without scheme", "h:8080", &ok, "BaseURL"},
		{"no path", "http://h", with(func(f *ai.CustomFormat) { f.Path = "" }), "Path is required"},
		{"relative path", "http://h", with(func(f *ai.CustomFormat) { f.Path = "gen" }), `Path "gen" must start with "/"`},
		{"no messages field", "http://h", with(func(f *ai.CustomFormat) { f.MessagesField = "" }), "MessagesField is required"},
		{"no text field", "http://h", with(func(f *ai.CustomFormat) { f.TextField = "" }), "TextField is required"},
		{"double dot", "http://h", with(func(f *ai.CustomFormat) { f.TextField = "choices..text" }), `TextField: malformed field path "choices..text"`},
		{"trailing dot", "http://h", with(func(f *ai.CustomFormat) { f.ModelField = "model." }), "ModelField: malformed field path"},
		{"space in a path", "http://h", with(func(f *ai.CustomFormat) { f.OutputTokensField = "usage. out" }), "OutputTokensField: malformed field path"},
		{"huge index", "http://h", with(func(f *ai.CustomFormat) { f.MessagesField = "a.99999.m" }), "MessagesField: malformed field path"},
		{"request path starting with an index", "http://h", with(func(f *ai.CustomFormat) { f.MessagesField = "0.messages" }), "MessagesField \"0.messages\": a request path must start with a field name"},
		{"request fields overlap", "http://h", with(func(f *ai.CustomFormat) { f.SystemField = "messages.system" }), `SystemField "messages.system"`},
		{"model field collides with temperature", "http://h", with(func(f *ai.CustomFormat) { f.ModelField = "temperature" }), "temperature"},
		{"bad header name", "http://h", with(func(f *ai.CustomFormat) { f.AuthHeader = "X API Key" }), `AuthHeader "X API Key" is not a valid header name`},
		{"header with colon", "http://h", with(func(f *ai.CustomFormat) { f.AuthHeader = "X-Key:" }), "AuthHeader"},
		{"reserved header", "http://h", with(func(f *ai.CustomFormat) { f.AuthHeader = "content-length" }), "AuthHeader"},
		{"prefix without header", "http://h", with(func(f *ai.CustomFormat) { f.AuthPrefix = "Bearer " }), "AuthPrefix"},
		{"prefix with a newline", "http://h", with(func(f *ai.CustomFormat) { f.AuthHeader = "Authorization"; f.AuthPrefix = "Bearer\n" }), "AuthPrefix"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			temp := 0.1
			_, err := custom.New(ai.Config{Kind: ai.KindCustom, BaseURL: tc.base, Temperature: &temp, Custom: tc.format}, ai.Deps{Auditor: &aitest.Auditor{}})
			if !errors.Is(err, apperr.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("err = %q, want it to say %q", err, tc.wantMsg)
			}
		})
	}
	t.Run("a good format passes", func(t *testing.T) {
		if _, err := custom.New(ai.Config{Kind: ai.KindCustom, BaseURL: "http://h/api/", Custom: &ok}, ai.Deps{Auditor: &aitest.Auditor{}}); err != nil {
			t.Fatalf("New: %v", err)
		}
	})
}

// answer serves one fixed 200 JSON body.
func answer(t *testing.T, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestResponsePaths(t *testing.T) {
	tests := []struct {
		name      string
		format    ai.CustomFormat
		body      string
		wantText  string
		wantUsage ai.Usage
		wantErr   []string // all must appear in the error
	}{
		{
			name:   "nested object and index",
			format: nested, body: `{"output":{"choices":[{"text":"disk full"}]},"usage":{"tokens":{"in":12,"out":2}}}`,
			wantText: "disk full", wantUsage: ai.Usage{InputTokens: 12, OutputTokens: 2},
		},
		{
			name:   "root array",
			format: indexed, body: `[{"generated_text":"ok","details":{"prompt_tokens":5,"generated_tokens":1.0}}]`,
			wantText: "ok", wantUsage: ai.Usage{InputTokens: 5, OutputTokens: 1},
		},
		{
			name:   "missing token counts are zero, the answer is kept",
			format: nested, body: `{"output":{"choices":[{"text":"x"}]},"usage":{"tokens":{"in":"twelve"}}}`,
			wantText: "x",
		},
		{
			name:   "missing field names the path and where it broke",
			format: nested, body: `{"output":{}}`,
			wantErr: []string{`TextField "output.choices.0.text"`, `"output" has no field "choices"`},
		},
		{
			name:   "index out of range",
			format: nested, body: `{"output":{"choices":[]}}`,
			wantErr: []string{`"output.choices" has 0 item(s), no index 0`},
		},
		{
			name:   "object where an array is expected",
			format: nested, body: `{"output":{"choices":{"text":"x"}}}`,
			wantErr: []string{`"output.choices" is an object, not an array`},
		},
		{
			name:   "text that is not a string",
			format: nested, body: `{"output":{"choices":[{"text":42}]}}`,
			wantErr: []string{`TextField "output.choices.0.text" in the response is a number, not text`},
		},
		{
			name:   "not JSON",
			format: nested, body: `<html>502 Bad Gateway</html>`,
			wantErr: []string{"not valid JSON"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newProv(t, answer(t, tc.body), tc.format, aitest.Key)
			var deltas []string
			res, err := p.Stream(context.Background(), request(), func(d string) { deltas = append(deltas, d) })
			if tc.wantErr != nil {
				var e *ai.Error
				if !errors.As(err, &e) || e.Kind != ai.ErrServer {
					t.Fatalf("err = %v, want a server error", err)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("err = %q, want it to say %q", err, w)
					}
				}
				if len(deltas) != 0 {
					t.Errorf("deltas = %q, want none", deltas)
				}
				return
			}
			if err != nil {
				t.Fatalf("Stream: %v", err)
			}
			if res.Text != tc.wantText || res.Usage != tc.wantUsage {
				t.Errorf("result = %+v, want text %q usage %+v", res, tc.wantText, tc.wantUsage)
			}
		})
	}
}

func TestBrokenResponses(t *testing.T) {
	tests := []struct {
		name  string
		reply aitest.Reply
	}{
		{"body cut inside the JSON", aitest.Reply{Chunks: []string{"one ", "two"}, Fail: aitest.FailBadJSON}},
		{"connection dropped mid-body", aitest.Reply{Chunks: []string{"one ", "two"}, BreakAfter: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := customtest.New(nested)
			t.Cleanup(f.Close)
			p := newProv(t, f.URL(), nested, aitest.Key)
			f.Enqueue(tc.reply)
			var deltas []string
			_, err := p.Stream(context.Background(), request(), func(d string) { deltas = append(deltas, d) })
			var e *ai.Error
			if !errors.As(err, &e) || e.Kind != ai.ErrServer {
				t.Fatalf("err = %v, want a server error", err)
			}
			if len(deltas) != 0 {
				t.Errorf("deltas = %q, want none", deltas)
			}
		})
	}
}

func TestEmptyAnswerGivesNoDelta(t *testing.T) {
	f := customtest.New(nested)
	t.Cleanup(f.Close)
	p := newProv(t, f.URL(), nested, aitest.Key)
	f.Enqueue(aitest.Reply{Chunks: nil})
	calls := 0
	res, err := p.Stream(context.Background(), request(), func(string) { calls++ })
	if err != nil || res.Text != "" || calls != 0 {
		t.Fatalf("res = %+v, err = %v, onText calls = %d; want an empty answer and no call", res, err, calls)
	}
}

func TestNoKeyNoHeader(t *testing.T) {
	f := customtest.New(nested)
	t.Cleanup(f.Close)
	p := newProv(t, f.URL(), nested, "")
	_, err := p.Stream(context.Background(), request(), func(string) {})
	var e *ai.Error
	if !errors.As(err, &e) || e.Kind != ai.ErrBadKey {
		t.Fatalf("err = %v, want the fake's 401 as a bad key", err)
	}
	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("fake got %d requests", len(reqs))
	}
	if _, has := reqs[0].Header["X-Api-Key"]; has {
		t.Errorf("X-API-Key sent without a key: %q", reqs[0].Header.Get("X-API-Key"))
	}
}

func TestMissingModelRefusedBeforeSending(t *testing.T) {
	f := customtest.New(nested)
	t.Cleanup(f.Close)
	a := &aitest.Auditor{}
	p, err := custom.New(ai.Config{Kind: ai.KindCustom, BaseURL: f.URL(), APIKey: aitest.Key, Custom: &nested}, ai.Deps{Auditor: a})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Stream(context.Background(), request(), func(string) {})
	if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), "ModelField") {
		t.Fatalf("err = %v, want a missing-model error naming ModelField", err)
	}
	if n := len(f.Requests()) + len(a.All()); n != 0 {
		t.Errorf("%d requests/sends, want none", n)
	}
}

// The fake must refuse bodies that do not match the format, or the wire tests above prove little.
func TestFakeRefusesMalformedBodies(t *testing.T) {
	tests := []struct {
		name, body string
	}{
		{"unknown top-level field", `{"model":"m","input":{"messages":[{"role":"user","content":"hi"}]},"stream":false}`},
		{"messages not where the format says", `{"model":"m","messages":[{"role":"user","content":"hi"}]}`},
		{"extra message key", `{"model":"m","input":{"messages":[{"role":"user","content":"hi","name":"x"}]}}`},
		{"system role with a SystemField", `{"model":"m","input":{"messages":[{"role":"system","content":"s"},{"role":"user","content":"hi"}]}}`},
		{"no model", `{"input":{"messages":[{"role":"user","content":"hi"}]}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := customtest.New(nested)
			t.Cleanup(f.Close)
			req, _ := http.NewRequest(http.MethodPost, f.URL()+nested.Path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-API-Key", aitest.Key)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 400 || !strings.Contains(string(b), `"error":{"message"`) {
				t.Fatalf("status %d body %s, want a 400 error body", resp.StatusCode, b)
			}
			if reqs := f.Requests(); len(reqs) != 1 || string(reqs[0].Body) != tc.body {
				t.Errorf("recorded %+v, want the rejected request with its raw body", reqs)
			}
		})
	}
}
