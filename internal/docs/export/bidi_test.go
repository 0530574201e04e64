package export

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVisualOrder(t *testing.T) {
	mk := func(s string) []word {
		var ws []word
		for i, f := range strings.Fields(s) {
			w := word{boxes: []box{{text: f}}}
			if i > 0 {
				w.space = float64(i) // distinct, to follow them
			}
			ws = append(ws, w)
		}
		return ws
	}
	flat := func(ws []word) (out []string) {
		for _, w := range ws {
			var b strings.Builder
			for _, bx := range w.boxes {
				b.WriteString(bx.text)
			}
			out = append(out, b.String())
		}
		return out
	}
	for _, tc := range []struct{ in, want string }{
		{"plain latin text", "plain latin text"},
		{"see מסד נתונים here", "see םינותנ דסמ here"},
		{"a שלום 42 עולם b", "a םלוע 42 םולש b"},
		{"trailing 42 שלום", "trailing 42 םולש"},
		{"ש\u05B8\u05C1לו\u05B9ם", "םו\u05B9לש\u05B8\u05C1"}, // marks stay after their letter
		// Arabic marks go before their letter: DejaVu draws them right of the pen.
		{"ب\u0650س\u0652م\u0650", "\u0650م\u0652س\u0650ب"},
	} {
		got := flat(visualOrder(mk(tc.in)))
		if diff := cmp.Diff(strings.Fields(tc.want), got); diff != "" {
			t.Errorf("visualOrder(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}
