package redaction_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"tftsr/internal/redaction"
	"tftsr/internal/redaction/redactiontest"
)

// Every value shares one slot key in the scan's in-memory table (as if all their 8-byte
// value_keys collided) and repeats miss the cache of recent values: values are still told apart
// by their whole hash, across logs, rescans and typed text.
func TestPlaceholdersDistinctOnKeyCollisions(t *testing.T) {
	defer redaction.ForceSlotCollisions()()
	e := redactiontest.New(t)
	redaction.SetRecentValues(e.Red, 3)
	ctx := context.Background()
	issue := e.Issue(t, "collisions")
	var l1, l2 strings.Builder
	for i := range 200 {
		fmt.Fprintf(&l1, "from user%d@example.com at 10.0.%d.%d\n", i%50, i%7, i%60+1)
	}
	for i := range 100 {
		fmt.Fprintf(&l2, "to user%d@example.com\n", 99-i) // 50..99 new, 0..49 seen in a.log
	}
	a := e.AddLog(t, issue, "a.log", l1.String(), 16)
	b := e.AddLog(t, issue, "b.log", l2.String(), 16)
	e.Scan(t, a)
	e.Scan(t, b)

	check := func(when string) map[string]string {
		t.Helper()
		byValue, byPlaceholder := map[string]string{}, map[string]string{}
		for _, id := range []string{a, b} {
			counts := map[string]int{}
			for _, f := range allFindings(t, e, id, redaction.FindingQuery{}) {
				k := f.Type + "/" + f.Value
				counts[k]++
				if ph, ok := byValue[k]; ok && ph != f.Placeholder {
					t.Errorf("%s: %s is %s and %s", when, k, ph, f.Placeholder)
				}
				if v, ok := byPlaceholder[f.Placeholder]; ok && v != k {
					t.Errorf("%s: %s stands for %s and %s", when, f.Placeholder, v, k)
				}
				byValue[k], byPlaceholder[f.Placeholder] = f.Placeholder, k
			}
			vp, err := e.Red.Values(ctx, id, "", 0, redaction.MaxPageSize)
			if err != nil {
				t.Fatal(err)
			}
			if len(vp.Items) != len(counts) {
				t.Errorf("%s: %d value groups, want %d", when, len(vp.Items), len(counts))
			}
			for _, g := range vp.Items {
				if k := g.Type + "/" + g.Value; g.Count != counts[k] || g.Placeholder != byValue[k] {
					t.Errorf("%s: group %+v, want %d findings, %s", when, g, counts[k], byValue[k])
				}
			}
		}
		// 100 emails and the distinct addresses.
		if got := len(byValue); got != 100+distinctIPs() {
			t.Errorf("%s: %d distinct values, want %d", when, got, 100+distinctIPs())
		}
		return byValue
	}
	first := check("after scans")

	// A value decision survives a rescan; the placeholders stay.
	if _, err := e.Red.Decide(ctx, a, redaction.Decision{Scope: redaction.ScopeValue, Type: "email", Value: "user7@example.com", Action: redaction.Keep}); err != nil {
		t.Fatal(err)
	}
	e.Scan(t, a)
	after := check("after rescan")
	for k, ph := range first {
		if after[k] != ph {
			t.Errorf("after rescan %s = %s, was %s", k, after[k], ph)
		}
	}
	kept := allFindings(t, e, a, redaction.FindingQuery{Decision: redaction.Keep})
	if len(kept) != 4 {
		t.Errorf("kept after rescan: %d findings, want user7's 4", len(kept))
	}
	for _, f := range kept {
		if f.Value != "user7@example.com" {
			t.Errorf("kept after rescan: %+v", f)
		}
	}

	// Typed text gets the logs' placeholders, and new values the next ordinals.
	ps, err := e.Red.ProvisionalPlaceholders(ctx, issue)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"user0@example.com", "user77@example.com"} {
		if ph, err := ps.Placeholder("email", v); err != nil || ph != first["email/"+v] {
			t.Errorf("typed %s = %q, %v; want %s", v, ph, err, first["email/"+v])
		}
	}
	if ph, err := ps.Placeholder("email", "new@example.com"); err != nil || ph != "[EMAIL-101]" {
		t.Errorf("typed new value = %q, %v; want [EMAIL-101]", ph, err)
	}
	if ph, err := ps.Placeholder("email", "new@example.com"); err != nil || ph != "[EMAIL-101]" {
		t.Errorf("typed new value again = %q, %v; want [EMAIL-101]", ph, err)
	}
}

func distinctIPs() int {
	m := map[string]bool{}
	for i := range 200 {
		m[fmt.Sprintf("10.0.%d.%d", i%7, i%60+1)] = true
	}
	return len(m)
}
