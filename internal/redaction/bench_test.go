package redaction_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tftsr/internal/logs"
	"tftsr/internal/redaction"
	"tftsr/internal/redaction/redactiontest"
)

var benchMB = flag.Int("redaction.mb", 200, "size of the synthetic log of BenchmarkScanApply, in MB")

// mixedLog yields about size bytes of syslog/nginx/app lines, one finding in every 5 lines.
type mixedLog struct {
	size, n int64
	i       int
	buf     []byte
}

func (m *mixedLog) Read(p []byte) (int, error) {
	for len(m.buf) < len(p) && m.n < m.size {
		var line string
		switch m.i % 10 {
		case 0:
			line = fmt.Sprintf("Mar  4 05:06:%02d web-%d sshd[%d]: Accepted publickey for deploy from 10.%d.%d.%d port 22\n", m.i%60, m.i%9, 1000+m.i%5000, m.i%250, (m.i/250)%250, m.i%199+1)
		case 3:
			line = fmt.Sprintf("2026-03-04T05:06:07Z INFO mailer queued message %d for user%d@example.com status=ok\n", m.i, m.i%5000)
		case 5:
			line = fmt.Sprintf("%d.%d.1.2 - - [04/Mar/2026:05:06:07 +0000] \"GET /api/v1/items/%d HTTP/1.1\" 200 512 \"-\" \"curl/8.5\"\n", 192, m.i%200, m.i)
		case 7:
			line = fmt.Sprintf("2026-03-04 05:06:07.123 UTC [%d] LOG:  duration: %d.%03d ms  statement: SELECT * FROM orders WHERE id = %d\n", 4000+m.i%100, m.i%90, m.i%1000, m.i)
		default:
			line = fmt.Sprintf("2026-03-04T05:06:07Z DEBUG worker-%d processed batch %d in %dms (queue depth %d)\n", m.i%16, m.i, m.i%700, m.i%37)
		}
		m.buf = append(m.buf, line...)
		m.n += int64(len(line))
		m.i++
	}
	if len(m.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, m.buf)
	m.buf = m.buf[n:]
	return n, nil
}

// peakHeap samples HeapInuse until stop is closed.
func peakHeap(stop <-chan struct{}) func() uint64 {
	var mu sync.Mutex
	var peak uint64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { wg.Wait(); mu.Lock(); defer mu.Unlock(); return peak }
}

// vmHWM returns the process's peak resident set (VmHWM of /proc/self/status) in KiB, 0 where
// there is none: Go heap, SQLite's page cache and the cgo side together.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// BenchmarkScanApply scans and applies a large synthetic log (default 200 MB; -redaction.mb).
// Run: go test -tags sqlite_fts5 -run '^$' -bench ScanApply -benchtime 1x ./internal/redaction
func BenchmarkScanApply(b *testing.B) {
	e := redactiontest.New(b)
	ctx := context.Background()
	issue := e.Issue(b, "bench")
	size := int64(*benchMB) << 20
	res, err := e.Logs.IngestReader(ctx, issue, "big.log", &mixedLog{size: size}, size, logs.Options{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	logID, text := res[0].LogFileID, res[0].TextBytes
	b.SetBytes(text)
	b.ResetTimer()
	for range b.N {
		runtime.GC()
		stop := make(chan struct{})
		peak := peakHeap(stop)
		t0 := time.Now()
		sum, err := e.Red.Scan(ctx, logID, nil)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := e.Red.Apply(ctx, logID, nil); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeAll, Action: redaction.Keep}); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		if _, err := e.Red.Summary(ctx, logID); err != nil {
			b.Fatal(err)
		}
		t4 := time.Now()
		vp, err := e.Red.Values(ctx, logID, "", 0, 0)
		if err != nil {
			b.Fatal(err)
		}
		t5 := time.Now()
		if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeValue, Type: vp.Items[0].Type, Value: vp.Items[0].Value, Action: redaction.Redact}); err != nil {
			b.Fatal(err)
		}
		t6 := time.Now()
		fp, err := e.Red.Findings(ctx, logID, redaction.FindingQuery{Decision: redaction.Keep, Offset: 10000})
		if err != nil || len(fp.Items) == 0 {
			b.Fatal(err, len(fp.Items))
		}
		t7 := time.Now()
		close(stop)
		b.ReportMetric(float64(t5.Sub(t4).Milliseconds()), "values-ms")
		b.ReportMetric(float64(t6.Sub(t5).Milliseconds()), "decide-value-ms")
		b.ReportMetric(float64(t7.Sub(t6).Milliseconds()), "findings-page-ms")
		b.ReportMetric(float64(t3.Sub(t2).Milliseconds()), "decide-all-ms")
		b.ReportMetric(float64(t4.Sub(t3).Milliseconds()), "summary-ms")
		mb := float64(text) / (1 << 20)
		b.ReportMetric(mb/t1.Sub(t0).Seconds(), "scan-MB/s")
		b.ReportMetric(mb/t2.Sub(t1).Seconds(), "apply-MB/s")
		b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(vmHWM())/(1<<10), "VmHWM-MB")
		b.ReportMetric(float64(sum.Total), "findings")
	}
}
