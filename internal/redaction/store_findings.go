package redaction

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"strings"
)

// typedValue is a map key: (type, value) without building a string per finding.
type typedValue struct{ typ, v string }

// recentValue is what a finding of a recently seen value needs: its pseudonym entry, its
// placeholder and its sealed text.
type recentValue struct {
	entry      uint32
	ph, sealed string
}

// defaultRecent bounds the cache of recent values (a repeated value's findings reuse its hash
// lookup and ciphertext; past the bound, a value is hashed (~0.3 µs) and sealed (~1 µs) again).
const defaultRecent = 1 << 14

// Earlier decisions of a value (spanInserter.prev).
const (
	prevNone uint8 = iota
	prevRedact
	prevKeep
)

// spanInserter stores a scan's findings. Each distinct (type, value) is given its pii_values row
// (and, if new to the incident, its pseudonym) once, at first sight. A finding's value is looked
// up by its HMAC in the incident's valueTable, unless it is among the last values cached (Service.recentMax);
// per distinct value the scan keeps 8 bytes besides the table's ~35, and no value text. Every
// finding is one appended pii_spans row through one prepared statement (measured faster than
// multi-row VALUES with this driver: binding is per parameter either way).
type spanInserter struct {
	s        *Service
	ctx      context.Context
	tx       *sql.Tx
	logID    string
	seq      int64
	ps       *Pseudonyms
	allow    allowMatcher
	mac      hash.Hash
	prev     []uint8  // pseudonym entry → the previous scan's decision, where not the default
	local    []uint32 // pseudonym entry → 1 + the value's index in this scan, 0 = not seen yet
	findings []uint32 // index in this scan → findings (a value with 2³² findings takes a log of > 30 GB)
	recent   map[typedValue]recentValue
	firstID  int64 // pii_values.id of the scan's first value; the others follow
	counts   map[string]int
	total    int
	maxSpan  int64
	spanIns  *sql.Stmt
	valIns   *sql.Stmt
}

func (s *Service) newSpanInserter(ctx context.Context, tx *sql.Tx, logID string, seq int64, ps *Pseudonyms, allow allowMatcher) (*spanInserter, error) {
	in := &spanInserter{s: s, ctx: ctx, tx: tx, logID: logID, seq: seq, ps: ps, allow: allow,
		mac: hmac.New(sha256.New, s.hashKey), recent: map[typedValue]recentValue{}, counts: map[string]int{}}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM pii_values`).Scan(&in.firstID); err != nil {
		return nil, dbErr("read value ids", err)
	}
	// Only decisions that differ from what a new value would start with need carrying.
	rows, err := tx.QueryContext(ctx, `SELECT v.pii_type, p.value_hash, v.decision FROM pii_values v
		JOIN pii_pseudonyms p ON p.issue_id = ? AND p.pii_type = v.pii_type AND p.ordinal = v.ordinal
		WHERE v.log_file_id = ? AND (v.decision = 'keep') != (v.allowlisted = 1)`, ps.issueID, logID)
	if err != nil {
		return nil, dbErr("read earlier decisions", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t, h, d sql.RawBytes
		if err := rows.Scan(&t, &h, &d); err != nil {
			return nil, dbErr("read earlier decisions", err)
		}
		var sum [32]byte
		if len(h) != 2*len(sum) {
			continue // not a pseudonym: malformed rows are refused when the map is loaded
		}
		if _, err := hex.Decode(sum[:], h); err != nil {
			continue
		}
		e, ok := ps.vt.find(ps.vt.typeIndex(string(t)), &sum)
		if !ok {
			continue
		}
		if in.prev == nil {
			in.prev = make([]uint8, ps.vt.len())
		}
		in.prev[e] = prevRedact
		if string(d) == Keep {
			in.prev[e] = prevKeep
		}
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read earlier decisions", err)
	}
	if in.spanIns, err = tx.PrepareContext(ctx, `INSERT INTO pii_spans (log_file_id, pii_type, start_offset, end_offset,
		original_value, replacement, line, start_col, end_line, end_col, rule, value_id, scan_seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, dbErr("prepare findings insert", err)
	}
	if in.valIns, err = tx.PrepareContext(ctx, `INSERT INTO pii_values (id, log_file_id, scan_seq, pii_type,
		value_key, ordinal, findings, decision, allowlisted) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`); err != nil {
		return nil, dbErr("prepare values insert", err)
	}
	return in, nil
}

// value returns what findings of (typ, v) need, counting the finding and storing a new
// pii_values row at the value's first sight in the log.
func (in *spanInserter) value(typ, v string) (recentValue, int64, error) {
	key := typedValue{typ, v}
	r, ok := in.recent[key]
	if ok {
		i := in.local[r.entry] - 1
		in.findings[i]++
		return r, in.firstID + int64(i), nil
	}
	sum := sumWith(in.mac, v)
	e, _, err := in.ps.entry(typ, v, &sum)
	if err != nil {
		return r, 0, err
	}
	if n := in.ps.vt.len(); len(in.local) < n {
		in.local = append(in.local, make([]uint32, n-len(in.local))...)
	}
	i := in.local[e]
	if i == 0 {
		if i, err = in.newValue(typ, e, &sum); err != nil {
			return r, 0, err
		}
	} else {
		in.findings[i-1]++
	}
	r = recentValue{entry: e, ph: in.ps.placeholder(e)}
	if r.sealed, err = in.s.seal(v); err != nil {
		return r, 0, err
	}
	if len(in.recent) >= in.s.recentMax {
		clear(in.recent)
	}
	// A finding's value is a substring of its whole chunk's text: kept as a key, it would keep
	// the chunk (256 KiB) alive.
	in.recent[typedValue{in.ps.vt.types[in.ps.vt.typ[e]], strings.Clone(v)}] = r
	return r, in.firstID + int64(i-1), nil
}

// newValue stores the pii_values row of pseudonym entry e, new to the log, and returns 1 + its
// index in the scan.
func (in *spanInserter) newValue(typ string, e uint32, sum *[32]byte) (uint32, error) {
	hash := hex.EncodeToString(sum[:])
	decision, allowed := Redact, 0
	if in.allow.match(typ, hash) {
		decision, allowed = Keep, 1
	}
	if int(e) < len(in.prev) && in.prev[e] != prevNone {
		decision = Redact
		if in.prev[e] == prevKeep {
			decision = Keep
		}
	}
	if uint64(len(in.findings)) >= math.MaxUint32-1 {
		return 0, fmt.Errorf("redaction: more than %d distinct values in log %q", len(in.findings), in.logID)
	}
	id := in.firstID + int64(len(in.findings))
	if _, err := in.valIns.ExecContext(in.ctx, id, in.logID, in.seq, typ, int64(binary.BigEndian.Uint64(sum[:8])),
		int64(in.ps.vt.ord[e]), decision, allowed); err != nil {
		return 0, dbErr("store value", err)
	}
	in.findings = append(in.findings, 1)
	in.local[e] = uint32(len(in.findings))
	return in.local[e], nil
}

func (in *spanInserter) add(l located) error {
	f := l.f
	r, id, err := in.value(f.Type, f.Value)
	if err != nil {
		return err
	}
	if _, err := in.spanIns.ExecContext(in.ctx, in.logID, f.Type, f.Start, f.End, r.sealed, r.ph,
		l.line, l.col, l.endLine, l.endCo, f.Rule, id, in.seq); err != nil {
		return dbErr("store finding", err)
	}
	in.counts[f.Type]++
	in.total++
	in.maxSpan = max(in.maxSpan, l.endLine-l.line)
	return nil
}

// finishValues stores how many findings each value has (rows were written with 1), in id order.
func (in *spanInserter) finishValues() error {
	stmt, err := in.tx.PrepareContext(in.ctx, `UPDATE pii_values SET findings = ? WHERE id = ?`)
	if err != nil {
		return dbErr("prepare value counts", err)
	}
	defer stmt.Close()
	for i, n := range in.findings {
		if n > 1 {
			if _, err := stmt.ExecContext(in.ctx, int64(n), in.firstID+int64(i)); err != nil {
				return dbErr("store value counts", err)
			}
		}
	}
	return nil
}

func (in *spanInserter) close() {
	for _, st := range []*sql.Stmt{in.spanIns, in.valIns} {
		if st != nil {
			st.Close()
		}
	}
}
