package app

import (
	"context"
	"errors"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// WailsRuntime is the small facade over the Wails runtime that the services use. Its context
// exists only once the window has started (App.startup calls Started).
type WailsRuntime struct {
	mu  sync.Mutex
	ctx context.Context
}

// Started records the Wails context.
func (w *WailsRuntime) Started(ctx context.Context) {
	w.mu.Lock()
	w.ctx = ctx
	w.mu.Unlock()
}

// PickFiles opens the native open-files dialog.
func (w *WailsRuntime) PickFiles(title string) ([]string, error) {
	w.mu.Lock()
	ctx := w.ctx
	w.mu.Unlock()
	if ctx == nil {
		return nil, errors.New("window not started")
	}
	return runtime.OpenMultipleFilesDialog(ctx, runtime.OpenDialogOptions{Title: title, ShowHiddenFiles: true})
}

// Emitter sends events to the UI.
type Emitter interface {
	Emit(name string, data any)
}

// Host is what the window (or the test bridge) provides the services: the file dialog and events.
type Host interface {
	FilePicker
	Emitter
}

// Emit sends an event to the window; before the window has started it is dropped (nothing
// listens yet).
func (w *WailsRuntime) Emit(name string, data any) {
	w.mu.Lock()
	ctx := w.ctx
	w.mu.Unlock()
	if ctx != nil {
		runtime.EventsEmit(ctx, name, data)
	}
}
