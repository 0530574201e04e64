package redaction

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/logs"
	"tftsr/internal/store"
	"tftsr/internal/timeline"
)

// span is one finding decided redact, in line coordinates.
type span struct {
	line, start, endLine, end int64
	placeholder               string
}

// redactLine writes line n with every span touching it replaced: the placeholder goes where a
// span starts; the covered parts of a multi-line span's following lines become empty, so the
// redacted text has exactly the original's lines. spans are sorted by position and disjoint.
func redactLine(dst []byte, n int64, line []byte, spans []span) []byte {
	pos := int64(0)
	for _, sp := range spans {
		if sp.line > n || sp.endLine < n {
			continue
		}
		from, to, repl := int64(0), int64(len(line)), ""
		if sp.line == n {
			from, repl = sp.start, sp.placeholder
		}
		if sp.endLine == n {
			to = sp.end
		}
		from, to = min(max(from, pos), int64(len(line))), min(max(to, pos), int64(len(line)))
		to = max(to, from)
		dst = append(dst, line[pos:from]...)
		dst = append(dst, repl...)
		pos = to
	}
	return append(dst, line[pos:]...)
}

// redactedSpans returns the redact decisions touching lines [from, from+count). With kept (a
// whole log's apply) the findings are read without their values, whose decisions kept holds:
// a lookup per finding in pii_values would cost a page read each.
func (s *Service) redactedSpans(ctx context.Context, logFileID string, from, count int, kept *keptValues) ([]span, error) {
	cols, extra := `s.line, s.start_col, s.end_line, s.end_col, s.replacement, coalesce(s.decision, v.decision), 0`,
		` AND coalesce(s.decision, v.decision) = 'redact'`
	if kept != nil {
		cols, extra = `s.line, s.start_col, s.end_line, s.end_col, s.replacement, coalesce(s.decision, ''), s.value_id`, ""
	}
	rows, err := s.lineQuery(ctx, cols, logFileID, from, count, extra, kept == nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []span
	for rows.Next() {
		var sp span
		var decision string
		var valueID int64
		if err := rows.Scan(&sp.line, &sp.start, &sp.endLine, &sp.end, &sp.placeholder, &decision, &valueID); err != nil {
			return nil, dbErr("read findings", err)
		}
		if decision == "" {
			decision = kept.decision(valueID)
		}
		if decision == Redact {
			out = append(out, sp)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read findings", err)
	}
	return out, nil
}

// redactChunk returns the redacted text of a chunk (lines each ending in '\n').
func redactChunk(dst []byte, c logs.Chunk, spans []span) []byte {
	text, n, k := c.Text, c.FirstLine, 0
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			i = len(text)
		}
		for k < len(spans) && spans[k].endLine < n {
			k++
		}
		j := k
		for j < len(spans) && spans[j].line <= n {
			j++
		}
		dst = redactLine(dst, n, text[:i], spans[k:j])
		if i < len(text) {
			dst = append(dst, '\n')
		}
		text = text[min(i+1, len(text)):]
		n++
	}
	return dst
}

// Apply writes the redacted version of a log from the current decisions, in one transaction
// (replacing an earlier version; a cancelled apply leaves the earlier one as it was), marks the
// log redacted and audits the SHA-256 of the redacted text.
func (s *Service) Apply(ctx context.Context, logFileID string, progress func(done, total int64)) (ApplyResult, error) {
	info, err := s.logs.Info(ctx, logFileID)
	if err != nil {
		return ApplyResult{}, err
	}
	res := ApplyResult{LogFileID: logFileID}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var version int64
		err := tx.QueryRowContext(ctx, `SELECT version FROM pii_scan_state WHERE log_file_id = ?`, logFileID).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("redaction: log %q has not been scanned yet; scan it before applying: %w", logFileID, apperr.ErrConflict)
		}
		if err != nil {
			return dbErr("read scan state", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pii_redacted_chunks WHERE log_file_id = ?`, logFileID); err != nil {
			return dbErr("drop previous version", err)
		}
		w, err := logs.NewChunkWriter(ctx, tx, logs.RedactedChunks, logFileID)
		if err != nil {
			return err
		}
		defer w.Close()
		kept, err := s.keptValues(ctx, tx, logFileID)
		if err != nil {
			return err
		}
		h := sha256.New()
		var buf []byte
		err = s.logs.EachChunk(ctx, logs.OriginalChunks, logFileID, func(c logs.Chunk) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			spans, err := s.redactedSpans(ctx, logFileID, int(c.FirstLine), int(c.LineCount), kept)
			if err != nil {
				return err
			}
			buf = redactChunk(buf[:0], c, spans)
			h.Write(buf)
			if err := w.Write(logs.Chunk{Seq: c.Seq, FirstLine: c.FirstLine, LineCount: c.LineCount, Offset: res.Bytes, Text: buf}); err != nil {
				return err
			}
			res.Bytes += int64(len(buf))
			if progress != nil {
				progress(c.Offset+int64(len(c.Text)), info.TextBytes)
			}
			return nil
		})
		if err != nil {
			return err
		}
		res.SHA256 = hex.EncodeToString(h.Sum(nil))
		return s.finishApply(ctx, tx, &res, version, info)
	})
	if err != nil {
		return ApplyResult{}, fmt.Errorf("redaction: apply log %q: %w", logFileID, err)
	}
	return res, nil
}

func (s *Service) finishApply(ctx context.Context, tx *sql.Tx, res *ApplyResult, version int64, info logs.Info) error {
	counts, err := s.typeCounts(ctx, tx, res.LogFileID)
	if err != nil {
		return err
	}
	red, kept := map[string]int{}, map[string]int{}
	for _, tc := range counts {
		if tc.Redact > 0 {
			red[tc.Type] = tc.Redact
		}
		if tc.Keep > 0 {
			kept[tc.Type] = tc.Keep
		}
		res.Redacted += tc.Redact
		res.Kept += tc.Keep
	}
	rj, _ := json.Marshal(red)
	kj, _ := json.Marshal(kept)
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO pii_redacted (log_file_id, sha256, bytes, redacted_counts, kept_counts, applied_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, res.LogFileID, res.SHA256, res.Bytes, string(rj), string(kj), store.FormatTime(s.now()), version); err != nil {
		return dbErr("store redacted version", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE log_files SET redacted = 1 WHERE id = ?`, res.LogFileID); err != nil {
		return dbErr("mark log redacted", err)
	}
	if _, err := s.audit.Append(ctx, tx, audit.Event{Action: ActionApply, EntityType: "log_file", EntityID: res.LogFileID,
		Details: map[string]any{"sha256": res.SHA256, "bytes": res.Bytes, "redacted": red, "kept": kept}}); err != nil {
		return fmt.Errorf("redaction: audit: %w", err)
	}
	if err := timeline.Record(ctx, tx, timeline.RedactionApplied(info.IssueID, info.FileName, red, kept, s.now())); err != nil {
		return fmt.Errorf("redaction: timeline: %w", err)
	}
	return nil
}

// Preview returns lines as they would read after Apply with the current decisions.
func (s *Service) Preview(ctx context.Context, logFileID string, from, count int) ([]logs.Line, error) {
	lines, err := s.logs.Lines(ctx, logFileID, from, count)
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return lines, nil
	}
	spans, err := s.redactedSpans(ctx, logFileID, from, len(lines), nil)
	if err != nil {
		return nil, err
	}
	for i, l := range lines {
		lines[i].Text = string(redactLine(nil, int64(l.N), []byte(l.Text), spans))
	}
	return lines, nil
}

// Applied describes the applied redacted version of a log.
type Applied struct {
	SHA256   string
	Bytes    int64
	Redacted int
	Kept     int
}

// AppliedVersion returns what Apply last wrote for a log, or ErrConflict when it never ran.
func (s *Service) AppliedVersion(ctx context.Context, logFileID string) (Applied, error) {
	if _, err := logIssue(ctx, s.db.Read(), logFileID); err != nil {
		return Applied{}, err
	}
	var a Applied
	var rj, kj string
	err := s.db.Read().QueryRowContext(ctx, `SELECT sha256, bytes, redacted_counts, kept_counts FROM pii_redacted WHERE log_file_id = ?`, logFileID).
		Scan(&a.SHA256, &a.Bytes, &rj, &kj)
	if errors.Is(err, sql.ErrNoRows) {
		return Applied{}, fmt.Errorf("redaction: log %q has no redacted version yet: review its findings and apply first: %w", logFileID, apperr.ErrConflict)
	}
	if err != nil {
		return Applied{}, dbErr("read redacted version", err)
	}
	var red, kept map[string]int
	if err := errors.Join(json.Unmarshal([]byte(rj), &red), json.Unmarshal([]byte(kj), &kept)); err != nil {
		return Applied{}, fmt.Errorf("redaction: log %q: stored counts: %v: %w", logFileID, err, apperr.ErrStorage)
	}
	for _, n := range red {
		a.Redacted += n
	}
	for _, n := range kept {
		a.Kept += n
	}
	return a, nil
}

// RedactedLines returns lines of the applied redacted version (ErrConflict if never applied).
func (s *Service) RedactedLines(ctx context.Context, logFileID string, from, count int) ([]logs.Line, error) {
	if _, err := s.AppliedVersion(ctx, logFileID); err != nil {
		return nil, err
	}
	return s.logs.LinesOf(ctx, logs.RedactedChunks, logFileID, from, count)
}
