package pii

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

var exactWindows = []string{
	`+1 (555) 123-4567 +44 20 7946 0958 +1234567 +12345678 +0123456789 +1-2-3-4-5-6-7-8 +1(2)(3)4 5 6 7 8 9 0 1 2 3 4 5 6`,
	`+1..2345678 +1 -2345678 +1((2345678 +12345678901234567890 +1.(2).3.(4).5.(6).7.(8) +1)2345678 +1 2 3 4 5 6 7)`,
	`(555) 123-4567 (555)123-4567 (555)-123.4567 (555)  123-4567 (55) 123-4567 (555 123-4567 (555) 1234567 (555) 123-45678`,
	`555-123-4567 555-123-45678 555-123-4567_ 555-123-4567- 5555-123-4567 555-1234-567 555-123-456`,
	`123-45-6789 123-45-67890 123-45-6789a 123-45-6789- 12-345-6789 123-45-678 123-456-789 123-45-6789_x`,
	`DE89 3704 0044 0532 0130 00 DE89370400440532013000 GB29NWBK60161331926819 GB29 NWBK 6016 1331 9268 19`,
	`FR14 2004 1010 0505 0001 3M02 606 NL91ABNA0417164300 DE89 3704 DE89 37 DE893704x DE89 3704 0044a DE8937040044_`,
	`AB12 CDEF GHIJ KLMN OPQR STUV WXYZ 1234 5678 AB12CDEFGHIJKLMNOPQRSTUVWXYZ12345678 AB12 ABCD EFGH IJ AB12 ABCD EFGH  IJ`,
	`AB12ABCDEFGHIJK AB12ABCDEFGHI AB12 ABCD EFGHIJKL MNOP ab12 abcd efgh AB1 ABCD EFGH A B12 ABCD EFGH AB12 ABCD EFGH I J`,
}

// TestExactMatchersAgree: phoneExact, ssnExact and ibanExact return what the
// anchored regexps return, on every window start of the corpus, the seeds,
// hand-made edge cases and random strings over the bytes that matter.
func TestExactMatchersAgree(t *testing.T) {
	text, _ := loadCorpus(t)
	ins := append(append(append([]string{}, exactWindows...), fastCases...), fuzzSeeds...)
	ins = append(ins, strings.Split(text, "\n")...)
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "+(). -0123456789 AB ZZ az_ 1 2 12-"
	for range 3000 {
		b := make([]byte, 1+rng.IntN(60))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		ins = append(ins, string(b))
	}
	matchers := map[string]func(string) []int{"phone": phoneExact, "us_ssn": ssnExact, "iban": ibanExact}
	for _, r := range NewDetector(Options{}).rules {
		fn := matchers[r.id]
		if fn == nil {
			continue
		}
		delete(matchers, r.id)
		re := anchor(r.re)
		for _, in := range ins {
			for s := 0; s < len(in); s++ {
				for _, e := range []int{len(in), min(len(in), s+12), min(len(in), s+30)} {
					w := in[s:e]
					if got, want := fn(w), re.FindStringSubmatchIndex(w); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s on %q: got %v, want %v", r.id, w, got, want)
					}
				}
			}
		}
	}
	if len(matchers) != 0 {
		t.Fatalf("rules not found: %v", matchers)
	}
}
