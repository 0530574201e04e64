package migrations

import (
	"fmt"
	"strings"
	"testing"
)

func TestLatest(t *testing.T) {
	got := Latest()
	if got < 15 {
		t.Fatalf("Latest() = %d, want the highest embedded version (>= 15)", got)
	}
	for _, dir := range []string{"up", "down"} {
		name := ""
		entries, _ := FS.ReadDir(".")
		for _, e := range entries {
			var v uint
			if _, err := fmt.Sscanf(e.Name(), "%06d_", &v); err == nil && v == got && strings.HasSuffix(e.Name(), "."+dir+".sql") {
				name = e.Name()
			}
		}
		if name == "" {
			t.Errorf("no %s migration for the latest version %d", dir, got)
		}
	}
}
