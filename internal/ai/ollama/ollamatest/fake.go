// Package ollamatest is a fake Ollama server for tests: POST /api/chat (NDJSON), GET /api/tags
// and POST /api/pull (NDJSON progress), with Ollama's {"error":"…"} bodies and statuses.
//
// A local Ollama has no auth: New ignores any Authorization header. NewWithKey plays an Ollama
// behind an authenticating proxy that wants "Authorization: Bearer <key>".
//
// Reply scripting follows aitest.Reply; in addition, FailServer with Chunks streams the chunks
// and then an {"error":…} line with status 200 — how Ollama reports a runner that dies mid-answer.
package ollamatest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"

	"tftsr/internal/ai/aitest"
)

// Fake is a fake Ollama. It implements aitest.Fake.
type Fake struct {
	aitest.Queue
	srv *httptest.Server
	key string // "" = no auth (local Ollama)

	mu      sync.Mutex
	pullErr string
	pulled  []string
}

var _ aitest.Fake = (*Fake)(nil)

// New starts a keyless fake (a local Ollama); Close it when done.
func New() *Fake { return start("") }

// NewWithKey starts a fake that refuses requests without "Authorization: Bearer "+key.
func NewWithKey(key string) *Fake { return start(key) }

func start(key string) *Fake {
	f := &Fake{key: key}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// URL is the base URL to configure the provider with.
func (f *Fake) URL() string { return f.srv.URL }

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

// FailNextPull makes the next pull report some progress and then fail with msg as an NDJSON
// error line (status 200), the way Ollama reports a failed download.
func (f *Fake) FailNextPull(msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pullErr = msg
}

// Pulled lists the models pulled successfully.
func (f *Fake) Pulled() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.pulled...)
}

type message struct {
	Role    string   `json:"role"`
	Content string   `json:"content"`
	Images  []string `json:"images"`
}

// chatRequest holds the fields the real /api/chat accepts that a client might send; anything
// else is refused so a typo on the client side shows.
type chatRequest struct {
	Model     *string         `json:"model"`
	Messages  []message       `json:"messages"`
	Stream    *bool           `json:"stream"`
	Format    json.RawMessage `json:"format"`
	KeepAlive json.RawMessage `json:"keep_alive"`
	Think     json.RawMessage `json:"think"`
	Options   *struct {
		Temperature *float64 `json:"temperature"`
		NumPredict  *int     `json:"num_predict"`
		NumCtx      *int     `json:"num_ctx"`
		TopP        *float64 `json:"top_p"`
		TopK        *int     `json:"top_k"`
		Seed        *int     `json:"seed"`
		Stop        []string `json:"stop"`
	} `json:"options"`
}

type pullRequest struct {
	Model    string `json:"model"`
	Name     string `json:"name"`
	Stream   *bool  `json:"stream"`
	Insecure bool   `json:"insecure"`
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := aitest.Recorded{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
	status, msg := f.check(r, body, &rec)
	f.Record(rec) // before any answer: a client that has its answer sees its request recorded
	switch {
	case status != 0:
		writeError(w, status, msg)
	case r.URL.Path == "/api/tags":
		f.tags(w)
	case r.URL.Path == "/api/pull":
		f.pull(w, r, rec.Model)
	default:
		f.chat(w, r, rec.Model, f.Next())
	}
}

// check validates a request like the real server and fills rec; a non-zero status refuses it.
func (f *Fake) check(r *http.Request, body []byte, rec *aitest.Recorded) (int, string) {
	if f.key != "" && r.Header.Get("Authorization") != "Bearer "+f.key {
		return http.StatusUnauthorized, "unauthorized"
	}
	want := map[string]string{"/api/chat": http.MethodPost, "/api/pull": http.MethodPost, "/api/tags": http.MethodGet}[r.URL.Path]
	switch {
	case want == "":
		return http.StatusNotFound, "404 page not found"
	case r.Method != want:
		return http.StatusMethodNotAllowed, "405 method not allowed"
	}
	strict := func(v any) error {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			return err
		}
		if dec.More() {
			return fmt.Errorf("unexpected data after the object")
		}
		return nil
	}
	switch r.URL.Path {
	case "/api/pull":
		var req pullRequest
		if err := strict(&req); err != nil {
			return http.StatusBadRequest, err.Error()
		}
		rec.Model = req.Model
		if rec.Model == "" {
			rec.Model = req.Name
		}
		rec.Stream = req.Stream == nil || *req.Stream
		if rec.Model == "" {
			return http.StatusBadRequest, "model is required"
		}
	case "/api/chat":
		var req chatRequest
		if err := strict(&req); err != nil {
			return http.StatusBadRequest, err.Error()
		}
		rec.Stream = req.Stream == nil || *req.Stream // Ollama streams unless told not to
		if req.Model == nil || *req.Model == "" {
			return http.StatusBadRequest, "model is required"
		}
		rec.Model = *req.Model
		if !rec.Stream {
			return http.StatusBadRequest, "ollamatest: only streaming chat is faked"
		}
		for i, m := range req.Messages {
			switch m.Role {
			case "system":
				if len(rec.Turns) > 0 || rec.System != "" {
					return http.StatusBadRequest, fmt.Sprintf("ollamatest: system message %d after the conversation started", i)
				}
				rec.System = m.Content
			case "user", "assistant":
				rec.Turns = append(rec.Turns, aitest.Turn{Role: m.Role, Text: m.Content})
			default:
				return http.StatusBadRequest, fmt.Sprintf("invalid role %q", m.Role)
			}
		}
		if o := req.Options; o != nil {
			rec.Temperature = o.Temperature
			if o.NumPredict != nil {
				rec.MaxTokens = *o.NumPredict
			}
		}
	}
	return 0, ""
}

func (f *Fake) tags(w http.ResponseWriter) {
	type model struct {
		Name       string `json:"name"`
		Model      string `json:"model"`
		ModifiedAt string `json:"modified_at"`
		Size       int64  `json:"size"`
		Digest     string `json:"digest"`
	}
	ms := []model{}
	for _, id := range f.Models() {
		ms = append(ms, model{Name: id, Model: id, ModifiedAt: "2026-11-01T09:00:00.000000000Z", Size: 4661224676, Digest: "365c0bd3c000a25d28ddbf732fe1c6add414de7275464c4e4d1c3b5fcb5d8ad1"})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"models": ms})
}

type writer struct {
	w  http.ResponseWriter
	fl http.Flusher
}

// line writes one NDJSON line in two writes with a flush between.
func (w writer) line(v any) {
	b, _ := json.Marshal(v)
	b = append(b, '\n')
	_, _ = w.w.Write(b[:len(b)/2])
	w.flush()
	_, _ = w.w.Write(b[len(b)/2:])
	w.flush()
}

func (w writer) flush() {
	if w.fl != nil {
		w.fl.Flush()
	}
}

func ndjson(w http.ResponseWriter) writer {
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	fl, _ := w.(http.Flusher)
	return writer{w: w, fl: fl}
}

const createdAt = "2026-11-27T10:00:00.000000000Z"

// Line renders one /api/chat NDJSON object (without its newline) as Ollama sends it.
func Line(model, content string) map[string]any {
	return map[string]any{"model": model, "created_at": createdAt, "message": map[string]string{"role": "assistant", "content": content}, "done": false}
}

// DoneLine renders the last /api/chat object.
func DoneLine(model, reason string, in, out int) map[string]any {
	return map[string]any{
		"model": model, "created_at": createdAt, "message": map[string]string{"role": "assistant", "content": ""},
		"done": true, "done_reason": reason, "total_duration": 4883583458, "load_duration": 1334875,
		"prompt_eval_count": in, "prompt_eval_duration": 342546000, "eval_count": out, "eval_duration": 4535599000,
	}
}

func (f *Fake) chat(w http.ResponseWriter, r *http.Request, model string, rep aitest.Reply) {
	if rep.RetryAfter != "" {
		w.Header().Set("Retry-After", rep.RetryAfter)
	}
	switch rep.Fail {
	case aitest.FailAuth:
		writeError(w, http.StatusUnauthorized, "unauthorized")
		return
	case aitest.FailModel:
		writeError(w, http.StatusNotFound, fmt.Sprintf("model %q not found, try pulling it first", model))
		return
	case aitest.FailContext:
		writeError(w, http.StatusBadRequest, "input length (9120 tokens) exceeds maximum context length (8192 tokens)")
		return
	case aitest.FailRate:
		writeError(w, http.StatusTooManyRequests, "too many requests, please slow down")
		return
	case aitest.FailOverload:
		writeError(w, http.StatusServiceUnavailable, "server busy, please try again.  maximum pending requests exceeded")
		return
	case aitest.FailServer:
		if len(rep.Chunks) == 0 {
			writeError(w, http.StatusInternalServerError, "llama runner process has terminated: signal: killed")
			return
		}
	}
	out := ndjson(w)
	for i, c := range rep.Chunks {
		if rep.BreakAfter > 0 && i == rep.BreakAfter {
			return // the response ends without the done:true line
		}
		out.line(Line(model, c))
		if rep.Fail == aitest.FailBadJSON {
			_, _ = io.WriteString(w, `{"model":"`+model+`","message":{"role":"assistant","content":"tw`+"\n")
			out.flush()
			return
		}
		if i == 0 && rep.Hold != nil {
			select {
			case <-rep.Hold:
			case <-r.Context().Done():
				return
			}
		}
	}
	switch {
	case rep.Fail == aitest.FailServer:
		out.line(map[string]string{"error": "an error was encountered while running the model: llama runner process has terminated: signal: killed"})
	case rep.BreakAfter == 0:
		out.line(DoneLine(model, "stop", rep.InputTokens, rep.OutputTokens))
	}
}

func (f *Fake) pull(w http.ResponseWriter, r *http.Request, model string) {
	f.mu.Lock()
	fail := f.pullErr
	f.pullErr = ""
	f.mu.Unlock()
	out := ndjson(w)
	out.line(map[string]string{"status": "pulling manifest"})
	if fail != "" {
		out.line(map[string]string{"error": fail})
		return
	}
	const digest = "sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa"
	for _, done := range []int64{0, 1000, 2500, 4000} {
		if r.Context().Err() != nil {
			return
		}
		out.line(map[string]any{"status": "pulling " + digest[7:19], "digest": digest, "total": 4000, "completed": done})
	}
	out.line(map[string]string{"status": "verifying sha256 digest"})
	out.line(map[string]string{"status": "writing manifest"})
	out.line(map[string]string{"status": "success"})
	f.mu.Lock()
	f.pulled = append(f.pulled, model)
	f.mu.Unlock()
}

// writeError writes Ollama's error body.
func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
