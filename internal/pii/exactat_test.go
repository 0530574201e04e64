package pii

import (
	"math/rand/v2"
	"reflect"
	"regexp"
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
					if r.foldsNonASCII && hasNonASCIIFold(w) {
						continue // runLine does not take the candidate path there
					}
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

// tokenWindows are edge cases for TestTokenMatchersAgree: run lengths at
// and around each bound, the byte after a run, and prefixes that almost fit.
var tokenWindows = []string{
	"glpat-Xy9Zw8Vu7Ts6Rq5Po4Nm glpat-Xy9Zw8Vu7Ts6Rq5Po4N glpat-Xy9Zw8Vu7_s6Rq5Po-Nm.x glpat-",
	"xoxb-1234567890 xoxb-1234567890-abc xoxp-123456789 xoxz-1234567890 xoxa1234567890123 xoxs-12345-67890_x",
	"sk_live_4eC39HqLyjWDarjtT1zdp7dc rk_live_4eC39HqLyjWDarjt pk_live_4eC39HqLyjWDarj sx_live_4eC39HqLyjWDarjtT1 sk_live_4eC39HqLyjWDarjt_x",
	"AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBW AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWYZZ",
	"AKIAIOSFODNN7EXAMPLE AKIAIOSFODNN7EXAMPLEX ASIAIOSFODNN7EXAMPL_ AKIAiOSFODNN7EXAMPLE ASIAIOSFODNN7EXAMPLE-",
	"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8 ghx_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8 gho_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r_ ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r gho_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8_",
	"github_pat_11ABCDEFG0123456789abcdefghijklmnopq github_pat_11ABCDEFG0123456789abc github_pat_11ABCDEFG012345678_ab-x",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig eyJa.eyJb.c eyJabcd.ef. eyJabcd.e.f eyJabc.efg.h eyJ-_ab.cd.ef.gh eyJabcd..x",
	"https://bob:hunter2@git.example.com/r ftp://a@b:c@d@e:f@g/x s3+x.y-z://:@h x://u:p@ x://u:p@@h x://u@:p@h x://u:p@h@ x://u:p@[::1]:80%z",
	"a://b:c d@e a://b@c:d#@e a://b:c/@d a://b:c?@d 1://b:c@d ://b:c@d a+://:p@h a://b:c@d:e@f.g/ a://b:c@é a://b:é@c a://bé:c@d",
	"a://b:c\td@e a://b\t:c@d a://b:c\fd@e a://b:c\rd@e a://b:c\vd@e a://b:c@h_x.y a://b:c@_h a://b:c@%h a://b:c@h]x",
	"Bearer abc.def-123 bearer  x bearer\t~/+== Bearerx bearer = BEARER a==b bearer ſx bearer",
	"Basic YWRtaW46czNjcjN0 basic abc basic abcd== basic abcd=== BASIC\t\tab+/= basic YWJj= basicYWJj",
	"AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==; accountkey=Zm9vYmFyYmF6cXV4MTIzNDU2 SharedAccessKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5=== sharedaccesskey=abc AccountKey= x",
	"?sv=1&sig=AbCdEfGh1234567890IjKl SharedAccessSignature=sv%3D&x ?sig=AbCdEfGh1234567 &sig=AbCdEfGh123456== ?sig=a;b sharedaccesssignature= x sharedaccesssignature=a'b",
	"the password is hunter22. Pwd was: x password set to 'x' PASSWD  changed to:\t`y` passphrase reset to \"z\" password 'q' password \"a\"b password 'a",
	"password is password isx password is : 'x' password is ' password is: password 'x password '' pwd was,x pwd was x;y password \"a;b\" passwordis x password\tis\tx",
	// GitHub runs at the upper bound 255 and past it
	"ghp_" + strings.Repeat("a1", 127) + "b c ghp_" + strings.Repeat("a1", 128) + " github_pat_" + strings.Repeat("_1", 128) + " github_pat_" + strings.Repeat("x", 255) + ".",
}

// TestTokenMatchersAgree: the token rules' exact matchers (jwt, AWS key id,
// GitHub, GitLab, Slack, Stripe, Google), the URL userinfo matcher and the
// bearer, basic, Azure key, Azure SAS and prose password matchers (on windows without ſ or K, as runLine
// calls them) return what their anchored
// regexps return, on every window start of the corpus, the seeds, edge
// cases and random strings made of their prefixes and run bytes, with
// windows cut at several lengths (the reach windows cut runs short).
func TestTokenMatchersAgree(t *testing.T) {
	text, _ := loadCorpus(t)
	ins := append(append(append([]string{}, tokenWindows...), fastCases...), fuzzSeeds...)
	ins = append(ins, strings.Split(text, "\n")...)
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"password", "Passwd", "PASSPHRASE", "pwd", " is", "was", "set to", "changed to ", "RESET TO", "'", "\"", "`", ",", ";",
		"SharedAccessSignature=", "?sig=", "&SIG=", "Bearer", "bearer ", "BASIC", "basic\t", "AccountKey=", "sharedaccesskey=", "=", "~", "\u017f", "\u212a", "://", ":", "@", "/", "?", "#", "\t", "\n", "[", "]", "%", "+", "é", "h", "glpat-", "xox", "b-", "sk_live_", "pk", "AIza", "AKIA", "ASIA", "ghp_", "gh", "github_pat_", "eyJ",
		"a", "Z", "0", "9", "_", "-", ".", " ", "/", "x", "Q"}
	for range 3000 {
		var b strings.Builder
		for b.Len() < 1+rng.IntN(80) {
			p := pieces[rng.IntN(len(pieces))]
			for k := rng.IntN(12); k >= 0; k-- {
				b.WriteString(p)
				if len(p) > 2 {
					break
				}
			}
		}
		ins = append(ins, b.String())
	}
	matchers := map[string]func(string) []int{
		"jwt": jwtExact, "aws_access_key_id": awsKeyIDExact, "github_token": githubExact, "gitlab_pat": gitlabExact,
		"slack_token": slackExact, "stripe_key": stripeExact, "google_api_key": googleExact, "url_userinfo": urlExact,
		"bearer": bearerExact, "basic_auth": basicExact, "azure_account_key": azureKeyExact,
		"azure_sas": sasExact, "prose_password": proseExact,
	}
	// The first bytes a match can start with (the candidates runLine hands
	// the matchers start with one); at any other start the anchored regexp
	// and the matcher both fail on the first byte, so those starts are not
	// tried (the test runs under -race too).
	letters := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	firsts := map[string]string{
		"jwt": "e", "aws_access_key_id": "A", "github_token": "g", "gitlab_pat": "g", "slack_token": "x", "stripe_key": "srp",
		"google_api_key": "A", "url_userinfo": letters, "bearer": "bB", "basic_auth": "bB", "azure_account_key": "aAsS",
		"azure_sas": "sS?&", "prose_password": "pP",
	}
	for _, r := range NewDetector(Options{}).rules {
		fn := matchers[r.id]
		if fn == nil {
			continue
		}
		delete(matchers, r.id)
		re := anchor(r.re)
		for _, in := range ins {
			for s := 0; s < len(in); s++ {
				if strings.IndexByte(firsts[r.id], in[s]) < 0 {
					continue
				}
				for _, e := range []int{len(in), min(len(in), s+12), min(len(in), s+21), min(len(in), s+30), min(len(in), s+40), min(len(in), s+60)} {
					w := in[s:e]
					if r.foldsNonASCII && hasNonASCIIFold(w) {
						continue // runLine does not take the candidate path there
					}
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

// TestIPv6MatcherAgrees: ipv6All returns the spans of the ipv6 regexp's
// FindAll on every winIPv6 window and every line of the corpus, the seeds,
// edge cases and random strings of its pieces (runLine hands it windows,
// but it is exact on any string).
func TestIPv6MatcherAgrees(t *testing.T) {
	text, _ := loadCorpus(t)
	ins := append(append([]string{}, fastCases...), fuzzSeeds...)
	ins = append(ins, strings.Split(text, "\n")...)
	ins = append(ins, "::", ":::", "1:2", "1:2:", "a:b:c", "fe80::1%eth0", "fe80::1%", "fe80::1%%", "::ffff:1.2.3.4", "::1.2.3.4.5",
		"::1.2.3", "::1234.1.1.1", "::1.2.3.4567", "12345::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "ABCD:EF01::",
		"::FFFF%\u017f", "::1%\u212aX", "::1%\u212a", "::1%\xe2\x84", "::g", ":a::", "a:::b", "::1.2.3.4%z", "\xe2::1")
	rng := rand.New(rand.NewPCG(9, 10))
	pieces := []string{":", "::", ":::", "1", "12", "123", "1234", "12345", "ff", "FFFF", "abcde", "g", "z", ".", "1.2.3.4", "256.1.1.1",
		"%", "%eth0", "%25", "\u017f", "\u212a", "é", "\xe2", " ", "-", "_", "/", "k", "s", "x"}
	for range 5000 {
		var b strings.Builder
		for n := rng.IntN(16); n >= 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		ins = append(ins, b.String())
	}
	var re *regexp.Regexp
	for _, r := range NewDetector(Options{}).rules {
		if r.id == "ipv6" {
			re = r.re
		}
	}
	check := func(w string) {
		var want [][2]int
		for _, m := range re.FindAllStringIndex(w, -1) {
			want = append(want, [2]int{m[0], m[1]})
		}
		if got := ipv6All(w, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("ipv6All(%q) = %v, want %v", w, got, want)
		}
	}
	for _, in := range ins {
		check(in)
		for pos := 0; pos < len(in); {
			ws, we := winIPv6(in, pos, len(in))
			if ws < 0 {
				break
			}
			check(in[ws:we])
			pos = we
		}
	}
}
