package logs_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"tftsr/internal/logs"
)

// BenchmarkIngest2GB ingests a generated ~2 GB log into a fresh encrypted database and reports the
// peak resident set size of the process during the ingest (VmHWM, reset after the log was
// generated) next to MB/s. It takes minutes and GBs of disk, so it only runs when
// TFTSR_BENCH_2GB is set (to the size in MiB, or 1 for 2048):
//
//	TFTSR_BENCH_2GB=1 go test -tags sqlite_fts5 -run '^$' -bench 'Ingest2GB' -benchtime 1x ./internal/logs/
func BenchmarkIngest2GB(b *testing.B) {
	env := os.Getenv("TFTSR_BENCH_2GB")
	if env == "" {
		b.Skip("set TFTSR_BENCH_2GB=1 to run the 2 GB ingest benchmark")
	}
	mb := int64(2048)
	if n, err := strconv.ParseInt(env, 10, 64); err == nil && n > 1 {
		mb = n
	}
	path := filepath.Join(b.TempDir(), "big.log")
	t0 := time.Now()
	size := genLog(b, path, mb<<20)
	b.Logf("generated %d bytes in %v", size, time.Since(t0).Round(time.Millisecond))
	svc, _ := setup(b)
	runtime.GC()
	resetPeakRSS(b)
	h := startHeapSampler()
	b.SetBytes(size)
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		if _, err := svc.Ingest(context.Background(), issueID, []string{path}, logs.Options{}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	el := time.Since(start)
	hwm := procStatusKiB(b, "VmHWM")
	b.ReportMetric(float64(h.finish())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(hwm)/1024, "VmHWM-MB")
	b.Logf("%d iteration(s) of %d bytes in %v; VmHWM %d KiB, VmRSS now %d KiB",
		b.N, size, el.Round(time.Millisecond), hwm, procStatusKiB(b, "VmRSS"))
}

// resetPeakRSS resets VmHWM to the current RSS (Linux ≥ 4.0).
func resetPeakRSS(tb testing.TB) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		tb.Logf("cannot reset VmHWM (%v); it includes the log generation", err)
	}
}

// procStatusKiB returns a "kB" field of /proc/self/status.
func procStatusKiB(tb testing.TB, field string) int64 {
	tb.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Fatalf("read /proc/self/status: %v", err)
	}
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		if v, ok := bytes.CutPrefix(line, []byte(field+":")); ok {
			v = bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))
			n, err := strconv.ParseInt(string(v), 10, 64)
			if err != nil {
				tb.Fatalf("parse %s %q: %v", field, v, err)
			}
			return n
		}
	}
	tb.Fatalf("no %s in /proc/self/status", field)
	return 0
}
