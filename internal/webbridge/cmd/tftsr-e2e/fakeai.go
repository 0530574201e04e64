package main

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"

	"tftsr/internal/ai/aitest"
	"tftsr/internal/ai/openai/openaitest"
)

// fakeAI is the end-to-end tests' AI provider: the OpenAI-compatible fake of the Go tests, on
// loopback, with control endpoints on the e2e server (/e2e/ai/…) to script replies and read
// back exactly what reached it.
type fakeAI struct {
	srv   *openaitest.Server
	mu    sync.Mutex
	holds []chan struct{}
}

func startFakeAI() *fakeAI { return &fakeAI{srv: openaitest.Start(openaitest.Options{})} }

type scriptedReply struct {
	Chunks       []string `json:"chunks"`
	Fail         string   `json:"fail"`
	RetryAfter   string   `json:"retryAfter"`
	Hold         bool     `json:"hold"`
	IntervalMs   int      `json:"intervalMs"` // pace between chunks
	InputTokens  int      `json:"inputTokens"`
	OutputTokens int      `json:"outputTokens"`
}

type recordedRequest struct {
	Path        string        `json:"path"`
	Model       string        `json:"model"`
	System      string        `json:"system"`
	Turns       []aitest.Turn `json:"turns"`
	Temperature *float64      `json:"temperature"`
	MaxTokens   int           `json:"maxTokens"`
	Body        string        `json:"body"`
}

func (f *fakeAI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/e2e/ai/enqueue" && r.Method == http.MethodPost:
		var replies []scriptedReply
		b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err := json.Unmarshal(b, &replies); err != nil {
			http.Error(w, "enqueue: "+err.Error(), http.StatusBadRequest)
			return
		}
		for _, s := range replies {
			rep := aitest.Reply{Chunks: s.Chunks, Fail: aitest.Failure(s.Fail), RetryAfter: s.RetryAfter,
				InputTokens: s.InputTokens, OutputTokens: s.OutputTokens, Interval: time.Duration(s.IntervalMs) * time.Millisecond}
			if s.Hold {
				ch := make(chan struct{})
				f.mu.Lock()
				f.holds = append(f.holds, ch)
				f.mu.Unlock()
				rep.Hold = ch
			}
			f.srv.Enqueue(rep)
		}
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/e2e/ai/release" && r.Method == http.MethodPost:
		f.mu.Lock()
		for _, ch := range f.holds {
			close(ch)
		}
		f.holds = nil
		f.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/e2e/ai/requests" && r.Method == http.MethodGet:
		out := []recordedRequest{}
		for _, q := range f.srv.Requests() {
			out = append(out, recordedRequest{Path: q.Path, Model: q.Model, System: q.System, Turns: q.Turns,
				Temperature: q.Temperature, MaxTokens: q.MaxTokens, Body: string(q.Body)})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeAI) close() {
	f.mu.Lock()
	for _, ch := range f.holds {
		close(ch)
	}
	f.holds = nil
	f.mu.Unlock()
	f.srv.Close()
}
