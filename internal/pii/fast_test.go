package pii

import (
	"math/rand/v2"
	"reflect"
	"regexp"
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
		c.next, c.win, c.find, c.anc, c.reach, c.findAll, c.failSkip, c.at, c.cand = nil, nil, nil, nil, nil, nil, nil, nil, nil
		c.alts, c.exact = nil, nil
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
	// PEM: truncated blocks, a later END closing an earlier BEGIN, labels, CRLF
	"-----BEGIN PRIVATE KEY-----\nabc!\n-----BEGIN RSA PRIVATE KEY-----\r\nxyz\n\n-----BEGIN EC PRIVATE KEY-----!",
	"x-----BEGIN ENCRYPTED PRIVATE KEY-----\nA\n-----END PUBLIC KEY-----\n-----BEGIN PRIVATE KEY BLOCK-----\nB\n------END OPENSSH PRIVATE KEY-----tail",
	"-----END PRIVATE KEY-----\n-----BEGIN  PRIVATE KEY-----\n-----BEGIN PRIVATE KEYS-----\nq\n-----BEGIN X PRIVATE KEY BLOCK-----\n\r\n",
	"-----BEGIN PRIVATE KEY-----\na\n-----BEGIN PRIVATE KEY-----\nb\n-----END PRIVATE KEY-----\n-----BEGIN PRIVATE KEY-----\nc",
	"eyJ-eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig eyJa.eyJb.c aws_secret_X_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"?sig=?sig=AbCdEfGh1234567890IjKl&sig=a&sig=AbCdEfGh1234567890IjKl (415) (415) 555-2671 +1+1 415 555 2671",
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

// usernameWindows are inputs for TestUsernameMatchersAgree: each suffix of
// each is tried as a window.
var usernameWindows = []string{
	`user=bob username: "al.ice" user.name='x' user_name=y user id=z login:l account name:  a acct="m" principalname=p`,
	`user= "" user :x user"=x user'=x username =x userx=1 user	=	'q'`,
	`for user bob for  user 'eve' invalid user	x illegal user "y for user for user" fo user`,
	`password for bob from 1.2.3.4 publickey for a@b  from x keyboard-interactive/pam for c fromx password for d from`,
	`user "bob" user "" user  "a"b user x not found user x not foundx user x  not found`,
	`:user/ci-bot :user/ :user/a\b sudo: bob : x sudo:bob : x sudo: bob :x sudo:  a	:	b`,
	`(to root) bob on pts/0 (to ) x on (to a.b-c)  y  on (to a) z onx (to a)z on`,
	`new user: name=bob new user:name=x new user:  name= password changed for bob password changed forbob`,
	`uid=bob,ou=x uid=bob uid=,x - bob [1 - - [2 - a [x - a  [1 -  a [1`,
}

func TestUsernameMatchersAgree(t *testing.T) {
	text, _ := loadCorpus(t)
	ins := append(append(append([]string{}, usernameWindows...), fastCases...), fuzzSeeds...)
	ins = append(ins, strings.Split(text, "\n")...)
	for i, a := range usernameAlts {
		re := anchor(regexp.MustCompile(a.re))
		for _, in := range ins {
			in = asciiLower(in)
			for s := 0; s < len(in); s++ {
				if !hasAnyPrefix(in[s:], a.prefixes) {
					continue // both fail at once (and matchAt does not call them)
				}
				for _, e := range []int{len(in), min(len(in), s+12), min(len(in), s+30)} {
					w := in[s:e]
					if got, want := usernameMatchers[i](w), re.FindStringSubmatchIndex(w); !reflect.DeepEqual(got, want) {
						t.Fatalf("alternative %d on %q: got %v, want %v", i, w, got, want)
					}
				}
			}
		}
	}
}

var kvWindows = []string{
	`password=x passwd: "a b" passphrase='q' pwd = v secret:="x" token=>y api_key:z api-key=1 apikey=2`,
	`access_key=a accesskey:b secret_key=c secretkey=d private-key=e client_secret = "f" auth:g credentials=h credential=i`,
	`password:="unterminated password:= x password=>"a" password=>'b' password="" password='' password=  password=`,
	`password"=x password' : y password""=z token:\t\t"q token='a\nb' token="a\rb" secret=a,b secret=a;b secret=<x>`,
	`secret_key==x secret-key:=:y secretkey=>=>z token==>a auth::b credentialss=c passwordx=d pwd:'/x' apikey:=`,
}

func TestKVMatcherAgrees(t *testing.T) {
	text, _ := loadCorpus(t)
	ins := append(append(append([]string{}, kvWindows...), fastCases...), fuzzSeeds...)
	ins = append(ins, strings.Split(text, "\n")...)
	var re *regexp.Regexp
	for _, r := range NewDetector(Options{}).rules {
		if r.id == "kv_secret" {
			re = anchor(r.re)
		}
	}
	for _, in := range ins {
		in = asciiLower(in)
		for s := 0; s < len(in); s++ {
			if !hasAnyPrefix(in[s:], kvKeywordOrder) {
				continue // both fail at once
			}
			for _, e := range []int{len(in), min(len(in), s+12), min(len(in), s+30)} {
				w := in[s:e]
				if got, want := kvAt(w), re.FindStringSubmatchIndex(w); !reflect.DeepEqual(got, want) {
					t.Fatalf("kvAt(%q) = %v, want %v", w, got, want)
				}
			}
		}
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// TestWordMaskAgrees: wordMask (eight bytes at a time, wordBits8) marks
// exactly the word bytes, for every byte value at every position of a word
// and at every offset and length of short and long lines.
func TestWordMaskAgrees(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			for _, fill := range []byte{0, ' ', 'A', '_', '9', 0x80, 0xff} {
				b := []byte(strings.Repeat(string([]byte{fill}), 8))
				b[pos] = byte(c)
				var want uint64
				for k := range b {
					if isWord(b[k]) {
						want |= 1 << k
					}
				}
				if got := wordBits8(load64(string(b), 0)); got != want {
					t.Fatalf("wordBits8(%q) = %08b, want %08b", b, got, want)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 2000 {
		b := make([]byte, rng.IntN(150))
		const bytes = "aZ09_ -.:\n\xc5\xbf"
		for k := range b {
			b[k] = bytes[rng.IntN(len(bytes))]
		}
		s := string(b)
		for i := 0; i < len(s); i += 1 + rng.IntN(9) {
			var want uint64
			for k := 0; k < 64 && i+k < len(s); k++ {
				if isWord(s[i+k]) {
					want |= 1 << k
				}
			}
			if got := wordMask(s, i); got != want {
				t.Fatalf("wordMask(%q, %d) = %b, want %b", s, i, got, want)
			}
		}
	}
}

// TestTLDTables: isTLDBytes (two- and three-letter tables, else the map)
// agrees with isTLD on every word of two and three letters and on the
// longer TLDs.
func TestTLDTables(t *testing.T) {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	words := []string{"internal", "cloud", "museum", "example", "a", ""}
	for _, a := range letters {
		for _, b := range letters {
			words = append(words, string(a)+string(b))
			for _, c := range letters {
				words = append(words, string(a)+string(b)+string(c))
			}
		}
	}
	for _, w := range words {
		if got, want := isTLDBytes([]byte(w)), isTLD(w); got != want {
			t.Fatalf("isTLDBytes(%q) = %v, want %v", w, got, want)
		}
	}
}
