package logs_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"tftsr/internal/audit"
	"tftsr/internal/keys"
	"tftsr/internal/logs"
	"tftsr/internal/store"
)

// viewerLines is the size of the log behind the viewer benchmark (issue 3: "opens a
// 5-million-line log instantly").
const viewerLines = 5_000_000

// BenchmarkViewerFirstScreen measures what the log page needs before it can paint, on a
// 5,000,000-line log, from a cold start: open the database (new connections, empty page and chunk
// caches), read the log's Info, and its first 200 lines; and then "go to line" in the middle and
// near the end. Target: first screen < 500 ms.
func BenchmarkViewerFirstScreen(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "viewer.db")
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		b.Fatal(err)
	}
	key := keys.NewRawKey(keys.SourceKeyring, raw)
	open := func() *store.DB {
		db, err := store.Open(ctx, store.Options{Path: path, Key: key})
		if err != nil {
			b.Fatal(err)
		}
		return db
	}
	db := open()
	addIssue(b, db, issueID)
	svc := logs.NewService(db, audit.New(nil), nil)
	res, err := svc.IngestReader(ctx, issueID, "big.log", linesReader(viewerLines), -1, logs.Options{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	id := res[0].LogFileID
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}

	var first, jump time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		db := open()
		svc := logs.NewService(db, audit.New(nil), nil)
		info, err := svc.Info(ctx, id)
		if err != nil || info.Lines != viewerLines {
			b.Fatalf("Info = %+v, %v", info, err)
		}
		ls, err := svc.Lines(ctx, id, 1, 200)
		if err != nil || len(ls) != 200 {
			b.Fatalf("Lines: %d, %v", len(ls), err)
		}
		t1 := time.Now()
		for _, n := range []int{viewerLines / 2, viewerLines - 150} {
			if ls, err := svc.Lines(ctx, id, n, 200); err != nil || ls[0].N != n {
				b.Fatalf("Lines(%d): %v", n, err)
			}
		}
		t2 := time.Now()
		first += t1.Sub(t0)
		jump += t2.Sub(t1) / 2
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-screen-ms")
	b.ReportMetric(float64(jump.Microseconds())/1000/float64(b.N), "goto-line-ms")
}

// linesReader streams n generated log lines (~100 bytes each) without holding them in memory.
func linesReader(n int) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriterSize(pw, 1<<20)
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range n {
			fmt.Fprintf(w, "%s INFO [svc-%02d] request %d handled in %dms status=200 path=/api/v1/items\n",
				t0.Add(time.Duration(i)*time.Millisecond).Format(time.RFC3339Nano), i%40, i+1, i%997)
		}
		pw.CloseWithError(w.Flush())
	}()
	return pr
}
