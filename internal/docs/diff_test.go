package docs

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLineDiff(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       Diff
	}{
		{name: "both empty", want: Diff{Lines: []DiffLine{}}},
		{name: "from empty", b: "x\ny", want: Diff{Added: 2, Lines: []DiffLine{
			{Op: OpInsert, Text: "x", New: 1}, {Op: OpInsert, Text: "y", New: 2}}}},
		{name: "to empty", a: "x\n", want: Diff{Removed: 1, Lines: []DiffLine{{Op: OpDelete, Text: "x", Old: 1}}}},
		{name: "same", a: "a\nb\n", b: "a\nb\n", want: Diff{Lines: []DiffLine{
			{Op: OpEqual, Text: "a", Old: 1, New: 1}, {Op: OpEqual, Text: "b", Old: 2, New: 2}}}},
		{name: "crlf change shows", a: "a\n", b: "a\r\n", want: Diff{Added: 1, Removed: 1, Lines: []DiffLine{
			{Op: OpDelete, Text: "a", Old: 1}, {Op: OpInsert, Text: "a\r", New: 1}}}},
		{name: "unicode lines", a: "→ 😀\nשלום\n", b: "→ 😀\nשלום!\n", want: Diff{Added: 1, Removed: 1, Lines: []DiffLine{
			{Op: OpEqual, Text: "→ 😀", Old: 1, New: 1}, {Op: OpDelete, Text: "שלום", Old: 2}, {Op: OpInsert, Text: "שלום!", New: 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, LineDiff(tt.a, tt.b)); diff != "" {
				t.Errorf("LineDiff (-want +got):\n%s", diff)
			}
		})
	}
}

// Applying a diff's lines gives back both texts, for documents with more distinct lines than
// the Basic Multilingual Plane has code points (go-diff encodes each line as one rune).
func TestLineDiffRebuildsBothSides(t *testing.T) {
	var x, y strings.Builder
	for i := range 60_000 {
		line := fmt.Sprintf("line %d", i)
		x.WriteString(line + "\n")
		switch {
		case i%5000 == 1:
			y.WriteString(line + " (edited)\n")
		case i%5000 == 2: // deleted
		case i%5000 == 3:
			y.WriteString("new\n" + line + "\n")
		default:
			y.WriteString(line + "\n")
		}
	}
	a, b := x.String(), y.String()
	d := LineDiff(a, b)
	var old, cur []string
	for _, l := range d.Lines {
		if l.Op != OpInsert {
			old = append(old, l.Text)
		}
		if l.Op != OpDelete {
			cur = append(cur, l.Text)
		}
	}
	if strings.Join(old, "\n")+"\n" != a || strings.Join(cur, "\n")+"\n" != b {
		t.Fatal("the diff does not rebuild its two sides")
	}
	if d.Added != 24 || d.Removed != 24 {
		t.Errorf("added %d, removed %d: the edits were not found", d.Added, d.Removed)
	}
}

// bigDocs returns a document of n distinct lines and a copy with about 1% of lines edited,
// inserted or deleted.
func bigDocs(n int, seed uint64) (string, string) {
	r := rand.New(rand.NewPCG(seed, seed))
	var a, b strings.Builder
	for i := range n {
		line := fmt.Sprintf("line %d: the orders_api pod restarted → %d", i, r.IntN(1000))
		a.WriteString(line + "\n")
		switch r.IntN(300) {
		case 0:
			b.WriteString(line + " (edited)\n")
		case 1:
			b.WriteString("inserted line\n" + line + "\n")
		case 2: // deleted
		default:
			b.WriteString(line + "\n")
		}
	}
	return a.String(), b.String()
}

func BenchmarkLineDiff5000(b *testing.B) {
	x, y := bigDocs(5000, 7)
	b.ResetTimer()
	for range b.N {
		LineDiff(x, y)
	}
}

// The worst case: two 5,000-line documents with no line in common.
func BenchmarkLineDiff5000Disjoint(b *testing.B) {
	x, _ := bigDocs(5000, 7)
	y := strings.ReplaceAll(x, "line", "row")
	b.ResetTimer()
	for range b.N {
		LineDiff(x, y)
	}
}

// Two rewritten 5,000-line documents that still share their blank lines and separators.
func BenchmarkLineDiff5000SharedBlanks(b *testing.B) {
	x, _ := bigDocs(5000, 7)
	y := strings.ReplaceAll(x, "line", "row")
	x = strings.ReplaceAll(x, "\n", "\n\n")
	y = strings.ReplaceAll(y, "\n", "\n\n---\n")
	b.ResetTimer()
	for range b.N {
		LineDiff(x, y)
	}
}
