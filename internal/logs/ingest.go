package logs

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"path"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/store"
	"tftsr/internal/timeline"
)

const (
	readBufSize = 64 << 10
	sniffSize   = 512     // http.DetectContentType looks at this many bytes
	sampleSize  = 8 << 10 // encoding and binary detection look at this many bytes
)

// ingester carries the state of one Ingest call (one transaction).
type ingester struct {
	s       *Service
	ctx     context.Context
	tx      *sql.Tx
	opts    Options
	issueID string
	rep     *reporter
	base    int64 // progress of the sources before the current one
	abort   error // a limit or cancellation error raised inside a reader chain
	results []Result

	pipe     *pipeline // compresses and stores the chunks
	insChunk *sql.Stmt // used by the pipeline's writer only
	insSplit *sql.Stmt // used by the pipeline's writer only
	line     []byte
}

// fail records err as the reason to stop, so that it survives readers (gzip, flate, tar,
// x/text) that would otherwise replace it with their own error.
func (in *ingester) fail(err error) error {
	if in.abort == nil {
		in.abort = err
	}
	return in.abort
}

// readErr turns an error from a reader chain into the error to return: an earlier abort or
// cancellation wins; errors already classified pass; anything else means corrupt kind data.
func (in *ingester) readErr(name, kind string, err error) error {
	if in.abort != nil {
		return in.abort
	}
	if ctxErr := in.ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if errors.Is(err, apperr.ErrInvalid) || errors.Is(err, apperr.ErrNotFound) || errors.Is(err, apperr.ErrStorage) {
		return err
	}
	if kind == "" {
		return fmt.Errorf("logs: cannot read %s: %v: %w", name, err, apperr.ErrInvalid)
	}
	return fmt.Errorf("logs: %s: corrupt, truncated or unsupported %s data: %v: %w", name, kind, err, apperr.ErrInvalid)
}

// countReader counts (and limits) the bytes read from a source and checks cancellation.
type countReader struct {
	in     *ingester
	r      io.Reader
	name   string
	n      int64
	limit  int64
	onRead func(n int64)
}

func (c *countReader) Read(p []byte) (int, error) {
	if err := c.in.ctx.Err(); err != nil {
		return 0, c.in.fail(err)
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.limit > 0 && c.n > c.limit {
		return 0, c.in.fail(fmt.Errorf("logs: %s is over the %d-byte file size limit: %w", c.name, c.limit, apperr.ErrInvalid))
	}
	if n > 0 && c.onRead != nil {
		c.onRead(c.n)
	}
	return n, err
}

// countReaderAt counts the bytes read through ReadAt (zip archives) and checks cancellation.
type countReaderAt struct {
	in     *ingester
	r      io.ReaderAt
	n      int64
	onRead func(n int64)
}

func (c *countReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if err := c.in.ctx.Err(); err != nil {
		return 0, c.in.fail(err)
	}
	n, err := c.r.ReadAt(p, off)
	c.n += int64(n)
	if n > 0 && c.onRead != nil {
		c.onRead(c.n)
	}
	return n, err
}

// expandGuard counts decompressed bytes of one compressed input (all its members) and refuses
// more than MaxExpanded in total, or a ratio over MaxRatio once RatioGrace bytes were expanded.
type expandGuard struct {
	in         *ingester
	r          io.Reader
	name, kind string
	compressed func() int64
	expanded   *int64
}

func (g *expandGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	*g.expanded += int64(n)
	o := g.in.opts
	if *g.expanded > o.MaxExpanded {
		return 0, g.in.fail(fmt.Errorf("logs: %s expands to more than %d bytes (the decompressed size limit); refusing a possible zip bomb: %w",
			g.name, o.MaxExpanded, apperr.ErrInvalid))
	}
	if c := g.compressed(); *g.expanded > o.RatioGrace && *g.expanded > o.MaxRatio*max(c, 1) {
		return 0, g.in.fail(fmt.Errorf("logs: %s expands more than %d:1 (the compression ratio limit, enforced after the first %d bytes); refusing a possible zip bomb: %w",
			g.name, o.MaxRatio, o.RatioGrace, apperr.ErrInvalid))
	}
	if err != nil && err != io.EOF {
		return n, g.in.readErr(g.name, g.kind, err)
	}
	return n, err
}

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

func isZip(b []byte) bool {
	return len(b) >= 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 && b[3] == 4 || b[2] == 5 && b[3] == 6)
}

func isTar(b []byte) bool { return len(b) >= 262 && string(b[257:262]) == "ustar" }

// peek returns up to n bytes without consuming them.
func peek(br *bufio.Reader, n int) ([]byte, error) {
	b, err := br.Peek(n)
	if err == io.EOF || errors.Is(err, bufio.ErrBufferFull) {
		err = nil
	}
	return b, err
}

// source ingests one input: a text file, a gzip file, a zip or a (gzipped) tar archive.
func (in *ingester) source(src source) error {
	r, ra, closeFn, err := src.open()
	if err != nil {
		return err
	}
	defer closeFn()
	base := in.base
	progress := func(n int64) {
		if src.size > 0 {
			n = min(n, src.size)
		}
		in.rep.set(base + n)
	}
	cr := &countReader{in: in, r: r, name: src.name, limit: in.opts.MaxFileSize, onRead: progress}
	sum := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(cr, sum), readBufSize)
	head, err := peek(br, sniffSize)
	if err != nil {
		return in.readErr(src.name, "", err)
	}
	mime := http.DetectContentType(head)

	switch {
	case isZip(head):
		if ra == nil {
			return fmt.Errorf("logs: %s is a zip archive, which cannot be read from a stream; add it as a file: %w", src.name, apperr.ErrInvalid)
		}
		cra := &countReaderAt{in: in, r: ra, onRead: progress}
		err = in.zip(src, cra)
		in.base = base + max(src.size, cra.n)
		return err
	case isGzip(head):
		gz, err := gzip.NewReader(br)
		if err != nil {
			return in.readErr(src.name, "gzip", err)
		}
		var expanded int64
		g := &expandGuard{in: in, r: gz, name: src.name, kind: "gzip", expanded: &expanded,
			compressed: func() int64 { return cr.n }}
		gb := bufio.NewReaderSize(g, readBufSize)
		inner, err := peek(gb, sniffSize)
		if err != nil {
			return in.readErr(src.name, "gzip", err)
		}
		if isTar(inner) {
			err = in.tar(src, gb)
		} else {
			err = in.log(logSpec{name: src.name, path: src.path, mime: mime}, gb, func() (string, int64, error) {
				if _, err := io.Copy(io.Discard, br); err != nil { // trailing bytes belong to the hash too
					return "", 0, in.readErr(src.name, "", err)
				}
				return hex.EncodeToString(sum.Sum(nil)), cr.n, nil
			})
		}
		if err != nil {
			return err
		}
	case isTar(head):
		if err := in.tar(src, br); err != nil {
			return err
		}
	default:
		err := in.log(logSpec{name: src.name, path: src.path}, br, func() (string, int64, error) {
			return hex.EncodeToString(sum.Sum(nil)), cr.n, nil
		})
		if err != nil {
			return err
		}
	}
	in.base = base + max(src.size, cr.n)
	return nil
}

// memberReader hashes and counts one archive member's bytes.
type memberReader struct {
	r   io.Reader
	sum hash.Hash
	n   int64
}

func (m *memberReader) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	m.sum.Write(p[:n])
	m.n += int64(n)
	return n, err
}

func (in *ingester) member(src source, name string, r io.Reader) error {
	mr := &memberReader{r: r, sum: sha256.New()}
	br := bufio.NewReaderSize(mr, readBufSize)
	return in.log(logSpec{name: src.name + ":" + name, path: src.path, member: name}, br, func() (string, int64, error) {
		if _, err := io.Copy(io.Discard, br); err != nil {
			return "", 0, in.readErr(src.name, "", err)
		}
		return hex.EncodeToString(mr.sum.Sum(nil)), mr.n, nil
	})
}

func (in *ingester) zip(src source, ra *countReaderAt) error {
	zr, err := zip.NewReader(ra, src.size)
	if err != nil {
		return in.readErr(src.name, "zip", err)
	}
	var expanded int64
	stored := 0
	for _, f := range zr.File {
		if err := in.ctx.Err(); err != nil {
			return err
		}
		if f.FileInfo().IsDir() || !f.Mode().IsRegular() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return in.readErr(src.name+":"+f.Name, "zip", err)
		}
		g := &expandGuard{in: in, r: rc, name: src.name, kind: "zip", expanded: &expanded,
			compressed: func() int64 { return ra.n }}
		err = in.member(src, f.Name, g)
		_ = rc.Close()
		if err != nil {
			return err
		}
		stored++
	}
	if stored == 0 {
		return fmt.Errorf("logs: %s: the zip archive holds no files: %w", src.name, apperr.ErrInvalid)
	}
	return nil
}

func (in *ingester) tar(src source, r io.Reader) error {
	tr := tar.NewReader(r)
	stored := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			if stored == 0 {
				return fmt.Errorf("logs: %s: the tar archive holds no files: %w", src.name, apperr.ErrInvalid)
			}
			return nil
		}
		if err != nil {
			return in.readErr(src.name, "tar", err)
		}
		if !h.FileInfo().Mode().IsRegular() {
			continue
		}
		if err := in.member(src, path.Clean(h.Name), tr); err != nil {
			return err
		}
		stored++
	}
}

// logSpec names one log to store.
type logSpec struct {
	name   string // file_name
	path   string // file_path
	member string // archive member, "" for a plain or gzip file
	mime   string // mime_type of the original bytes ("" → detected from the content)
}

// log stores one log read from r. finish is called after r is exhausted and returns the
// content hash and size of the original bytes.
func (in *ingester) log(spec logSpec, r *bufio.Reader, finish func() (string, int64, error)) error {
	sample, err := peek(r, sampleSize)
	if err != nil {
		return in.readErr(spec.name, "", err)
	}
	mime := spec.mime
	sniffed := http.DetectContentType(sample[:min(len(sample), sniffSize)])
	enc := detectEncoding(sample, len(sample) < sampleSize)
	var invalid int64
	dr, err := decoder(enc, r, &invalid)
	if err != nil {
		return in.readErr(spec.name, "", err)
	}
	tr := bufio.NewReaderSize(dr, readBufSize)
	text, err := peek(tr, sampleSize)
	if err != nil {
		return in.readErr(spec.name, "", err)
	}
	if isBinary(text) {
		return fmt.Errorf("logs: %s is not a text file (it looks binary, detected as %s); only text logs can be added: %w",
			spec.name, sniffed, apperr.ErrInvalid)
	}
	if mime == "" {
		mime = "text/plain; charset=" + enc
	}

	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("logs: new id: %w", err)
	}
	logID := id.String()
	if _, err := in.tx.ExecContext(in.ctx, `INSERT INTO log_files
		(id, issue_id, file_name, file_path, file_size, mime_type, content_hash, uploaded_at, redacted)
		VALUES (?, ?, ?, ?, NULL, ?, NULL, ?, 0)`,
		logID, in.issueID, spec.name, spec.path, mime, store.FormatTime(in.s.now())); err != nil {
		return in.dbErr("insert log file", err)
	}
	c := &chunker{in: in, logID: logID, firstLine: 1}
	err = in.splitLines(tr, c)
	if err == nil {
		err = c.flush()
	} else {
		err = in.readErr(spec.name, "", err)
	}
	if c.cur != nil {
		in.pipe.release(c.cur)
		c.cur = nil
	}
	if err != nil {
		return err
	}
	// Every chunk of this log is stored before the statements below use the transaction.
	if err := in.pipe.drain(); err != nil {
		return err
	}
	sha, size, err := finish()
	if err != nil {
		return err
	}
	if _, err := in.tx.ExecContext(in.ctx, `UPDATE log_files SET file_size = ?, content_hash = ? WHERE id = ?`,
		size, sha, logID); err != nil {
		return in.dbErr("update log file", err)
	}
	var member any
	if spec.member != "" {
		member = spec.member
	}
	if _, err := in.tx.ExecContext(in.ctx, `INSERT INTO log_file_meta
		(log_file_id, line_count, text_bytes, encoding, invalid_utf8, split_lines, source_member)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		logID, c.lines, c.offset, enc, invalid, c.splits, member); err != nil {
		return in.dbErr("insert log meta", err)
	}
	if _, err := in.s.audit.Append(in.ctx, in.tx, audit.Event{
		Action: "log.add", EntityType: "log_file", EntityID: logID,
		Details: map[string]any{"log_file_id": logID, "sha256": sha, "bytes": size, "lines": c.lines},
	}); err != nil {
		return err
	}
	if err := timeline.Record(in.ctx, in.tx, timeline.LogAdded(in.issueID, spec.name, size, in.s.now())); err != nil {
		return err
	}
	in.results = append(in.results, Result{
		LogFileID: logID, FileName: spec.name, FilePath: spec.path, Member: spec.member, Size: size,
		MIMEType: mime, SHA256: sha, Encoding: enc, Lines: c.lines, TextBytes: c.offset,
		InvalidUTF8: invalid, SplitLines: c.splits,
	})
	return nil
}

func (in *ingester) dbErr(op string, err error) error {
	if ctxErr := in.ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return fmt.Errorf("logs: %s: %v: %w", op, err, apperr.ErrStorage)
}

// splitLines reads UTF-8 text and hands each line to c; a line longer than MaxLineBytes is cut
// (at a rune boundary) into pieces, every piece after the first marked as a continuation.
// A trailing \r (CRLF) is dropped.
func (in *ingester) splitLines(r *bufio.Reader, c *chunker) error {
	maxLen := in.opts.MaxLineBytes
	pending := in.line[:0]
	defer func() { in.line = pending[:0] }()
	continued := false
	// cutLong emits pieces of pending while more than keep bytes would remain over the limit.
	cutLong := func(limit int) error {
		for len(pending) > limit {
			cut := runeCut(pending, maxLen)
			if err := c.add(pending[:cut], continued); err != nil {
				return err
			}
			continued = true
			pending = append(pending[:0], pending[cut:]...)
		}
		return nil
	}
	for {
		frag, err := r.ReadSlice('\n')
		pending = append(pending, frag...)
		switch {
		case err == nil || (err == io.EOF && len(pending) > 0):
			pending = bytes.TrimSuffix(pending, []byte{'\n'})
			pending = bytes.TrimSuffix(pending, []byte{'\r'})
			if err := cutLong(maxLen); err != nil {
				return err
			}
			if err := c.add(pending, continued); err != nil {
				return err
			}
			continued = false
			pending = pending[:0]
		case errors.Is(err, bufio.ErrBufferFull):
			// +1: a \r that may be followed by \n does not count towards the limit yet.
			if err := cutLong(maxLen + 1); err != nil {
				return err
			}
			continue
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// runeCut returns the largest index ≤ n that starts a rune in b (n when there is none).
func runeCut(b []byte, n int) int {
	for cut := n; cut > n-4 && cut > 0; cut-- {
		if cut >= len(b) || b[cut]&0xC0 != 0x80 {
			return cut
		}
	}
	return n
}

// chunker groups lines into chunks and hands them to the pipeline.
type chunker struct {
	in        *ingester
	logID     string
	cur       *chunkJob // the slot being filled, nil until the next line
	seq       int64
	firstLine int64 // number of the first line in cur
	inBuf     int   // lines in cur
	lines     int64 // lines so far
	offset    int64 // text bytes already flushed
	splits    int64
}

func (c *chunker) add(line []byte, continued bool) error {
	if c.cur == nil {
		c.cur = c.in.pipe.slot()
	}
	buf := &c.cur.text
	buf.Write(line)
	buf.WriteByte('\n')
	c.inBuf++
	c.lines++
	if continued {
		c.splits++
		c.cur.splits = append(c.cur.splits, c.lines)
	}
	if c.inBuf >= c.in.opts.ChunkLines || buf.Len() >= c.in.opts.ChunkBytes {
		return c.flush()
	}
	return nil
}

func (c *chunker) flush() error {
	if c.inBuf == 0 {
		return nil
	}
	in := c.in
	if err := in.ctx.Err(); err != nil {
		return in.fail(err)
	}
	j := c.cur
	c.cur = nil
	j.logID, j.seq, j.firstLine, j.lines, j.offset = c.logID, c.seq, c.firstLine, c.inBuf, c.offset
	size := j.text.Len()
	if err := in.pipe.submit(j); err != nil {
		return err
	}
	c.seq++
	c.firstLine += int64(c.inBuf)
	c.offset += int64(size)
	c.inBuf = 0
	return nil
}
