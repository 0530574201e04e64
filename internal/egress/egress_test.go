package egress_test

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"tftsr/internal/apperr"
	"tftsr/internal/egress"
	"tftsr/internal/pii"
)

const sample = "login failed for user alice from 10.1.2.3; retry from 10.1.2.3 with password=hunter2x"

// placeholders numbers values per type, like the incident's pseudonym map does.
type placeholders struct {
	names  map[[2]string]string
	counts map[string]int
}

func newPlaceholders() *placeholders {
	return &placeholders{names: map[[2]string]string{}, counts: map[string]int{}}
}

func (p *placeholders) Placeholder(typ, value string) (string, error) {
	k := [2]string{typ, value}
	if n, ok := p.names[k]; ok {
		return n, nil
	}
	p.counts[typ]++
	p.names[k] = fmt.Sprintf("[%s-%d]", strings.ToUpper(typ), p.counts[typ])
	return p.names[k], nil
}

func review(t *testing.T, text string) *egress.Review {
	t.Helper()
	return egress.NewReview(pii.NewDetector(pii.Options{}), text)
}

func TestApproveNeedsEveryFindingDecided(t *testing.T) {
	r := review(t, sample)
	fs := r.Findings()
	if len(fs) < 3 {
		t.Fatalf("findings = %+v, want at least the username, the IP and the password", fs)
	}
	if _, err := r.Approve(newPlaceholders()); !errors.Is(err, egress.ErrUnreviewed) || !errors.Is(err, apperr.ErrInvalid) {
		t.Fatalf("Approve with %d undecided: err = %v, want ErrUnreviewed (invalid)", r.Pending(), err)
	}
	for i := range fs[:len(fs)-1] {
		if err := r.Decide(i, egress.Redact); err != nil {
			t.Fatal(err)
		}
	}
	if got := r.Pending(); got != 1 {
		t.Fatalf("Pending = %d, want 1", got)
	}
	if _, err := r.Approve(newPlaceholders()); !errors.Is(err, egress.ErrUnreviewed) {
		t.Fatalf("Approve with one undecided: err = %v, want ErrUnreviewed", err)
	}
}

func TestApproveRedactsAndKeepsAsDecided(t *testing.T) {
	r := review(t, sample)
	if err := r.DecideType("ipv4", egress.Keep); err != nil {
		t.Fatal(err)
	}
	for i, f := range r.Findings() {
		if f.Type != "ipv4" {
			if err := r.Decide(i, egress.Redact); err != nil {
				t.Fatal(err)
			}
		}
	}
	a, err := r.Approve(newPlaceholders())
	if err != nil {
		t.Fatal(err)
	}
	text, err := a.Text()
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"alice", "hunter2x"} {
		if strings.Contains(text, gone) {
			t.Errorf("approved text %q still contains redacted %q", text, gone)
		}
	}
	if strings.Count(text, "10.1.2.3") != 2 {
		t.Errorf("approved text %q lost the kept IP", text)
	}
	rec, err := a.Receipt("openai")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Kept != 2 || rec.Redacted != len(r.Findings())-2 || rec.Bytes != len(text) || len(rec.SHA256) != 64 {
		t.Errorf("receipt = %+v", rec)
	}
	if strings.Contains(rec.SHA256+rec.Destination, "alice") {
		t.Error("receipt carries text")
	}
}

func TestDecideValueCoversAllOccurrences(t *testing.T) {
	r := review(t, sample)
	if err := r.DecideValue("10.1.2.3", egress.Redact); err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, f := range r.Findings() {
		if f.Value == "10.1.2.3" {
			n++
			if r.Decision(i) != egress.Redact {
				t.Errorf("finding %d (%s) = %s, want redact", i, f.Value, r.Decision(i))
			}
		}
	}
	if n != 2 {
		t.Fatalf("occurrences of the IP = %d, want 2", n)
	}
}

func TestDecideRejectsBadInput(t *testing.T) {
	r := review(t, sample)
	for _, tt := range []struct {
		name string
		i    int
		d    egress.Decision
	}{
		{name: "negative index", i: -1, d: egress.Keep},
		{name: "past the end", i: len(r.Findings()), d: egress.Keep},
		{name: "undecided is not a decision", i: 0, d: egress.Undecided},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := r.Decide(tt.i, tt.d); !errors.Is(err, apperr.ErrInvalid) {
				t.Errorf("Decide(%d, %s) = %v, want ErrInvalid", tt.i, tt.d, err)
			}
		})
	}
}

func TestTextWithoutFindingsIsApprovedAsIs(t *testing.T) {
	const plain = "the nightly backup job took 42 minutes"
	r := review(t, plain)
	a, err := r.Approve(newPlaceholders())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Text(); got != plain {
		t.Errorf("Text = %q, want %q", got, plain)
	}
}

func TestZeroApprovedYieldsNothing(t *testing.T) {
	var a egress.Approved
	if text, err := a.Text(); !errors.Is(err, egress.ErrNotApproved) || text != "" {
		t.Errorf("zero Approved: Text() = %q, %v; want \"\", ErrNotApproved", text, err)
	}
	if _, err := a.Receipt("x"); !errors.Is(err, egress.ErrNotApproved) {
		t.Errorf("zero Approved: Receipt err = %v, want ErrNotApproved", err)
	}
}

// The compiler is the gate: code outside this package cannot build an Approved from raw text.
// testdata/outside tries every way; it must fail to compile, for exactly those reasons.
func TestRawTextCannotBecomeApproved(t *testing.T) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(gobin, "build", "-o", filepath.Join(t.TempDir(), "outside"), "./testdata/outside")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("testdata/outside compiled: raw text can be turned into egress.Approved")
	}
	// One refusal per attempt, naming the unexported field (wording varies across Go releases).
	for _, want := range []struct{ line, field string }{
		{"10", "text"}, {"11", "text"}, {"11", "kept"}, {"11", "redacted"}, {"11", "ok"}, {"13", "text"}, {"14", "ok"},
	} {
		found := false
		for _, l := range strings.Split(string(out), "\n") {
			if strings.Contains(l, "main.go:"+want.line+":") && strings.Contains(l, want.field) &&
				(strings.Contains(l, "unexported") || strings.Contains(l, "undefined")) {
				found = true
			}
		}
		if !found {
			t.Errorf("no compiler refusal for field %s on line %s; output:\n%s", want.field, want.line, out)
		}
	}
	if strings.Contains(string(out), "no required module") || strings.Contains(string(out), "cannot find package") {
		t.Fatalf("the check did not compile against egress at all:\n%s", out)
	}
}

// Only the reviewed spans change: a repeat of a value outside any finding is not rewritten (the
// user never saw it as a finding), and a kept finding stays even when the same value is redacted
// elsewhere.
func TestApproveReplacesOnlyReviewedSpans(t *testing.T) {
	const text = "user=alice logged in from 10.1.2.3; 10.1.2.3 again"
	r := review(t, text)
	fs := r.Findings()
	ips := 0
	for i, f := range fs {
		d := egress.Redact
		if f.Type == "ipv4" {
			ips++
			if ips == 2 {
				d = egress.Keep
			}
		}
		if err := r.Decide(i, d); err != nil {
			t.Fatal(err)
		}
	}
	if ips != 2 {
		t.Fatalf("findings = %+v, want two IPs", fs)
	}
	a, err := r.Approve(newPlaceholders())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := a.Text()
	const want = "user=[USERNAME-1] logged in from [IPV4-1]; 10.1.2.3 again"
	if got != want {
		t.Errorf("Approve = %q, want %q", got, want)
	}
	kept, redacted := r.Counts()
	if kept["ipv4"] != 1 || redacted["ipv4"] != 1 || redacted["username"] != 1 {
		t.Errorf("Counts = kept %v, redacted %v", kept, redacted)
	}
}
