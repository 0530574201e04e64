package pii

import (
	"strings"
	"testing"
)

// lowerInto must equal strings.ToLower (ASCII fast path, Unicode and long
// strings through ToLower), and no nonSecretValues word may be longer than
// the bound plausibleSecret relies on.
func TestLowerIntoAgrees(t *testing.T) {
	var buf [32]byte
	for _, s := range []string{"", "A", "Password", "API_KEY", "NULL", "oK", "o\u212a", "\u0130x", "ǅ", "ÀÉÎ",
		strings.Repeat("Ab", 16), strings.Repeat("Ab", 17), "x\xffY", "AUTHENTICATION"} {
		if got, want := string(lowerInto(buf[:], s)), strings.ToLower(s); got != want {
			t.Errorf("lowerInto(%q) = %q, want %q", s, got, want)
		}
	}
	for w := range nonSecretValues {
		if len(w) > len("authentication") {
			t.Errorf("nonSecretValues word %q is longer than plausibleSecret's bound", w)
		}
	}
}
