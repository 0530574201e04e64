package aitest

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"tftsr/internal/ai"
)

type bodyTransport struct{ body, contentType string }

func (t bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {t.contentType}},
		Body: io.NopCloser(strings.NewReader(t.body)), Request: r}, nil
}

type nopAuditor struct{}

func (nopAuditor) RecordSend(context.Context, ai.Send) error { return nil }

// BenchStream measures the client side of one streamed answer: provider new(cfg, deps) answers
// every request with body (an in-memory response of contentType, so the figure is parsing, not
// the network), which must stream `deltas` pieces ending with lastDelta.
func BenchStream(b *testing.B, cfg ai.Config, newProvider func(ai.Config, ai.Deps) (ai.Provider, error), contentType, body string, deltas int, lastDelta string) {
	b.Helper()
	p, err := newProvider(cfg, ai.Deps{HTTPClient: &http.Client{Transport: bodyTransport{body: body, contentType: contentType}}, Auditor: nopAuditor{}})
	if err != nil {
		b.Fatal(err)
	}
	req := ai.Request{Messages: []ai.Message{{Role: ai.RoleUser, Content: Approved("go")}}}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		res, err := p.Stream(context.Background(), req, func(string) { n++ })
		if err != nil || n != deltas || !strings.HasSuffix(res.Text, lastDelta) {
			b.Fatalf("%d deltas (want %d), %v", n, deltas, err)
		}
	}
}
