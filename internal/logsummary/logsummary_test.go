package logsummary

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSummary(t *testing.T) {
	lines := []string{
		"2026-11-27T09:00:01Z INFO request id=4f3a9c1b2d done in 12ms",
		"2026-11-27T09:00:02Z INFO request id=9e8d7c6b5a done in 340ms",
		"2026-11-27T09:00:03Z WARN disk /var at 91%",
		"2026-11-27T09:00:04Z ERROR write failed: no space left on device",
		"2026-11-27T09:00:05Z INFO request id=1a2b3c4d5e done in 7ms",
		"    at com.example.Store.write(Store.java:42)",
		"Errors are counted once: terror is not a level word",
	}
	b := NewBuilder()
	for i, l := range lines {
		b.Add(i+1, l)
	}
	s := b.Summary()
	if s.Lines != 7 || s.Errors != 1 || s.Warnings != 1 {
		t.Errorf("counts = %d lines, %d errors, %d warnings", s.Lines, s.Errors, s.Warnings)
	}
	if s.FirstTime != "2026-11-27T09:00:01Z" || s.LastTime != "2026-11-27T09:00:05Z" {
		t.Errorf("time range = %s … %s", s.FirstTime, s.LastTime)
	}
	if s.Frequent[0] != (Count{Template: "#-#-#T#:#:#Z INFO request id=# done in #ms", N: 3}) {
		t.Errorf("most frequent = %+v", s.Frequent[0])
	}
	want := []Problem{
		{Line: 3, Level: "warning", Text: lines[2]},
		{Line: 4, Level: "error", Text: lines[3]},
	}
	if d := cmp.Diff(want, s.Problems); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	out := Render(2, s)
	for _, w := range []string{"Log 2: 7 lines, 1 error lines, 1 warning lines, from 2026-11-27T09:00:01Z to 2026-11-27T09:00:05Z.", "- 3× `#-#-#T#:#:#Z INFO request id=# done in #ms`", "- line 4 (error): `"} {
		if !strings.Contains(out, w) {
			t.Errorf("render lacks %q:\n%s", w, out)
		}
	}
}

func TestSummaryAddsNothingButCountsAndText(t *testing.T) {
	// Every word of the rendered summary is from the input, a number, or our fixed vocabulary.
	lines := []string{"Nov 27 09:00:01 host sshd[42]: error: auth [USERNAME-1] from [IPV4-1]", "plain"}
	b := NewBuilder()
	for i, l := range lines {
		b.Add(i+1, l)
	}
	out := Render(1, b.Summary())
	fixed := "Log lines, error warning from to . Most frequent lines (numbers shown as #): - × ` First and line ( ): More than different shapes; the counts cover first"
	allowed := map[string]bool{}
	for _, w := range strings.Fields(fixed + " " + strings.Join(lines, " ") + " " + Template(lines[0])) {
		allowed[strings.Trim(w, "`.,:()")] = true
	}
	for _, w := range strings.Fields(out) {
		w = strings.Trim(w, "`.,:()")
		if w == "" || allowed[w] || strings.Trim(w, "0123456789×") == "" {
			continue
		}
		t.Errorf("summary word %q is neither from the input nor fixed", w)
	}
}

func TestTemplateCap(t *testing.T) {
	b := NewBuilder()
	for i := 0; i < MaxTemplates+10; i++ {
		w := []byte{}
		for n := i; ; n /= 20 { // letters g…z: no digits or hex, so every word is its own shape
			w = append(w, byte('g'+n%20))
			if n < 20 {
				break
			}
		}
		b.Add(i+1, "shape "+string(w))
	}
	if s := b.Summary(); !s.Truncated || len(b.counts) != MaxTemplates {
		t.Errorf("truncated=%v shapes=%d", s.Truncated, len(b.counts))
	}
}
