// Package customtest is a fake server for a custom REST format (ai.CustomFormat): it checks the
// method, the path, the configured auth header and that the body carries exactly the configured
// fields, and answers one JSON document with the text and token counts at the configured paths.
// Errors use the common {"error":{"message","type","code"}} shape.
//
// Its field-path code is written independently of package custom's, so that a mistake in one is
// not mirrored by the other.
package customtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
)

// Fake is a fake custom endpoint. It implements aitest.Fake (SetModels has no effect: the format
// has no model list).
type Fake struct {
	aitest.Queue
	srv *httptest.Server
	f   ai.CustomFormat
}

var _ aitest.Fake = (*Fake)(nil)

// New starts a fake for format f; Close it when done. The key it accepts is aitest.Key.
func New(f ai.CustomFormat) *Fake {
	fk := &Fake{f: f}
	fk.srv = httptest.NewServer(http.HandlerFunc(fk.serve))
	return fk
}

// URL is the base URL to configure the provider with (Path is appended to it).
func (fk *Fake) URL() string { return fk.srv.URL }

// Close stops the server.
func (fk *Fake) Close() { fk.srv.Close() }

func (fk *Fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := aitest.Recorded{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
	status, typ, code, msg := fk.check(r, body, &rec)
	fk.Record(rec) // before any answer: a client that has its answer sees its request recorded
	if status != 0 {
		aitest.WriteFailure(w, status, typ, code, msg)
		return
	}
	fk.reply(w, r, rec.Model, fk.Next())
}

func (fk *Fake) check(r *http.Request, body []byte, rec *aitest.Recorded) (status int, typ, code, msg string) {
	wantPath, wantQuery, _ := strings.Cut(fk.f.Path, "?")
	if r.URL.Path != wantPath || r.URL.RawQuery != wantQuery {
		return http.StatusNotFound, "invalid_request_error", "not_found", "customtest: no route for " + r.URL.RequestURI()
	}
	if r.Method != http.MethodPost {
		return http.StatusMethodNotAllowed, "invalid_request_error", "method_not_allowed", "customtest: " + r.Method + " is not allowed"
	}
	if fk.f.AuthHeader != "" && r.Header.Get(fk.f.AuthHeader) != fk.f.AuthPrefix+aitest.Key {
		return http.StatusUnauthorized, "authentication_error", "invalid_api_key", "Invalid API key provided."
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return http.StatusUnsupportedMediaType, "invalid_request_error", "unsupported_media_type", "customtest: Content-Type " + ct
	}
	bad := func(format string, a ...any) (int, string, string, string) {
		return http.StatusBadRequest, "invalid_request_error", "invalid_request", "customtest: " + fmt.Sprintf(format, a...)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil || dec.More() {
		return bad("the body is not one JSON object: %v", err)
	}
	// Exactly the configured fields: any other top-level field is refused.
	allowed := map[string]bool{"temperature": true, "max_tokens": true}
	for _, p := range []string{fk.f.ModelField, fk.f.MessagesField, fk.f.SystemField} {
		if p != "" {
			allowed[strings.Split(p, ".")[0]] = true
		}
	}
	for k := range doc {
		if !allowed[k] {
			return bad("unknown field %q", k)
		}
	}
	if fk.f.ModelField != "" {
		v, err := lookup(doc, fk.f.ModelField)
		s, ok := v.(string)
		if err != nil || !ok || s == "" {
			return bad("%q must be the model id (%v)", fk.f.ModelField, err)
		}
		rec.Model = s
	}
	if fk.f.SystemField != "" {
		if v, err := lookup(doc, fk.f.SystemField); err == nil {
			s, ok := v.(string)
			if !ok {
				return bad("%q must be a string", fk.f.SystemField)
			}
			rec.System = s
		}
	}
	v, err := lookup(doc, fk.f.MessagesField)
	if err != nil {
		return bad("messages: %v", err)
	}
	msgs, ok := v.([]any)
	if !ok || len(msgs) == 0 {
		return bad("%q must be a non-empty array", fk.f.MessagesField)
	}
	for i, m := range msgs {
		obj, ok := m.(map[string]any)
		role, _ := obj["role"].(string)
		content, okc := obj["content"].(string)
		if !ok || len(obj) != 2 || !okc {
			return bad("message %d must be exactly {role, content} strings", i)
		}
		switch {
		case role == "system" && i == 0 && fk.f.SystemField == "":
			rec.System = content
		case role == "user" || role == "assistant":
			rec.Turns = append(rec.Turns, aitest.Turn{Role: role, Text: content})
		default:
			return bad("message %d: role %q is not allowed here", i, role)
		}
	}
	if t, ok := doc["temperature"]; ok {
		n, ok := t.(json.Number)
		f, err := n.Float64()
		if !ok || err != nil {
			return bad("temperature must be a number")
		}
		rec.Temperature = &f
	}
	if t, ok := doc["max_tokens"]; ok {
		n, ok := t.(json.Number)
		i, err := n.Int64()
		if !ok || err != nil {
			return bad("max_tokens must be an integer")
		}
		rec.MaxTokens = int(i)
	}
	return 0, "", "", ""
}

func (fk *Fake) reply(w http.ResponseWriter, r *http.Request, model string, rep aitest.Reply) {
	if rep.RetryAfter != "" {
		w.Header().Set("Retry-After", rep.RetryAfter)
	}
	switch rep.Fail {
	case aitest.FailAuth:
		aitest.WriteFailure(w, http.StatusUnauthorized, "authentication_error", "invalid_api_key", "Invalid API key provided.")
		return
	case aitest.FailModel:
		aitest.WriteFailure(w, http.StatusNotFound, "invalid_request_error", "model_not_found", fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", model))
		return
	case aitest.FailContext:
		aitest.WriteFailure(w, http.StatusBadRequest, "invalid_request_error", "context_length_exceeded",
			"This model's maximum context length is 8192 tokens. However, your messages resulted in 9120 tokens.")
		return
	case aitest.FailRate:
		aitest.WriteFailure(w, http.StatusTooManyRequests, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later.")
		return
	case aitest.FailOverload:
		aitest.WriteFailure(w, http.StatusServiceUnavailable, "server_error", "overloaded", "The server is overloaded. Please try again later.")
		return
	case aitest.FailServer:
		aitest.WriteFailure(w, http.StatusInternalServerError, "server_error", "internal_error", "The server had an error while processing your request.")
		return
	}
	if rep.Hold != nil {
		select {
		case <-rep.Hold:
		case <-r.Context().Done():
			return
		}
	}
	text := strings.Join(rep.Chunks, "")
	var doc any
	doc = put(doc, fk.f.TextField, text)
	if fk.f.InputTokensField != "" {
		doc = put(doc, fk.f.InputTokensField, rep.InputTokens)
	}
	if fk.f.OutputTokensField != "" {
		doc = put(doc, fk.f.OutputTokensField, rep.OutputTokens)
	}
	if m, ok := doc.(map[string]any); ok {
		m["id"] = "gen-0001" // something the client does not ask for
	}
	b, _ := json.Marshal(doc)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case rep.Fail == aitest.FailBadJSON:
		b = b[:len(b)/2] // a 200 whose body is cut inside the JSON
	case rep.BreakAfter > 0:
		// The connection drops after part of the body: fewer bytes than Content-Length.
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(b[:len(b)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler)
	}
	_, _ = w.Write(b)
}

// lookup reads a dot path with numeric indexes.
func lookup(doc any, p string) (any, error) {
	cur := doc
	for _, k := range strings.Split(p, ".") {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[k]
			if !ok {
				return nil, fmt.Errorf("no %q", p)
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Errorf("no %q", p)
			}
			cur = c[i]
		default:
			return nil, fmt.Errorf("no %q", p)
		}
	}
	return cur, nil
}

// put writes v at a dot path, creating objects and arrays (for numeric parts) on the way.
func put(doc any, p string, v any) any {
	keys := strings.Split(p, ".")
	var rec func(cur any, i int) any
	rec = func(cur any, i int) any {
		if i == len(keys) {
			return v
		}
		if n, err := strconv.Atoi(keys[i]); err == nil {
			arr, _ := cur.([]any)
			for len(arr) <= n {
				arr = append(arr, map[string]any{})
			}
			arr[n] = rec(arr[n], i+1)
			return arr
		}
		obj, ok := cur.(map[string]any)
		if !ok {
			obj = map[string]any{}
		}
		obj[keys[i]] = rec(obj[keys[i]], i+1)
		return obj
	}
	return rec(doc, 0)
}
