// Package logs ingests log files into the encrypted database and reads them back for the viewer.
//
// Ingestion is streamed: a file is never held in memory whole. The original bytes are hashed
// (SHA-256) and counted as they are read; gzip, zip and tar(.gz) input is recognised by its magic
// bytes and expanded member by member under a zip-bomb guard (total expanded size and expansion
// ratio); the text is converted to UTF-8 (UTF-8, UTF-16 LE/BE with BOM, otherwise Windows-1252),
// split into lines (over-long lines are cut into MaxLineBytes pieces, the continuations recorded
// in log_split_lines) and stored in log_chunks as compress/flate blobs of ~4096 lines or ~256 KiB.
// Chunks are compressed by two goroutines and inserted, in order, by a third (pipeline.go), with a
// fixed number of chunk buffers in flight, so memory does not grow with the file.
// Nothing is ever written next to the user's file or to any other place on disk.
//
// One Ingest call runs in ONE database transaction: either every file of the call is stored
// (with its log.add audit entry) or, on any error or cancellation, nothing is. A very large
// ingest therefore grows the WAL by about the stored (compressed) size until the transaction
// commits and the next checkpoint runs; other writers wait for the writer connection meanwhile.
package logs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/store"
)

// Defaults for Options.
const (
	DefaultMaxFileSize  int64 = 4 << 30
	DefaultMaxExpanded  int64 = 4 << 30
	DefaultMaxRatio           = 200
	DefaultRatioGrace   int64 = 10 << 20
	DefaultMaxLineBytes       = 1 << 20
	DefaultChunkLines         = 4096
	DefaultChunkBytes         = 256 << 10
	// ProgressInterval is the minimum time between two progress reports (≤ 10/s).
	ProgressInterval = 100 * time.Millisecond
)

// Options tune one ingest. Zero values take the defaults above.
type Options struct {
	MaxFileSize  int64 // largest accepted input (original bytes) per file
	MaxExpanded  int64 // largest total decompressed size of one compressed input
	MaxRatio     int64 // largest decompressed:compressed ratio …
	RatioGrace   int64 // … enforced once this many bytes have been decompressed
	MaxLineBytes int   // longer lines are split into pieces of at most this many bytes
	ChunkLines   int   // a chunk is closed after this many lines …
	ChunkBytes   int   // … or this many bytes of text, whichever comes first
}

func (o Options) withDefaults() Options {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.MaxExpanded <= 0 {
		o.MaxExpanded = DefaultMaxExpanded
	}
	if o.MaxRatio <= 0 {
		o.MaxRatio = DefaultMaxRatio
	}
	if o.RatioGrace <= 0 {
		o.RatioGrace = DefaultRatioGrace
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxLineBytes < 4 {
		o.MaxLineBytes = 4 // room for one rune
	}
	if o.ChunkLines <= 0 {
		o.ChunkLines = DefaultChunkLines
	}
	if o.ChunkBytes <= 0 {
		o.ChunkBytes = DefaultChunkBytes
	}
	return o
}

// Progress reports how many input bytes have been read. Seq increases by one with every report.
type Progress struct {
	Done  int64 `json:"done"`
	Total int64 `json:"total"`
	Seq   int64 `json:"seq"`
}

// Result describes one stored log.
type Result struct {
	LogFileID   string `json:"logFileId"`
	FileName    string `json:"fileName"`
	FilePath    string `json:"filePath"`
	Member      string `json:"member,omitempty"` // member name inside an archive
	Size        int64  `json:"size"`             // original bytes (the member's bytes for archive members)
	MIMEType    string `json:"mimeType"`
	SHA256      string `json:"sha256"`
	Encoding    string `json:"encoding"`
	Lines       int64  `json:"lines"`
	TextBytes   int64  `json:"textBytes"`
	InvalidUTF8 int64  `json:"invalidUtf8"` // invalid UTF-8 sequences replaced with U+FFFD
	SplitLines  int64  `json:"splitLines"`  // continuation pieces of over-long lines
}

// Service ingests and reads logs.
type Service struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
	cache chunkCache // decompressed chunks recently read by Lines
}

// NewService builds a Service; now is the clock (time.Now when nil), also used to throttle progress.
func NewService(db *store.DB, log *audit.Log, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, audit: log, now: now}
}

// source is one input of an ingest call.
type source struct {
	name string // display name (base name of the path, or the caller's name)
	path string // file_path column
	size int64  // stat size, -1 when unknown
	open func() (io.Reader, io.ReaderAt, func() error, error)
}

// Ingest stores the files at paths as logs of issue issueID, all of them or none. Every path is
// checked (exists, is a regular readable file, within MaxFileSize) before anything is written.
func (s *Service) Ingest(ctx context.Context, issueID string, paths []string, opts Options, progress func(Progress)) ([]Result, error) {
	opts = opts.withDefaults()
	if len(paths) == 0 {
		return nil, fmt.Errorf("logs: ingest: no files given: %w", apperr.ErrInvalid)
	}
	srcs := make([]source, 0, len(paths))
	for _, p := range paths {
		src, err := checkPath(p, opts)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, src)
	}
	return s.ingest(ctx, issueID, srcs, opts, progress)
}

// IngestReader stores the content of r (pasted text, stdin …) as a log named name. size is the
// expected length for progress (≤ 0 when unknown); MaxFileSize is enforced while reading. A zip
// archive can only be read from an r that also implements io.ReaderAt with a known size.
func (s *Service) IngestReader(ctx context.Context, issueID, name string, r io.Reader, size int64, opts Options, progress func(Progress)) ([]Result, error) {
	opts = opts.withDefaults()
	if name == "" {
		return nil, fmt.Errorf("logs: ingest: empty name: %w", apperr.ErrInvalid)
	}
	if r == nil {
		return nil, fmt.Errorf("logs: ingest %s: no content: %w", name, apperr.ErrInvalid)
	}
	if size > opts.MaxFileSize {
		return nil, fmt.Errorf("logs: %s is %d bytes, over the %d-byte file size limit: %w", name, size, opts.MaxFileSize, apperr.ErrInvalid)
	}
	if size <= 0 {
		size = -1
	}
	var ra io.ReaderAt
	if x, ok := r.(io.ReaderAt); ok && size > 0 {
		ra = x
	}
	src := source{name: name, path: "", size: size, open: func() (io.Reader, io.ReaderAt, func() error, error) {
		return r, ra, func() error { return nil }, nil
	}}
	return s.ingest(ctx, issueID, []source{src}, opts, progress)
}

// checkPath validates one path without reading its content.
func checkPath(p string, opts Options) (source, error) {
	if p == "" {
		return source{}, fmt.Errorf("logs: empty file path: %w", apperr.ErrInvalid)
	}
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return source{}, fmt.Errorf("logs: file %s does not exist: %w", p, apperr.ErrNotFound)
	}
	if err != nil {
		return source{}, fmt.Errorf("logs: cannot read %s: %v: %w", p, err, apperr.ErrInvalid)
	}
	if fi.IsDir() {
		return source{}, fmt.Errorf("logs: %s is a directory, not a log file: %w", p, apperr.ErrInvalid)
	}
	if !fi.Mode().IsRegular() {
		return source{}, fmt.Errorf("logs: %s is not a regular file: %w", p, apperr.ErrInvalid)
	}
	if fi.Size() > opts.MaxFileSize {
		return source{}, fmt.Errorf("logs: %s is %d bytes, over the %d-byte file size limit: %w", p, fi.Size(), opts.MaxFileSize, apperr.ErrInvalid)
	}
	f, err := os.Open(p)
	if err != nil {
		return source{}, fmt.Errorf("logs: cannot read %s: %v: %w", p, err, apperr.ErrInvalid)
	}
	_ = f.Close()
	return source{name: filepath.Base(p), path: p, size: fi.Size(), open: func() (io.Reader, io.ReaderAt, func() error, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("logs: cannot read %s: %v: %w", p, err, apperr.ErrInvalid)
		}
		return f, f, f.Close, nil
	}}, nil
}

func (s *Service) ingest(ctx context.Context, issueID string, srcs []source, opts Options, progress func(Progress)) ([]Result, error) {
	if err := s.issueExists(ctx, issueID); err != nil {
		return nil, err
	}
	var total int64
	for _, src := range srcs {
		if src.size > 0 {
			total += src.size
		}
	}
	rep := newReporter(s.now, progress, total)
	var results []Result
	var cache cacheSize
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		in := &ingester{s: s, ctx: ctx, tx: tx, opts: opts, issueID: issueID, rep: rep}
		if err := in.shrinkCache(&cache); err != nil {
			return err
		}
		defer in.restoreCache(&cache)
		in.pipe = newPipeline(in)
		defer in.pipe.close() // before the transaction ends (and before restore): nothing may use tx afterwards
		for _, src := range srcs {
			if err := in.source(src); err != nil {
				return err
			}
		}
		results = in.results
		return nil
	})
	if cache.changed { // the transaction was already gone (cancelled): restore on the same connection
		_ = s.db.Tx(context.WithoutCancel(ctx), func(tx *sql.Tx) error { return setCacheSize(context.Background(), tx, cache.prev) })
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("logs: ingest cancelled: %w", errors.Join(ctxErr, err))
		}
		return nil, err
	}
	rep.final()
	if results == nil {
		results = []Result{}
	}
	return results, nil
}

func (s *Service) issueExists(ctx context.Context, issueID string) error {
	if issueID == "" {
		return fmt.Errorf("logs: empty issue id: %w", apperr.ErrInvalid)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var n int
	if err := s.db.Read().QueryRowContext(ctx, `SELECT count(*) FROM issues WHERE id = ?`, issueID).Scan(&n); err != nil {
		return fmt.Errorf("logs: look up issue %q: %v: %w", issueID, err, apperr.ErrStorage)
	}
	if n == 0 {
		return fmt.Errorf("logs: issue %q: %w", issueID, apperr.ErrNotFound)
	}
	return nil
}

// reporter throttles progress callbacks to one per ProgressInterval, plus a final one.
type reporter struct {
	now   func() time.Time
	fn    func(Progress)
	total int64
	done  int64
	seq   int64
	last  time.Time
	sent  bool
}

func newReporter(now func() time.Time, fn func(Progress), total int64) *reporter {
	return &reporter{now: now, fn: fn, total: total}
}

// set moves Done to done (never backwards) and reports when the interval has passed.
func (r *reporter) set(done int64) {
	if r.fn == nil || done <= r.done {
		return
	}
	r.done = done
	if r.total > 0 && r.done > r.total {
		r.total = r.done
	}
	t := r.now()
	if r.sent && t.Sub(r.last) < ProgressInterval {
		return
	}
	r.sent, r.last = true, t
	r.emit()
}

func (r *reporter) emit() {
	r.seq++
	total := r.total
	if total <= 0 {
		total = r.done
	}
	r.fn(Progress{Done: r.done, Total: total, Seq: r.seq})
}

func (r *reporter) final() {
	if r.fn == nil {
		return
	}
	if r.total > r.done {
		r.done = r.total
	}
	r.total = r.done
	r.emit()
}
