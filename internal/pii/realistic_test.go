package pii

import (
	"fmt"
	"strings"
	"testing"
)

// realisticLog returns about size bytes of generated log lines in the proportions of an ordinary
// production log: mostly application lines without personal data, with access-log lines (a client
// IP each), sshd logins, mail and auth lines (emails, usernames), a key=value secret now and then,
// Java stack traces and Kubernetes events. About one line in three holds a finding; the labelled
// corpus (BenchmarkScan) has one or more in nearly every line and is the harder case.
func realisticLog(size int) string {
	var b strings.Builder
	b.Grow(size + 512)
	for i := 0; b.Len() < size; i++ {
		ts := fmt.Sprintf("2026-03-04T05:%02d:%02d.%03dZ", i/60%60, i%60, i%1000)
		switch i % 20 {
		case 0, 7, 14:
			fmt.Fprintf(&b, "%d.%d.%d.%d - - [04/Mar/2026:05:06:07 +0000] \"GET /api/v1/orders/%d HTTP/1.1\" 200 %d \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n", 10+i%200, i%250, i%7, 1+i%250, i, 200+i%9000)
		case 3:
			fmt.Fprintf(&b, "Mar  4 05:06:07 web-%d sshd[%d]: Accepted publickey for deploy from 10.0.%d.%d port %d ssh2\n", i%9, 1000+i%9000, i%250, 1+i%250, 30000+i%30000)
		case 5:
			fmt.Fprintf(&b, "%s INFO  [mailer] queued message id=%08x to user%d@example.com (retry 0)\n", ts, i, i%5000)
		case 9:
			fmt.Fprintf(&b, "%s WARN  [auth] login failed for user=jdoe%d reason=bad_password attempts=%d\n", ts, i%300, i%5)
		case 11:
			fmt.Fprintf(&b, "%s ERROR [billing] upstream call failed: java.net.SocketTimeoutException: Read timed out\n\tat com.example.billing.Client.call(Client.java:%d)\n\tat com.example.billing.Service.charge(Service.java:88)\n", ts, 100+i%300)
		case 13:
			fmt.Fprintf(&b, "%s DEBUG [config] loaded db.url=jdbc:postgresql://db:5432/app pool.size=%d password=%s\n", ts, i%50, "s3cr3t-"+fmt.Sprint(i%97))
		case 17:
			fmt.Fprintf(&b, "%s Normal  Scheduled  pod/checkout-%x-%d  Successfully assigned default/checkout to node-%d.cluster.internal\n", ts, i%4096, i%10, i%12)
		default:
			fmt.Fprintf(&b, "%s INFO  [svc-%02d] request %d completed in %dms status=200 trace=%016x version=1.%d.%d\n", ts, i%40, i, i%900, uint64(i)*2654435761, i%9, i%20)
		}
	}
	return b.String()
}

func BenchmarkScanRealistic(b *testing.B) {
	text := realisticLog(8 << 20)
	d := NewDetector(Options{})
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		d.Scan(text)
	}
}

func BenchmarkScanRealisticNaive(b *testing.B) {
	text := realisticLog(1 << 20)
	d := NewDetector(Options{})
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		d.scanNaive(text)
	}
}

// The realistic log must actually exercise the detector: every kind of planted line is found.
func TestRealisticLogHasFindings(t *testing.T) {
	text := realisticLog(64 << 10)
	got := map[string]int{}
	for _, f := range NewDetector(Options{}).Scan(text) {
		got[f.Type]++
	}
	for _, typ := range []string{"ipv4", "email", "username", "password", "hostname"} {
		if got[typ] == 0 {
			t.Errorf("no %s finding in the realistic log; found %v", typ, got)
		}
	}
	lines := strings.Count(text, "\n")
	if n := len(NewDetector(Options{}).Scan(text)); n < lines/5 || n > lines {
		t.Errorf("%d findings in %d lines, want about one line in three", n, lines)
	}
}
