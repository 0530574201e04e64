package pii

import (
	"reflect"
	"strings"
	"testing"
)

// perLineDetector is d with every fast path switched off: each rule's
// regexp runs over every line its prefilter selects (the reference for the
// candidate generators and windows of fast.go).
func perLineDetector(opts Options) *Detector {
	d := NewDetector(opts)
	for i, r := range d.rules {
		c := *r
		c.next, c.win, c.find, c.anc = nil, nil, nil, nil
		d.rules[i] = &c
	}
	return d
}

var fastCases = []string{
	"db_password=S3cret! client_secret: 'abc' x-api-key = \"k\" apikey=>v token:=t",
	"secret_key=a passwordpassword=b credentials = c pwd:'/x' auth:a.b",
	"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY awssecretkey wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"a+b://x:y@h c1://:p@h ://u:p@h 9x://u:p@h.example.com",
	"x4111 1111 1111 1111 4111-1111-1111-1111 5555555555554444 _378282246310005 4111 111111 11111",
	"GB82WEST12345698765432 xDE89370400440532013000 DE89 3704 0044 0532 0130 00",
	"+1 (415) 555-2671 a415-555-2671 415-555-2671x (415)555-2671 +0 123",
	"123-45-6789 a123-45-6789 123-45-67890",
	"a@b.c x.y@Example.COM foo@@bar.com @x.com a@.com",
	"1.2.3.4 a1.2.3.4 1.2.3.4.5 01.2.3.4 ::1 fe80::1%eth0 1:2:3:4:5:6:7:8 ::ffff:1.2.3.4 a::b",
	"00:1A:2B:3C:4D:5E 00-1a-2b-3c-4d-5e 00:1A:2B:3C:4D:5E:6F 00:1a-2b:3c:4d:5e a0:1a:2b:3c:4d:5e_ 0:1a:2b:3c:4d:5e",
	"4111-1111-1111-1 4111 1111 1111 11111111 3782 822463 10005 3782-822463-100051 4111111111111111a 41111111111111111111",
	"host.example.COM Example.Com a.b.c.de foo_bar.com x-y.example.org. a.io_ b.io-",
	"Invalid user bob from x; failed password for alice from 1.2.3.4; illegal  user  eve; Account Name: JDOE",
	"Authorization: Bearer abc.def-123 basic YWRtaW46czNjcjN0 AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==",
	"basic YWRtaW46czNjcjN0 ba\u017fic YWRtaW46czNjcjN0 AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA== Account\u212aey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==",
	"fe80::1%\u017f fe80::1%eth0 BB00 DE89 3704 0044 0532 0130 00",
	"?sv=1&sig=AbCdEfGh1234567890IjKl SharedAccessSignature=sv%3D&x the password is hunter22. Pwd was: x",
}

func TestScanAgreesWithPerLine(t *testing.T) {
	text, _ := loadCorpus(t)
	fast, ref := NewDetector(Options{}), perLineDetector(Options{})
	ins := append([]string{text}, fastCases...)
	ins = append(ins, fuzzSeeds...)
	for _, in := range ins {
		if got, exp := fast.Scan(in), ref.Scan(in); !reflect.DeepEqual(got, exp) {
			t.Errorf("Scan(%q):\n got %v\nwant %v", in, got, exp)
		}
	}
}

func FuzzScanAgreesWithPerLine(f *testing.F) {
	for _, s := range append(fastCases, fuzzSeeds...) {
		f.Add(s)
	}
	fast, ref := NewDetector(Options{}), perLineDetector(Options{})
	f.Fuzz(func(t *testing.T, in string) {
		if got, exp := fast.Scan(in), ref.Scan(in); !reflect.DeepEqual(got, exp) {
			t.Fatalf("Scan(%q):\n got %v\nwant %v", in, got, exp)
		}
	})
}

func TestIndexLit(t *testing.T) {
	for _, s := range []string{"", "a", "xx://", "://", "a:/b://c", "eyJeyJ", "Jey eyJ", "secret secret"} {
		for _, lit := range []string{"://", "eyJ", "secret", "a", "J"} {
			for k := 0; k < len(lit); k++ {
				if got, want := indexLit(s, lit, k), strings.Index(s, lit); got != want {
					t.Errorf("indexLit(%q, %q, %d) = %d, want %d", s, lit, k, got, want)
				}
			}
		}
	}
}
