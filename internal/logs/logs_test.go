package logs_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/keys"
	"tftsr/internal/logs"
	"tftsr/internal/store"
)

func utf16Bytes(s string, bigEndian bool) []byte {
	var b bytes.Buffer
	if bigEndian {
		b.Write([]byte{0xFE, 0xFF})
	} else {
		b.Write([]byte{0xFF, 0xFE})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			_ = binary.Write(&b, binary.BigEndian, u)
		} else {
			_ = binary.Write(&b, binary.LittleEndian, u)
		}
	}
	return b.Bytes()
}

func TestIngestEncodings(t *testing.T) {
	const text = "café au lait\r\nStraße 5 → ok\nlast line without newline"
	want := []string{"café au lait", "Straße 5 → ok", "last line without newline"}
	tests := []struct {
		name        string
		data        []byte
		wantEnc     string
		wantLines   []string
		wantInvalid int64
	}{
		{name: "utf-8", data: []byte(text), wantEnc: "utf-8", wantLines: want},
		{name: "utf-8 with BOM", data: append([]byte{0xEF, 0xBB, 0xBF}, text...), wantEnc: "utf-8", wantLines: want},
		{name: "utf-16le BOM", data: utf16Bytes(text, false), wantEnc: "utf-16le", wantLines: want},
		{name: "utf-16be BOM", data: utf16Bytes(text, true), wantEnc: "utf-16be", wantLines: want},
		{name: "latin-1", data: []byte("caf\xe9 au lait\nStra\xdfe 5\n"), wantEnc: "windows-1252",
			wantLines: []string{"café au lait", "Straße 5"}},
		{name: "invalid utf-8 replaced and counted", data: []byte("ok é ✓\nbad \xc3( and \xff end\n\xe2\x82\n"),
			wantEnc: "utf-8", wantLines: []string{"ok é ✓", "bad \uFFFD( and \uFFFD end", "\uFFFD\uFFFD"}, wantInvalid: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := setup(t)
			p := writeFile(t, t.TempDir(), "app.log", tt.data)
			res, err := svc.Ingest(context.Background(), issueID, []string{p}, logs.Options{}, nil)
			if err != nil {
				t.Fatalf("Ingest: %v", err)
			}
			if len(res) != 1 {
				t.Fatalf("results = %d, want 1", len(res))
			}
			r := res[0]
			type got struct {
				Enc     string
				Invalid int64
				Lines   int64
				Size    int64
				SHA     string
				MIME    string
			}
			if diff := cmp.Diff(got{tt.wantEnc, tt.wantInvalid, int64(len(tt.wantLines)), int64(len(tt.data)), sha(tt.data), "text/plain; charset=" + tt.wantEnc},
				got{r.Encoding, r.InvalidUTF8, r.Lines, r.Size, r.SHA256, r.MIMEType}); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantLines, texts(allLines(t, svc, r.LogFileID, 2))); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			info, err := svc.Info(context.Background(), r.LogFileID)
			if err != nil {
				t.Fatal(err)
			}
			if info.Encoding != tt.wantEnc || info.InvalidUTF8 != tt.wantInvalid || info.SHA256 != sha(tt.data) || info.FilePath != p || info.FileName != "app.log" {
				t.Errorf("Info = %+v", info)
			}
		})
	}
}

func TestIngestArchives(t *testing.T) {
	a := []byte("alpha 1\nalpha 2\n")
	b := []byte("beta 1\nbeta 2\nbeta 3\n")
	type logWant struct {
		Name, Member, SHA string
		Size, Lines       int64
		First             string
	}
	tests := []struct {
		name string
		file string
		data []byte
		want []logWant
	}{
		{name: "gzip", file: "app.log.gz", data: gz(t, a), want: []logWant{
			{Name: "app.log.gz", SHA: sha(gz(t, a)), Size: int64(len(gz(t, a))), Lines: 2, First: "alpha 1"}}},
		{name: "zip with two members and a directory", file: "bundle.zip",
			data: zipOf(t, []member{{name: "logs/"}, {name: "logs/a.log", data: a}, {name: "b.log", data: b}}),
			want: []logWant{
				{Name: "bundle.zip:logs/a.log", Member: "logs/a.log", SHA: sha(a), Size: int64(len(a)), Lines: 2, First: "alpha 1"},
				{Name: "bundle.zip:b.log", Member: "b.log", SHA: sha(b), Size: int64(len(b)), Lines: 3, First: "beta 1"}}},
		{name: "tar.gz with a directory", file: "bundle.tgz",
			data: gz(t, tarOf(t, []member{{name: "var/"}, {name: "var/a.log", data: a}, {name: "b.log", data: b}})),
			want: []logWant{
				{Name: "bundle.tgz:var/a.log", Member: "var/a.log", SHA: sha(a), Size: int64(len(a)), Lines: 2, First: "alpha 1"},
				{Name: "bundle.tgz:b.log", Member: "b.log", SHA: sha(b), Size: int64(len(b)), Lines: 3, First: "beta 1"}}},
		{name: "gzip detected by magic, not by name", file: "plain-name.log", data: gz(t, b), want: []logWant{
			{Name: "plain-name.log", SHA: sha(gz(t, b)), Size: int64(len(gz(t, b))), Lines: 3, First: "beta 1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, db := setup(t)
			p := writeFile(t, t.TempDir(), tt.file, tt.data)
			res, err := svc.Ingest(context.Background(), issueID, []string{p}, logs.Options{}, nil)
			if err != nil {
				t.Fatalf("Ingest: %v", err)
			}
			var got []logWant
			for _, r := range res {
				ls, err := svc.Lines(context.Background(), r.LogFileID, 1, 1)
				if err != nil || len(ls) != 1 {
					t.Fatalf("Lines: %v, %v", ls, err)
				}
				got = append(got, logWant{Name: r.FileName, Member: r.Member, SHA: r.SHA256, Size: r.Size, Lines: r.Lines, First: ls[0].Text})
				var dbName, dbHash string
				var dbSize int64
				if err := db.Read().QueryRow(`SELECT file_name, content_hash, file_size FROM log_files WHERE id = ?`, r.LogFileID).Scan(&dbName, &dbHash, &dbSize); err != nil {
					t.Fatal(err)
				}
				if dbName != r.FileName || dbHash != r.SHA256 || dbSize != r.Size {
					t.Errorf("stored row %q %q %d differs from result %+v", dbName, dbHash, dbSize, r)
				}
				if info, err := svc.Info(context.Background(), r.LogFileID); err != nil || info.Member != r.Member || info.Lines != r.Lines {
					t.Errorf("Info = %+v, %v; want member %q, %d lines", info, err, r.Member, r.Lines)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("logs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIngestRefusedLeavesNothing(t *testing.T) {
	good := []byte("fine line\n")
	textMiB := bytes.Repeat([]byte("aaaaaaaaaaaaaaa\n"), 1<<16) // 1 MiB of text
	corruptGz := gz(t, textMiB)
	corruptGz = corruptGz[:len(corruptGz)/2]
	badCRC := gz(t, good)
	badCRC[len(badCRC)-8] ^= 0xff
	bin := append([]byte("ELF header"), make([]byte, 100)...)
	ctrl := bytes.Repeat([]byte("ab\x01\x02\x03\x04"), 100) // 66% control characters, no NUL
	tests := []struct {
		name    string
		files   map[string][]byte // written in name order
		opts    logs.Options
		wantErr error
		wantMsg []string
	}{
		{name: "truncated gzip", files: map[string][]byte{"a.gz": corruptGz}, wantErr: apperr.ErrInvalid, wantMsg: []string{"a.gz", "corrupt", "gzip"}},
		{name: "gzip checksum mismatch", files: map[string][]byte{"a.gz": badCRC}, wantErr: apperr.ErrInvalid, wantMsg: []string{"a.gz", "corrupt", "gzip"}},
		{name: "corrupt zip", files: map[string][]byte{"a.zip": append([]byte("PK\x03\x04"), bytes.Repeat([]byte{7}, 200)...)},
			wantErr: apperr.ErrInvalid, wantMsg: []string{"a.zip", "corrupt", "zip"}},
		{name: "zip bomb over MaxExpanded", files: map[string][]byte{"bomb.zip": zipOf(t, []member{{name: "x.log", data: textMiB}})},
			opts: logs.Options{MaxExpanded: 256 << 10}, wantErr: apperr.ErrInvalid, wantMsg: []string{"bomb.zip", "262144 bytes", "decompressed size limit"}},
		{name: "gzip bomb over MaxExpanded", files: map[string][]byte{"bomb.gz": gz(t, textMiB)},
			opts: logs.Options{MaxExpanded: 256 << 10}, wantErr: apperr.ErrInvalid, wantMsg: []string{"bomb.gz", "262144 bytes", "decompressed size limit"}},
		{name: "gzip over the ratio limit", files: map[string][]byte{"ratio.gz": gz(t, textMiB)},
			opts: logs.Options{MaxRatio: 20, RatioGrace: 64 << 10}, wantErr: apperr.ErrInvalid, wantMsg: []string{"ratio.gz", "20:1", "ratio limit"}},
		{name: "binary with NUL", files: map[string][]byte{"core.bin": bin}, wantErr: apperr.ErrInvalid, wantMsg: []string{"core.bin", "not a text file"}},
		{name: "binary control characters", files: map[string][]byte{"ctl.dat": ctrl}, wantErr: apperr.ErrInvalid, wantMsg: []string{"ctl.dat", "not a text file"}},
		{name: "binary member in zip", files: map[string][]byte{"m.zip": zipOf(t, []member{{name: "ok.log", data: good}, {name: "x.bin", data: bin}})},
			wantErr: apperr.ErrInvalid, wantMsg: []string{"m.zip:x.bin", "not a text file"}},
		{name: "good file then binary file: neither stored", files: map[string][]byte{"1.log": good, "2.bin": bin},
			wantErr: apperr.ErrInvalid, wantMsg: []string{"2.bin", "not a text file"}},
		{name: "zip with only a directory", files: map[string][]byte{"d.zip": zipOf(t, []member{{name: "d/"}})},
			wantErr: apperr.ErrInvalid, wantMsg: []string{"d.zip", "holds no files"}},
		{name: "tar.gz with only a directory", files: map[string][]byte{"d.tgz": gz(t, tarOf(t, []member{{name: "d/"}}))},
			wantErr: apperr.ErrInvalid, wantMsg: []string{"d.tgz", "holds no files"}},
		{name: "over MaxFileSize", files: map[string][]byte{"big.log": textMiB}, opts: logs.Options{MaxFileSize: 1000},
			wantErr: apperr.ErrInvalid, wantMsg: []string{"big.log", "1000-byte file size limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, db := setup(t)
			dir := t.TempDir()
			var paths []string
			for _, n := range sortedKeys(tt.files) {
				paths = append(paths, writeFile(t, dir, n, tt.files[n]))
			}
			res, err := svc.Ingest(context.Background(), issueID, paths, tt.opts, nil)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Ingest = %v, %v; want %v", res, err, tt.wantErr)
			}
			for _, m := range tt.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
			if c := counts(t, db); c != (rowCounts{}) {
				t.Errorf("rows left behind: %+v", c)
			}
		})
	}
}

func sortedKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

func TestIngestBadInput(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.log", []byte("x\n"))
	missing := filepath.Join(dir, "nope.log")
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		issue   string
		paths   []string
		wantErr error
		wantMsg string
	}{
		{name: "missing file", issue: issueID, paths: []string{good, missing}, wantErr: apperr.ErrNotFound, wantMsg: missing},
		{name: "directory", issue: issueID, paths: []string{good, sub}, wantErr: apperr.ErrInvalid, wantMsg: sub + " is a directory"},
		{name: "no files", issue: issueID, paths: nil, wantErr: apperr.ErrInvalid, wantMsg: "no files"},
		{name: "unknown issue", issue: "no-such-issue", paths: []string{good}, wantErr: apperr.ErrNotFound, wantMsg: "no-such-issue"},
	}
	if os.Getuid() != 0 { // root reads anything
		unreadable := writeFile(t, dir, "secret.log", []byte("x\n"))
		if err := os.Chmod(unreadable, 0); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct {
			name    string
			issue   string
			paths   []string
			wantErr error
			wantMsg string
		}{name: "unreadable file", issue: issueID, paths: []string{good, unreadable}, wantErr: apperr.ErrInvalid, wantMsg: unreadable})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, db := setup(t)
			_, err := svc.Ingest(context.Background(), tt.issue, tt.paths, logs.Options{}, nil)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("Ingest error = %v; want %v mentioning %q", err, tt.wantErr, tt.wantMsg)
			}
			if c := counts(t, db); c != (rowCounts{}) {
				t.Errorf("rows written: %+v", c)
			}
		})
	}
}

func TestLongLinesAreSplitAndMarked(t *testing.T) {
	const mib = 1 << 20
	// A 1 MiB line stays whole; a line of 2 MiB + 10 bytes becomes 3 pieces. The 2-byte "é"
	// straddles the 1 MiB boundary, so the cut must move back to the rune start.
	exact := strings.Repeat("a", mib)
	long := strings.Repeat("b", mib-1) + "é" + strings.Repeat("c", mib+10-mib-1)
	long = long + strings.Repeat("d", 2*mib+10-len(long))
	data := "first\n" + exact + "\r\n" + long + "\nlast\n"
	svc, _ := setup(t)
	p := writeFile(t, t.TempDir(), "long.log", []byte(data))
	res, err := svc.Ingest(context.Background(), issueID, []string{p}, logs.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Lines != 6 || r.SplitLines != 2 {
		t.Errorf("Lines, SplitLines = %d, %d; want 6, 2", r.Lines, r.SplitLines)
	}
	got := allLines(t, svc, r.LogFileID, 4)
	type short struct {
		N         int
		Len       int
		Continued bool
	}
	var gotShort []short
	for _, l := range got {
		gotShort = append(gotShort, short{l.N, len(l.Text), l.Continued})
	}
	want := []short{{1, 5, false}, {2, mib, false}, {3, mib - 1, false}, {4, mib, true}, {5, 11, true}, {6, 4, false}}
	if diff := cmp.Diff(want, gotShort); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if len(got) == 6 {
		if joined := got[2].Text + got[3].Text + got[4].Text; joined != long {
			t.Errorf("pieces do not join back to the long line (len %d vs %d)", len(joined), len(long))
		}
		if got[1].Text != exact {
			t.Error("1 MiB line changed")
		}
	}
}

func TestEmptyFile(t *testing.T) {
	svc, db := setup(t)
	p := writeFile(t, t.TempDir(), "empty.log", nil)
	res, err := svc.Ingest(context.Background(), issueID, []string{p}, logs.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Lines != 0 || res[0].Size != 0 || res[0].SHA256 != sha(nil) {
		t.Errorf("result = %+v", res)
	}
	ls, err := svc.Lines(context.Background(), res[0].LogFileID, 1, 10)
	if err != nil || len(ls) != 0 {
		t.Errorf("Lines = %v, %v; want none", ls, err)
	}
	if c := counts(t, db); c != (rowCounts{Files: 1, Meta: 1, AuditAdds: 1}) {
		t.Errorf("rows = %+v", c)
	}
}

func TestCancelLeavesNothing(t *testing.T) {
	svc, db := setup(t)
	data := bytes.Repeat([]byte("2026-01-01 12:00:00 INFO something happened here\n"), 100_000) // ~5 MB
	p := writeFile(t, t.TempDir(), "big.log", data)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var first logs.Progress
	calls := 0
	_, err := svc.Ingest(ctx, issueID, []string{p}, logs.Options{ChunkLines: 100}, func(pr logs.Progress) {
		calls++
		if calls == 1 {
			first = pr
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Ingest error = %v, want context.Canceled", err)
	}
	if first.Done <= 0 || first.Done >= first.Total {
		t.Errorf("cancelled at %+v, want mid-way", first)
	}
	if c := counts(t, db); c != (rowCounts{}) {
		t.Errorf("rows left behind: %+v", c)
	}
}

func TestLinesPagingAcrossChunks(t *testing.T) {
	svc, db := setup(t)
	var b strings.Builder
	for i := 1; i <= 35; i++ {
		fmt.Fprintf(&b, "line %02d\n", i)
	}
	p := writeFile(t, t.TempDir(), "paged.log", []byte(b.String()))
	res, err := svc.Ingest(context.Background(), issueID, []string{p}, logs.Options{ChunkLines: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := res[0].LogFileID
	var chunks int
	if err := db.Read().QueryRow(`SELECT count(*) FROM log_chunks WHERE log_file_id = ?`, id).Scan(&chunks); err != nil || chunks != 4 {
		t.Fatalf("chunks = %d, %v; want 4", chunks, err)
	}
	lineTexts := func(from, to int) []string {
		var out []string
		for i := from; i <= to; i++ {
			out = append(out, fmt.Sprintf("line %02d", i))
		}
		return out
	}
	tests := []struct {
		name        string
		from, count int
		want        []string
		wantFirstN  int
	}{
		{name: "inside one chunk", from: 2, count: 3, want: lineTexts(2, 4), wantFirstN: 2},
		{name: "across a boundary", from: 8, count: 5, want: lineTexts(8, 12), wantFirstN: 8},
		{name: "across three chunks", from: 10, count: 12, want: lineTexts(10, 21), wantFirstN: 10},
		{name: "chunk start", from: 21, count: 1, want: lineTexts(21, 21), wantFirstN: 21},
		{name: "tail clipped", from: 33, count: 10, want: lineTexts(33, 35), wantFirstN: 33},
		{name: "past the end", from: 36, count: 5, want: nil},
		{name: "zero count", from: 1, count: 0, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.Lines(context.Background(), id, tt.from, tt.count)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, texts(got), cmp.Comparer(func(a, b []string) bool { return strings.Join(a, "|") == strings.Join(b, "|") })); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for i, l := range got {
				if l.N != tt.wantFirstN+i {
					t.Errorf("line %d has N %d, want %d", i, l.N, tt.wantFirstN+i)
				}
			}
		})
	}
	if _, err := svc.Lines(context.Background(), id, 0, 5); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("Lines(from 0) error = %v, want ErrInvalid", err)
	}
	if _, err := svc.Lines(context.Background(), "nope", 1, 5); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("Lines(unknown) error = %v, want ErrNotFound", err)
	}
	if _, err := svc.Info(context.Background(), "nope"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("Info(unknown) error = %v, want ErrNotFound", err)
	}
}

func TestSearch(t *testing.T) {
	svc, _ := setup(t)
	var b strings.Builder
	for i := 1; i <= 50; i++ {
		switch {
		case i%7 == 0:
			fmt.Fprintf(&b, "%d ERROR disk full, Error again\n", i)
		case i == 20:
			b.WriteString("Straße error: ÉCHEC\n")
		default:
			fmt.Fprintf(&b, "%d info fine\n", i)
		}
	}
	p := writeFile(t, t.TempDir(), "s.log", []byte(b.String()))
	res, err := svc.Ingest(context.Background(), issueID, []string{p}, logs.Options{ChunkLines: 8}, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := res[0].LogFileID
	tests := []struct {
		query string
		limit int
		want  []int
	}{
		{query: "error", want: []int{7, 14, 20, 21, 28, 35, 42, 49}},
		{query: "ERROR", limit: 3, want: []int{7, 14, 20}},
		{query: "échec", want: []int{20}},
		{query: "1 info", want: []int{1, 11, 31, 41}},
		{query: "absent", want: []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, err := svc.Search(context.Background(), id, tt.query, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, err := svc.Search(context.Background(), id, "", 0); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("empty query error = %v, want ErrInvalid", err)
	}
	if _, err := svc.Search(context.Background(), id, "a\nb", 0); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("two-line query error = %v, want ErrInvalid", err)
	}
}

func TestContentNotPlaintextOnDisk(t *testing.T) {
	const marker = "ZZ-LOG-CANARY-91c2-plaintext"
	ctx := context.Background()
	dbDir, srcDir := t.TempDir(), t.TempDir()
	var raw [32]byte
	copy(raw[:], "0123456789abcdef0123456789abcdef")
	db, err := store.Open(ctx, store.Options{Path: filepath.Join(dbDir, "tftsr.db"), Key: keys.NewRawKey(keys.SourceKeyring, raw)})
	if err != nil {
		t.Fatal(err)
	}
	addIssue(t, db, issueID)
	// The marker is also in the file name, which is stored uncompressed: without encryption the
	// scan below would find it.
	name := marker + ".log"
	p := writeFile(t, srcDir, name, []byte(strings.Repeat("user=alice "+marker+"\n", 50)))
	svc := logs.NewService(db, audit.New(nil), nil)
	res, err := svc.Ingest(ctx, issueID, []string{p}, logs.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ls, err := svc.Lines(ctx, res[0].LogFileID, 50, 1); err != nil || len(ls) != 1 || !strings.Contains(ls[0].Text, marker) {
		t.Fatalf("content not readable back: %v, %v", ls, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{dbDir, srcDir} {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if dir == srcDir && e.Name() != name {
				t.Errorf("unexpected file %s next to the user's log", e.Name())
			}
			if dir == dbDir {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(b, []byte(marker)) || bytes.Contains(b, []byte("user=alice")) {
					t.Errorf("%s contains plaintext log content", e.Name())
				}
			}
		}
	}
}

func TestProgressThrottledAndMonotonic(t *testing.T) {
	db := func() *store.DB { _, db := setup(t); return db }()
	clk := newClock(10 * time.Millisecond)
	svc := logs.NewService(db, audit.New(nil), clk.now)
	dir := t.TempDir()
	a := bytes.Repeat([]byte("0123456789 abcdefghij klmnopqrst uvwxyz\n"), 100_000) // 4 MB
	b := bytes.Repeat([]byte("second file line\n"), 50_000)
	paths := []string{writeFile(t, dir, "a.log", a), writeFile(t, dir, "b.log", gz(t, b))}
	total := int64(len(a)) + int64(len(gz(t, b)))
	var got []logs.Progress
	if _, err := svc.Ingest(context.Background(), issueID, paths, logs.Options{}, func(p logs.Progress) { got = append(got, p) }); err != nil {
		t.Fatal(err)
	}
	if len(got) < 3 {
		t.Fatalf("progress calls = %d, want intermediate ones and a final one", len(got))
	}
	elapsed := time.Duration(clk.calls) * clk.step
	if maxCalls := int(elapsed/logs.ProgressInterval) + 2; len(got) > maxCalls {
		t.Errorf("progress calls = %d over %v of clock time, want ≤ %d", len(got), elapsed, maxCalls)
	}
	for i, p := range got {
		if p.Seq != int64(i+1) {
			t.Errorf("call %d Seq = %d", i, p.Seq)
		}
		if p.Total != total {
			t.Errorf("call %d Total = %d, want %d", i, p.Total, total)
		}
		if i > 0 && p.Done < got[i-1].Done {
			t.Errorf("Done went backwards: %d after %d", p.Done, got[i-1].Done)
		}
	}
	if last := got[len(got)-1]; last.Done != total {
		t.Errorf("final Done = %d, want %d", last.Done, total)
	}
}

func TestDeleteIssueCascades(t *testing.T) {
	svc, db := setup(t)
	addIssue(t, db, "other")
	dir := t.TempDir()
	long := strings.Repeat("x", 300)
	p := writeFile(t, dir, "a.log", []byte("one\n"+long+"\nthree\n"))
	opts := logs.Options{MaxLineBytes: 100, ChunkLines: 2}
	if _, err := svc.Ingest(context.Background(), issueID, []string{p}, opts, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Ingest(context.Background(), "other", []string{p}, opts, nil); err != nil {
		t.Fatal(err)
	}
	before := counts(t, db)
	if before.Files != 2 || before.Chunks != 6 || before.Splits != 4 || before.Meta != 2 {
		t.Fatalf("before delete: %+v", before)
	}
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`DELETE FROM issues WHERE id = ?`, issueID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := rowCounts{Files: 1, Meta: 1, Chunks: 3, Splits: 2, AuditAdds: 2}
	if diff := cmp.Diff(want, counts(t, db)); diff != "" {
		t.Errorf("after delete (-want +got):\n%s", diff)
	}
}

func TestIngestReader(t *testing.T) {
	tests := []struct {
		name      string
		data      []byte
		size      int64
		opts      logs.Options
		wantErr   error
		wantLines []string
	}{
		{name: "pasted text", data: []byte("pasted one\npasted two"), size: 21, wantLines: []string{"pasted one", "pasted two"}},
		{name: "unknown size over the limit while streaming", data: bytes.Repeat([]byte("z\n"), 5000), size: -1,
			opts: logs.Options{MaxFileSize: 4096}, wantErr: apperr.ErrInvalid},
		{name: "declared size over the limit", data: []byte("x"), size: 5000, opts: logs.Options{MaxFileSize: 4096}, wantErr: apperr.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, db := setup(t)
			// A plain io.Reader (no ReaderAt): the stream path.
			res, err := svc.IngestReader(context.Background(), issueID, "pasted.txt", readerOnly{bytes.NewReader(tt.data)}, tt.size, tt.opts, nil)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("IngestReader error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), "pasted.txt") || !strings.Contains(err.Error(), "4096-byte") {
					t.Errorf("error %q does not name the input and the limit", err)
				}
				if c := counts(t, db); c != (rowCounts{}) {
					t.Errorf("rows left: %+v", c)
				}
				return
			}
			if diff := cmp.Diff(tt.wantLines, texts(allLines(t, svc, res[0].LogFileID, 10))); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if res[0].SHA256 != sha(tt.data) || res[0].FileName != "pasted.txt" {
				t.Errorf("result = %+v", res[0])
			}
		})
	}
}

func TestIngestReaderZip(t *testing.T) {
	z := zipOf(t, []member{{name: "a.log", data: []byte("one\n")}, {name: "b.log", data: []byte("two\nthree\n")}})
	t.Run("with ReaderAt", func(t *testing.T) {
		svc, _ := setup(t)
		res, err := svc.IngestReader(context.Background(), issueID, "up.zip", bytes.NewReader(z), int64(len(z)), logs.Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res {
			got = append(got, fmt.Sprintf("%s:%d", r.FileName, r.Lines))
		}
		if diff := cmp.Diff([]string{"up.zip:a.log:1", "up.zip:b.log:2"}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("stream only", func(t *testing.T) {
		svc, db := setup(t)
		_, err := svc.IngestReader(context.Background(), issueID, "up.zip", readerOnly{bytes.NewReader(z)}, int64(len(z)), logs.Options{}, nil)
		if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), "up.zip") {
			t.Fatalf("error = %v, want ErrInvalid naming up.zip", err)
		}
		if c := counts(t, db); c != (rowCounts{}) {
			t.Errorf("rows left: %+v", c)
		}
	})
}

type readerOnly struct {
	r interface{ Read([]byte) (int, error) }
}

func (r readerOnly) Read(p []byte) (int, error) { return r.r.Read(p) }

func TestAuditDetailsHoldNoContent(t *testing.T) {
	svc, db := setup(t)
	data := []byte("secret-token=hunter2\n")
	p := writeFile(t, t.TempDir(), "a.log", data)
	res, err := svc.Ingest(context.Background(), issueID, []string{p}, logs.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := audit.List(context.Background(), db.Read(), res[0].LogFileID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Action != "log.add" {
		t.Fatalf("audit entries = %+v", entries)
	}
	var details map[string]any
	if err := json.Unmarshal([]byte(entries[0].Details), &details); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"log_file_id": res[0].LogFileID, "sha256": sha(data), "bytes": float64(len(data)), "lines": float64(1)}
	if diff := cmp.Diff(want, details); diff != "" {
		t.Errorf("details (-want +got):\n%s", diff)
	}
	if strings.Contains(entries[0].Details, "hunter2") {
		t.Error("audit details contain log content")
	}
}
