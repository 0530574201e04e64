// Package ollama is the provider for Ollama's native API: streaming chat over POST /api/chat
// (NDJSON), the installed models over GET /api/tags, and model downloads over POST /api/pull.
//
// It is hand-written on purpose: the official client, github.com/ollama/ollama/api, was measured
// to pull ~80 modules into go.mod (gonum, gorgonia among them) and to upgrade golang.org/x/exp
// under Wails. The three endpoints used here are a few dozen lines over the audited client.
//
// An API key is optional: local Ollama has no auth; an Ollama behind an authenticating proxy
// (or ollama.com) takes it as "Authorization: Bearer <key>". Without a key no header is sent.
package ollama

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

	"tftsr/internal/ai"
	"tftsr/internal/apperr"
)

// DefaultBaseURL is where a local Ollama listens.
const DefaultBaseURL = "http://localhost:11434"

const maxErrorBody = 64 << 10

// Provider talks to one Ollama server. New returns it as an ai.Provider; model downloads are
// reached with a type assertion: p.(*ollama.Provider).Pull(…).
type Provider struct {
	cfg    ai.Config
	deps   ai.Deps
	client *http.Client
	base   string
}

// New returns an Ollama provider for cfg (Kind ollama, or empty). Every request, chat or pull,
// goes through deps' audited client.
func New(cfg ai.Config, deps ai.Deps) (ai.Provider, error) {
	if cfg.Kind == "" {
		cfg.Kind = ai.KindOllama
	}
	if cfg.Kind != ai.KindOllama {
		return nil, fmt.Errorf("ollama: config is for provider %q: %w", cfg.Kind, apperr.ErrInvalid)
	}
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if base == "" {
		base = DefaultBaseURL
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("ollama: base URL %q must be an http(s) URL: %w", cfg.BaseURL, apperr.ErrInvalid)
	}
	client, err := deps.Client(cfg)
	if err != nil {
		return nil, fmt.Errorf("ollama: %w", err)
	}
	return &Provider{cfg: cfg, deps: deps, client: client, base: base}, nil
}

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type options struct {
	Temperature *float64 `json:"temperature,omitempty"`
	NumPredict  int      `json:"num_predict,omitempty"`
}

type chatRequest struct {
	Model    string    `json:"model"`
	Messages []message `json:"messages"`
	Stream   bool      `json:"stream"`
	Options  *options  `json:"options,omitempty"`
}

// line is one NDJSON line of /api/chat.
type line struct {
	Model   string `json:"model"`
	Message struct {
		Content string `json:"content"`
	} `json:"message"`
	Done            bool            `json:"done"`
	DoneReason      string          `json:"done_reason"`
	PromptEvalCount int             `json:"prompt_eval_count"`
	EvalCount       int             `json:"eval_count"`
	Error           json.RawMessage `json:"error"`
}

func (p *Provider) body(req ai.Request) ([]byte, error) {
	system, turns, err := req.Texts()
	if err != nil {
		return nil, fmt.Errorf("ollama: %w", err)
	}
	r := chatRequest{Model: p.cfg.Model, Stream: true}
	if system != "" {
		r.Messages = append(r.Messages, message{Role: "system", Content: system})
	}
	for _, t := range turns {
		r.Messages = append(r.Messages, message{Role: string(t.Role), Content: t.Text})
	}
	if p.cfg.Temperature != nil || p.cfg.MaxTokens > 0 {
		r.Options = &options{Temperature: p.cfg.Temperature, NumPredict: p.cfg.MaxTokens}
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("ollama: encode request: %w", err)
	}
	return b, nil
}

// Stream implements ai.Provider.
func (p *Provider) Stream(ctx context.Context, req ai.Request, onText func(delta string)) (ai.Result, error) {
	body, err := p.body(req) // req.Texts() first: nothing is sent for an unapproved part
	if err != nil {
		return ai.Result{}, err
	}
	if p.cfg.Model == "" {
		return ai.Result{}, fmt.Errorf("ollama: no model is configured: %w", apperr.ErrInvalid)
	}
	res := ai.Result{Model: p.cfg.Model}
	var text strings.Builder
	err = p.deps.Do(ctx, p.cfg, req, func(a ai.Attempt) (bool, error) {
		resp, err := p.post(a.Ctx, "/api/chat", body)
		if err != nil {
			return false, err
		}
		defer resp.Body.Close()
		return p.read(a.Ctx, resp.Body, &res, &text, onText)
	})
	res.Text = text.String()
	return res, err
}

// post sends body and returns a 2xx response, or the classified error.
func (p *Provider) post(ctx context.Context, path string, body []byte) (*http.Response, error) {
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, p.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("ollama: build request: %w", err)
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Accept", "application/x-ndjson")
	p.auth(hr)
	return p.do(hr)
}

func (p *Provider) do(hr *http.Request) (*http.Response, error) {
	resp, err := p.client.Do(hr)
	if err != nil {
		return nil, ai.Unreachable(p.cfg.Kind, err)
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return nil, ai.Classify(p.cfg.Kind, resp.StatusCode, b, p.deps.RetryAfter(resp.Header))
	}
	return resp, nil
}

func (p *Provider) auth(r *http.Request) {
	if p.cfg.APIKey != "" {
		r.Header.Set("Authorization", "Bearer "+p.cfg.APIKey)
	}
}

// streamError classifies an {"error": …} line that arrived with a 200: the server failed after
// it had started answering, so it counts as a server error unless its message says more.
func (p *Provider) streamError(raw []byte) error {
	return ai.Classify(p.cfg.Kind, http.StatusInternalServerError, raw, 0)
}

// read consumes one NDJSON answer; the last line has done:true.
func (p *Provider) read(ctx context.Context, r io.Reader, res *ai.Result, text *strings.Builder, onText func(string)) (started bool, err error) {
	done := false
	err = ai.ReadNDJSON(r, func(raw []byte) error {
		if err := ctx.Err(); err != nil {
			return err // cancelled: no more pieces, even ones already buffered
		}
		var l line
		if err := json.Unmarshal(raw, &l); err != nil {
			return ai.Interrupted(p.cfg.Kind, fmt.Errorf("ollama: malformed stream line: %w", err))
		}
		if len(l.Error) > 0 && string(l.Error) != "null" {
			return p.streamError(raw)
		}
		if l.Model != "" {
			res.Model = l.Model
		}
		if c := l.Message.Content; c != "" {
			text.WriteString(c)
			started = true
			onText(c)
		}
		if l.Done {
			done = true
			res.StopReason = l.DoneReason
			res.Usage = ai.Usage{InputTokens: l.PromptEvalCount, OutputTokens: l.EvalCount}
			return io.EOF
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
	if !done {
		return started, ai.Interrupted(p.cfg.Kind, errors.New("ollama: the stream ended before done:true"))
	}
	return started, nil
}

// Models implements ai.Provider: the models installed on the server (GET /api/tags).
func (p *Provider) Models(ctx context.Context) ([]ai.Model, error) {
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/api/tags", nil)
	if err != nil {
		return nil, fmt.Errorf("ollama: build request: %w", err)
	}
	p.auth(hr)
	resp, err := p.do(hr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var v struct {
		Models []struct {
			Name  string `json:"name"`
			Model string `json:"model"`
		} `json:"models"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, &ai.Error{Kind: ai.ErrServer, Provider: p.cfg.Kind, Status: resp.StatusCode, Message: "malformed model list", Err: err}
	}
	out := make([]ai.Model, 0, len(v.Models))
	for _, m := range v.Models {
		id := m.Model
		if id == "" {
			id = m.Name
		}
		name := m.Name
		if name == "" {
			name = id
		}
		out = append(out, ai.Model{ID: id, Name: name})
	}
	return out, nil
}

// Pull downloads model onto the server (POST /api/pull) and calls progress, if not nil, with
// each status line ("pulling manifest", "pulling <digest>" with byte counts, "verifying sha256
// digest", "writing manifest", "success"). It returns when the server says "success", the
// download fails, or ctx is cancelled (the error then wraps context.Canceled). Nothing but the
// model name is sent, through the same audited client as the chat.
func (p *Provider) Pull(ctx context.Context, model string, progress func(status string, completed, total int64)) error {
	model = strings.TrimSpace(model)
	if model == "" {
		return fmt.Errorf("ollama: pull: no model name: %w", apperr.ErrInvalid)
	}
	body, err := json.Marshal(struct {
		Model  string `json:"model"`
		Stream bool   `json:"stream"`
	}{model, true})
	if err != nil {
		return fmt.Errorf("ollama: pull: encode request: %w", err)
	}
	resp, err := p.post(ctx, "/api/pull", body)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("ollama: pull %q: %w", model, ctx.Err())
		}
		return fmt.Errorf("ollama: pull %q: %w", model, err)
	}
	defer resp.Body.Close()
	success := false
	err = ai.ReadNDJSON(resp.Body, func(raw []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		var l struct {
			Status    string          `json:"status"`
			Total     int64           `json:"total"`
			Completed int64           `json:"completed"`
			Error     json.RawMessage `json:"error"`
		}
		if err := json.Unmarshal(raw, &l); err != nil {
			return ai.Interrupted(p.cfg.Kind, fmt.Errorf("ollama: malformed progress line: %w", err))
		}
		if len(l.Error) > 0 && string(l.Error) != "null" {
			return p.streamError(raw)
		}
		if progress != nil {
			progress(l.Status, l.Completed, l.Total)
		}
		if l.Status == "success" {
			success = true
			return io.EOF
		}
		return nil
	})
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("ollama: pull %q: %w", model, ctx.Err())
	case err != nil:
		var e *ai.Error
		if !errors.As(err, &e) {
			err = ai.Interrupted(p.cfg.Kind, err)
		}
		return fmt.Errorf("ollama: pull %q: %w", model, err)
	case !success:
		return fmt.Errorf("ollama: pull %q: %w", model, ai.Interrupted(p.cfg.Kind, errors.New("the download ended before \"success\"")))
	}
	return nil
}
