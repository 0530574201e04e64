// Package geminitest is a fake Gemini API server for tests: streamGenerateContent?alt=sse and
// the model list, the key in x-goog-api-key (a key in the URL query is refused), Google's error
// bodies ({"error":{"code","message","status","details"}}) and statuses.
package geminitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"tftsr/internal/ai/aitest"
)

// Fake is a fake Gemini API. It implements aitest.Fake.
type Fake struct {
	aitest.Queue
	srv *httptest.Server
}

var _ aitest.Fake = (*Fake)(nil)

// New starts a fake; Close it when done.
func New() *Fake {
	f := &Fake{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// URL is the base URL to configure the provider with.
func (f *Fake) URL() string { return f.srv.URL }

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

type part struct {
	Text string `json:"text"`
}

type content struct {
	Role  string `json:"role"`
	Parts []part `json:"parts"`
}

type request struct {
	Contents          []content `json:"contents"`
	SystemInstruction *content  `json:"systemInstruction"`
	GenerationConfig  *struct {
		Temperature     *float64 `json:"temperature"`
		MaxOutputTokens int      `json:"maxOutputTokens"`
	} `json:"generationConfig"`
}

const (
	prefix      = "/v1beta/models"
	invalidKey  = "API key not valid. Please pass a valid API key."
	noKey       = "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
	keyInURL    = "geminitest: the API key was sent in the URL query (key=); TFTSR must send it in the x-goog-api-key header only"
	contextLong = "The input token count (1250000) exceeds the maximum number of tokens allowed (1048576)."
)

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := aitest.Recorded{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
	rej := check(r, body, &rec)
	f.Record(rec) // before any answer: a client that has its answer sees its request recorded
	switch {
	case rej != nil:
		writeError(w, rej.status, rej.code, rej.msg, rej.details)
	case r.URL.Path == prefix:
		f.list(w)
	default:
		f.reply(w, r, rec.Model, f.Next())
	}
}

type rejection struct {
	status    int
	code, msg string
	details   []any
}

// check validates a request like the real API and fills rec from its body.
func check(r *http.Request, body []byte, rec *aitest.Recorded) *rejection {
	q := r.URL.Query()
	if q.Has("key") {
		return &rejection{http.StatusBadRequest, "INVALID_ARGUMENT", keyInURL, nil}
	}
	switch key := r.Header.Get("x-goog-api-key"); {
	case key == "":
		return &rejection{http.StatusForbidden, "PERMISSION_DENIED", noKey, nil}
	case key != aitest.Key:
		return &rejection{http.StatusBadRequest, "INVALID_ARGUMENT", invalidKey, keyDetails}
	}
	if r.URL.Path == prefix {
		if r.Method != http.MethodGet {
			return &rejection{http.StatusMethodNotAllowed, "INVALID_ARGUMENT", "method not allowed", nil}
		}
		return nil
	}
	model, ok := strings.CutPrefix(r.URL.Path, prefix+"/")
	if ok {
		model, ok = strings.CutSuffix(model, ":streamGenerateContent")
	}
	if !ok || model == "" || strings.Contains(model, "/") {
		return &rejection{http.StatusNotFound, "NOT_FOUND", "geminitest: unknown path " + r.URL.Path, nil}
	}
	if r.Method != http.MethodPost {
		return &rejection{http.StatusMethodNotAllowed, "INVALID_ARGUMENT", "method not allowed", nil}
	}
	if q.Get("alt") != "sse" {
		return &rejection{http.StatusBadRequest, "INVALID_ARGUMENT", "geminitest: alt=sse is required (without it the API answers one JSON array)", nil}
	}
	rec.Model, rec.Stream = model, true
	if msg := parse(body, rec); msg != "" {
		return &rejection{http.StatusBadRequest, "INVALID_ARGUMENT", msg, nil}
	}
	return nil
}

var keyDetails = []any{map[string]any{
	"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com",
	"metadata": map[string]string{"service": "generativelanguage.googleapis.com"},
}}

// parse reads a generateContent body strictly into rec; it returns Google's kind of message
// for a body the real API would refuse.
func parse(body []byte, rec *aitest.Recorded) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var req request
	if err := dec.Decode(&req); err != nil {
		return "Invalid JSON payload received. " + err.Error()
	}
	if dec.More() {
		return "Invalid JSON payload received. Unexpected data after the object."
	}
	if len(req.Contents) == 0 {
		return "* GenerateContentRequest.contents: contents is not specified"
	}
	for i, c := range req.Contents {
		role := c.Role
		switch role {
		case "user":
		case "model":
			role = "assistant"
		default:
			return fmt.Sprintf("Please use a valid role: user, model. (contents[%d].role = %q)", i, c.Role)
		}
		if len(c.Parts) == 0 {
			return fmt.Sprintf("* GenerateContentRequest.contents[%d].parts: contents.parts must not be empty.", i)
		}
		var sb strings.Builder
		for _, p := range c.Parts {
			sb.WriteString(p.Text)
		}
		rec.Turns = append(rec.Turns, aitest.Turn{Role: role, Text: sb.String()})
	}
	if s := req.SystemInstruction; s != nil {
		for _, p := range s.Parts {
			rec.System += p.Text
		}
	}
	if g := req.GenerationConfig; g != nil {
		rec.Temperature = g.Temperature
		rec.MaxTokens = g.MaxOutputTokens
	}
	return ""
}

func (f *Fake) list(w http.ResponseWriter) {
	type model struct {
		Name        string   `json:"name"`
		DisplayName string   `json:"displayName"`
		Methods     []string `json:"supportedGenerationMethods"`
	}
	var ms []model
	for _, id := range f.Models() {
		ms = append(ms, model{Name: "models/" + id, DisplayName: id, Methods: []string{"generateContent", "countTokens"}})
	}
	// An embedding model, which cannot chat and is left out by the client.
	ms = append(ms, model{Name: "models/text-embedding-004", DisplayName: "Text Embedding 004", Methods: []string{"embedContent"}})
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"models": ms})
}

func (f *Fake) reply(w http.ResponseWriter, r *http.Request, model string, rep aitest.Reply) {
	if rep.RetryAfter != "" {
		w.Header().Set("Retry-After", rep.RetryAfter)
	}
	switch rep.Fail {
	case aitest.FailAuth:
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", invalidKey, keyDetails)
		return
	case aitest.FailModel:
		writeError(w, http.StatusNotFound, "NOT_FOUND", "models/"+model+" is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.", nil)
		return
	case aitest.FailContext:
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", contextLong, nil)
		return
	case aitest.FailRate:
		writeError(w, http.StatusTooManyRequests, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.", nil)
		return
	case aitest.FailOverload:
		writeError(w, http.StatusServiceUnavailable, "UNAVAILABLE", "The model is overloaded. Please try again later.", nil)
		return
	case aitest.FailServer:
		writeError(w, http.StatusInternalServerError, "INTERNAL", "An internal error has occurred. Please retry or try your request again later.", nil)
		return
	}

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	fl, _ := w.(http.Flusher)
	flush := func() {
		if fl != nil {
			fl.Flush()
		}
	}
	chunks := rep.Chunks
	if len(chunks) == 0 {
		chunks = []string{""}
	}
	for i, c := range chunks {
		if rep.BreakAfter > 0 && i == rep.BreakAfter {
			// The connection drops in the middle of the next frame: no finishReason ever came.
			half := Frame(model, c, "", 0, 0)
			_, _ = w.Write(half[:len(half)/2])
			flush()
			panic(http.ErrAbortHandler)
		}
		if rep.Fail == aitest.FailBadJSON {
			// A good first frame, then one that is cut inside its JSON.
			_, _ = w.Write(Frame(model, c, "", 0, 0))
			_, _ = io.WriteString(w, "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"tw\r\n\r\n")
			flush()
			return
		}
		last := i == len(chunks)-1
		var fr []byte
		if last && rep.BreakAfter == 0 {
			fr = Frame(model, c, "STOP", rep.InputTokens, rep.OutputTokens)
		} else {
			fr = Frame(model, c, "", 0, 0)
		}
		// One frame in two writes: the client must reassemble it.
		_, _ = w.Write(fr[:len(fr)/2])
		flush()
		_, _ = w.Write(fr[len(fr)/2:])
		flush()
		if i == 0 && rep.Hold != nil {
			select {
			case <-rep.Hold:
			case <-r.Context().Done():
				return
			}
		}
	}
	if rep.BreakAfter > 0 {
		panic(http.ErrAbortHandler) // BreakAfter >= len(Chunks): cut after the last frame
	}
}

// Frame renders one streamed GenerateContentResponse as an SSE event, the way the API sends it
// (CRLF line ends). finishReason "" leaves it out; usageMetadata is added with the finish reason.
func Frame(model, text, finishReason string, in, out int) []byte {
	cand := map[string]any{
		"content": map[string]any{"parts": []any{map[string]string{"text": text}}, "role": "model"},
		"index":   0,
	}
	resp := map[string]any{"candidates": []any{cand}, "modelVersion": model, "responseId": "fake-response-1"}
	if finishReason != "" {
		cand["finishReason"] = finishReason
		resp["usageMetadata"] = map[string]int{"promptTokenCount": in, "candidatesTokenCount": out, "totalTokenCount": in + out}
	}
	b, _ := json.Marshal(resp)
	return append(append([]byte("data: "), b...), "\r\n\r\n"...)
}

// writeError writes Google's error body.
func writeError(w http.ResponseWriter, status int, code, msg string, details []any) {
	e := map[string]any{"code": status, "message": msg, "status": code}
	if details != nil {
		e["details"] = details
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": e})
}
