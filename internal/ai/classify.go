package ai

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Classify turns an HTTP error response into an Error with a kind the user can act on. body is
// the response body (any of the vendors' error shapes: {"error":{"message","type","code"}},
// {"type":"error","error":{…}}, {"error":"…"}, {"message":"…"}); retryAfter is the server's
// Retry-After (Deps.RetryAfter).
func Classify(provider Kind, status int, body []byte, retryAfter time.Duration) *Error {
	msg, code := errorText(body)
	lc := strings.ToLower(msg + " " + code)
	e := &Error{Provider: provider, Status: status, Message: msg, RetryAfter: retryAfter}
	switch {
	case contextLength(lc):
		e.Kind = ErrContextLength
	case status == http.StatusUnauthorized || status == http.StatusForbidden ||
		strings.Contains(lc, "invalid_api_key") || strings.Contains(lc, "api key not valid") || strings.Contains(lc, "api key expired") || strings.Contains(lc, "api_key_invalid") || strings.Contains(lc, "authentication_error"):
		e.Kind = ErrBadKey
	case status == http.StatusTooManyRequests || strings.Contains(lc, "rate_limit") || strings.Contains(lc, "resource_exhausted"):
		e.Kind = ErrRateLimited
	case unknownModel(status, lc):
		e.Kind = ErrUnknownModel
	case status == 529 || status >= 500:
		e.Kind = ErrServer
	default:
		e.Kind = ErrBadRequest
	}
	return e
}

func contextLength(lc string) bool {
	for _, s := range []string{
		"context_length_exceeded", "maximum context length", "context length", "context window",
		"prompt is too long", "too many tokens", "input is too long", "exceeds the maximum number of tokens",
		"token limit", "string_above_max_length",
	} {
		if strings.Contains(lc, s) {
			return true
		}
	}
	return false
}

func unknownModel(status int, lc string) bool {
	if strings.Contains(lc, "model_not_found") || strings.Contains(lc, "deploymentnotfound") {
		return true
	}
	if !strings.Contains(lc, "model") && !strings.Contains(lc, "deployment") {
		return false
	}
	return status == http.StatusNotFound || strings.Contains(lc, "not found") ||
		strings.Contains(lc, "does not exist") || strings.Contains(lc, "not supported") || strings.Contains(lc, "invalid model")
}

// errorText extracts the message and code from the error bodies the vendors send.
func errorText(body []byte) (msg, code string) {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(body, &v) != nil {
		return trimMessage(string(body)), ""
	}
	if len(v.Error) > 0 {
		var s string
		if json.Unmarshal(v.Error, &s) == nil {
			return trimMessage(s), ""
		}
		var o struct {
			Message string          `json:"message"`
			Type    string          `json:"type"`
			Code    json.RawMessage `json:"code"`
			Status  json.RawMessage `json:"status"` // Gemini: "INVALID_ARGUMENT"; Azure: 400
		}
		if json.Unmarshal(v.Error, &o) == nil {
			code = strings.Trim(string(o.Code), `"`)
			return trimMessage(o.Message), strings.TrimSpace(o.Type + " " + code + " " + strings.Trim(string(o.Status), `"`))
		}
	}
	if v.Message != "" {
		return trimMessage(v.Message), ""
	}
	if len(v.Detail) > 0 {
		return trimMessage(strings.Trim(string(v.Detail), `"`)), ""
	}
	return trimMessage(string(body)), ""
}

// trimMessage keeps a provider's message short enough for a toast.
func trimMessage(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 300
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Unreachable wraps a transport error (no response): connection refused, DNS, TLS, header
// timeout. A cancelled context is returned as it is.
// A failed audit (ErrAuditFailed) is returned as it is: nothing was sent, and the provider is
// not to blame.
func Unreachable(provider Kind, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, ErrAuditFailed) {
		return err
	}
	return &Error{Kind: ErrUnreachable, Provider: provider, Err: err}
}

// Interrupted is the error of a stream that broke after it started.
func Interrupted(provider Kind, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return &Error{Kind: ErrServer, Provider: provider, Message: "the answer stopped before it was complete", Err: err}
}
