// Package aitest holds what every provider's fake server and tests share: the Fake contract, a
// scripted Reply, the recorded requests, and Run — a conformance suite every provider must pass
// (streaming order, approved payloads, temperature and max tokens, audit hashes equal to the
// bytes the server received, retries that re-send the same body after Retry-After, error
// mapping, mid-stream breaks, cancel, refusal of unapproved text).
package aitest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"tftsr/internal/ai"
	"tftsr/internal/egress"
	"tftsr/internal/pii"
)

// Failure names a vendor-neutral error a fake renders in its vendor's real wire format.
type Failure string

// Failures a Reply can ask for.
const (
	FailNone     Failure = ""
	FailAuth     Failure = "auth"     // the vendor's invalid-key response (401; Gemini: 400 "API key not valid")
	FailModel    Failure = "model"    // the vendor's unknown-model response
	FailContext  Failure = "context"  // the vendor's context-length error
	FailRate     Failure = "rate"     // 429 with Reply.RetryAfter (if set)
	FailOverload Failure = "overload" // 503 (Anthropic: 529 overloaded_error) with Reply.RetryAfter
	FailServer   Failure = "server"   // 500
	FailBadJSON  Failure = "badjson"  // 200 whose stream carries an unparseable frame after the first chunk
)

// Reply is what a fake answers to the next request.
type Reply struct {
	Fail                      Failure
	RetryAfter                string // Retry-After header value, e.g. "3"
	Chunks                    []string
	InputTokens, OutputTokens int
	// BreakAfter > 0 drops the connection after that many chunks (no end marker).
	BreakAfter int
	// Hold, if non-nil, makes the fake wait after the first chunk until it is closed or the
	// client goes away.
	Hold chan struct{}
	// Interval, if set, paces the chunks (a model writing at a given speed). Honoured by the
	// OpenAI-compatible fake, which the end-to-end server uses.
	Interval time.Duration
}

// Turn is one message as the fake parsed it from the wire.
type Turn struct {
	Role string `json:"role"` // "user" / "assistant" ("model" is reported as "assistant")
	Text string `json:"text"`
}

// Recorded is one request as the fake received it, parsed from the vendor's format.
type Recorded struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
	Model                  string
	System                 string
	Turns                  []Turn
	Temperature            *float64
	MaxTokens              int
	Stream                 bool
}

// SHA256 of the raw body.
func (r Recorded) SHA256() string {
	s := sha256.Sum256(r.Body)
	return hex.EncodeToString(s[:])
}

// Fake is a fake provider server speaking one vendor's wire format. It checks method, path and
// the auth header like the real server and rejects what the real one rejects (a missing or
// wrong key is a 401; a malformed body is a 400).
type Fake interface {
	URL() string             // base URL to configure the provider with
	Enqueue(r ...Reply)      // replies served in order; when none is queued: Chunks {"Hello", ", world"}
	Requests() []Recorded    // every request that reached the fake (including rejected ones)
	SetModels(ids ...string) // what the model list returns
	Close()
}

// Key is the API key every fake accepts (fakes of keyless servers ignore it).
const Key = "sk-test-0123456789abcdef"

// DefaultChunks are served when no Reply is queued.
var DefaultChunks = []string{"Hello", ", world"}

// Queue is a thread-safe reply queue and request log fakes embed.
type Queue struct {
	mu      sync.Mutex
	replies []Reply
	reqs    []Recorded
	models  []string
}

// Enqueue adds replies.
func (q *Queue) Enqueue(r ...Reply) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.replies = append(q.replies, r...)
}

// Next pops the next reply (or the default one).
func (q *Queue) Next() Reply {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.replies) == 0 {
		return Reply{Chunks: DefaultChunks, InputTokens: 7, OutputTokens: 3}
	}
	r := q.replies[0]
	q.replies = q.replies[1:]
	return r
}

// Record appends a received request.
func (q *Queue) Record(r Recorded) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.reqs = append(q.reqs, r)
}

// Requests returns a copy of the received requests.
func (q *Queue) Requests() []Recorded {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]Recorded(nil), q.reqs...)
}

// SetModels sets the model list.
func (q *Queue) SetModels(ids ...string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.models = append([]string(nil), ids...)
}

// Models returns the model list (default: "test-model", "test-model-large").
func (q *Queue) Models() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.models == nil {
		return []string{"test-model", "test-model-large"}
	}
	return append([]string(nil), q.models...)
}

// Auditor records sends; Fail makes RecordSend fail.
type Auditor struct {
	mu    sync.Mutex
	Sends []ai.Send
	Fail  error
}

// RecordSend implements ai.Auditor.
func (a *Auditor) RecordSend(_ context.Context, s ai.Send) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.Fail != nil {
		return a.Fail
	}
	a.Sends = append(a.Sends, s)
	return nil
}

// All returns a copy of the recorded sends.
func (a *Auditor) All() []ai.Send {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]ai.Send(nil), a.Sends...)
}

// Sleeper records retry waits instead of sleeping.
type Sleeper struct {
	mu    sync.Mutex
	Waits []time.Duration
}

// Sleep implements ai.Deps.Sleep.
func (s *Sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.Waits = append(s.Waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

// All returns a copy of the waits.
func (s *Sleeper) All() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.Waits...)
}

type noPlaceholders struct{}

func (noPlaceholders) Placeholder(typ, _ string) (string, error) { return "[" + typ + "-1]", nil }

// Approved returns text approved through a real review: every finding is redacted. Test text
// without findings comes back unchanged.
func Approved(text string) egress.Approved {
	r := egress.NewReview(pii.NewDetector(pii.Options{}), text)
	for i := range r.Findings() {
		if err := r.Decide(i, egress.Redact); err != nil {
			panic(err)
		}
	}
	a, err := r.Approve(noPlaceholders{})
	if err != nil {
		panic(err)
	}
	return a
}
