// Package openai is the ai.Provider for the OpenAI Chat Completions wire format: api.openai.com,
// any OpenAI-compatible server (LM Studio, vLLM, LiteLLM, Ollama's /v1), Mistral and Azure
// OpenAI. It is built on the official SDK github.com/openai/openai-go/v3, which builds and sends
// the request and decodes HTTP errors; the SDK's own retries are off (ai.Deps.Do re-sends the same
// approved payload and audits every attempt) and the event stream is read with ai.ReadSSE, because
// the SDK's stream treats a connection that ends without "data: [DONE]" as a normal end.
package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"tftsr/internal/ai"
	"tftsr/internal/apperr"
)

// Default base URLs.
const (
	DefaultOpenAIBaseURL  = "https://api.openai.com/v1"
	DefaultMistralBaseURL = "https://api.mistral.ai/v1"
)

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 1 << 20

// endpoint is cfg resolved to what goes on the wire.
type endpoint struct {
	baseURL string // what option.WithBaseURL gets; the chat path "chat/completions" is relative to it
	// authHeader/authValue: "Authorization"/"Bearer KEY", "api-key"/"KEY", or "" for a keyless server.
	authHeader, authValue string
	apiVersion            string // Azure: the api-version query parameter
	// maxTokensField is the JSON name cfg.MaxTokens is sent as: "max_tokens" or
	// "max_completion_tokens" (see resolve).
	maxTokensField string
	// modelList: the API lists models at GET {baseURL}/models.
	modelList bool
	// streamUsage: ask for stream_options.include_usage (usage in a last chunk with empty
	// choices). Mistral refuses unknown fields (422 extra_forbidden) and sends usage with the
	// last content chunk anyway.
	streamUsage bool
}

// resolve validates cfg and works out its endpoint. It never touches the network.
func resolve(cfg ai.Config) (endpoint, error) {
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	var ep endpoint
	switch cfg.Kind {
	case ai.KindOpenAI:
		if base == "" {
			base = DefaultOpenAIBaseURL
		}
		ep = endpoint{baseURL: base, modelList: true, streamUsage: true, maxTokensField: "max_tokens"}
		// api.openai.com wants max_completion_tokens: its reasoning models (o-series, gpt-5)
		// refuse max_tokens, and the others accept both. The compatible servers (LM Studio,
		// vLLM, LiteLLM, llama.cpp, Ollama /v1) know max_tokens, and several of them ignore or
		// refuse max_completion_tokens — so they get max_tokens.
		if u, err := url.Parse(base); err == nil && strings.EqualFold(u.Hostname(), "api.openai.com") {
			ep.maxTokensField = "max_completion_tokens"
		}
		if cfg.APIKey != "" {
			ep.authHeader, ep.authValue = "Authorization", "Bearer "+cfg.APIKey
		}
	case ai.KindMistral:
		if base == "" {
			base = DefaultMistralBaseURL
		}
		// Mistral documents max_tokens only.
		ep = endpoint{baseURL: base, modelList: true, maxTokensField: "max_tokens"}
		if cfg.APIKey != "" {
			ep.authHeader, ep.authValue = "Authorization", "Bearer "+cfg.APIKey
		}
	case ai.KindAzureOpenAI:
		if base == "" {
			return endpoint{}, fmt.Errorf("openai: azure: the resource endpoint (https://NAME.openai.azure.com) is required: %w", apperr.ErrInvalid)
		}
		if strings.TrimSpace(cfg.APIVersion) == "" {
			return endpoint{}, fmt.Errorf("openai: azure: the api-version is required (e.g. 2024-10-21): %w", apperr.ErrInvalid)
		}
		base = strings.TrimSuffix(base, "/openai") // a pasted ".../openai" is the same resource
		ep = endpoint{
			baseURL: base + "/openai/deployments/" + url.PathEscape(cfg.Model),
			// Azure lists the resource's base models, not its deployments, and a deployment
			// name is what Config.Model holds: the list would offer names that answer 404.
			modelList:   false,
			streamUsage: true,
			apiVersion:  strings.TrimSpace(cfg.APIVersion),
		}
		// max_completion_tokens exists from api-version 2024-09-01(-preview) on and is the only
		// one reasoning deployments (o1, o3-mini) accept; older versions refuse it.
		ep.maxTokensField = "max_completion_tokens"
		if v := ep.apiVersion; v[0] >= '0' && v[0] <= '9' && v < "2024-09-01" {
			ep.maxTokensField = "max_tokens"
		}
		if cfg.APIKey != "" {
			ep.authHeader, ep.authValue = "api-key", cfg.APIKey
		}
	default:
		return endpoint{}, fmt.Errorf("openai: provider kind %q is not an OpenAI-format provider: %w", cfg.Kind, apperr.ErrInvalid)
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return endpoint{}, fmt.Errorf("openai: base URL %q must be an http(s) URL: %w", base, apperr.ErrInvalid)
	}
	return ep, nil
}

type provider struct {
	cfg    ai.Config
	deps   ai.Deps
	ep     endpoint
	chat   openai.ChatCompletionService
	models openai.ModelService
}

// New returns the provider for cfg.Kind = ai.KindOpenAI, ai.KindMistral or ai.KindAzureOpenAI.
// Every request goes through deps.Client(cfg) (audited) and deps.Do (retries).
func New(cfg ai.Config, deps ai.Deps) (ai.Provider, error) {
	ep, err := resolve(cfg)
	if err != nil {
		return nil, err
	}
	client, err := deps.Client(cfg)
	if err != nil {
		return nil, fmt.Errorf("openai: %w", err)
	}
	// The services are built from these options alone: openai.NewClient would also read
	// OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID… from the environment, and a key from there
	// must never reach a keyless local server.
	opts := []option.RequestOption{
		option.WithBaseURL(ep.baseURL),
		option.WithHTTPClient(client),
		option.WithMaxRetries(0),
	}
	if ep.authHeader != "" {
		opts = append(opts, option.WithHeader(ep.authHeader, ep.authValue))
	}
	if ep.apiVersion != "" {
		opts = append(opts, option.WithQuery("api-version", ep.apiVersion))
	}
	return &provider{
		cfg: cfg, deps: deps, ep: ep,
		chat:   openai.NewChatCompletionService(opts...),
		models: openai.NewModelService(opts...),
	}, nil
}

// params builds the request body from the approved texts.
func (p *provider) params(system string, turns []ai.Turn) openai.ChatCompletionNewParams {
	msgs := make([]openai.ChatCompletionMessageParamUnion, 0, len(turns)+1)
	if system != "" {
		// "system" rather than "developer": every compatible server and Azure API version knows it,
		// and api.openai.com treats it as developer for the models that have that role.
		msgs = append(msgs, openai.SystemMessage(system))
	}
	for _, t := range turns {
		if t.Role == ai.RoleAssistant {
			msgs = append(msgs, openai.AssistantMessage(t.Text))
		} else {
			msgs = append(msgs, openai.UserMessage(t.Text))
		}
	}
	params := openai.ChatCompletionNewParams{Model: p.cfg.Model, Messages: msgs}
	if p.ep.streamUsage {
		// Usage then arrives in a last chunk with empty choices.
		params.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	}
	if p.cfg.Temperature != nil {
		params.Temperature = openai.Float(*p.cfg.Temperature)
	}
	if p.cfg.MaxTokens > 0 {
		if p.ep.maxTokensField == "max_completion_tokens" {
			params.MaxCompletionTokens = openai.Int(int64(p.cfg.MaxTokens))
		} else {
			params.MaxTokens = openai.Int(int64(p.cfg.MaxTokens))
		}
	}
	return params
}

// Stream implements ai.Provider.
func (p *provider) Stream(ctx context.Context, req ai.Request, onText func(string)) (ai.Result, error) {
	system, turns, err := req.Texts()
	if err != nil {
		return ai.Result{}, err
	}
	if strings.TrimSpace(p.cfg.Model) == "" {
		what := "model"
		if p.cfg.Kind == ai.KindAzureOpenAI {
			what = "deployment name"
		}
		return ai.Result{}, fmt.Errorf("openai: %s: a %s is required: %w", p.cfg.Kind, what, apperr.ErrInvalid)
	}
	if onText == nil {
		onText = func(string) {}
	}
	params := p.params(system, turns)
	var res ai.Result
	err = p.deps.Do(ctx, p.cfg, req, func(a ai.Attempt) (bool, error) {
		res = ai.Result{}
		return p.attempt(a.Ctx, params, &res, onText)
	})
	return res, err
}

// captureResponse records the last HTTP response the SDK got, so an error body the SDK could not
// decode (a compatible server's {"message": …} or a proxy's HTML) is still classified.
func captureResponse(dst **http.Response) option.RequestOption {
	return option.WithMiddleware(func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		res, err := next(r)
		*dst = res
		return res, err
	})
}

// attempt sends one request and reads its stream into res.
func (p *provider) attempt(ctx context.Context, params openai.ChatCompletionNewParams, res *ai.Result, onText func(string)) (started bool, err error) {
	var raw, seen *http.Response
	_, err = p.chat.New(ctx, params,
		option.WithJSONSet("stream", true),
		option.WithResponseBodyInto(&raw), // the body unread: it is the event stream
		captureResponse(&seen),
	)
	if err != nil {
		return false, p.httpError(err, seen)
	}
	if raw == nil || raw.Body == nil {
		return false, &ai.Error{Kind: ai.ErrServer, Provider: p.cfg.Kind, Message: "the server sent no response"}
	}
	defer raw.Body.Close()
	if mt, _, _ := mime.ParseMediaType(raw.Header.Get("Content-Type")); mt == "application/json" {
		return p.readWhole(raw.Body, res, onText) // a compatible server that ignores "stream"
	}
	return p.readStream(raw.Body, res, onText)
}

// httpError maps a failed SDK call: an HTTP error status through ai.Classify, anything without a
// response through ai.Unreachable.
func (p *provider) httpError(err error, seen *http.Response) error {
	resp := seen
	var ae *openai.Error
	if errors.As(err, &ae) && ae.Response != nil {
		resp = ae.Response
	}
	if resp != nil && resp.StatusCode >= 400 {
		var body []byte
		if resp.Body != nil {
			body, _ = io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
			resp.Body.Close()
		}
		return ai.Classify(p.cfg.Kind, resp.StatusCode, body, p.deps.RetryAfter(resp.Header))
	}
	return ai.Unreachable(p.cfg.Kind, err)
}

var errMalformed = errors.New("malformed event")

// streamChunk is the part of a chat.completion.chunk the client uses. It is decoded with
// encoding/json instead of the SDK's openai.ChatCompletionChunk: the SDK's decoder (which also
// records every field's presence) took ~34 µs per chunk, 7.7 MB/s, in BenchmarkStreamParse —
// far below the 50 MB/s target; this struct reads the same fields several times faster.
type streamChunk struct {
	Model   string `json:"model"`
	Choices []struct {
		Index int `json:"index"`
		Delta struct {
			Content string `json:"content"`
		} `json:"delta"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
	Error json.RawMessage `json:"error"`
}

// readStream reads the data-only SSE stream: chat.completion.chunk frames, then "[DONE]".
func (p *provider) readStream(body io.Reader, res *ai.Result, onText func(string)) (started bool, err error) {
	var text strings.Builder
	done := false
	err = ai.ReadSSE(body, func(_, data string) error {
		if strings.TrimSpace(data) == "[DONE]" {
			done = true
			return io.EOF
		}
		var ch streamChunk
		if err := json.Unmarshal([]byte(data), &ch); err != nil {
			return fmt.Errorf("openai: %w: %w: %.80q", errMalformed, err, data)
		}
		if len(ch.Error) > 0 && string(ch.Error) != "null" {
			// An error sent inside the stream (vLLM, LiteLLM, api.openai.com on a failure after
			// the headers): classified like a 5xx unless its text says more.
			return ai.Classify(p.cfg.Kind, http.StatusInternalServerError, []byte(data), 0)
		}
		if ch.Model != "" {
			res.Model = ch.Model
		}
		for _, c := range ch.Choices { // the usage chunk has none; n=1 is asked, so index is 0
			if c.Index != 0 {
				continue
			}
			if d := c.Delta.Content; d != "" {
				text.WriteString(d)
				started = true
				onText(d)
			}
			if c.FinishReason != "" {
				res.StopReason = c.FinishReason
			}
		}
		if ch.Usage != nil {
			res.Usage = ai.Usage{InputTokens: ch.Usage.PromptTokens, OutputTokens: ch.Usage.CompletionTokens}
		}
		return nil
	})
	res.Text = text.String()
	var aerr *ai.Error
	switch {
	case errors.As(err, &aerr):
		return started, err
	case err != nil:
		return started, ai.Interrupted(p.cfg.Kind, err)
	case !done:
		return started, ai.Interrupted(p.cfg.Kind, fmt.Errorf("openai: the stream ended without [DONE]: %w", io.ErrUnexpectedEOF))
	}
	return started, nil
}

// readWhole reads a non-streamed chat.completion (a server that ignored "stream": true).
func (p *provider) readWhole(body io.Reader, res *ai.Result, onText func(string)) (bool, error) {
	b, err := io.ReadAll(io.LimitReader(body, ai.MaxEventBytes))
	if err != nil {
		return false, ai.Interrupted(p.cfg.Kind, err)
	}
	var cc openai.ChatCompletion
	if err := json.Unmarshal(b, &cc); err != nil {
		return false, ai.Interrupted(p.cfg.Kind, fmt.Errorf("openai: %w: %w", errMalformed, err))
	}
	res.Model = cc.Model
	res.Usage = ai.Usage{InputTokens: int(cc.Usage.PromptTokens), OutputTokens: int(cc.Usage.CompletionTokens)}
	if len(cc.Choices) > 0 {
		res.Text = cc.Choices[0].Message.Content
		res.StopReason = cc.Choices[0].FinishReason
	}
	if res.Text != "" {
		onText(res.Text)
	}
	return res.Text != "", nil
}

// Models implements ai.Provider: GET {base}/models. Azure OpenAI returns ai.ErrUnsupported: its
// data-plane list holds the resource's base models, while Config.Model is a deployment name
// (listing deployments needs the Azure management API and an Entra token, not the api-key).
func (p *provider) Models(ctx context.Context) ([]ai.Model, error) {
	if !p.ep.modelList {
		return nil, fmt.Errorf("openai: %s: list models (enter the deployment name): %w", p.cfg.Kind, ai.ErrUnsupported)
	}
	var seen *http.Response
	page, err := p.models.List(ctx, captureResponse(&seen))
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("openai: %s: list models: %w", p.cfg.Kind, ctx.Err())
		}
		return nil, p.httpError(err, seen)
	}
	out := make([]ai.Model, 0, len(page.Data))
	for _, m := range page.Data {
		if m.ID == "" {
			continue
		}
		out = append(out, ai.Model{ID: m.ID, Name: m.ID})
	}
	return out, nil
}
