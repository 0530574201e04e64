// Package ai talks to AI model providers: one streaming-first Provider interface and one
// implementation per wire format (OpenAI and compatible servers, Azure OpenAI, Mistral,
// Anthropic, Google Gemini, Ollama's native API and a configurable custom REST format).
//
// Privacy is enforced by types: a Request is made only of egress.Approved text, which can be
// obtained only from a completed PII review (package egress). Every HTTP request a provider
// sends passes through an auditing transport (audit.go) that hashes the exact body and records
// it before a byte leaves the machine; if the record cannot be written, nothing is sent.
package ai

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/egress"
)

// Kind names a provider's wire format.
type Kind string

// Provider kinds.
const (
	KindOpenAI      Kind = "openai"       // api.openai.com, or any OpenAI-compatible base URL (LM Studio, vLLM, LiteLLM, Ollama /v1)
	KindAzureOpenAI Kind = "azure-openai" // Azure OpenAI: api-key header, api-version query, deployment = model
	KindMistral     Kind = "mistral"      // OpenAI-compatible at https://api.mistral.ai/v1
	KindAnthropic   Kind = "anthropic"    // Messages API
	KindGemini      Kind = "gemini"       // Gemini API (streamGenerateContent?alt=sse)
	KindOllama      Kind = "ollama"       // Ollama native /api/chat (NDJSON)
	KindCustom      Kind = "custom"       // a REST endpoint described by CustomFormat
)

// Label is the kind's name for people.
func (k Kind) Label() string {
	switch k {
	case KindOpenAI:
		return "OpenAI"
	case KindAzureOpenAI:
		return "Azure OpenAI"
	case KindMistral:
		return "Mistral"
	case KindAnthropic:
		return "Anthropic"
	case KindGemini:
		return "Gemini"
	case KindOllama:
		return "Ollama"
	case KindCustom:
		return "the custom provider"
	}
	return string(k)
}

// Kinds lists the provider kinds in display order.
var Kinds = []Kind{KindOpenAI, KindAzureOpenAI, KindAnthropic, KindGemini, KindMistral, KindOllama, KindCustom}

// Config is everything needed to talk to one provider. APIKey is a secret: it is stored sealed,
// never returned to the frontend, and never logged or audited.
type Config struct {
	Kind        Kind
	BaseURL     string   // "" = the vendor's default; required for custom and Azure
	APIKey      string   // "" for servers without auth (local Ollama, LM Studio)
	Model       string   // model id; for Azure the deployment name
	Temperature *float64 // nil = the provider's default
	MaxTokens   int      // 0 = the provider's default (Anthropic requires one: 4096 is used)
	APIVersion  string   // Azure OpenAI api-version
	Custom      *CustomFormat
	// Timeout bounds the wait for the response to start (headers); a stream that has started
	// is bounded only by the caller's context. 0 = DefaultTimeout.
	Timeout time.Duration
	// MaxRetries is how many times a rate-limited or overloaded request is re-sent (the same
	// approved payload, after Retry-After). 0 = DefaultMaxRetries; negative = none.
	MaxRetries int
}

// Defaults.
const (
	DefaultTimeout    = 60 * time.Second
	DefaultMaxRetries = 2
	DefaultMaxTokens  = 4096
	// MaxRetryAfter caps a server's Retry-After: a longer wait is reported as rate limited.
	MaxRetryAfter = 60 * time.Second
)

// CustomFormat describes a REST endpoint that is none of the known formats. Field paths are
// dot-separated with numeric array indexes ("choices.0.message.content").
type CustomFormat struct {
	Path              string // appended to BaseURL, e.g. "/v1/generate"
	AuthHeader        string // e.g. "Authorization" or "X-API-Key"; "" = no auth header
	AuthPrefix        string // e.g. "Bearer "; may be ""
	ModelField        string // request path of the model id, e.g. "model"; "" = not sent
	MessagesField     string // request path of the [{role, content}] array, e.g. "messages"
	SystemField       string // request path of the system prompt; "" = sent as a system-role message
	TextField         string // response path of the answer text, e.g. "choices.0.message.content"
	InputTokensField  string // response path of the prompt token count; optional
	OutputTokensField string // response path of the answer token count; optional
}

// Role of a conversation message.
type Role string

// Roles.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// Message is one turn of the conversation. Its content is approved text only.
type Message struct {
	Role    Role
	Content egress.Approved
}

// Request is one model call. System is optional (nil = none).
type Request struct {
	System   *egress.Approved
	Messages []Message
	// OnRetry, if set, is told before each wait to re-send (so the UI can show "rate limited,
	// retrying in 12 s").
	OnRetry func(attempt int, wait time.Duration, err error)
}

// Turn is one message as plain text, for a provider to put on the wire.
type Turn struct {
	Role Role
	Text string
}

// Texts returns req's approved texts at the moment of sending: the system prompt ("" if none)
// and the turns. It fails if any part is not approved (the zero egress.Approved) or the request
// has no user message.
func (req Request) Texts() (system string, turns []Turn, err error) {
	if req.System != nil {
		if system, err = req.System.Text(); err != nil {
			return "", nil, fmt.Errorf("ai: system prompt: %w", err)
		}
	}
	if len(req.Messages) == 0 {
		return "", nil, fmt.Errorf("ai: a request needs at least one message: %w", apperr.ErrInvalid)
	}
	turns = make([]Turn, len(req.Messages))
	for i, m := range req.Messages {
		if m.Role != RoleUser && m.Role != RoleAssistant {
			return "", nil, fmt.Errorf("ai: message %d: role must be user or assistant, got %q: %w", i, m.Role, apperr.ErrInvalid)
		}
		t, err := m.Content.Text()
		if err != nil {
			return "", nil, fmt.Errorf("ai: message %d: %w", i, err)
		}
		turns[i] = Turn{Role: m.Role, Text: t}
	}
	return system, turns, nil
}

// Usage is the token count the provider reported (0 when it reported none).
type Usage struct {
	InputTokens  int `json:"inputTokens"`
	OutputTokens int `json:"outputTokens"`
}

// Result is a finished answer.
type Result struct {
	Text       string `json:"text"`
	Usage      Usage  `json:"usage"`
	StopReason string `json:"stopReason"` // as the provider said it: "stop", "end_turn", "length", "max_tokens", …
	Model      string `json:"model"`      // the model that answered, when the provider says
}

// Model is one entry of a provider's model list.
type Model struct {
	ID   string `json:"id"`
	Name string `json:"name"` // display name; = ID when the provider gives none
}

// Provider is one configured AI provider.
type Provider interface {
	// Stream sends req and calls onText with each piece of the answer as it arrives (in order,
	// from the calling goroutine). It returns when the answer is complete, the context is
	// cancelled (the partial text is in Result and the error wraps context.Canceled), or it fails.
	Stream(ctx context.Context, req Request, onText func(delta string)) (Result, error)
	// Models lists the models the provider offers (ErrUnsupported where the API has no list).
	Models(ctx context.Context) ([]Model, error)
}

// ErrorKind classifies provider failures for the user.
type ErrorKind string

// Error kinds.
const (
	ErrBadKey        ErrorKind = "bad_key"        // 401/403: the API key is wrong, expired or lacks access
	ErrUnknownModel  ErrorKind = "unknown_model"  // the model id does not exist for this key
	ErrRateLimited   ErrorKind = "rate_limited"   // 429 (or overloaded) after the retries
	ErrContextLength ErrorKind = "context_length" // the request is longer than the model's context
	ErrUnreachable   ErrorKind = "unreachable"    // DNS, connection refused, TLS, timeout before a response
	ErrBadRequest    ErrorKind = "bad_request"    // any other 4xx
	ErrServer        ErrorKind = "server"         // 5xx, or a malformed or interrupted stream
)

// Error is a provider failure with a message for a person. It unwraps to the apperr kind the UI
// and CLI map (ErrAuth, ErrNotFound, ErrInvalid, ErrUpstream).
type Error struct {
	Kind       ErrorKind
	Provider   Kind
	Status     int           // HTTP status; 0 when there was no response
	Message    string        // the provider's own message, trimmed; may be ""
	RetryAfter time.Duration // what the server asked for, when it did
	Err        error         // the underlying error, if any
}

func (e *Error) Error() string {
	what := map[ErrorKind]string{
		ErrBadKey:        "the API key was refused",
		ErrUnknownModel:  "the model does not exist or this key cannot use it",
		ErrRateLimited:   "rate limited by the provider",
		ErrContextLength: "the conversation is longer than the model's context window",
		ErrUnreachable:   "the provider cannot be reached",
		ErrBadRequest:    "the provider refused the request",
		ErrServer:        "the provider failed",
	}[e.Kind]
	s := fmt.Sprintf("ai: %s: %s", e.Provider.Label(), what)
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Message != "" {
		s += ": " + e.Message
	} else if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error and the apperr kind.
func (e *Error) Unwrap() []error {
	kind := apperr.ErrUpstream
	switch e.Kind {
	case ErrBadKey:
		kind = apperr.ErrAuth
	case ErrUnknownModel:
		kind = apperr.ErrNotFound
	case ErrContextLength, ErrBadRequest:
		kind = apperr.ErrInvalid
	}
	if e.Err != nil {
		return []error{e.Err, kind}
	}
	return []error{kind}
}

// ErrUnsupported: the provider's API does not offer this operation.
var ErrUnsupported = errors.New("ai: not supported by this provider")
