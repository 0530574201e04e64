package pii

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

type want struct{ typ, value string }

func TestRules(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
	pem := "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----"
	tests := []struct {
		name string
		in   string
		want []want // nil: no findings at all
	}{
		// secrets
		{name: "pem block", in: "key:\n" + pem + "\ndone", want: []want{{"private_key", pem}}},
		{name: "pem truncated", in: "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5", want: []want{{"private_key", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5"}}},
		{name: "public key is not secret", in: "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----"},
		{name: "jwt", in: "token " + jwt + " end", want: []want{{"jwt", jwt}}},
		{name: "jwt-like without alg", in: "x eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.abcdefghijkl"},
		{name: "aws access key", in: "id AKIAIOSFODNN7EXAMPLE ok", want: []want{{"aws_access_key", "AKIAIOSFODNN7EXAMPLE"}}},
		{name: "aws secret with keyword", in: "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", want: []want{{"aws_secret_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}},
		{name: "40 chars without keyword", in: "blob wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		{name: "github", in: "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", want: []want{{"github_token", "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"}}},
		{name: "github fine-grained", in: "github_pat_11ABCDEFG0123456789abcdefghijklmnopq", want: []want{{"github_token", "github_pat_11ABCDEFG0123456789abcdefghijklmnopq"}}},
		{name: "gitlab", in: "glpat-Xy9Zw8Vu7Ts6Rq5Po4Nm", want: []want{{"gitlab_token", "glpat-Xy9Zw8Vu7Ts6Rq5Po4Nm"}}},
		{name: "slack", in: "xoxp-1234567890-abcdefghij", want: []want{{"slack_token", "xoxp-1234567890-abcdefghij"}}},
		{name: "stripe", in: "rk_live_4eC39HqLyjWDarjtT1zdp7dc", want: []want{{"stripe_key", "rk_live_4eC39HqLyjWDarjtT1zdp7dc"}}},
		{name: "google api key", in: "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", want: []want{{"google_api_key", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"}}},
		// credentials
		{name: "url credentials", in: "https://bob:hunter2@git.example.com/r", want: []want{{"url_credentials", "bob:hunter2"}, {"hostname", "git.example.com"}}},
		{name: "url without password", in: "ssh://git@10.0.0.1/repo", want: []want{{"ipv4", "10.0.0.1"}}},
		{name: "bearer header", in: "Authorization: Bearer abc123DEF456ghi789", want: []want{{"bearer_token", "abc123DEF456ghi789"}}},
		{name: "bearer prose", in: "he was the bearer of bad news; Bearer responsibilities"},
		{name: "basic header", in: "Authorization: Basic YWRtaW46czNjcjN0", want: []want{{"basic_auth", "YWRtaW46czNjcjN0"}}},
		{name: "basic prose", in: "basic configuration is fine"},
		{name: "kv equals", in: "db_password=S3cret! next", want: []want{{"password", "S3cret!"}}},
		{name: "kv json", in: `{"apiKey": "k-123456789"}`, want: []want{{"api_key", "k-123456789"}}},
		{name: "kv yaml", in: "  client_secret: abcDEF123", want: []want{{"secret", "abcDEF123"}}},
		{name: "kv token", in: "access_token=ya29.a0AfH6SMBx", want: []want{{"token", "ya29.a0AfH6SMBx"}}},
		{name: "kv placeholder", in: "password=${DB_PASSWORD} password: null token=***"},
		{name: "kv PWD env", in: "PWD=/home/alice"},
		{name: "ado password", in: "Server=x;User Id=sa;Password=P@ss;Encrypt=True", want: []want{{"password", "P@ss"}}},
		{name: "prose password", in: "my password is Tr0ub4dor.", want: []want{{"password", "Tr0ub4dor"}}},
		{name: "prose password negative", in: "the password is incorrect"},
		{name: "azure account key", in: "AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;", want: []want{{"azure_key", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA=="}}},
		// financial
		{name: "card spaced", in: "card 4111 1111 1111 1111.", want: []want{{"credit_card", "4111 1111 1111 1111"}}},
		{name: "card amex", in: "amex 378282246310005", want: []want{{"credit_card", "378282246310005"}}},
		{name: "card luhn invalid", in: "card 4111 1111 1111 1112"},
		{name: "card unknown prefix", in: "id 9999999999999995"},
		{name: "iban", in: "IBAN DE89370400440532013000", want: []want{{"iban", "DE89370400440532013000"}}},
		{name: "iban bad checksum", in: "IBAN DE89370400440532013001"},
		// personal
		{name: "ssn", in: "ssn 123-45-6789", want: []want{{"ssn", "123-45-6789"}}},
		{name: "ssn invalid area", in: "ssn 000-12-3456 666-12-3456 912-12-3456 123-00-4567 123-45-0000"},
		{name: "email", in: "mail j.doe+x@mail.example.com.", want: []want{{"email", "j.doe+x@mail.example.com"}}},
		{name: "email-ish package", in: "lodash@4.17.21 and Foo@1a2b3c"},
		{name: "phone e164", in: "tel +44 20 7946 0958", want: []want{{"phone", "+44 20 7946 0958"}}},
		{name: "phone nanp", in: "tel (415) 555-2671", want: []want{{"phone", "(415) 555-2671"}}},
		{name: "epoch and order number", in: "ts 1700000000 order 123456789012 at 1700000000123"},
		{name: "dates and times", in: "2026-11-27 06:01:12.123 +0200 27/11/2026"},
		{name: "username", in: "Invalid user oracle from x; session opened for user jdoe", want: []want{{"username", "oracle"}, {"username", "jdoe"}}},
		// network
		{name: "ipv4", in: "from 192.168.1.10:22", want: []want{{"ipv4", "192.168.1.10"}}},
		{name: "ipv4 bad octet", in: "ip 256.1.1.1"},
		{name: "version strings", in: "v1.2.3.4 version 10.2.3.4 1.2.3.4.5 build=10.2.3.4-rc1"},
		{name: "ipv6", in: "addr 2001:db8::8a2e:370:7334 ok", want: []want{{"ipv6", "2001:db8::8a2e:370:7334"}}},
		{name: "ipv6 negatives", in: "std::cout 10:00:00 Foo::Bar"},
		{name: "mac", in: "hw 00:1A:2B:3C:4D:5E", want: []want{{"mac", "00:1A:2B:3C:4D:5E"}}},
		{name: "hostname", in: "connect db01.prod.example.com:5432", want: []want{{"hostname", "db01.prod.example.com"}}},
		{name: "hostname cctld", in: "see example.de today", want: []want{{"hostname", "example.de"}}},
		{name: "file names", in: "nginx.conf app.log README.md node.js main.py deploy.sh"},
		{name: "java classes", in: "java.lang.NullPointerException at com.example.Foo.bar(Foo.java:12) com.example.app"},
		{name: "uuid", in: "id 123e4567-e89b-12d3-a456-426614174000"},
		{name: "sha256", in: "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{name: "md5 and request id", in: "md5 d41d8cd98f00b204e9800998ecf8427e request_id=req_8f14e45fceea167a"},
	}
	d := NewDetector(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := []want{}
			for _, f := range d.Scan(tc.in) {
				got = append(got, want{f.Type, f.Value})
			}
			exp := tc.want
			if exp == nil {
				exp = []want{}
			}
			if !reflect.DeepEqual(got, exp) {
				t.Errorf("Scan(%q)\n got %v\nwant %v", tc.in, got, exp)
			}
		})
	}
}

func TestOptionsDisabled(t *testing.T) {
	in := "mail a.b@example.com from 10.1.2.3"
	d := NewDetector(Options{Disabled: map[string]bool{"ipv4": true}})
	fs := d.Scan(in)
	if len(fs) != 1 || fs[0].Type != "email" {
		t.Fatalf("got %v, want only the email", fs)
	}
	if n := len(NewDetector(Options{}).Scan(in)); n != 2 {
		t.Fatalf("enabled detector found %d, want 2", n)
	}
}

func TestTypesStableAndKnown(t *testing.T) {
	a, b := Types(), Types()
	if !reflect.DeepEqual(a, b) || len(a) == 0 {
		t.Fatalf("Types unstable: %v vs %v", a, b)
	}
	if len(a) != numTypes {
		t.Fatalf("numTypes = %d, want len(Types()) = %d", numTypes, len(a))
	}
	for _, r := range buildRules() {
		for _, typ := range r.types {
			if classOf(typ) == 0 {
				t.Errorf("rule %s type %q missing from Types()", r.id, typ)
			}
		}
	}
}

func TestOverlapMerge(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantType string
		covers   []string // must all lie inside one finding
	}{
		{name: "url creds with email user", in: "clone https://john@example.com:pa55word@git.example.org/x.git",
			wantType: "url_credentials", covers: []string{"john@example.com", "pa55word"}},
		{name: "bearer jwt", in: "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlX2hlcmU",
			wantType: "jwt", covers: []string{"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlX2hlcmU"}},
	}
	d := NewDetector(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := d.Scan(tc.in)
			var hit *Finding
			for i := range fs {
				ok := true
				for _, c := range tc.covers {
					j := strings.Index(tc.in, c)
					if !(fs[i].Start <= j && j+len(c) <= fs[i].End) {
						ok = false
					}
				}
				if ok {
					hit = &fs[i]
				}
			}
			if hit == nil {
				t.Fatalf("no single finding covers %q: %v", tc.covers, fs)
			}
			if hit.Type != tc.wantType {
				t.Errorf("merged type %q, want %q", hit.Type, tc.wantType)
			}
			out := NewPseudonymizer().Redact(tc.in, fs)
			for _, c := range tc.covers {
				if strings.Contains(out, c) {
					t.Errorf("redacted %q still contains %q", out, c)
				}
			}
		})
	}
}

func TestMergeFindingsUnion(t *testing.T) {
	text := "0123456789abcdef"
	fs := []Finding{
		{Type: "email", Start: 2, End: 10},
		{Type: "password", Start: 0, End: 5},  // higher class, shorter, starts earlier
		{Type: "hostname", Start: 9, End: 14}, // extends the tail
		{Type: "ipv4", Start: 14, End: 16},    // adjacent: not merged
	}
	got := mergeFindings(text, fs)
	want := []Finding{
		{Type: "password", Start: 0, End: 14, Value: text[0:14]},
		{Type: "ipv4", Start: 14, End: 16, Value: text[14:16]},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Type != want[i].Type || got[i].Start != want[i].Start || got[i].End != want[i].End || got[i].Value != want[i].Value {
			t.Errorf("[%d] got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestUnicodeOffsets(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{name: "cjk", in: "東京の担当者 yuki@example.jp に連絡", want: []want{{"email", "yuki@example.jp"}}},
		{name: "emoji", in: "🚀🔥 deploy from 10.0.0.7 👍", want: []want{{"ipv4", "10.0.0.7"}}},
		{name: "combining marks", in: "zoe\u0301 cafe\u0301 pwd: S3cr3t! then +33 1 42 68 53 00", want: []want{{"password", "S3cr3t!"}, {"phone", "+33 1 42 68 53 00"}}},
		{name: "mixed", in: "Ünïcödé ✓ AKIAIOSFODNN7EXAMPLE ✓", want: []want{{"aws_access_key", "AKIAIOSFODNN7EXAMPLE"}}},
	}
	d := NewDetector(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := d.Scan(tc.in)
			if len(fs) != len(tc.want) {
				t.Fatalf("got %+v, want %v", fs, tc.want)
			}
			for i, f := range fs {
				if tc.in[f.Start:f.End] != f.Value {
					t.Errorf("text[%d:%d]=%q != Value %q", f.Start, f.End, tc.in[f.Start:f.End], f.Value)
				}
				if f.Value != tc.want[i].value || f.Type != tc.want[i].typ {
					t.Errorf("[%d] got %s %q, want %s %q", i, f.Type, f.Value, tc.want[i].typ, tc.want[i].value)
				}
				if j := strings.Index(tc.in, tc.want[i].value); f.Start != j {
					t.Errorf("[%d] Start %d, want byte offset %d", i, f.Start, j)
				}
			}
		})
	}
}

func TestPseudonyms(t *testing.T) {
	in := "a@example.com wrote to b@example.com; a@example.com from 10.0.0.1 and 10.0.0.2, again 10.0.0.1"
	d := NewDetector(Options{})
	fs := d.Scan(in)
	p := NewPseudonymizer()
	out := p.Redact(in, fs)
	want := "[EMAIL-1] wrote to [EMAIL-2]; [EMAIL-1] from [IPV4-1] and [IPV4-2], again [IPV4-1]"
	if out != want {
		t.Fatalf("Redact:\n got %q\nwant %q", out, want)
	}
	for _, f := range fs {
		if strings.Contains(out, f.Value) {
			t.Errorf("output contains %q", f.Value)
		}
	}
	// the same Pseudonymizer keeps its mapping across calls
	if got := p.Redact("cc b@example.com", d.Scan("cc b@example.com")); got != "cc [EMAIL-2]" {
		t.Errorf("second call: got %q, want %q", got, "cc [EMAIL-2]")
	}
	// and a fresh one starts over
	if got := NewPseudonymizer().Redact("cc b@example.com", d.Scan("cc b@example.com")); got != "cc [EMAIL-1]" {
		t.Errorf("fresh: got %q", got)
	}
}

func TestRedactRepeatsOutsideFindings(t *testing.T) {
	in := "user=kpatel logged in; kpatel then left"
	fs := NewDetector(Options{}).Scan(in)
	out := NewPseudonymizer().Redact(in, fs)
	if strings.Contains(out, "kpatel") {
		t.Fatalf("value left in clear: %q", out)
	}
}

// TestPrefilterAgreesWithNaive checks the prefilter never loses a finding the
// plain whole-text regexps would produce.
func TestPrefilterAgreesWithNaive(t *testing.T) {
	text, _ := loadCorpus(t)
	extra := "key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\nDE89370400440532013000 378282246310005\n"
	for _, in := range []string{text, extra, text + extra, "no newline at all 10.0.0.1 a@b.example.com"} {
		d := NewDetector(Options{})
		got, exp := d.Scan(in), d.scanNaive(in)
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("prefiltered and naive scans differ:\n got %v\nwant %v", got, exp)
		}
	}
}

var placeholderRE = regexp.MustCompile(`\[[A-Z0-9_]+-\d+\]`)

func checkFindings(t *testing.T, text string, fs []Finding) {
	t.Helper()
	prevEnd := 0
	for i, f := range fs {
		if !(0 <= f.Start && f.Start < f.End && f.End <= len(text)) {
			t.Fatalf("finding %d out of range: %+v (len %d)", i, f, len(text))
		}
		if f.Value != text[f.Start:f.End] {
			t.Fatalf("finding %d Value %q != text %q", i, f.Value, text[f.Start:f.End])
		}
		if f.Start < prevEnd {
			t.Fatalf("finding %d overlaps or unsorted: %+v after end %d", i, f, prevEnd)
		}
		// on valid UTF-8 every span starts and ends on a rune boundary
		if utf8.ValidString(text) && (!utf8.RuneStart(text[f.Start]) || f.End < len(text) && !utf8.RuneStart(text[f.End])) {
			t.Fatalf("finding %d %+v splits a UTF-8 sequence", i, f)
		}
		prevEnd = f.End
	}
}

var fuzzSeeds = []string{
	"", "a", "user=kpatel 10.0.0.1", "https://john@example.com:pa55@db.example.com/x",
	"-----BEGIN RSA PRIVATE KEY-----\nabc", "4111 1111 1111 1111 DE89370400440532013000",
	"東京 yuki@example.jp 🚀 +33 1 42 68 53 00", "password is hunter22. pwd: x",
	"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_sig_sig",
	"fe80::1%eth0 00:1a:2b:3c:4d:5e std::cout v1.2.3.4",
}

func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	d := NewDetector(Options{})
	f.Fuzz(func(t *testing.T, text string) {
		checkFindings(t, text, d.Scan(text))
	})
}

func FuzzRedact(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	d := NewDetector(Options{})
	f.Fuzz(func(t *testing.T, text string) {
		fs := d.Scan(text)
		checkFindings(t, text, fs)
		out := NewPseudonymizer().Redact(text, fs)
		// What Redact guarantees: each finding becomes a placeholder, and in
		// the text it keeps (the pieces between placeholders) no detected
		// value of at least minRepeatLen bytes occurs. Shorter values may
		// remain elsewhere (they would clobber ordinary words), and a value
		// may of course reappear across a placeholder, which is not clear text.
		kept := placeholderRE.Split(out, -1)
		for _, fd := range fs {
			if len(fd.Value) < minRepeatLen {
				continue
			}
			for _, k := range kept {
				if strings.Contains(k, fd.Value) {
					t.Fatalf("redacted output %q keeps detected %s %q in clear", out, fd.Type, fd.Value)
				}
			}
		}
		if len(fs) == 0 && out != text {
			t.Fatalf("no findings, but Redact changed the text: %q", out)
		}
	})
}

func benchText(b *testing.B) string {
	text, _ := loadCorpus(b)
	var sb strings.Builder
	for sb.Len() < 8<<20 {
		sb.WriteString(text)
	}
	return sb.String()
}

func BenchmarkScan(b *testing.B) {
	text := benchText(b)
	d := NewDetector(Options{})
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		d.Scan(text)
	}
}

func BenchmarkScanNaive(b *testing.B) {
	text := benchText(b)
	d := NewDetector(Options{})
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		d.scanNaive(text)
	}
}
