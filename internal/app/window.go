package app

import (
	"sort"
	"sync"
)

// UnsavedSink learns which editors hold text that is not saved yet, so the window can ask before
// it closes (a save in flight, a debounce not yet fired, or a failed save).
type UnsavedSink interface {
	SetUnsaved(key string, unsaved bool)
}

// WindowService is what the frontend tells the window about itself.
type WindowService struct{ sink UnsavedSink }

// NewWindowService binds sink (nil: the reports are dropped, e.g. in the browser test bridge).
func NewWindowService(sink UnsavedSink) *WindowService { return &WindowService{sink: sink} }

// SetUnsaved reports that the editor key (a document id) holds unsaved text, or no longer does.
func (s *WindowService) SetUnsaved(key string, unsaved bool) error {
	if s.sink != nil && key != "" {
		s.sink.SetUnsaved(key, unsaved)
	}
	return nil
}

// Unsaved is a set of editors with unsaved text; the zero value is ready.
type Unsaved struct {
	mu   sync.Mutex
	keys map[string]bool
}

// SetUnsaved records key's state.
func (u *Unsaved) SetUnsaved(key string, unsaved bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if !unsaved {
		delete(u.keys, key)
		return
	}
	if u.keys == nil {
		u.keys = map[string]bool{}
	}
	u.keys[key] = true
}

// Keys lists the editors with unsaved text, sorted.
func (u *Unsaved) Keys() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := make([]string, 0, len(u.keys))
	for k := range u.keys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
