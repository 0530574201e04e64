package logs_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"tftsr/internal/audit"
	"tftsr/internal/logs"
	"tftsr/internal/store"
	"tftsr/internal/store/storetest"
)

const issueID = "issue-1"

// fakeClock advances by step on every call.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	step  time.Duration
	calls int
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	c.t = c.t.Add(c.step)
	return c.t
}

func newClock(step time.Duration) *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), step: step}
}

func addIssue(t testing.TB, db *store.DB, id string) {
	t.Helper()
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO issues(id, title, severity, status, created_at, updated_at)
			VALUES (?, 'disk full', 'high', 'open', '2026-01-02 03:04:05', '2026-01-02 03:04:05')`, id)
		return err
	})
	if err != nil {
		t.Fatalf("insert issue: %v", err)
	}
}

// setup returns a service over a fresh encrypted database holding issue issueID.
func setup(t testing.TB) (*logs.Service, *store.DB) {
	t.Helper()
	db := storetest.New(t)
	addIssue(t, db, issueID)
	clk := newClock(time.Millisecond)
	return logs.NewService(db, audit.New(clk.now), clk.now), db
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type member struct {
	name string
	data []byte // nil: a directory
}

func zipOf(t testing.TB, members []member) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, m := range members {
		f, err := w.Create(m.name)
		if err != nil {
			t.Fatal(err)
		}
		if m.data != nil {
			if _, err := f.Write(m.data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func tarOf(t testing.TB, members []member) []byte {
	t.Helper()
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, m := range members {
		h := &tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.data)), Typeflag: tar.TypeReg}
		if m.data == nil {
			h.Typeflag, h.Mode = tar.TypeDir, 0o755
		}
		if err := w.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// rowCounts counts the rows an ingest writes.
type rowCounts struct{ Files, Meta, Chunks, Splits, AuditAdds int }

func counts(t testing.TB, db *store.DB) rowCounts {
	t.Helper()
	var c rowCounts
	for _, q := range []struct {
		dst *int
		sql string
	}{
		{&c.Files, `SELECT count(*) FROM log_files`},
		{&c.Meta, `SELECT count(*) FROM log_file_meta`},
		{&c.Chunks, `SELECT count(*) FROM log_chunks`},
		{&c.Splits, `SELECT count(*) FROM log_split_lines`},
		{&c.AuditAdds, `SELECT count(*) FROM audit_log WHERE action = 'log.add'`},
	} {
		if err := db.Read().QueryRow(q.sql).Scan(q.dst); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	return c
}

// allLines reads every line of a log through Lines, in pages of page lines.
func allLines(t testing.TB, svc *logs.Service, id string, page int) []logs.Line {
	t.Helper()
	var out []logs.Line
	for from := 1; ; from += page {
		got, err := svc.Lines(context.Background(), id, from, page)
		if err != nil {
			t.Fatalf("Lines(%d, %d): %v", from, page, err)
		}
		if len(got) == 0 {
			return out
		}
		out = append(out, got...)
	}
}

func texts(ls []logs.Line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Text
	}
	return out
}
