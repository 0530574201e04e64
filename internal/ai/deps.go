package ai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Deps are what every provider is built with.
type Deps struct {
	// HTTPClient is the base client; its transport is wrapped by the auditing transport. nil =
	// a client over http.DefaultTransport. Its Timeout must be 0 (streams are long).
	HTTPClient *http.Client
	// Auditor records every outbound request before it is sent. Required.
	Auditor Auditor
	// Sleep waits before a retry; nil = a real timer (tests pass a recorder).
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for Retry-After dates; nil = time.Now.
	Now func() time.Time
}

// Client returns the HTTP client a provider must use: every request is audited, and the wait
// for response headers is bounded by cfg's timeout.
func (d Deps) Client(cfg Config) (*http.Client, error) {
	if d.Auditor == nil {
		return nil, errors.New("ai: an auditor is required")
	}
	base := http.DefaultTransport
	var jar http.CookieJar
	if d.HTTPClient != nil {
		if d.HTTPClient.Transport != nil {
			base = d.HTTPClient.Transport
		}
		jar = d.HTTPClient.Jar
	}
	if t, ok := base.(*http.Transport); ok {
		t = t.Clone()
		t.ResponseHeaderTimeout = cfg.timeout()
		base = t
	}
	return &http.Client{Transport: &auditTransport{next: base, auditor: d.Auditor, provider: cfg.Kind}, Jar: jar}, nil
}

func (d Deps) sleep(ctx context.Context, dur time.Duration) error {
	if d.Sleep != nil {
		return d.Sleep(ctx, dur)
	}
	return sleepCtx(ctx, dur)
}

func (d Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c Config) maxRetries() int {
	switch {
	case c.MaxRetries < 0:
		return 0
	case c.MaxRetries == 0:
		return DefaultMaxRetries
	}
	return c.MaxRetries
}

// Attempt is one try of a request.
type Attempt struct {
	N   int             // 1-based
	Ctx context.Context // carries the audit information for this attempt
}

// Do runs send until it succeeds, fails for good, or the retries run out. send must build its
// HTTP request from the same approved Request every time (the payload is the same bytes: the
// audit records one SHA-256 per attempt, and tests check they are equal) and must report
// through Started whether any answer text reached the caller: a started answer is never retried.
// Each attempt's context carries the audit information (provider, model, finding counts).
func (d Deps) Do(ctx context.Context, cfg Config, req Request, send func(a Attempt) (started bool, err error)) error {
	kept, redacted := requestCounts(req)
	for n := 1; ; n++ {
		actx := withSendInfo(ctx, sendInfo{provider: cfg.Kind, model: cfg.Model, kept: kept, redacted: redacted, attempt: n})
		started, err := send(Attempt{N: n, Ctx: actx})
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("ai: %s: %w", cfg.Kind, ctx.Err())
		}
		if started || !retryable(err) || n > cfg.maxRetries() {
			return err
		}
		wait := backoff(n)
		var e *Error
		if errors.As(err, &e) && e.RetryAfter > 0 {
			if e.RetryAfter > MaxRetryAfter {
				return err // the server wants longer than we wait: say so
			}
			wait = e.RetryAfter
		}
		if req.OnRetry != nil {
			req.OnRetry(n, wait, err)
		}
		if err := d.sleep(ctx, wait); err != nil {
			return fmt.Errorf("ai: %s: %w", cfg.Kind, err)
		}
	}
}

// RetryAfter reads the server's Retry-After from h (seconds, an HTTP date, or retry-after-ms).
func (d Deps) RetryAfter(h http.Header) time.Duration { return parseRetryAfter(h, d.now()) }
