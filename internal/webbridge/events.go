package webbridge

import (
	"encoding/json"
	"net/http"
	"sync"
)

// Events stands in for Wails' event bus: services Emit, and every open page receives the event
// over a Server-Sent Events stream at /wails/events, where bridge.js hands it to the listeners
// registered with runtime.EventsOn — so the frontend's event code runs unchanged in tests.
type Events struct {
	mu   sync.Mutex
	subs map[chan []byte]struct{}
}

// NewEvents returns an empty event bus.
func NewEvents() *Events { return &Events{subs: map[chan []byte]struct{}{}} }

// subscriberBuffer is how many events a slow page may lag behind before it is dropped; the
// frontend then re-reads state (events are numbered so gaps are visible).
const subscriberBuffer = 1024

// Emit sends an event to every connected page.
func (e *Events) Emit(name string, data any) {
	b, err := json.Marshal(struct {
		Name string `json:"name"`
		Data []any  `json:"data"`
	}{name, []any{data}})
	if err != nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for ch := range e.subs {
		select {
		case ch <- b:
		default: // a page that does not read is not allowed to block the services
		}
	}
}

func (e *Events) serve(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan []byte, subscriberBuffer)
	e.mu.Lock()
	e.subs[ch] = struct{}{}
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		delete(e.subs, ch)
		e.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(": connected\n\n"))
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case b := <-ch:
			_, _ = w.Write([]byte("data: "))
			_, _ = w.Write(b)
			_, _ = w.Write([]byte("\n\n"))
			fl.Flush()
		}
	}
}
