// Package gemini is the Google Gemini API provider: streaming chat over
// POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse and the model list over
// GET {base}/v1beta/models, with the API key in the x-goog-api-key header (never in the URL).
//
// Why this is hand-written and not the official SDK (google.golang.org/genai v1.77.0, which is
// in go.mod): measured on 2026-11-27 against an httptest server with a throwaway module —
//
//   - the SDK does accept our audited *http.Client (ClientConfig.HTTPClient), a base URL
//     (HTTPOptions.BaseURL) and does not retry unless HTTPOptions.RetryOptions is set; but
//   - its error for a non-2xx answer is genai.APIError{Code, Message, Status, Details}: the
//     response headers are dropped, so a 429's Retry-After never reaches Deps.Do (the
//     conformance suite's "retried after Retry-After" case cannot pass), and the raw body that
//     ai.Classify reads is re-parsed into a struct first;
//   - with ClientConfig.APIKey == "" it silently takes GEMINI_API_KEY / GOOGLE_API_KEY from
//     the process environment (we observed the env value arrive in x-goog-api-key), a secret
//     that did not come from our sealed settings; the environment reader is unexported, so it
//     cannot be switched off;
//   - a stream that ends without a finishReason ends its iterator without an error, and stream
//     read errors are also written to the standard logger (log.Printf) — we need to decide both
//     ourselves.
//
// The wire format is small (one request shape, one SSE frame shape), so a direct client over the
// audited client is less code than the workarounds.
package gemini

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"tftsr/internal/ai"
	"tftsr/internal/apperr"
)

// DefaultBaseURL is the Gemini API's address.
const DefaultBaseURL = "https://generativelanguage.googleapis.com"

const (
	apiVersion   = "v1beta"
	maxErrorBody = 64 << 10
	maxListPages = 50
)

// Provider talks to the Gemini API.
type Provider struct {
	cfg    ai.Config
	deps   ai.Deps
	client *http.Client
	base   string
}

// New returns a Gemini provider for cfg (Kind gemini, or empty). Every request goes through
// deps' audited client.
func New(cfg ai.Config, deps ai.Deps) (ai.Provider, error) {
	if cfg.Kind == "" {
		cfg.Kind = ai.KindGemini
	}
	if cfg.Kind != ai.KindGemini {
		return nil, fmt.Errorf("gemini: config is for provider %q: %w", cfg.Kind, apperr.ErrInvalid)
	}
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if base == "" {
		base = DefaultBaseURL
	}
	base = strings.TrimSuffix(base, "/"+apiVersion) // tolerate a pasted ".../v1beta"
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("gemini: base URL %q must be an http(s) URL: %w", cfg.BaseURL, apperr.ErrInvalid)
	}
	client, err := deps.Client(cfg)
	if err != nil {
		return nil, fmt.Errorf("gemini: %w", err)
	}
	return &Provider{cfg: cfg, deps: deps, client: client, base: base}, nil
}

// Wire types (https://ai.google.dev/api/generate-content).

type part struct {
	Text string `json:"text"`
}

type content struct {
	Role  string `json:"role,omitempty"`
	Parts []part `json:"parts"`
}

type generationConfig struct {
	Temperature     *float64 `json:"temperature,omitempty"`
	MaxOutputTokens int      `json:"maxOutputTokens,omitempty"`
}

type request struct {
	Contents          []content         `json:"contents"`
	SystemInstruction *content          `json:"systemInstruction,omitempty"`
	GenerationConfig  *generationConfig `json:"generationConfig,omitempty"`
}

type frame struct {
	Candidates []struct {
		Content struct {
			Parts []struct {
				Text    string `json:"text"`
				Thought bool   `json:"thought"`
			} `json:"parts"`
		} `json:"content"`
		FinishReason string `json:"finishReason"`
	} `json:"candidates"`
	UsageMetadata *struct {
		PromptTokenCount     int `json:"promptTokenCount"`
		CandidatesTokenCount int `json:"candidatesTokenCount"`
	} `json:"usageMetadata"`
	PromptFeedback *struct {
		BlockReason string `json:"blockReason"`
	} `json:"promptFeedback"`
	ModelVersion string `json:"modelVersion"`
	Error        *struct {
		Code int `json:"code"`
	} `json:"error"`
}

// body builds the request payload once, so every attempt sends the same bytes.
func (p *Provider) body(req ai.Request) ([]byte, error) {
	system, turns, err := req.Texts()
	if err != nil {
		return nil, fmt.Errorf("gemini: %w", err)
	}
	r := request{Contents: make([]content, len(turns))}
	for i, t := range turns {
		role := "user"
		if t.Role == ai.RoleAssistant {
			role = "model"
		}
		r.Contents[i] = content{Role: role, Parts: []part{{Text: t.Text}}}
	}
	if system != "" {
		r.SystemInstruction = &content{Parts: []part{{Text: system}}}
	}
	if p.cfg.Temperature != nil || p.cfg.MaxTokens > 0 {
		r.GenerationConfig = &generationConfig{Temperature: p.cfg.Temperature, MaxOutputTokens: p.cfg.MaxTokens}
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("gemini: encode request: %w", err)
	}
	return b, nil
}

func (p *Provider) model() string { return strings.TrimPrefix(p.cfg.Model, "models/") }

// Stream implements ai.Provider.
func (p *Provider) Stream(ctx context.Context, req ai.Request, onText func(delta string)) (ai.Result, error) {
	body, err := p.body(req) // req.Texts() first: nothing is sent for an unapproved part
	if err != nil {
		return ai.Result{}, err
	}
	model := p.model()
	if model == "" {
		return ai.Result{}, fmt.Errorf("gemini: no model is configured: %w", apperr.ErrInvalid)
	}
	endpoint := p.base + "/" + apiVersion + "/models/" + url.PathEscape(model) + ":streamGenerateContent?alt=sse"
	res := ai.Result{Model: model}
	var text strings.Builder
	err = p.deps.Do(ctx, p.cfg, req, func(a ai.Attempt) (bool, error) {
		hr, err := http.NewRequestWithContext(a.Ctx, http.MethodPost, endpoint, bytes.NewReader(body))
		if err != nil {
			return false, fmt.Errorf("gemini: build request: %w", err)
		}
		hr.Header.Set("Content-Type", "application/json")
		hr.Header.Set("Accept", "text/event-stream")
		p.auth(hr)
		resp, err := p.client.Do(hr)
		if err != nil {
			return false, ai.Unreachable(p.cfg.Kind, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return false, p.classify(resp)
		}
		return p.read(a.Ctx, resp.Body, &res, &text, onText)
	})
	res.Text = text.String()
	return res, err
}

// read consumes one SSE answer. Gemini sends no end marker: the last candidate frame carries a
// finishReason, so a stream that ends without one was cut.
func (p *Provider) read(ctx context.Context, r io.Reader, res *ai.Result, text *strings.Builder, onText func(string)) (started bool, err error) {
	finished := false
	err = ai.ReadSSE(r, func(_, data string) error {
		if err := ctx.Err(); err != nil {
			return err // cancelled: no more pieces, even ones already buffered
		}
		var f frame
		if err := json.Unmarshal([]byte(data), &f); err != nil {
			return ai.Interrupted(p.cfg.Kind, fmt.Errorf("gemini: malformed stream frame: %w", err))
		}
		if f.Error != nil {
			status := f.Error.Code
			if status == 0 {
				status = http.StatusInternalServerError
			}
			return ai.Classify(p.cfg.Kind, status, []byte(data), 0)
		}
		if f.ModelVersion != "" {
			res.Model = f.ModelVersion
		}
		if u := f.UsageMetadata; u != nil {
			res.Usage = ai.Usage{InputTokens: u.PromptTokenCount, OutputTokens: u.CandidatesTokenCount}
		}
		if f.PromptFeedback != nil && f.PromptFeedback.BlockReason != "" && len(f.Candidates) == 0 {
			return &ai.Error{Kind: ai.ErrBadRequest, Provider: p.cfg.Kind, Status: http.StatusOK,
				Message: "the prompt was blocked by Gemini's safety filters: " + f.PromptFeedback.BlockReason}
		}
		if len(f.Candidates) == 0 {
			return nil
		}
		c := f.Candidates[0]
		for _, pt := range c.Content.Parts {
			if pt.Thought || pt.Text == "" {
				continue
			}
			text.WriteString(pt.Text)
			started = true
			onText(pt.Text)
		}
		if c.FinishReason != "" {
			finished = true
			res.StopReason = c.FinishReason
		}
		return nil
	})
	if err != nil {
		var e *ai.Error
		if errors.As(err, &e) {
			return started, err
		}
		return started, ai.Interrupted(p.cfg.Kind, err)
	}
	if !finished {
		return started, ai.Interrupted(p.cfg.Kind, errors.New("gemini: the stream ended without a finish reason"))
	}
	return started, nil
}

func (p *Provider) auth(r *http.Request) {
	if p.cfg.APIKey != "" {
		r.Header.Set("x-goog-api-key", p.cfg.APIKey)
	}
}

// classify reads an error response. Two things Google puts in the error's details are used:
// google.rpc.RetryInfo (retryDelay "7s": Gemini says how long to wait there rather than always in
// a Retry-After header; the header wins when both are present) and google.rpc.ErrorInfo reason
// API_KEY_INVALID, which also marks keys that are expired ("API key expired. Please renew the
// API key.") — a message ai.Classify alone would call a bad request.
func (p *Provider) classify(resp *http.Response) *ai.Error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := ai.Classify(p.cfg.Kind, resp.StatusCode, b, p.deps.RetryAfter(resp.Header))
	delay, reason := details(b)
	if e.RetryAfter == 0 {
		e.RetryAfter = delay
	}
	if reason == "API_KEY_INVALID" {
		e.Kind = ai.ErrBadKey
	}
	return e
}

// details reads google.rpc.RetryInfo and google.rpc.ErrorInfo from an error body.
func details(body []byte) (retryDelay time.Duration, reason string) {
	var v struct {
		Error struct {
			Details []struct {
				Type       string `json:"@type"`
				RetryDelay string `json:"retryDelay"`
				Reason     string `json:"reason"`
			} `json:"details"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil {
		return 0, ""
	}
	for _, d := range v.Error.Details {
		switch {
		case strings.HasSuffix(d.Type, "google.rpc.RetryInfo") && d.RetryDelay != "":
			if w, err := time.ParseDuration(d.RetryDelay); err == nil && w > 0 {
				retryDelay = w
			}
		case strings.HasSuffix(d.Type, "google.rpc.ErrorInfo") && d.Reason != "":
			reason = d.Reason
		}
	}
	return retryDelay, reason
}

// Models implements ai.Provider: the models that can generate content, ids without "models/".
func (p *Provider) Models(ctx context.Context) ([]ai.Model, error) {
	var out []ai.Model
	token := ""
	for range maxListPages {
		q := url.Values{"pageSize": {"1000"}}
		if token != "" {
			q.Set("pageToken", token)
		}
		hr, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/"+apiVersion+"/models?"+q.Encode(), nil)
		if err != nil {
			return nil, fmt.Errorf("gemini: build request: %w", err)
		}
		p.auth(hr)
		resp, err := p.client.Do(hr)
		if err != nil {
			return nil, ai.Unreachable(p.cfg.Kind, err)
		}
		var page struct {
			Models []struct {
				Name        string   `json:"name"`
				DisplayName string   `json:"displayName"`
				Methods     []string `json:"supportedGenerationMethods"`
			} `json:"models"`
			NextPageToken string `json:"nextPageToken"`
		}
		if resp.StatusCode/100 != 2 {
			e := p.classify(resp)
			resp.Body.Close()
			return nil, e
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			return nil, &ai.Error{Kind: ai.ErrServer, Provider: p.cfg.Kind, Status: resp.StatusCode, Message: "malformed model list", Err: err}
		}
		for _, m := range page.Models {
			if !generates(m.Methods) {
				continue
			}
			id := strings.TrimPrefix(m.Name, "models/")
			name := m.DisplayName
			if name == "" {
				name = id
			}
			out = append(out, ai.Model{ID: id, Name: name})
		}
		if token = page.NextPageToken; token == "" {
			break
		}
	}
	if out == nil {
		out = []ai.Model{}
	}
	return out, nil
}

// generates reports whether a model can chat (embedding and AQA models cannot). A model whose
// methods are not listed is kept.
func generates(methods []string) bool {
	if len(methods) == 0 {
		return true
	}
	for _, m := range methods {
		if m == "generateContent" || m == "streamGenerateContent" {
			return true
		}
	}
	return false
}
