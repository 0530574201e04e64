package redaction

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"tftsr/internal/logs"
	"tftsr/internal/pii"
)

// maxCarry bounds the text carried from one chunk to the next while a PEM block is open at the
// chunk's end; a longer "block" is scanned as it is (the rule reports truncated blocks too).
const maxCarry = 4 << 20

// located is a finding with its line positions.
type located struct {
	f                         pii.Finding // Start/End absolute in the log's text
	line, col, endLine, endCo int64
}

// windowScanner runs the detector over a log's text chunk by chunk. When a PEM block is open at
// the end of a chunk, the text from that block's line on is carried into the next window, so a
// multi-line finding is always found whole.
type windowScanner struct {
	det       *pii.Detector
	pem       bool // private_key enabled: look for open blocks
	carry     []byte
	carryLine int64
	carryOff  int64
	emit      func(located) error
}

func (w *windowScanner) feed(c logs.Chunk) error {
	text, line0, off0 := c.Text, c.FirstLine, c.Offset
	if len(w.carry) > 0 {
		text = append(w.carry, c.Text...)
		line0, off0 = w.carryLine, w.carryOff
	}
	cut := len(text)
	if w.pem {
		if i := openBlock(text); i >= 0 && len(text)-i <= maxCarry {
			cut = i
		}
	}
	if err := w.scan(text[:cut], line0, off0); err != nil {
		return err
	}
	w.carryLine = line0 + int64(bytes.Count(text[:cut], []byte{'\n'}))
	w.carryOff = off0 + int64(cut)
	w.carry = append(w.carry[:0:0], text[cut:]...)
	return nil
}

func (w *windowScanner) flush() error {
	if len(w.carry) == 0 {
		return nil
	}
	err := w.scan(w.carry, w.carryLine, w.carryOff)
	w.carry = nil
	return err
}

// scan detects in text (starting at line line0, byte off0 of the log) and emits positioned findings.
func (w *windowScanner) scan(text []byte, line0, off0 int64) error {
	if len(text) == 0 {
		return nil
	}
	fs := w.det.Scan(string(text))
	pos, line, lineStart := 0, line0, 0
	advance := func(to int) {
		for {
			i := bytes.IndexByte(text[pos:to], '\n')
			if i < 0 {
				break
			}
			line++
			lineStart = pos + i + 1
			pos = lineStart
		}
		pos = to
	}
	for _, f := range fs {
		advance(f.Start)
		l := located{line: line, col: int64(f.Start - lineStart)}
		advance(f.End)
		l.endLine, l.endCo = line, int64(f.End-lineStart)
		f.Start += int(off0)
		f.End += int(off0)
		l.f = f
		if err := w.emit(l); err != nil {
			return err
		}
	}
	return nil
}

// openBlock returns the start of the line of the last "-----BEGIN " in text that has no
// "-----END " after it, or -1.
func openBlock(text []byte) int {
	i := bytes.LastIndex(text, []byte("-----BEGIN "))
	if i < 0 || bytes.Contains(text[i:], []byte("-----END ")) {
		return -1
	}
	return bytes.LastIndexByte(text[:i], '\n') + 1
}

// Scan (re)detects the findings of a log with the current type switches, in one transaction:
// a failed or cancelled scan leaves the previous findings and decisions as they were. A value
// seen in the previous scan keeps its decision (new values start as redact, allowlisted ones as
// keep); a finding that had a decision of its own keeps it when the rescan finds the same type and
// value at the same position. progress gets UTF-8 bytes done/total.
func (s *Service) Scan(ctx context.Context, logFileID string, progress func(done, total int64)) (Summary, error) {
	info, err := s.logs.Info(ctx, logFileID)
	if err != nil {
		return Summary{}, err
	}
	det, disabled, err := s.Detector(ctx)
	if err != nil {
		return Summary{}, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var prev int64
		if err := tx.QueryRowContext(ctx, `SELECT scan_seq FROM pii_scan_state WHERE log_file_id = ?`, logFileID).Scan(&prev); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return dbErr("read scan state", err)
		}
		seq := prev + 1
		old, err := s.oldRows(ctx, tx, logFileID)
		if err != nil {
			return err
		}
		ps, err := s.pseudonyms(ctx, tx, tx, info.IssueID)
		if err != nil {
			return err
		}
		allow, err := s.allowMatcher(ctx, tx, info.IssueID)
		if err != nil {
			return err
		}
		ins, err := s.newSpanInserter(ctx, tx, logFileID, seq, ps, allow)
		if err != nil {
			return err
		}
		defer ins.close()
		if err := s.storeFindings(ctx, logFileID, det, !slices.Contains(disabled, "private_key"), ins, func(done int64) {
			if progress != nil {
				progress(done, info.TextBytes)
			}
		}); err != nil {
			return err
		}
		return s.finishScan(ctx, tx, logFileID, prev, seq, disabled, ins, old)
	})
	if err != nil {
		return Summary{}, fmt.Errorf("redaction: scan log %q: %w", logFileID, err)
	}
	return s.Summary(ctx, logFileID)
}

// batch is the findings of one chunk's window and how much of the log's text was read.
type batch struct {
	found []located
	done  int64
}

// storeFindings reads and scans the log on a second goroutine while this one (the only one that
// uses the transaction) stores the findings: detection and SQLite each take about half the CPU,
// and on 2 cores they overlap. At most a few chunks' findings wait in between.
func (s *Service) storeFindings(ctx context.Context, logID string, det *pii.Detector, pem bool, ins *spanInserter, progress func(done int64)) error {
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	found := make(chan batch, 4)
	detected := make(chan error, 1)
	go func() { detected <- s.detect(dctx, logID, det, pem, found) }()
	err := func() error {
		for b := range found {
			for _, l := range b.found {
				if err := ins.add(l); err != nil {
					return err
				}
			}
			progress(b.done)
		}
		return nil
	}()
	cancel()
	for range found { // let detect finish
	}
	if derr := <-detected; err == nil {
		err = derr
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// detect sends the findings of each chunk of the log to out, in text order, and closes it.
func (s *Service) detect(ctx context.Context, logID string, det *pii.Detector, pem bool, out chan<- batch) error {
	defer close(out)
	var cur []located
	ws := &windowScanner{det: det, pem: pem, emit: func(l located) error { cur = append(cur, l); return nil }}
	send := func(done int64) error {
		select {
		case out <- batch{found: cur, done: done}:
			cur = nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var done int64
	err := s.logs.EachChunk(ctx, logs.OriginalChunks, logID, func(c logs.Chunk) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := ws.feed(c); err != nil {
			return err
		}
		done = c.Offset + int64(len(c.Text))
		return send(done)
	})
	if err == nil {
		err = ws.flush()
	}
	if err == nil && len(cur) > 0 {
		err = send(done)
	}
	return err
}
