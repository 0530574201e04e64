// Package audit is the append-only, hash-chained audit log (table audit_log, migration 000013).
//
// Every entry carries seq (1, 2, 3 …), prev_hash (the previous entry's hash, 64 zeros for the
// first) and entry_hash, computed as
//
//	entry_hash = hex(SHA-256("tftsr-audit-v1" ‖ F(seq) ‖ F(id) ‖ F(timestamp) ‖ F(action) ‖
//	             F(entity_type) ‖ F(entity_id) ‖ F(user_id) ‖ F(details) ‖ F(prev_hash)))
//
// where F(x) = uint64 big-endian byte length of x ‖ the UTF-8 bytes of x, and seq is written in
// decimal. Length prefixes make the encoding unambiguous (no field can bleed into the next).
// Triggers refuse UPDATE and DELETE; Verify detects edits made by someone who bypasses them.
// Truncating the newest entries cannot be detected from inside the file: keep Report.LastHash
// somewhere else if that matters.
//
// Details must never hold full user text: field names, ids, hashes, old/new status or severity.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/store"
)

// zeroHash is the prev_hash of the first entry (64 zeros).
const zeroHash = "0000000000000000000000000000000000000000000000000000000000000000"

// localUser is the only user of a desktop install.
const localUser = "local"

const hashDomain = "tftsr-audit-v1"

// List limits.
const (
	DefaultListLimit = 100
	MaxListLimit     = 1000
)

// Event is what a caller records.
type Event struct {
	Action     string
	EntityType string
	EntityID   string
	Details    any // JSON-marshalled; never full user text
}

// Entry is one stored audit entry.
type Entry struct {
	Seq        int64  `json:"seq"`
	ID         string `json:"id"`
	Timestamp  string `json:"timestamp"`
	Action     string `json:"action"`
	EntityType string `json:"entityType"`
	EntityID   string `json:"entityId"`
	UserID     string `json:"userId"`
	Details    string `json:"details"`
	PrevHash   string `json:"prevHash"`
	Hash       string `json:"hash"`
}

// Log appends audit entries.
type Log struct{ now func() time.Time }

// New builds a Log; now is the clock (time.Now when nil).
func New(now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	return &Log{now: now}
}

// Append writes ev as the next entry of the chain, inside the caller's transaction (so the entry
// exists exactly when the audited change does).
func (l *Log) Append(ctx context.Context, tx *sql.Tx, ev Event) (Entry, error) {
	if ev.Action == "" || ev.EntityType == "" || ev.EntityID == "" {
		return Entry{}, fmt.Errorf("audit: append: action, entity type and entity id are required: %w", apperr.ErrInvalid)
	}
	details := "{}"
	if ev.Details != nil {
		b, err := json.Marshal(ev.Details)
		if err != nil {
			return Entry{}, fmt.Errorf("audit: append %s: details: %v: %w", ev.Action, err, apperr.ErrInvalid)
		}
		details = string(b)
	}
	var (
		lastSeq  int64
		lastHash sql.NullString
	)
	err := tx.QueryRowContext(ctx,
		`SELECT seq, entry_hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`).Scan(&lastSeq, &lastHash)
	prev := zeroHash
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return Entry{}, fmt.Errorf("audit: append %s: read chain head: %w", ev.Action, err)
	default:
		prev = lastHash.String
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Entry{}, fmt.Errorf("audit: append %s: id: %w", ev.Action, err)
	}
	e := Entry{
		Seq:        lastSeq + 1,
		ID:         id.String(),
		Timestamp:  store.FormatTime(l.now()),
		Action:     ev.Action,
		EntityType: ev.EntityType,
		EntityID:   ev.EntityID,
		UserID:     localUser,
		Details:    details,
		PrevHash:   prev,
	}
	e.Hash = hashEntry(e)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log
		(id, timestamp, action, entity_type, entity_id, user_id, details, seq, prev_hash, entry_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Timestamp, e.Action, e.EntityType, e.EntityID, e.UserID, e.Details, e.Seq, e.PrevHash, e.Hash); err != nil {
		return Entry{}, fmt.Errorf("audit: append %s: %w", ev.Action, err)
	}
	return e, nil
}

// hashEntry computes entry_hash (see the package comment).
func hashEntry(e Entry) string {
	h := sha256.New()
	h.Write([]byte(hashDomain))
	var n [8]byte
	for _, f := range []string{strconv.FormatInt(e.Seq, 10), e.ID, e.Timestamp, e.Action, e.EntityType,
		e.EntityID, e.UserID, e.Details, e.PrevHash} {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Report is the outcome of Verify.
type Report struct {
	OK          bool   `json:"ok"`
	Entries     int    `json:"entries"`     // entries verified before the first break (all when OK)
	BrokenAtSeq int64  `json:"brokenAtSeq"` // seq of the first entry whose link is broken
	BrokenID    string `json:"brokenId"`
	Reason      string `json:"reason"`
	LastHash    string `json:"lastHash"` // hash of the last verified entry (the chain head when OK)
}

const entryColumns = `seq, id, timestamp, action, entity_type, entity_id, user_id, details, prev_hash, entry_hash`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(s scanner) (Entry, error) {
	var (
		seq                              sql.NullInt64
		userID, details, prevHash, entry sql.NullString
		e                                Entry
	)
	if err := s.Scan(&seq, &e.ID, &e.Timestamp, &e.Action, &e.EntityType, &e.EntityID,
		&userID, &details, &prevHash, &entry); err != nil {
		return Entry{}, err
	}
	e.Seq, e.UserID, e.Details, e.PrevHash, e.Hash = seq.Int64, userID.String, details.String, prevHash.String, entry.String
	return e, nil
}

// Verify walks the chain by seq, recomputing every hash, and reports the first broken link: a
// seq gap (an entry removed), a prev_hash that is not the previous entry's hash, or an
// entry_hash that does not match the entry's content. Entries without seq (written by the
// original app before the chain existed) are not part of the chain and are skipped.
func Verify(ctx context.Context, q *sql.DB) (Report, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+entryColumns+` FROM audit_log WHERE seq IS NOT NULL ORDER BY seq`)
	if err != nil {
		return Report{}, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	rep := Report{OK: true, LastHash: zeroHash}
	want := int64(1)
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return Report{}, fmt.Errorf("audit: verify: %w", err)
		}
		reason := ""
		switch {
		case e.Seq != want:
			reason = fmt.Sprintf("seq gap: expected %d, found %d (entries removed)", want, e.Seq)
		case e.PrevHash != rep.LastHash:
			reason = "prev_hash mismatch: does not match the previous entry's hash"
		case hashEntry(e) != e.Hash:
			reason = "hash mismatch: entry content was changed"
		}
		if reason != "" {
			rep.OK, rep.BrokenAtSeq, rep.BrokenID, rep.Reason = false, e.Seq, e.ID, reason
			return rep, nil
		}
		rep.Entries++
		rep.LastHash = e.Hash
		want++
	}
	if err := rows.Err(); err != nil {
		return Report{}, fmt.Errorf("audit: verify: %w", err)
	}
	return rep, nil
}

// List returns up to limit entries, newest first (entries without seq last); entityID "" lists
// all. limit <= 0 means DefaultListLimit; it is capped at MaxListLimit.
func List(ctx context.Context, q *sql.DB, entityID string, limit int) ([]Entry, error) {
	if limit <= 0 {
		limit = DefaultListLimit
	}
	limit = min(limit, MaxListLimit)
	query := `SELECT ` + entryColumns + ` FROM audit_log`
	args := []any{}
	if entityID != "" {
		query += ` WHERE entity_id = ?`
		args = append(args, entityID)
	}
	query += ` ORDER BY seq DESC, timestamp DESC, id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: list: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	return out, nil
}
