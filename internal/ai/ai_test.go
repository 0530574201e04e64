package ai

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   ErrorKind
		code   string
	}{
		{"openai bad key", 401, `{"error":{"message":"Incorrect API key provided: sk-xx.","type":"invalid_request_error","code":"invalid_api_key"}}`, ErrBadKey, "auth"},
		{"anthropic bad key", 401, `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`, ErrBadKey, "auth"},
		{"gemini bad key is a 400", 400, `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}`, ErrBadKey, "auth"},
		{"openai unknown model", 404, `{"error":{"message":"The model 'gpt-9' does not exist","type":"invalid_request_error","code":"model_not_found"}}`, ErrUnknownModel, "not_found"},
		{"ollama unknown model", 404, `{"error":"model \"llama9\" not found, try pulling it first"}`, ErrUnknownModel, "not_found"},
		{"openai context", 400, `{"error":{"message":"This model's maximum context length is 8192 tokens.","code":"context_length_exceeded"}}`, ErrContextLength, "invalid"},
		{"anthropic context", 400, `{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}`, ErrContextLength, "invalid"},
		{"gemini context", 400, `{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}`, ErrContextLength, "invalid"},
		{"rate limit", 429, `{"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}}`, ErrRateLimited, "upstream"},
		{"gemini quota", 429, `{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}`, ErrRateLimited, "upstream"},
		{"anthropic overloaded", 529, `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`, ErrServer, "upstream"},
		{"html 502", 502, `<html>Bad gateway</html>`, ErrServer, "upstream"},
		{"other 400", 400, `{"error":{"message":"temperature must be <= 2"}}`, ErrBadRequest, "invalid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Classify(KindOpenAI, c.status, []byte(c.body), 0)
			if e.Kind != c.want {
				t.Errorf("kind = %s, want %s (%v)", e.Kind, c.want, e)
			}
			if got := apperr.Code(e); got != c.code {
				t.Errorf("code = %s, want %s", got, c.code)
			}
			if e.Message == "" {
				t.Errorf("no message kept from %s", c.body)
			}
		})
	}
}

func TestErrorMessageIsForAPerson(t *testing.T) {
	e := Classify(KindAnthropic, 401, []byte(`{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`), 0)
	want := "ai: Anthropic: the API key was refused (HTTP 401): invalid x-api-key"
	if e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	long := strings.Repeat("é", 400)
	if m := Classify(KindOpenAI, 500, []byte(long), 0).Message; len(m) > 310 || !strings.HasSuffix(m, "…") {
		t.Errorf("a long body is not trimmed on a rune boundary: %d bytes", len(m))
	}
}

func TestReadSSE(t *testing.T) {
	type ev struct{ Event, Data string }
	in := ": comment\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\n" +
		"data: line one\ndata: line two\n\n" +
		"data:no-space\r\rdata: [DONE]\n\n" +
		"data: tail without blank line"
	var got []ev
	// OneByteReader splits every event across reads, like a slow network.
	err := ReadSSE(iotest.OneByteReader(strings.NewReader(in)), func(e, d string) error {
		got = append(got, ev{e, d})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []ev{{"message_start", `{"a":1}`}, {"", "line one\nline two"}, {"", "no-space"}, {"", "[DONE]"}, {"", "tail without blank line"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
	n := 0
	err = ReadSSE(strings.NewReader("data: 1\n\ndata: 2\n\n"), func(string, string) error { n++; return io.EOF })
	if err != nil || n != 1 {
		t.Errorf("io.EOF from fn must stop cleanly after one event: n=%d err=%v", n, err)
	}
}

func TestReadNDJSON(t *testing.T) {
	var got []string
	err := ReadNDJSON(iotest.HalfReader(strings.NewReader("{\"a\":1}\n\n  {\"b\":2}\r\n{\"c\":3}")), func(l []byte) error {
		got = append(got, string(l))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{`{"a":1}`, `{"b":2}`, `{"c":3}`}, got); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
}

func TestDoRetries(t *testing.T) {
	rate := func(after time.Duration) error {
		return &Error{Kind: ErrRateLimited, Provider: KindOpenAI, Status: 429, RetryAfter: after}
	}
	cases := []struct {
		name      string
		errs      []error
		started   bool
		retries   int
		wantCalls int
		wantWaits []time.Duration
		wantErr   bool
	}{
		{"success first", []error{nil}, false, 0, 1, nil, false},
		{"retry after", []error{rate(3 * time.Second), nil}, false, 0, 2, []time.Duration{3 * time.Second}, false},
		{"gives up after max", []error{rate(time.Second), rate(time.Second), rate(time.Second)}, false, 0, 3, []time.Duration{time.Second, time.Second}, true},
		{"too long a wait is reported", []error{rate(2 * MaxRetryAfter)}, false, 0, 1, nil, true},
		{"started answer is not retried", []error{rate(time.Second)}, true, 0, 1, nil, true},
		{"bad key is not retried", []error{&Error{Kind: ErrBadKey, Status: 401}}, false, 0, 1, nil, true},
		{"retries disabled", []error{rate(time.Second)}, false, -1, 1, nil, true},
		{"503 without Retry-After backs off", []error{&Error{Kind: ErrServer, Status: 503}, nil}, false, 0, 2, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var waits []time.Duration
			d := Deps{Auditor: nopAuditor{}, Sleep: func(_ context.Context, w time.Duration) error { waits = append(waits, w); return nil }}
			calls := 0
			var attempts []int
			err := d.Do(context.Background(), Config{Kind: KindOpenAI, MaxRetries: c.retries}, Request{}, func(a Attempt) (bool, error) {
				calls++
				attempts = append(attempts, a.Ctx.Value(sendKey{}).(sendInfo).attempt)
				return c.started, c.errs[calls-1]
			})
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, c.wantErr)
			}
			if calls != c.wantCalls {
				t.Errorf("calls = %d, want %d", calls, c.wantCalls)
			}
			for i, n := range attempts {
				if n != i+1 {
					t.Errorf("attempt numbers = %v", attempts)
				}
			}
			if c.wantWaits != nil {
				if d := cmp.Diff(c.wantWaits, waits); d != "" {
					t.Errorf("waits (-want +got):\n%s", d)
				}
			}
			if c.name == "503 without Retry-After backs off" && (len(waits) != 1 || waits[0] < 800*time.Millisecond || waits[0] > 1200*time.Millisecond) {
				t.Errorf("backoff wait = %v, want 1 s ± 20 %%", waits)
			}
		})
	}
}

type nopAuditor struct{}

func (nopAuditor) RecordSend(context.Context, Send) error { return nil }

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	h := http.Header{}
	h.Set("Retry-After", "12")
	if got := parseRetryAfter(h, now); got != 12*time.Second {
		t.Errorf("seconds: %v", got)
	}
	h.Set("Retry-After", now.Add(30*time.Second).Format(http.TimeFormat))
	if got := parseRetryAfter(h, now); got != 30*time.Second {
		t.Errorf("date: %v", got)
	}
	h = http.Header{}
	h.Set("retry-after-ms", "1500")
	if got := parseRetryAfter(h, now); got != 1500*time.Millisecond {
		t.Errorf("ms: %v", got)
	}
	h.Set("Retry-After", "soon")
	if got := parseRetryAfter(h, now); got != 0 {
		t.Errorf("garbage: %v", got)
	}
}

func TestClientRequiresAnAuditor(t *testing.T) {
	if _, err := (Deps{}).Client(Config{Kind: KindOpenAI}); err == nil {
		t.Fatal("a client without an auditor must be refused")
	}
}

func TestTextsRefusesUnapproved(t *testing.T) {
	_, _, err := Request{}.Texts()
	if !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("empty request: %v", err)
	}
}

func TestClassifyAzureNumericStatus(t *testing.T) {
	e := Classify(KindAzureOpenAI, 400, []byte(`{"error":{"message":"Unsupported value: 'temperature'","type":"invalid_request_error","status":400}}`), 0)
	if e.Message != "Unsupported value: 'temperature'" {
		t.Errorf("message = %q, want the provider's message, not raw JSON", e.Message)
	}
}
