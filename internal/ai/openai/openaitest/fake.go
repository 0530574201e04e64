// Package openaitest is a fake server for the OpenAI Chat Completions wire format in three
// flavours: api.openai.com (and keyless compatible servers), Mistral and Azure OpenAI. It checks
// method, path, auth header and body like the real services, answers with their real error
// bodies, and streams data-only SSE chunks (each frame split across two writes).
package openaitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tftsr/internal/ai/aitest"
)

// Flavor is which service the fake imitates.
type Flavor int

// Flavors.
const (
	OpenAI  Flavor = iota // api.openai.com: Bearer key, routes under /v1, usage chunk with include_usage
	Mistral               // api.mistral.ai: Bearer key, /v1, extra fields refused with 422, usage in the last content chunk
	Azure                 // Azure OpenAI: api-key header, api-version query, /openai/deployments/{deployment}/…
)

func (f Flavor) String() string {
	return [...]string{"openai", "mistral", "azure"}[f]
}

// Options configure a fake.
type Options struct {
	Flavor Flavor
	// Keyless: a local compatible server (LM Studio, vLLM without --api-key) that ignores the
	// Authorization header. OpenAI flavour only.
	Keyless bool
}

// Server is the fake. It implements aitest.Fake.
type Server struct {
	aitest.Queue
	opts Options
	srv  *httptest.Server
}

var _ aitest.Fake = (*Server)(nil)

// New starts a fake; it is closed when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the base URL to configure: {server}/v1 for OpenAI and Mistral, the resource endpoint
// for Azure.
func (s *Server) URL() string {
	if s.opts.Flavor == Azure {
		return s.srv.URL
	}
	return s.srv.URL + "/v1"
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// chatRequest is every field the fake knows; anything else is refused.
type chatRequest struct {
	Model               *string   `json:"model"`
	Messages            []message `json:"messages"`
	Temperature         *float64  `json:"temperature"`
	MaxTokens           *int      `json:"max_tokens"`
	MaxCompletionTokens *int      `json:"max_completion_tokens"`
	Stream              *bool     `json:"stream"`
	StreamOptions       *struct {
		IncludeUsage *bool `json:"include_usage"`
	} `json:"stream_options"`
}

type message struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
	Name    string          `json:"name,omitempty"`
}

// rejection is the error status and body a refused request gets.
type rejection struct {
	status int
	body   string
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := aitest.Recorded{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}

	route, deployment, rej := s.route(r)
	if rej == nil {
		rej = s.checkAuth(r)
	}
	var req chatRequest
	if rej == nil && route == "chat" {
		req, rej = s.parse(body, &rec)
		if s.opts.Flavor == Azure {
			rec.Model = deployment // the deployment in the path is the model
		}
	}
	s.Record(rec) // before any byte of the answer: a client may return as soon as it has read it
	if rej != nil {
		writeJSON(w, rej.status, rej.body, "")
		return
	}
	switch route {
	case "models":
		s.serveModels(w)
	case "chat":
		s.serveChat(w, r, req, rec.Model)
	}
}

// route checks method and path.
func (s *Server) route(r *http.Request) (route, deployment string, rej *rejection) {
	p := r.URL.Path
	switch s.opts.Flavor {
	case Azure:
		if r.URL.Query().Get("api-version") == "" {
			return "", "", &rejection{404, `{"error":{"code":"404","message":"Resource not found"}}`}
		}
		if p == "/openai/models" {
			route = "models"
		} else if rest, ok := strings.CutPrefix(p, "/openai/deployments/"); ok {
			if dep, ok := strings.CutSuffix(rest, "/chat/completions"); ok && dep != "" && !strings.Contains(dep, "/") {
				route, deployment = "chat", dep
			}
		}
	default:
		switch p {
		case "/v1/chat/completions":
			route = "chat"
		case "/v1/models":
			route = "models"
		}
	}
	if route == "" {
		return "", "", s.failure(404, "not_found", fmt.Sprintf("Invalid URL (%s %s)", r.Method, p))
	}
	want := http.MethodPost
	if route == "models" {
		want = http.MethodGet
	}
	if r.Method != want {
		return "", "", s.failure(405, "method", fmt.Sprintf("Invalid method for URL (%s %s)", r.Method, p))
	}
	return route, deployment, nil
}

// checkAuth checks the key like the real service.
func (s *Server) checkAuth(r *http.Request) *rejection {
	switch s.opts.Flavor {
	case Azure:
		if r.Header.Get("api-key") != aitest.Key {
			return &rejection{401, `{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}`}
		}
	case Mistral:
		if r.Header.Get("Authorization") != "Bearer "+aitest.Key {
			return &rejection{401, `{"message":"Unauthorized","request_id":"0d5f7a6c1e2b4a3c"}`}
		}
	default:
		if s.opts.Keyless {
			return nil
		}
		auth := r.Header.Get("Authorization")
		switch {
		case auth == "":
			return &rejection{401, `{"error":{"message":"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":null}}`}
		case auth != "Bearer "+aitest.Key:
			return &rejection{401, `{"error":{"message":"Incorrect API key provided: sk-wro**ng. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`}
		}
	}
	return nil
}

// parse decodes the body strictly into rec.
func (s *Server) parse(body []byte, rec *aitest.Recorded) (chatRequest, *rejection) {
	var req chatRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return req, s.unknownField(strings.Trim(field, `"`))
		}
		return req, s.invalid("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)")
	}
	if dec.More() {
		return req, s.invalid("We could not parse the JSON body of your request: trailing data after the JSON object.")
	}
	if s.opts.Flavor == Mistral {
		if req.MaxCompletionTokens != nil {
			return req, s.unknownField("max_completion_tokens")
		}
		if req.StreamOptions != nil {
			return req, s.unknownField("stream_options")
		}
	}
	if req.Model != nil {
		rec.Model = *req.Model
	}
	rec.Temperature = req.Temperature
	switch {
	case req.MaxTokens != nil && req.MaxCompletionTokens != nil:
		return req, s.invalid("max_tokens and max_completion_tokens cannot both be set.")
	case req.MaxTokens != nil:
		rec.MaxTokens = *req.MaxTokens
	case req.MaxCompletionTokens != nil:
		rec.MaxTokens = *req.MaxCompletionTokens
	}
	rec.Stream = req.Stream != nil && *req.Stream
	if req.StreamOptions != nil && !rec.Stream {
		return req, s.invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.")
	}
	var system []string
	for i, m := range req.Messages {
		text, err := contentText(m.Content)
		if err != nil {
			return req, s.invalid(fmt.Sprintf("Invalid type for 'messages[%d].content': %v.", i, err))
		}
		switch m.Role {
		case "system", "developer":
			system = append(system, text)
		case "user", "assistant":
			rec.Turns = append(rec.Turns, aitest.Turn{Role: m.Role, Text: text})
		default:
			return req, s.invalid(fmt.Sprintf("Invalid value: '%s'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.", m.Role))
		}
	}
	rec.System = strings.Join(system, "\n")
	if s.opts.Flavor != Azure && (req.Model == nil || *req.Model == "") {
		return req, s.invalid("you must provide a model parameter")
	}
	if len(req.Messages) == 0 {
		return req, s.invalid("[] is too short - 'messages'")
	}
	return req, nil
}

// contentText accepts a string or an array of text parts.
func contentText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", errors.New("content is required")
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var parts []struct {
		Type string  `json:"type"`
		Text *string `json:"text"`
	}
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", errors.New("expected a string or an array of content parts")
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type != "text" || p.Text == nil {
			return "", fmt.Errorf("unsupported content part %q", p.Type)
		}
		b.WriteString(*p.Text)
	}
	return b.String(), nil
}

// invalid is a 400 in the flavour's format.
func (s *Server) invalid(msg string) *rejection { return s.failure(400, "invalid", msg) }

func (s *Server) unknownField(name string) *rejection {
	if s.opts.Flavor == Mistral {
		return &rejection{422, fmt.Sprintf(`{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body",%q],"msg":"Extra inputs are not permitted"}]},"type":"invalid_request_error","param":null,"code":null}`, name)}
	}
	return s.invalid(fmt.Sprintf("Unrecognized request argument supplied: %s", name))
}

// failure renders an error of the flavour. what is an aitest.Failure or one of "invalid",
// "not_found", "method".
func (s *Server) failure(status int, what, msg string) *rejection {
	openaiErr := func(typ, code, msg string) *rejection {
		c := "null"
		if code != "" {
			c = fmt.Sprintf("%q", code)
		}
		return &rejection{status, fmt.Sprintf(`{"error":{"message":%q,"type":%q,"param":null,"code":%s}}`, msg, typ, c)}
	}
	switch s.opts.Flavor {
	case Mistral:
		typ := map[string]string{"invalid": "invalid_request_error", "not_found": "not_found", "method": "invalid_request_error"}[what]
		return &rejection{status, fmt.Sprintf(`{"object":"error","message":%q,"type":%q,"param":null,"code":null}`, msg, typ)}
	case Azure:
		code := map[string]string{"invalid": "BadRequest", "not_found": "404", "method": "405"}[what]
		return &rejection{status, fmt.Sprintf(`{"error":{"code":%q,"message":%q}}`, code, msg)}
	}
	return openaiErr("invalid_request_error", "", msg)
}

// failReply renders a scripted aitest.Failure in the flavour's real format.
func (s *Server) failReply(f aitest.Failure, model string) (status int, body string) {
	switch s.opts.Flavor {
	case Mistral:
		switch f {
		case aitest.FailAuth:
			return 401, `{"message":"Unauthorized","request_id":"0d5f7a6c1e2b4a3c"}`
		case aitest.FailModel:
			return 400, fmt.Sprintf(`{"object":"error","message":"Invalid model: %s","type":"invalid_model","param":null,"code":"1500"}`, model)
		case aitest.FailContext:
			return 400, `{"object":"error","message":"Prompt contains 40011 tokens and 0 draft tokens, too large for model with 32768 maximum context length","type":"invalid_request_error","param":null,"code":"3051"}`
		case aitest.FailRate:
			return 429, `{"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}`
		case aitest.FailOverload:
			return 503, `{"object":"error","message":"Service unavailable.","type":"service_unavailable","param":null,"code":"1000"}`
		}
		return 500, `{"object":"error","message":"Internal server error","type":"internal_server_error","param":null,"code":"1000"}`
	case Azure:
		switch f {
		case aitest.FailAuth:
			return 401, `{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}`
		case aitest.FailModel:
			return 404, `{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}`
		case aitest.FailContext:
			return 400, `{"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded","status":400}}`
		case aitest.FailRate:
			return 429, `{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 7 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."}}`
		case aitest.FailOverload:
			return 503, `{"error":{"code":"ServiceUnavailable","message":"The service is temporarily unable to process your request. Please try again later."}}`
		}
		return 500, `{"error":{"code":"InternalServerError","message":"The server had an error while processing your request. Sorry about that!"}}`
	}
	switch f {
	case aitest.FailAuth:
		return 401, `{"error":{"message":"Incorrect API key provided: sk-test-****cdef. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`
	case aitest.FailModel:
		return 404, fmt.Sprintf(`{"error":{"message":"The model %s does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}`, "`"+model+"`")
	case aitest.FailContext:
		return 400, `{"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}`
	case aitest.FailRate:
		return 429, fmt.Sprintf(`{"error":{"message":"Rate limit reached for %s in organization org-test on tokens per min (TPM): Limit 30000, Used 29500, Requested 900. Please try again in 2s. Visit https://platform.openai.com/account/rate-limits to learn more.","type":"tokens","param":null,"code":"rate_limit_exceeded"}}`, model)
	case aitest.FailOverload:
		return 503, `{"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error","param":null,"code":null}}`
	}
	return 500, `{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}`
}

func writeJSON(w http.ResponseWriter, status int, body, retryAfter string) {
	w.Header().Set("Content-Type", "application/json")
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func (s *Server) serveModels(w http.ResponseWriter) {
	type model struct {
		ID      string `json:"id"`
		Object  string `json:"object"`
		Created int64  `json:"created"`
		OwnedBy string `json:"owned_by"`
	}
	owner := map[Flavor]string{OpenAI: "openai", Mistral: "mistralai", Azure: "system"}[s.opts.Flavor]
	out := struct {
		Object string  `json:"object"`
		Data   []model `json:"data"`
	}{Object: "list", Data: []model{}}
	for _, id := range s.Models() {
		out.Data = append(out.Data, model{ID: id, Object: "model", Created: 1715367049, OwnedBy: owner})
	}
	b, _ := json.Marshal(out)
	writeJSON(w, 200, string(b), "")
}

// chunk is one chat.completion.chunk as the services send it.
type chunk struct {
	ID                  string            `json:"id"`
	Object              string            `json:"object"`
	Created             int64             `json:"created"`
	Model               string            `json:"model"`
	SystemFingerprint   string            `json:"system_fingerprint,omitempty"`
	PromptFilterResults []json.RawMessage `json:"prompt_filter_results,omitempty"`
	Choices             []chunkChoice     `json:"choices"`
	Usage               *usage            `json:"usage"`
	omitUsage           bool
}

type chunkChoice struct {
	Index        int               `json:"index"`
	Delta        map[string]string `json:"delta"`
	Logprobs     *struct{}         `json:"logprobs"`
	FinishReason *string           `json:"finish_reason"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

func (c chunk) frame() string {
	var b []byte
	if c.omitUsage {
		type noUsage struct {
			ID                  string            `json:"id"`
			Object              string            `json:"object"`
			Created             int64             `json:"created"`
			Model               string            `json:"model"`
			PromptFilterResults []json.RawMessage `json:"prompt_filter_results,omitempty"`
			Choices             []chunkChoice     `json:"choices"`
		}
		b, _ = json.Marshal(noUsage{c.ID, c.Object, c.Created, c.Model, c.PromptFilterResults, c.Choices})
	} else {
		b, _ = json.Marshal(c)
	}
	return "data: " + string(b) + "\n\n"
}

func (s *Server) serveChat(w http.ResponseWriter, r *http.Request, req chatRequest, model string) {
	reply := s.Next()
	if reply.Fail != aitest.FailNone && reply.Fail != aitest.FailBadJSON {
		status, body := s.failReply(reply.Fail, model)
		writeJSON(w, status, body, reply.RetryAfter)
		return
	}
	if req.Stream == nil || !*req.Stream {
		s.serveWhole(w, reply, model)
		return
	}
	includeUsage := req.StreamOptions != nil && req.StreamOptions.IncludeUsage != nil && *req.StreamOptions.IncludeUsage
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	fl := w.(http.Flusher)
	fl.Flush()

	base := chunk{ID: "chatcmpl-fake1", Object: "chat.completion.chunk", Created: time.Now().Unix(), Model: model}
	switch s.opts.Flavor {
	case OpenAI:
		base.SystemFingerprint = "fp_fake"
		base.omitUsage = !includeUsage // api.openai.com sends "usage":null in every chunk only when asked
	case Mistral:
		base.omitUsage = true
	case Azure:
		// Azure's first frame: prompt filter results, no choices, empty id and model.
		first := chunk{Choices: []chunkChoice{}, PromptFilterResults: []json.RawMessage{json.RawMessage(`{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}`)}, omitUsage: true}
		writeSplit(w, fl, first.frame())
		base.omitUsage = !includeUsage
	}
	// The first frame announces the role with empty content, as OpenAI does.
	c := base
	c.Choices = []chunkChoice{{Index: 0, Delta: map[string]string{"role": "assistant", "content": ""}}}
	writeSplit(w, fl, c.frame())

	for i, text := range reply.Chunks {
		if reply.BreakAfter > 0 && i == reply.BreakAfter {
			breakConnection(w)
			return
		}
		if reply.Interval > 0 && i > 0 {
			select {
			case <-time.After(reply.Interval):
			case <-r.Context().Done():
				return
			}
		}
		c := base
		c.Choices = []chunkChoice{{Index: 0, Delta: map[string]string{"content": text}}}
		writeSplit(w, fl, c.frame())
		if i == 0 {
			if reply.Fail == aitest.FailBadJSON {
				writeSplit(w, fl, "data: {\"id\":\"chatcmpl-fake1\",\"choices\":[{\"delta\":{\"content\":\"x\"\n\n")
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
	stop := "stop"
	u := &usage{reply.InputTokens, reply.OutputTokens, reply.InputTokens + reply.OutputTokens}
	c = base
	c.Choices = []chunkChoice{{Index: 0, Delta: map[string]string{}, FinishReason: &stop}}
	if s.opts.Flavor == Mistral {
		c.omitUsage, c.Usage = false, u // Mistral: usage rides on the finishing chunk
	}
	writeSplit(w, fl, c.frame())
	if includeUsage {
		c = base
		c.Choices, c.Usage, c.omitUsage = []chunkChoice{}, u, false
		writeSplit(w, fl, c.frame())
	}
	writeSplit(w, fl, "data: [DONE]\n\n")
}

// serveWhole answers a non-streamed request with one chat.completion.
func (s *Server) serveWhole(w http.ResponseWriter, reply aitest.Reply, model string) {
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-fake1", "object": "chat.completion", "created": time.Now().Unix(), "model": model,
		"choices": []any{map[string]any{
			"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": strings.Join(reply.Chunks, "")},
		}},
		"usage": usage{reply.InputTokens, reply.OutputTokens, reply.InputTokens + reply.OutputTokens},
	})
	writeJSON(w, 200, string(b), "")
}

// writeSplit writes a frame in two writes with a flush between, so the client sees a line cut
// across network reads.
func writeSplit(w io.Writer, fl http.Flusher, frame string) {
	half := len(frame) / 2
	_, _ = io.WriteString(w, frame[:half])
	fl.Flush()
	_, _ = io.WriteString(w, frame[half:])
	fl.Flush()
}

// breakConnection drops the TCP connection mid-body: the client reads an unexpected EOF.
func breakConnection(w http.ResponseWriter) {
	w.(http.Flusher).Flush()
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("openaitest: the response writer cannot be hijacked")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(err)
	}
	_ = buf.Flush()
	_ = conn.Close()
}
