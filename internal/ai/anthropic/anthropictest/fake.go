// Package anthropictest is a fake server for the Anthropic Messages API: it checks method, path,
// x-api-key and anthropic-version like the real API, parses the body strictly, answers with the
// API's error bodies and streams the named SSE events (message_start, content_block_start, ping,
// content_block_delta, content_block_stop, message_delta, message_stop), each frame split across
// two writes. EnqueueStreamError scripts an "error" event inside a 200 stream.
package anthropictest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"tftsr/internal/ai/aitest"
)

// StreamError is an error event sent inside a 200 stream after After text deltas, e.g.
// {Type: "overloaded_error", Message: "Overloaded"}.
type StreamError struct {
	After         int
	Type, Message string
}

// Server is the fake. It implements aitest.Fake.
type Server struct {
	aitest.Queue
	srv *httptest.Server

	mu         sync.Mutex
	streamErrs []*StreamError // in step with the queued replies
}

var _ aitest.Fake = (*Server)(nil)

// New starts a fake; it is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the base URL to configure (the routes are under /v1).
func (s *Server) URL() string { return s.srv.URL }

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Enqueue adds replies.
func (s *Server) Enqueue(r ...aitest.Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range r {
		s.streamErrs = append(s.streamErrs, nil)
	}
	s.Queue.Enqueue(r...)
}

// EnqueueStreamError adds a reply whose stream carries an error event after e.After deltas.
func (s *Server) EnqueueStreamError(r aitest.Reply, e StreamError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streamErrs = append(s.streamErrs, &e)
	s.Queue.Enqueue(r)
}

func (s *Server) next() (aitest.Reply, *StreamError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.Queue.Next()
	var e *StreamError
	if len(s.streamErrs) > 0 {
		e, s.streamErrs = s.streamErrs[0], s.streamErrs[1:]
	}
	return r, e
}

// apiError is the API's error body.
func apiError(typ, msg string) string {
	b, _ := json.Marshal(map[string]any{"type": "error", "error": map[string]string{"type": typ, "message": msg}})
	return string(b)
}

type rejection struct {
	status int
	body   string
}

func reject(status int, typ, msg string) *rejection {
	return &rejection{status, apiError(typ, msg)}
}

// messagesRequest is every top-level field the fake knows; anything else is refused, as the
// API refuses it ("…: Extra inputs are not permitted").
type messagesRequest struct {
	Model         *string           `json:"model"`
	MaxTokens     *int              `json:"max_tokens"`
	Messages      []json.RawMessage `json:"messages"`
	System        json.RawMessage   `json:"system"`
	Temperature   *float64          `json:"temperature"`
	TopP          *float64          `json:"top_p"`
	TopK          *int              `json:"top_k"`
	StopSequences []string          `json:"stop_sequences"`
	Stream        *bool             `json:"stream"`
	Metadata      json.RawMessage   `json:"metadata"`
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := aitest.Recorded{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
	route, rej := routeOf(r)
	if rej == nil {
		rej = checkHeaders(r)
	}
	var req messagesRequest
	if rej == nil && route == "messages" {
		req, rej = parse(body, &rec)
	}
	if rej == nil && route == "models" {
		rej = checkLimit(r)
	}
	s.Record(rec) // before any byte of the answer
	if rej != nil {
		writeJSON(w, rej.status, rej.body, "")
		return
	}
	if route == "models" {
		s.serveModels(w)
		return
	}
	s.serveMessages(w, r, req, rec.Model)
}

func routeOf(r *http.Request) (string, *rejection) {
	var route, method string
	switch r.URL.Path {
	case "/v1/messages":
		route, method = "messages", http.MethodPost
	case "/v1/models":
		route, method = "models", http.MethodGet
	default:
		return "", reject(404, "not_found_error", "Not Found")
	}
	if r.Method != method {
		return "", reject(405, "invalid_request_error", fmt.Sprintf("Method Not Allowed: %s %s", r.Method, r.URL.Path))
	}
	return route, nil
}

func checkHeaders(r *http.Request) *rejection {
	switch v := r.Header.Get("anthropic-version"); v {
	case "2023-06-01", "2023-01-01":
	case "":
		return reject(400, "invalid_request_error", "anthropic-version: header is required")
	default:
		return reject(400, "invalid_request_error", fmt.Sprintf("anthropic-version: invalid version %q", v))
	}
	switch k := r.Header.Get("x-api-key"); {
	case k == "":
		return reject(401, "authentication_error", "x-api-key header is required")
	case k != aitest.Key:
		return reject(401, "authentication_error", "invalid x-api-key")
	}
	return nil
}

func checkLimit(r *http.Request) *rejection {
	if v := r.URL.Query().Get("limit"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 1000 {
			return reject(400, "invalid_request_error", "limit: Input should be less than or equal to 1000")
		}
	}
	return nil
}

func invalid(msg string) *rejection { return reject(400, "invalid_request_error", msg) }

// parse decodes the body strictly into rec.
func parse(body []byte, rec *aitest.Recorded) (messagesRequest, *rejection) {
	var req messagesRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return req, invalid(strings.Trim(field, `"`) + ": Extra inputs are not permitted")
		}
		return req, invalid("There was an error parsing the body of your request: " + err.Error())
	}
	if dec.More() {
		return req, invalid("There was an error parsing the body of your request: trailing data")
	}
	if req.Model != nil {
		rec.Model = *req.Model
	}
	rec.Temperature = req.Temperature
	if req.MaxTokens != nil {
		rec.MaxTokens = *req.MaxTokens
	}
	rec.Stream = req.Stream != nil && *req.Stream
	if len(req.System) > 0 {
		sys, err := text(req.System)
		if err != nil {
			return req, invalid("system: " + err.Error())
		}
		rec.System = sys
	}
	for i, raw := range req.Messages {
		var m struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		}
		dm := json.NewDecoder(bytes.NewReader(raw))
		dm.DisallowUnknownFields()
		if err := dm.Decode(&m); err != nil {
			return req, invalid(fmt.Sprintf("messages.%d: %v", i, err))
		}
		if m.Role != "user" && m.Role != "assistant" {
			return req, invalid(fmt.Sprintf("messages.%d.role: Input should be 'user' or 'assistant'", i))
		}
		t, err := text(m.Content)
		if err != nil {
			return req, invalid(fmt.Sprintf("messages.%d.content: %v", i, err))
		}
		rec.Turns = append(rec.Turns, aitest.Turn{Role: m.Role, Text: t})
	}
	switch {
	case req.Model == nil || *req.Model == "":
		return req, invalid("model: Field required")
	case req.MaxTokens == nil:
		return req, invalid("max_tokens: Field required")
	case *req.MaxTokens < 1:
		return req, invalid("max_tokens: Input should be greater than or equal to 1")
	case len(req.Messages) == 0:
		return req, invalid("messages: at least one message is required")
	case rec.Turns[0].Role != "user":
		return req, invalid("messages: first message must use the \"user\" role")
	case req.Temperature != nil && (*req.Temperature < 0 || *req.Temperature > 1):
		return req, invalid("temperature: Input should be less than or equal to 1")
	}
	return req, nil
}

// text reads a string or an array of text blocks.
func text(raw json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var blocks []struct {
		Type string  `json:"type"`
		Text *string `json:"text"`
	}
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return "", errors.New("Input should be a valid string or a list of content blocks")
	}
	var b strings.Builder
	for i, bl := range blocks {
		if bl.Type != "text" || bl.Text == nil {
			return "", fmt.Errorf("%d: unsupported content block %q", i, bl.Type)
		}
		b.WriteString(*bl.Text)
	}
	return b.String(), nil
}

func writeJSON(w http.ResponseWriter, status int, body, retryAfter string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("request-id", "req_011CFakeFakeFake")
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func (s *Server) serveModels(w http.ResponseWriter) {
	type model struct {
		Type        string `json:"type"`
		ID          string `json:"id"`
		DisplayName string `json:"display_name"`
		CreatedAt   string `json:"created_at"`
	}
	ids := s.Models()
	out := struct {
		Data    []model `json:"data"`
		HasMore bool    `json:"has_more"`
		FirstID *string `json:"first_id"`
		LastID  *string `json:"last_id"`
	}{Data: []model{}}
	for _, id := range ids {
		out.Data = append(out.Data, model{Type: "model", ID: id, DisplayName: "Display " + id, CreatedAt: "2025-02-19T00:00:00Z"})
	}
	if len(ids) > 0 {
		out.FirstID, out.LastID = &ids[0], &ids[len(ids)-1]
	}
	b, _ := json.Marshal(out)
	writeJSON(w, 200, string(b), "")
}

// failReply renders a scripted failure as the API does.
func failReply(f aitest.Failure, model string) (int, string) {
	switch f {
	case aitest.FailAuth:
		return 401, apiError("authentication_error", "invalid x-api-key")
	case aitest.FailModel:
		return 404, apiError("not_found_error", "model: "+model)
	case aitest.FailContext:
		return 400, apiError("invalid_request_error", "prompt is too long: 215321 tokens > 200000 maximum")
	case aitest.FailRate:
		return 429, apiError("rate_limit_error", "This request would exceed the rate limit for your organization of 50,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.")
	case aitest.FailOverload:
		return 529, apiError("overloaded_error", "Overloaded")
	}
	return 500, apiError("api_error", "Internal server error")
}

func (s *Server) serveMessages(w http.ResponseWriter, r *http.Request, req messagesRequest, model string) {
	reply, streamErr := s.next()
	if reply.Fail != aitest.FailNone && reply.Fail != aitest.FailBadJSON {
		status, body := failReply(reply.Fail, model)
		writeJSON(w, status, body, reply.RetryAfter)
		return
	}
	if !(req.Stream != nil && *req.Stream) {
		b, _ := json.Marshal(map[string]any{
			"id": "msg_fake", "type": "message", "role": "assistant", "model": model,
			"content":     []any{map[string]string{"type": "text", "text": strings.Join(reply.Chunks, "")}},
			"stop_reason": "end_turn", "stop_sequence": nil,
			"usage": map[string]int{"input_tokens": reply.InputTokens, "output_tokens": reply.OutputTokens},
		})
		writeJSON(w, 200, string(b), "")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("request-id", "req_011CFakeFakeFake")
	w.WriteHeader(http.StatusOK)
	fl := w.(http.Flusher)
	fl.Flush()
	send := func(event string, data any) {
		b, _ := json.Marshal(data)
		frame := "event: " + event + "\ndata: " + string(b) + "\n\n"
		half := len(frame) / 2 // split across two writes: the client must buffer by line
		_, _ = io.WriteString(w, frame[:half])
		fl.Flush()
		_, _ = io.WriteString(w, frame[half:])
		fl.Flush()
	}
	inStreamError := func() {
		send("error", map[string]any{"type": "error", "error": map[string]string{"type": streamErr.Type, "message": streamErr.Message}})
	}
	send("message_start", map[string]any{"type": "message_start", "message": map[string]any{
		"id": "msg_fake", "type": "message", "role": "assistant", "content": []any{}, "model": model,
		"stop_reason": nil, "stop_sequence": nil,
		"usage": map[string]int{"input_tokens": reply.InputTokens, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0, "output_tokens": 1},
	}})
	if streamErr != nil && streamErr.After == 0 {
		inStreamError()
		return
	}
	send("content_block_start", map[string]any{"type": "content_block_start", "index": 0, "content_block": map[string]string{"type": "text", "text": ""}})
	send("ping", map[string]string{"type": "ping"})
	for i, text := range reply.Chunks {
		if reply.BreakAfter > 0 && i == reply.BreakAfter {
			breakConnection(w)
			return
		}
		send("content_block_delta", map[string]any{"type": "content_block_delta", "index": 0, "delta": map[string]string{"type": "text_delta", "text": text}})
		if streamErr != nil && streamErr.After == i+1 {
			inStreamError()
			return
		}
		if i == 0 {
			send("ping", map[string]string{"type": "ping"})
			if reply.Fail == aitest.FailBadJSON {
				_, _ = io.WriteString(w, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_del\n\n")
				fl.Flush()
				return
			}
			if reply.Hold != nil {
				select {
				case <-reply.Hold:
				case <-r.Context().Done():
					return
				}
			}
		}
	}
	if reply.BreakAfter > 0 && reply.BreakAfter >= len(reply.Chunks) {
		breakConnection(w)
		return
	}
	send("content_block_stop", map[string]any{"type": "content_block_stop", "index": 0})
	send("message_delta", map[string]any{"type": "message_delta",
		"delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil},
		"usage": map[string]int{"output_tokens": reply.OutputTokens}})
	send("message_stop", map[string]string{"type": "message_stop"})
}

// breakConnection drops the TCP connection mid-body: the client reads an unexpected EOF.
func breakConnection(w http.ResponseWriter) {
	w.(http.Flusher).Flush()
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("anthropictest: the response writer cannot be hijacked")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(err)
	}
	_ = buf.Flush()
	_ = conn.Close()
}
