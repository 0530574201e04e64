package aitest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/ai"
	"tftsr/internal/apperr"
	"tftsr/internal/egress"
)

// Target is a provider under the conformance suite.
type Target struct {
	// NewFake starts the provider's fake server (closed by the suite).
	NewFake func(t *testing.T) Fake
	// Config returns the provider's configuration against baseURL with the given key; the suite
	// sets Model, Temperature, MaxTokens and retries on it.
	Config func(baseURL, key string) ai.Config
	// New builds the provider.
	New func(cfg ai.Config, deps ai.Deps) (ai.Provider, error)
	// NoModelList: the API has no model list (Models must return ai.ErrUnsupported).
	NoModelList bool
	// NoStreaming: the format answers in one piece (Chunks are joined into one delta).
	NoStreaming bool
	// NoUsage: the format reports no token counts.
	NoUsage bool
}

type env struct {
	fake    Fake
	auditor *Auditor
	sleeper *Sleeper
	prov    ai.Provider
	cfg     ai.Config
}

func setup(t *testing.T, tg Target, mod func(*ai.Config)) *env {
	t.Helper()
	f := tg.NewFake(t)
	t.Cleanup(f.Close)
	cfg := tg.Config(f.URL(), Key)
	cfg.Model = "test-model"
	temp := 0.25
	cfg.Temperature = &temp
	cfg.MaxTokens = 321
	cfg.Timeout = 5 * time.Second
	if mod != nil {
		mod(&cfg)
	}
	e := &env{fake: f, auditor: &Auditor{}, sleeper: &Sleeper{}, cfg: cfg}
	p, err := tg.New(cfg, ai.Deps{Auditor: e.auditor, Sleep: e.sleeper.Sleep})
	if err != nil {
		t.Fatalf("new provider: %v", err)
	}
	e.prov = p
	return e
}

func sys(s string) *egress.Approved { a := Approved(s); return &a }

func basicRequest() ai.Request {
	return ai.Request{
		System: sys("You are a careful SRE."),
		Messages: []ai.Message{
			{Role: ai.RoleUser, Content: Approved("Why did the disk fill up?")},
			{Role: ai.RoleAssistant, Content: Approved("Which host?")},
			{Role: ai.RoleUser, Content: Approved("db-7, after the 02:00 backup.")},
		},
	}
}

func stream(ctx context.Context, p ai.Provider, req ai.Request) (ai.Result, []string, error) {
	var deltas []string
	res, err := p.Stream(ctx, req, func(d string) { deltas = append(deltas, d) })
	return res, deltas, err
}

func wantKind(t *testing.T, err error, kind ai.ErrorKind, code string) {
	t.Helper()
	var e *ai.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *ai.Error of kind %s", err, err, kind)
	}
	if e.Kind != kind {
		t.Fatalf("error kind = %s (%v), want %s", e.Kind, err, kind)
	}
	if got := apperr.Code(err); got != code {
		t.Errorf("apperr code = %s, want %s", got, code)
	}
}

// Run is the conformance suite.
func Run(t *testing.T, tg Target) {
	t.Run("streams in order with usage", func(t *testing.T) {
		e := setup(t, tg, nil)
		e.fake.Enqueue(Reply{Chunks: []string{"The ", "backup ", "wrote ", "to /var."}, InputTokens: 42, OutputTokens: 9})
		res, deltas, err := stream(context.Background(), e.prov, basicRequest())
		if err != nil {
			t.Fatalf("stream: %v", err)
		}
		want := "The backup wrote to /var."
		if res.Text != want || strings.Join(deltas, "") != want {
			t.Fatalf("text = %q, deltas = %q, want %q", res.Text, deltas, want)
		}
		if !tg.NoStreaming && len(deltas) < 2 {
			t.Errorf("got %d delta(s), want the answer streamed in pieces", len(deltas))
		}
		if !tg.NoUsage && (res.Usage.InputTokens != 42 || res.Usage.OutputTokens != 9) {
			t.Errorf("usage = %+v, want 42 in / 9 out", res.Usage)
		}
	})

	t.Run("sends the approved texts, model, temperature and max tokens", func(t *testing.T) {
		e := setup(t, tg, nil)
		if _, _, err := stream(context.Background(), e.prov, basicRequest()); err != nil {
			t.Fatalf("stream: %v", err)
		}
		reqs := e.fake.Requests()
		if len(reqs) != 1 {
			t.Fatalf("fake got %d requests, want 1", len(reqs))
		}
		r := reqs[0]
		if r.System != "You are a careful SRE." {
			t.Errorf("system = %q", r.System)
		}
		wantTurns := []Turn{{"user", "Why did the disk fill up?"}, {"assistant", "Which host?"}, {"user", "db-7, after the 02:00 backup."}}
		if d := cmp.Diff(wantTurns, r.Turns); d != "" {
			t.Errorf("turns (-want +got):\n%s", d)
		}
		if r.Model != "test-model" {
			t.Errorf("model = %q", r.Model)
		}
		if r.Temperature == nil || *r.Temperature != 0.25 {
			t.Errorf("temperature = %v, want 0.25", r.Temperature)
		}
		if r.MaxTokens != 321 {
			t.Errorf("max tokens = %d, want 321", r.MaxTokens)
		}
	})

	t.Run("redacted text goes out with placeholders only", func(t *testing.T) {
		e := setup(t, tg, nil)
		req := ai.Request{Messages: []ai.Message{{Role: ai.RoleUser, Content: Approved("mail alice@example.com from 10.1.2.3")}}}
		if _, _, err := stream(context.Background(), e.prov, req); err != nil {
			t.Fatalf("stream: %v", err)
		}
		for _, r := range e.fake.Requests() {
			if strings.Contains(string(r.Body), "alice@example.com") || strings.Contains(string(r.Body), "10.1.2.3") {
				t.Fatalf("raw value on the wire: %s", r.Body)
			}
		}
		sends := e.auditor.All()
		if len(sends) != 1 || sends[0].Redacted != 2 {
			t.Fatalf("audit = %+v, want one send with 2 redacted findings", sends)
		}
	})

	t.Run("audit records the exact body before it is sent", func(t *testing.T) {
		e := setup(t, tg, nil)
		if _, _, err := stream(context.Background(), e.prov, basicRequest()); err != nil {
			t.Fatalf("stream: %v", err)
		}
		reqs, sends := e.fake.Requests(), e.auditor.All()
		if len(sends) != len(reqs) || len(reqs) != 1 {
			t.Fatalf("%d sends audited for %d requests, want 1 and 1", len(sends), len(reqs))
		}
		s := sends[0]
		if s.SHA256 != reqs[0].SHA256() || s.Bytes != len(reqs[0].Body) {
			t.Errorf("audited sha256 %s (%d bytes), server got %s (%d bytes)", s.SHA256, s.Bytes, reqs[0].SHA256(), len(reqs[0].Body))
		}
		if s.Provider != e.cfg.Kind || s.Model != "test-model" || s.Attempt != 1 {
			t.Errorf("audited send = %+v", s)
		}
	})

	t.Run("a failing audit stops the send", func(t *testing.T) {
		e := setup(t, tg, nil)
		e.auditor.Fail = errors.New("disk full")
		_, _, err := stream(context.Background(), e.prov, basicRequest())
		if !errors.Is(err, ai.ErrAuditFailed) || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("err = %v, want ai.ErrAuditFailed with the cause", err)
		}
		if n := len(e.fake.Requests()); n != 0 {
			t.Fatalf("fake got %d requests, want none", n)
		}
	})

	t.Run("unapproved text is refused before anything is sent", func(t *testing.T) {
		e := setup(t, tg, nil)
		req := ai.Request{Messages: []ai.Message{{Role: ai.RoleUser}}} // zero Approved
		_, _, err := stream(context.Background(), e.prov, req)
		if !errors.Is(err, egress.ErrNotApproved) {
			t.Fatalf("err = %v, want egress.ErrNotApproved", err)
		}
		if n := len(e.fake.Requests()) + len(e.auditor.All()); n != 0 {
			t.Fatalf("%d requests/sends, want none", n)
		}
	})

	t.Run("rate limit is retried after Retry-After with the same payload", func(t *testing.T) {
		e := setup(t, tg, nil)
		var retries []time.Duration
		req := basicRequest()
		req.OnRetry = func(_ int, wait time.Duration, _ error) { retries = append(retries, wait) }
		e.fake.Enqueue(Reply{Fail: FailRate, RetryAfter: "7"}, Reply{Fail: FailOverload, RetryAfter: "2"}, Reply{Chunks: []string{"ok"}})
		res, _, err := stream(context.Background(), e.prov, req)
		if err != nil {
			t.Fatalf("stream: %v", err)
		}
		if res.Text != "ok" {
			t.Errorf("text = %q", res.Text)
		}
		if d := cmp.Diff([]time.Duration{7 * time.Second, 2 * time.Second}, e.sleeper.All()); d != "" {
			t.Errorf("waits (-want +got):\n%s", d)
		}
		if len(retries) != 2 {
			t.Errorf("OnRetry called %d times, want 2", len(retries))
		}
		reqs := e.fake.Requests()
		if len(reqs) != 3 {
			t.Fatalf("fake got %d requests, want 3", len(reqs))
		}
		for i := 1; i < 3; i++ {
			if reqs[i].SHA256() != reqs[0].SHA256() {
				t.Errorf("attempt %d body differs from the first:\n%s\n%s", i+1, reqs[0].Body, reqs[i].Body)
			}
		}
		sends := e.auditor.All()
		if len(sends) != 3 || sends[2].Attempt != 3 || sends[2].SHA256 != sends[0].SHA256 {
			t.Errorf("audited sends = %+v, want 3 attempts with one hash", sends)
		}
	})

	t.Run("rate limit that persists is reported", func(t *testing.T) {
		e := setup(t, tg, func(c *ai.Config) { c.MaxRetries = 1 })
		e.fake.Enqueue(Reply{Fail: FailRate, RetryAfter: "1"}, Reply{Fail: FailRate, RetryAfter: "1"})
		_, _, err := stream(context.Background(), e.prov, basicRequest())
		wantKind(t, err, ai.ErrRateLimited, "upstream")
		if n := len(e.fake.Requests()); n != 2 {
			t.Errorf("fake got %d requests, want 2 (one retry)", n)
		}
	})

	errorCases := []struct {
		fail Failure
		kind ai.ErrorKind
		code string
	}{
		{FailAuth, ai.ErrBadKey, "auth"},
		{FailModel, ai.ErrUnknownModel, "not_found"},
		{FailContext, ai.ErrContextLength, "invalid"},
		{FailServer, ai.ErrServer, "upstream"},
	}
	for _, c := range errorCases {
		t.Run("error "+string(c.fail), func(t *testing.T) {
			e := setup(t, tg, nil)
			e.fake.Enqueue(Reply{Fail: c.fail})
			_, deltas, err := stream(context.Background(), e.prov, basicRequest())
			wantKind(t, err, c.kind, c.code)
			if len(deltas) != 0 {
				t.Errorf("deltas = %q, want none", deltas)
			}
			if n := len(e.fake.Requests()); n != 1 {
				t.Errorf("fake got %d requests, want 1 (not retried)", n)
			}
		})
	}

	t.Run("wrong key is refused by the fake and reported", func(t *testing.T) {
		f := tg.NewFake(t)
		t.Cleanup(f.Close)
		cfg := tg.Config(f.URL(), "sk-wrong")
		cfg.Model = "test-model"
		p, err := tg.New(cfg, ai.Deps{Auditor: &Auditor{}, Sleep: (&Sleeper{}).Sleep})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = stream(context.Background(), p, basicRequest())
		if cfg.APIKey == "" {
			if err != nil {
				t.Fatalf("keyless provider failed: %v", err)
			}
			return
		}
		wantKind(t, err, ai.ErrBadKey, "auth")
	})

	t.Run("unreachable server", func(t *testing.T) {
		f := tg.NewFake(t)
		url := f.URL()
		f.Close()
		cfg := tg.Config(url, Key)
		cfg.Model = "test-model"
		cfg.Timeout = 2 * time.Second
		p, err := tg.New(cfg, ai.Deps{Auditor: &Auditor{}, Sleep: (&Sleeper{}).Sleep})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = stream(context.Background(), p, basicRequest())
		wantKind(t, err, ai.ErrUnreachable, "upstream")
	})

	if !tg.NoStreaming {
		t.Run("a stream that breaks keeps the partial text and says so", func(t *testing.T) {
			e := setup(t, tg, nil)
			e.fake.Enqueue(Reply{Chunks: []string{"first ", "second ", "third"}, BreakAfter: 2})
			res, _, err := stream(context.Background(), e.prov, basicRequest())
			wantKind(t, err, ai.ErrServer, "upstream")
			if res.Text != "first second " {
				t.Errorf("partial text = %q, want %q", res.Text, "first second ")
			}
			if n := len(e.fake.Requests()); n != 1 {
				t.Errorf("fake got %d requests, want 1 (a started answer is not retried)", n)
			}
		})

		t.Run("a malformed frame is an error, not silence", func(t *testing.T) {
			e := setup(t, tg, nil)
			e.fake.Enqueue(Reply{Chunks: []string{"one ", "two"}, Fail: FailBadJSON})
			_, _, err := stream(context.Background(), e.prov, basicRequest())
			wantKind(t, err, ai.ErrServer, "upstream")
		})

		t.Run("cancel stops the stream and keeps the partial text", func(t *testing.T) {
			e := setup(t, tg, nil)
			hold := make(chan struct{})
			defer close(hold)
			e.fake.Enqueue(Reply{Chunks: []string{"partial ", "never"}, Hold: hold})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan struct{})
			var res ai.Result
			var err error
			go func() {
				defer close(done)
				res, err = e.prov.Stream(ctx, basicRequest(), func(string) { cancel() })
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Stream did not return within 5 s of cancel")
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if res.Text != "partial " {
				t.Errorf("partial text = %q", res.Text)
			}
		})
	}

	t.Run("models", func(t *testing.T) {
		e := setup(t, tg, nil)
		e.fake.SetModels("alpha-1", "beta-2")
		ms, err := e.prov.Models(context.Background())
		if tg.NoModelList {
			if !errors.Is(err, ai.ErrUnsupported) {
				t.Fatalf("Models err = %v, want ErrUnsupported", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Models: %v", err)
		}
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		if d := cmp.Diff([]string{"alpha-1", "beta-2"}, ids); d != "" {
			t.Errorf("model ids (-want +got):\n%s", d)
		}
	})

	t.Run("models with a wrong key", func(t *testing.T) {
		if tg.NoModelList {
			return // the API has no model list: asserted by the models subtest
		}
		f := tg.NewFake(t)
		t.Cleanup(f.Close)
		cfg := tg.Config(f.URL(), "sk-wrong")
		if cfg.APIKey == "" {
			return // keyless server: nothing to refuse
		}
		p, err := tg.New(cfg, ai.Deps{Auditor: &Auditor{}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Models(context.Background())
		wantKind(t, err, ai.ErrBadKey, "auth")
	})
}

// WriteFailure writes a generic error response (for fakes whose vendor uses the
// {"error":{"message","type","code"}} shape).
func WriteFailure(w http.ResponseWriter, status int, typ, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"error":{"message":` + quote(msg) + `,"type":` + quote(typ) + `,"code":` + quote(code) + `}}`))
}

func quote(s string) string {
	b := strings.Builder{}
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
