package pii

import (
	"bufio"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

type label struct {
	line       int
	typ, value string
}

func loadCorpus(t testing.TB) (string, []label) {
	t.Helper()
	b, err := os.ReadFile("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/corpus.labels")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var labels []label
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		ln := sc.Text()
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		parts := strings.SplitN(ln, "\t", 3)
		if len(parts) != 3 {
			t.Fatalf("bad label line %q", ln)
		}
		n, err := strconv.Atoi(parts[0])
		if err != nil {
			t.Fatalf("bad label line %q: %v", ln, err)
		}
		labels = append(labels, label{n, parts[1], parts[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return string(b), labels
}

type span struct{ s, e int }

// TestCorpusPrecisionRecall scores Scan against the labelled corpus. A label
// is recalled when a finding covers all its bytes (whatever the merged type:
// what matters for privacy is that it is redacted); a finding is a true
// positive when it overlaps some label.
func TestCorpusPrecisionRecall(t *testing.T) {
	text, labels := loadCorpus(t)
	lineStart := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			lineStart = append(lineStart, i+1)
		}
	}
	lspans := make([]span, len(labels))
	nth := map[label]int{} // a value labelled k times on a line: its first k occurrences
	for i, l := range labels {
		if l.line < 1 || l.line > len(lineStart) {
			t.Fatalf("label %v: no such line", l)
		}
		ls := lineStart[l.line-1]
		le := strings.IndexByte(text[ls:], '\n') + ls
		j, from := -1, ls
		for k := 0; k <= nth[l]; k++ {
			if j = strings.Index(text[from:le], l.value); j < 0 {
				t.Fatalf("label %v: value not on its line (occurrence %d)", l, nth[l]+1)
			}
			j += from
			from = j + 1
		}
		nth[l]++
		lspans[i] = span{j, j + len(l.value)}
	}
	fs := NewDetector(Options{}).Scan(text)

	type score struct{ tp, fn, fpTP, fp int }
	per := map[string]*score{}
	get := func(k string) *score {
		if per[k] == nil {
			per[k] = &score{}
		}
		return per[k]
	}
	var recalled, total, truePos, found int
	for i, l := range labels {
		total++
		ok := false
		for _, f := range fs {
			if f.Start <= lspans[i].s && lspans[i].e <= f.End {
				ok = true
				break
			}
		}
		if ok {
			recalled++
			get(l.typ).tp++
		} else {
			get(l.typ).fn++
			t.Logf("missed   line %d %-15s %q", l.line, l.typ, l.value)
		}
	}
	for _, f := range fs {
		found++
		ok := false
		for _, sp := range lspans {
			if f.Start < sp.e && sp.s < f.End {
				ok = true
				break
			}
		}
		if ok {
			truePos++
			get(f.Type).fpTP++
		} else {
			get(f.Type).fp++
			line := sort.SearchInts(lineStart, f.Start+1)
			t.Logf("spurious line %d %-15s %q", line, f.Type, f.Value)
		}
	}
	types := make([]string, 0, len(per))
	for k := range per {
		types = append(types, k)
	}
	sort.Strings(types)
	for _, k := range types {
		s := per[k]
		t.Logf("%-16s recall %d/%d  precision %d/%d", k, s.tp, s.tp+s.fn, s.fpTP, s.fpTP+s.fp)
	}
	recall := float64(recalled) / float64(total)
	precision := float64(truePos) / float64(max(found, 1))
	t.Logf("overall: recall %.3f (%d/%d) precision %.3f (%d/%d)", recall, recalled, total, precision, truePos, found)
	if recall < 0.95 {
		t.Errorf("overall recall %.3f < 0.95", recall)
	}
	if precision < 0.90 {
		t.Errorf("overall precision %.3f < 0.90", precision)
	}
}
