package ai

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// retryable reports whether err is worth re-sending: rate limited or overloaded, and the
// answer had not started (a retry after partial output would repeat it).
func retryable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch {
	case e.Kind == ErrRateLimited:
		return true
	case e.Kind == ErrServer && (e.Status == http.StatusServiceUnavailable || e.Status == 529 || e.Status == http.StatusBadGateway):
		return true
	}
	return false
}

// backoff is the wait before attempt n (1-based) when the server gave no Retry-After:
// 1 s, 2 s, 4 s … with ±20 % jitter.
func backoff(n int) time.Duration {
	d := time.Second << (n - 1)
	if d > MaxRetryAfter {
		d = MaxRetryAfter
	}
	return d*8/10 + time.Duration(rand.Int64N(int64(d*4/10)+1))
}

// parseRetryAfter reads a Retry-After header (seconds or an HTTP date); 0 when absent or bad.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		if ms, err := strconv.Atoi(h.Get("retry-after-ms")); err == nil && ms > 0 {
			return time.Duration(ms) * time.Millisecond
		}
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
