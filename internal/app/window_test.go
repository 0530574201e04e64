package app

import (
	"slices"
	"testing"
)

func TestUnsavedReportsReachTheWindow(t *testing.T) {
	var u Unsaved
	w := NewWindowService(&u)
	for _, r := range []struct {
		key     string
		unsaved bool
	}{{"doc-b", true}, {"doc-a", true}, {"doc-b", false}, {"", true}, {"doc-c", false}} {
		if err := w.SetUnsaved(r.key, r.unsaved); err != nil {
			t.Fatal(err)
		}
	}
	if got := u.Keys(); !slices.Equal(got, []string{"doc-a"}) {
		t.Fatalf("unsaved = %v", got)
	}
	if err := NewWindowService(nil).SetUnsaved("x", true); err != nil {
		t.Fatal(err)
	}
}
