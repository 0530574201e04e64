package logs

import (
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/store"
)

// Paging and search limits.
const (
	MaxPageLines       = 10000
	DefaultSearchLimit = 1000
	MaxSearchLimit     = 100000
)

// Line is one stored line. Continued marks a piece of an over-long line that continues line N-1.
type Line struct {
	N         int    `json:"n"`
	Text      string `json:"text"`
	Continued bool   `json:"continued,omitempty"`
}

// Info describes a stored log.
type Info struct {
	ID          string    `json:"id"`
	IssueID     string    `json:"issueId"`
	FileName    string    `json:"fileName"`
	FilePath    string    `json:"filePath"`
	Size        int64     `json:"size"`
	MIMEType    string    `json:"mimeType"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploadedAt"`
	Redacted    bool      `json:"redacted"`
	Lines       int64     `json:"lines"`
	TextBytes   int64     `json:"textBytes"`
	Encoding    string    `json:"encoding"`
	InvalidUTF8 int64     `json:"invalidUtf8"`
	SplitLines  int64     `json:"splitLines"`
	Member      string    `json:"member,omitempty"`
}

// Info returns the metadata of log logFileID.
func (s *Service) Info(ctx context.Context, logFileID string) (Info, error) {
	var (
		in                Info
		size              sql.NullInt64
		mime, sha, member sql.NullString
		uploaded          string
		redacted          sql.NullInt64
	)
	err := s.db.Read().QueryRowContext(ctx, `SELECT f.id, f.issue_id, f.file_name, f.file_path, f.file_size,
			f.mime_type, f.content_hash, f.uploaded_at, f.redacted,
			m.line_count, m.text_bytes, m.encoding, m.invalid_utf8, m.split_lines, m.source_member
		FROM log_files f JOIN log_file_meta m ON m.log_file_id = f.id WHERE f.id = ?`, logFileID).Scan(
		&in.ID, &in.IssueID, &in.FileName, &in.FilePath, &size, &mime, &sha, &uploaded, &redacted,
		&in.Lines, &in.TextBytes, &in.Encoding, &in.InvalidUTF8, &in.SplitLines, &member)
	if errors.Is(err, sql.ErrNoRows) {
		return Info{}, fmt.Errorf("logs: log %q: %w", logFileID, apperr.ErrNotFound)
	}
	if err != nil {
		return Info{}, readErr(ctx, logFileID, err)
	}
	in.Size, in.MIMEType, in.SHA256, in.Member = size.Int64, mime.String, sha.String, member.String
	in.Redacted = redacted.Int64 != 0
	if in.UploadedAt, err = store.ParseTime(uploaded); err != nil {
		return Info{}, fmt.Errorf("logs: log %q: %w", logFileID, err)
	}
	return in, nil
}

// lineCount returns the number of lines of a log, or ErrNotFound.
func (s *Service) lineCount(ctx context.Context, logFileID string) (int64, error) {
	var n int64
	err := s.db.Read().QueryRowContext(ctx, `SELECT line_count FROM log_file_meta WHERE log_file_id = ?`, logFileID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("logs: log %q: %w", logFileID, apperr.ErrNotFound)
	}
	if err != nil {
		return 0, readErr(ctx, logFileID, err)
	}
	return n, nil
}

func inflate(data []byte) ([]byte, error) {
	fr := flate.NewReader(bytes.NewReader(data))
	defer fr.Close()
	b, err := io.ReadAll(fr)
	if err != nil {
		return nil, fmt.Errorf("logs: corrupt chunk: %v: %w", err, apperr.ErrStorage)
	}
	return b, nil
}

// Lines returns up to count lines starting at line from (1-based), reading only the chunks that
// hold them. Past the end it returns an empty slice.
func (s *Service) Lines(ctx context.Context, logFileID string, from, count int) ([]Line, error) {
	return s.LinesOf(ctx, OriginalChunks, logFileID, from, count)
}

// LinesOf is Lines over the chunks stored in table t (same line numbering as the original).
func (s *Service) LinesOf(ctx context.Context, t ChunkTable, logFileID string, from, count int) ([]Line, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	if from < 1 || count < 0 {
		return nil, fmt.Errorf("logs: lines %d+%d: from must be ≥ 1 and count ≥ 0: %w", from, count, apperr.ErrInvalid)
	}
	count = min(count, MaxPageLines)
	total, err := s.lineCount(ctx, logFileID)
	if err != nil {
		return nil, err
	}
	out := []Line{}
	if count == 0 || int64(from) > total {
		return out, nil
	}
	last := min(int64(from)+int64(count)-1, total)

	cont := map[int64]bool{}
	srows, err := s.db.Read().QueryContext(ctx, `SELECT line FROM log_split_lines
		WHERE log_file_id = ? AND line BETWEEN ? AND ?`, logFileID, from, last)
	if err != nil {
		return nil, readErr(ctx, logFileID, err)
	}
	for srows.Next() {
		var n int64
		if err := srows.Scan(&n); err != nil {
			srows.Close()
			return nil, readErr(ctx, logFileID, err)
		}
		cont[n] = true
	}
	if err := errors.Join(srows.Err(), srows.Close()); err != nil {
		return nil, readErr(ctx, logFileID, err)
	}

	// The chunks holding [from, last]: the one that starts at or before from, and any after it.
	rows, err := s.db.Read().QueryContext(ctx, `SELECT first_line FROM `+string(t)+`
		WHERE log_file_id = ?1 AND first_line <= ?3 AND first_line >= (
			SELECT first_line FROM `+string(t)+` WHERE log_file_id = ?1 AND first_line <= ?2
			ORDER BY first_line DESC LIMIT 1)
		ORDER BY first_line`, logFileID, from, last)
	if err != nil {
		return nil, readErr(ctx, logFileID, err)
	}
	var firsts []int64
	for rows.Next() {
		var first int64
		if err := rows.Scan(&first); err != nil {
			rows.Close()
			return nil, readErr(ctx, logFileID, err)
		}
		firsts = append(firsts, first)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, readErr(ctx, logFileID, err)
	}
	for _, first := range firsts {
		text, err := s.chunk(ctx, t, logFileID, first)
		if err != nil {
			return nil, err
		}
		n := first
		for len(text) > 0 && n <= last {
			i := bytes.IndexByte(text, '\n')
			if i < 0 {
				i = len(text)
			}
			if n >= int64(from) {
				out = append(out, Line{N: int(n), Text: string(text[:i]), Continued: cont[n]})
			}
			text = text[min(i+1, len(text)):]
			n++
		}
	}
	return out, nil
}

// Search returns the numbers of the lines that contain query, ignoring case (simple Unicode
// lower-casing), at most limit of them (DefaultSearchLimit when ≤ 0), reading one chunk at a time.
func (s *Service) Search(ctx context.Context, logFileID, query string, limit int) ([]int, error) {
	if query == "" {
		return nil, fmt.Errorf("logs: search: empty query: %w", apperr.ErrInvalid)
	}
	if strings.ContainsAny(query, "\r\n") {
		return nil, fmt.Errorf("logs: search: the query must be on one line: %w", apperr.ErrInvalid)
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	limit = min(limit, MaxSearchLimit)
	if _, err := s.lineCount(ctx, logFileID); err != nil {
		return nil, err
	}
	q := bytes.ToLower([]byte(query))
	rows, err := s.db.Read().QueryContext(ctx, `SELECT first_line, data FROM log_chunks
		WHERE log_file_id = ? ORDER BY seq`, logFileID)
	if err != nil {
		return nil, fmt.Errorf("logs: search log %q: %v: %w", logFileID, err, apperr.ErrStorage)
	}
	defer rows.Close()
	out := []int{}
	for rows.Next() && len(out) < limit {
		var (
			first int64
			data  []byte
		)
		if err := rows.Scan(&first, &data); err != nil {
			return nil, fmt.Errorf("logs: search log %q: %v: %w", logFileID, err, apperr.ErrStorage)
		}
		text, err := inflate(data)
		if err != nil {
			return nil, err
		}
		// Lower-casing keeps every '\n', so line numbers can be counted in the lowered text.
		text = bytes.ToLower(text)
		n := first
		for len(out) < limit {
			i := bytes.Index(text, q)
			if i < 0 {
				break
			}
			n += int64(bytes.Count(text[:i], []byte{'\n'}))
			out = append(out, int(n))
			nl := bytes.IndexByte(text[i:], '\n')
			if nl < 0 {
				break
			}
			text = text[i+nl+1:]
			n++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("logs: search log %q: %v: %w", logFileID, err, apperr.ErrStorage)
	}
	return out, nil
}

// chunk returns the decompressed text of the chunk of logFileID that starts at line first,
// from the service's small cache when it is there. Stored chunks never change (a log is
// immutable; ids are never reused), so entries need no invalidation.
// Only original chunks are cached: a redacted version is replaced on every Apply.
func (s *Service) chunk(ctx context.Context, t ChunkTable, logFileID string, first int64) ([]byte, error) {
	key := chunkKey{logFileID, first}
	cached := t == OriginalChunks
	if text, ok := s.cache.get(key); ok && cached {
		return text, nil
	}
	var data []byte
	err := s.db.Read().QueryRowContext(ctx, `SELECT data FROM `+string(t)+` WHERE log_file_id = ? AND first_line = ?`,
		logFileID, first).Scan(&data)
	if err != nil {
		return nil, readErr(ctx, logFileID, err)
	}
	text, err := inflate(data)
	if err != nil {
		return nil, err
	}
	if cached {
		s.cache.put(key, text)
	}
	return text, nil
}

type chunkKey struct {
	log   string
	first int64
}

// chunkCache is a tiny LRU of decompressed chunks for the viewer's paging (at most cacheChunks
// entries of ≤ ChunkBytes + one MaxLineBytes line each). The zero value is ready to use.
type chunkCache struct {
	mu      sync.Mutex
	entries []cacheEntry // most recently used last
}

type cacheEntry struct {
	key  chunkKey
	text []byte
}

const cacheChunks = 4

func (c *chunkCache) get(k chunkKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.key == k {
			c.entries = append(append(c.entries[:i:i], c.entries[i+1:]...), e)
			return e.text, true
		}
	}
	return nil, false
}

func (c *chunkCache) put(k chunkKey, text []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.key == k {
			c.entries = append(c.entries[:i:i], c.entries[i+1:]...)
			break
		}
	}
	if len(c.entries) >= cacheChunks {
		c.entries = append(c.entries[:0:0], c.entries[1:]...)
	}
	c.entries = append(c.entries, cacheEntry{k, text})
}

// readErr wraps a failed read of a log. A cancelled read stays a cancellation (jobs check
// errors.Is(err, context.Canceled) to report "cancelled", not a storage failure); anything else
// is a storage error, its driver text kept as text only.
func readErr(ctx context.Context, logFileID string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("logs: read log %q: %w", logFileID, ctxErr)
	}
	return fmt.Errorf("logs: read log %q: %v: %w", logFileID, err, apperr.ErrStorage)
}
