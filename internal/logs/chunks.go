package logs

import (
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"fmt"

	"tftsr/internal/apperr"
)

// ChunkTable names a table with log_chunks' columns (log_file_id, seq, first_line, line_count,
// byte_offset, data) and the original's line numbering. Only the constants below are valid: the
// name is put into SQL.
type ChunkTable string

// Chunk tables.
const (
	OriginalChunks ChunkTable = "log_chunks"
	RedactedChunks ChunkTable = "pii_redacted_chunks" // the applied redacted version (internal/redaction)
)

func (t ChunkTable) check() error {
	if t != OriginalChunks && t != RedactedChunks {
		return fmt.Errorf("logs: unknown chunk table %q: %w", string(t), apperr.ErrInvalid)
	}
	return nil
}

// Chunk is one stored chunk, decompressed: Text holds LineCount lines, each ending in '\n', and
// starts at byte Offset of the log's UTF-8 text.
type Chunk struct {
	Seq       int64
	FirstLine int64
	LineCount int64
	Offset    int64
	Text      []byte
}

// EachChunk calls fn with every chunk of a log in order, one decompressed chunk in memory at a
// time. It reads through the reader pool, so it may run while the caller holds a write transaction.
func (s *Service) EachChunk(ctx context.Context, t ChunkTable, logFileID string, fn func(Chunk) error) error {
	if err := t.check(); err != nil {
		return err
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT seq, first_line, line_count, byte_offset, data FROM `+string(t)+`
		WHERE log_file_id = ? ORDER BY seq`, logFileID)
	if err != nil {
		return readErr(ctx, logFileID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			c    Chunk
			data []byte
		)
		if err := rows.Scan(&c.Seq, &c.FirstLine, &c.LineCount, &c.Offset, &data); err != nil {
			return readErr(ctx, logFileID, err)
		}
		if c.Text, err = inflate(data); err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		return readErr(ctx, logFileID, err)
	}
	return nil
}

// ChunkWriter stores chunks in a chunk table inside the caller's transaction, compressed exactly
// as ingestion does.
type ChunkWriter struct {
	ctx   context.Context
	logID string
	ins   *sql.Stmt
	fw    *flate.Writer
	z     bytes.Buffer
}

// NewChunkWriter prepares inserts of logFileID's chunks into t; Close it before the transaction ends.
func NewChunkWriter(ctx context.Context, tx *sql.Tx, t ChunkTable, logFileID string) (*ChunkWriter, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO `+string(t)+`
		(log_file_id, seq, first_line, line_count, byte_offset, data) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("logs: prepare chunk insert: %v: %w", err, apperr.ErrStorage)
	}
	return &ChunkWriter{ctx: ctx, logID: logFileID, ins: st}, nil
}

// Write compresses and inserts c.
func (w *ChunkWriter) Write(c Chunk) error {
	w.z.Reset()
	if err := compress(&w.fw, &w.z, c.Text); err != nil {
		return err
	}
	if _, err := w.ins.ExecContext(w.ctx, w.logID, c.Seq, c.FirstLine, c.LineCount, c.Offset, w.z.Bytes()); err != nil {
		return fmt.Errorf("logs: insert chunk: %v: %w", err, apperr.ErrStorage)
	}
	return nil
}

// Close releases the prepared statement.
func (w *ChunkWriter) Close() error { return w.ins.Close() }
