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
	// Unsaved tracks editors with text not saved yet (WindowService), asked about on close.
	Unsaved
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

// SaveFile opens the native save dialog with defaultName in the user's documents or home folder;
// "" is the user cancelling. Whether an existing file may be replaced is asked by the UI, not
// by the dialog (DocumentService.Export refuses to overwrite unless told to).
func (w *WailsRuntime) SaveFile(title, defaultName string, filters []FileFilter) (string, error) {
	w.mu.Lock()
	ctx := w.ctx
	w.mu.Unlock()
	if ctx == nil {
		return "", errors.New("window not started")
	}
	fs := make([]runtime.FileFilter, 0, len(filters))
	for _, f := range filters {
		fs = append(fs, runtime.FileFilter{DisplayName: f.Name, Pattern: f.Pattern})
	}
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName, Filters: fs, CanCreateDirectories: true})
}

// FileFilter is one file type offered by the save dialog ("PDF document", "*.pdf").
type FileFilter struct {
	Name    string
	Pattern string
}

// FileSaver asks the user where to save a file.
type FileSaver interface {
	SaveFile(title, defaultName string, filters []FileFilter) (string, error)
}

// Emitter sends events to the UI.
type Emitter interface {
	Emit(name string, data any)
}

// Host is what the window (or the test bridge) provides the services: the file dialogs and events.
type Host interface {
	FilePicker
	FileSaver
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
