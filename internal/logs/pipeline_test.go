package logs_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"tftsr/internal/logs"
	"tftsr/internal/store"
)

func writerCacheSize(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var n int64
	if err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		return tx.QueryRow(`PRAGMA cache_size`).Scan(&n)
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// The ingest shrinks the writer's page cache while it runs; the store's setting must be back
// afterwards, whether the ingest succeeded, failed or was cancelled.
func TestIngestRestoresWriterCache(t *testing.T) {
	svc, db := setup(t)
	want := writerCacheSize(t, db)
	dir := t.TempDir()
	data := bytes.Repeat([]byte("2026-01-01 12:00:00 INFO something happened here\n"), 100_000)
	p := writeFile(t, dir, "big.log", data)

	if _, err := svc.Ingest(context.Background(), issueID, []string{p}, logs.Options{ChunkLines: 100}, nil); err != nil {
		t.Fatal(err)
	}
	if got := writerCacheSize(t, db); got != want {
		t.Errorf("after ingest: cache_size = %d, want %d", got, want)
	}

	bin := writeFile(t, dir, "bin.log", append(bytes.Repeat([]byte("ok line\n"), 10), 0, 1, 2))
	if _, err := svc.Ingest(context.Background(), issueID, []string{p, bin}, logs.Options{}, nil); err == nil {
		t.Fatal("ingest of a binary file succeeded")
	}
	if got := writerCacheSize(t, db); got != want {
		t.Errorf("after failed ingest: cache_size = %d, want %d", got, want)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	_, err := svc.Ingest(ctx, issueID, []string{p}, logs.Options{ChunkLines: 100}, func(logs.Progress) {
		if calls++; calls == 1 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Ingest error = %v, want context.Canceled", err)
	}
	if got := writerCacheSize(t, db); got != want {
		t.Errorf("after cancelled ingest: cache_size = %d, want %d", got, want)
	}
}

// Many chunks, several logs (archive members) and split lines in one ingest: every chunk is
// stored, in order, with the right line numbers, whichever compressor finishes first.
func TestIngestPipelineOrder(t *testing.T) {
	svc, db := setup(t)
	var b strings.Builder
	for i := 1; i <= 5000; i++ {
		if i%997 == 0 {
			fmt.Fprintf(&b, "line %05d %s\n", i, strings.Repeat("x", 250))
			continue
		}
		fmt.Fprintf(&b, "line %05d\n", i)
	}
	text := []byte(b.String())
	p := writeFile(t, t.TempDir(), "logs.tar", tarOf(t, []member{{"a.log", text}, {"b.log", text}, {"c.log", text}}))
	res, err := svc.Ingest(context.Background(), issueID, []string{p}, logs.Options{ChunkLines: 7, MaxLineBytes: 100}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("results = %d, want 3", len(res))
	}
	for _, r := range res {
		got := allLines(t, svc, r.LogFileID, 333)
		n, splits := 0, 0
		for _, l := range got {
			if l.Continued {
				splits++
				continue
			}
			n++
			if !strings.HasPrefix(l.Text, fmt.Sprintf("line %05d", n)) {
				t.Fatalf("%s line %d = %q", r.Member, l.N, l.Text)
			}
		}
		if n != 5000 || splits != 5*2 || int64(len(got)) != r.Lines || r.SplitLines != 10 {
			t.Errorf("%s: %d lines, %d splits; result %+v", r.Member, n, splits, r)
		}
	}
	if c := counts(t, db); c.Splits != 30 || c.Files != 3 {
		t.Errorf("rows = %+v", c)
	}
}
