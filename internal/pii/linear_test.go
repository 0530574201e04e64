package pii

import (
	"strings"
	"testing"
)

// adversarialUnits are repeated into long lines: keywords, separators and
// prefixes on which a start-point regexp (or a lazy one) could rescan the
// rest of the line from every candidate.
var adversarialUnits = []string{
	"user ", "user=", "user:a ", "for user ", "Invalid user ", "Account Name: ", "password for ", "login:",
	"password=", "password=\"", "password='", "token:'", "secret=", "api_key: ", "pwd ", "password is ",
	"passwd was ", "client_secret=\"a ", "credentials=", "key=", "auth:",
	":", "::", "::::1", "0a:", "ab:", "a:", "@", "a@", "a.b@", "a@a.", "user@", ".", "a.", "1.", "1.1.", "1.1.1.1.",
	"1", "1 ", "1-", "12-", "123-45-", "+1", "+1 ", "(", "(415) ", "-", "a-", "aaaaa-", "0a-",
	"-----BEGIN ", "-----BEGIN PRIVATE KEY-----\n", "-----BEGIN PRIVATE KEY-----\nabc!\n", "-----BEGIN PRIVATE KEY-----!",
	"-----END PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----\r\n",
	"Bearer ", "Bearer Bearer ", "bearer x ", "Basic ", "Basic YWJj ",
	"http://", "http://http://", "://", "x://a:", "a://b:c@", "https://u:p@",
	"Ab0+", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=", "eyJ", "eyJ-", "eyJhbGciOiJIUzI1NiJ9.", "eyJa.",
	"AKIA", "AKIA-", "ghp_-", "glpat-", "xoxb-", "sk_live_-", "AIza-", "secret", "aws_secret_access_key=",
	"aws_secret_", "AccountKey=", "SharedAccessSignature=", "?sig=", "&sig=a", "DE00", "DE89 ", "GB82WEST",
	"00:1a:", "00-1a-", "fe80::", "a\n", "\n", " ", "\t", "\"", "'", "=", "==", ";", "a.b.c.", "x.io ", "ſ", "K",
}

// adversarialLine repeats unit into a line of about n bytes.
func adversarialLine(unit string, n int) string {
	return strings.Repeat(unit, max(1, n/len(unit)))
}

// TestScanLinearWork asserts that Scan's regexp work is O(len(text)) on long
// adversarial lines: the number of regexp calls and the bytes handed to them
// (and the PEM END-marker search) stay below a small constant times the input
// size. It counts work instead of timing it.
//
// The line size is linearWorkSize (linear_size_test.go): 1 MB, or 64 KB under
// the race detector, which makes the scan ~15× slower. The assertions are
// per-byte ratios, and a super-linear scan of a 64 KB line of repeated
// candidates already costs hundreds of bytes per input byte, so the smaller
// size still catches it.
func TestScanLinearWork(t *testing.T) {
	const n = linearWorkSize
	d := NewDetector(Options{})
	worst, worstUnit := 0.0, ""
	for _, u := range adversarialUnits {
		text := adversarialLine(u, n)
		var st scanStats
		d.scan(text, &st)
		ratio := float64(st.reBytes) / float64(len(text))
		if ratio > worst {
			worst, worstUnit = ratio, u
		}
		if st.reBytes > 8*len(text)+4096 || st.reCalls > len(text) || st.scanned > 2*len(text) {
			t.Errorf("unit %q: %d regexp calls, %d bytes handed, %d bytes scanned for a %d-byte line (not linear)",
				u, st.reCalls, st.reBytes, st.scanned, len(text))
		}
	}
	t.Logf("worst: %.2f bytes handed to regexps per input byte (unit %q)", worst, worstUnit)
}

// BenchmarkScanLinearity scans the corpus repeated to 1 MB and to 8 MB: a
// linear scan shows the same MB/s for both.
func BenchmarkScanLinearity(b *testing.B) {
	text, _ := loadCorpus(b)
	d := NewDetector(Options{})
	for _, size := range []int{1 << 20, 8 << 20} {
		in := strings.Repeat(text, size/len(text)+1)[:size]
		b.Run(map[int]string{1 << 20: "1MB", 8 << 20: "8MB"}[size], func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				d.Scan(in)
			}
		})
	}
}

// BenchmarkScanAdversarial scans 1 MB lines of repeated keywords and
// separators (a selection of adversarialUnits).
func BenchmarkScanAdversarial(b *testing.B) {
	d := NewDetector(Options{})
	for _, u := range []string{"user ", "password=\"", "::::1", "@", "1.", "-----BEGIN PRIVATE KEY-----\nabc!\n",
		"Bearer Bearer ", "http://http://", "eyJ-", "aws_secret_", "?sig=", "(415) ", "a-", "for user "} {
		in := adversarialLine(u, 1<<20)
		name := strings.NewReplacer("\n", `\n`, " ", "_", "/", "_").Replace(u)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				d.Scan(in)
			}
		})
	}
}
