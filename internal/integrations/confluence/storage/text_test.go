package storage

import (
	"strings"
	"testing"
)

func TestVisibleTextDecodesWhatTheSourceHides(t *testing.T) {
	res, err := Convert("Mail jane&#x40;corp&#x2e;com or bob\\@corp.com; **x**y.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode ]]> here\n```\n\n[link](https://h.example/p?q=1)\n")
	if err != nil {
		t.Fatal(err)
	}
	got, err := VisibleText(res.XHTML)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"jane@corp.com", "bob@corp.com", "xy.", "code ]]> here", "https://h.example/p?q=1"} {
		if !strings.Contains(got, w) {
			t.Errorf("visible text lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "12") || strings.Contains(got, "ab") {
		t.Errorf("table cells must not run together:\n%s", got)
	}
}
