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
