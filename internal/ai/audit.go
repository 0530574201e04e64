package ai

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"

	"tftsr/internal/egress"
)

// Send is what the audit log records about one outbound HTTP request: never its content.
type Send struct {
	Provider Kind   `json:"provider"`
	Model    string `json:"model"`
	Host     string `json:"host"`
	Path     string `json:"path"`
	Bytes    int    `json:"bytes"`
	SHA256   string `json:"sha256"` // of the exact request body
	Attempt  int    `json:"attempt"`
	Kept     int    `json:"kept"`     // findings the user kept in the approved parts of the request
	Redacted int    `json:"redacted"` // findings replaced by placeholders
}

// ErrAuditFailed: the record of an outbound request could not be written, so it was not sent.
var ErrAuditFailed = errors.New("ai: the audit record of the request could not be written, so nothing was sent")

// Auditor records a send before it happens. An error stops the send: nothing leaves unaudited.
type Auditor interface {
	RecordSend(ctx context.Context, s Send) error
}

type sendKey struct{}

// sendInfo travels in the request context from the provider to the auditing transport.
type sendInfo struct {
	provider       Kind
	model          string
	kept, redacted int
	attempt        int
}

func withSendInfo(ctx context.Context, si sendInfo) context.Context {
	return context.WithValue(ctx, sendKey{}, si)
}

// auditTransport hashes every request body and records it with the Auditor before passing the
// request on. Requests without send info (model lists, connection tests) are recorded too, as
// provider-level calls with an empty body.
type auditTransport struct {
	next     http.RoundTripper
	auditor  Auditor
	provider Kind
}

func (t *auditTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("ai: read request body for audit: %w", err)
		}
		body = b
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	si, _ := r.Context().Value(sendKey{}).(sendInfo)
	sum := sha256.Sum256(body)
	s := Send{
		Provider: t.provider, Model: si.model, Host: r.URL.Host, Path: r.URL.Path,
		Bytes: len(body), SHA256: hex.EncodeToString(sum[:]), Attempt: si.attempt,
		Kept: si.kept, Redacted: si.redacted,
	}
	if t.auditor == nil {
		return nil, fmt.Errorf("%w: no auditor configured", ErrAuditFailed)
	}
	if err := t.auditor.RecordSend(r.Context(), s); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuditFailed, err)
	}
	return t.next.RoundTrip(r)
}

type egressReceipter interface {
	Receipt(destination string) (egress.Receipt, error)
}

// requestCounts sums the kept and redacted findings of every approved part of req.
func requestCounts(req Request) (kept, redacted int) {
	add := func(a egressReceipter) {
		if rc, err := a.Receipt(""); err == nil {
			kept += rc.Kept
			redacted += rc.Redacted
		}
	}
	if req.System != nil {
		add(*req.System)
	}
	for _, m := range req.Messages {
		add(m.Content)
	}
	return kept, redacted
}
