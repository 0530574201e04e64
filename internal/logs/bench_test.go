package logs_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tftsr/internal/logs"
)

// genLog writes a realistic log of about size bytes (timestamps, levels, ids, varied words).
func genLog(tb testing.TB, path string, size int64) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	levels := []string{"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"}
	words := []string{"request", "completed", "user", "session", "timeout", "db", "query", "cache", "miss",
		"retry", "upstream", "latency", "connection", "reset", "by", "peer", "kafka", "consumer", "lag", "ok"}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var n int64
	for i := 0; n < size; i++ {
		line := fmt.Sprintf("%s %-5s [svc-%02d] req=%016x", t0.Add(time.Duration(i)*1370*time.Microsecond).Format(time.RFC3339Nano),
			levels[r.IntN(len(levels))], r.IntN(40), r.Uint64())
		for k := 3 + r.IntN(12); k > 0; k-- {
			line += " " + words[r.IntN(len(words))]
		}
		line += fmt.Sprintf(" took=%dms\n", r.IntN(5000))
		m, err := w.WriteString(line)
		if err != nil {
			tb.Fatal(err)
		}
		n += int64(m)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return n
}

// heapSampler records the peak HeapInuse while running.
type heapSampler struct {
	peak atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{})}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > h.peak.Load() {
				h.peak.Store(ms.HeapInuse)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) finish() uint64 {
	close(h.stop)
	h.wg.Wait()
	return h.peak.Load()
}

// BenchmarkIngest ingests a generated log of 16 and 64 MB; peak-heap-MB shows that memory does
// not grow with the file size.
func BenchmarkIngest(b *testing.B) {
	for _, mb := range []int64{16, 64} {
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "bench.log")
			size := genLog(b, path, mb<<20)
			svc, _ := setup(b)
			runtime.GC()
			h := startHeapSampler()
			b.SetBytes(size)
			b.ResetTimer()
			for b.Loop() {
				if _, err := svc.Ingest(context.Background(), issueID, []string{path}, logs.Options{}, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(h.finish())/(1<<20), "peak-heap-MB")
		})
	}
}
