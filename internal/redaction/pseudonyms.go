package redaction

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
)

// Pseudonyms is the pseudonym map of one incident: the same (type, value) always gets the same
// placeholder, [TYPE-n], in every log and typed text of the incident. New entries are written
// through tx when it is set (inside the caller's transaction); without tx they are provisional.
type Pseudonyms struct {
	s       *Service
	ctx     context.Context
	tx      *sql.Tx
	issueID string
	vt      valueTable        // (type, value hash) → ordinal, all of the incident's
	odd     map[uint32]string // entry → stored placeholder, where it is not [TYPE-ordinal] (none so far)
	next    map[string]int    // type → next free ordinal
	ins     *sql.Stmt
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Service) pseudonyms(ctx context.Context, q queryer, tx *sql.Tx, issueID string) (*Pseudonyms, error) {
	p := &Pseudonyms{s: s, ctx: ctx, tx: tx, issueID: issueID, next: map[string]int{}}
	// The whole map is loaded once (a hash and an ordinal per value, ~50 bytes: see valueTable):
	// a scan looks up every new value, and a query per value would dominate the scan.
	rows, err := q.QueryContext(ctx, `SELECT pii_type, value_hash, ordinal, placeholder FROM pii_pseudonyms WHERE issue_id = ?`, issueID)
	if err != nil {
		return nil, dbErr("read pseudonyms", err)
	}
	defer rows.Close()
	var buf []byte
	for rows.Next() {
		var t, h, ph sql.RawBytes
		var n int64
		if err := rows.Scan(&t, &h, &n, &ph); err != nil {
			return nil, dbErr("read pseudonyms", err)
		}
		var sum [32]byte
		if len(h) != 2*len(sum) || n < 0 || n > math.MaxUint32 {
			return nil, dbErr("read pseudonyms", fmt.Errorf("malformed pseudonym %q %d", t, n))
		}
		if _, err := hex.Decode(sum[:], h); err != nil {
			return nil, dbErr("read pseudonyms", err)
		}
		ti := p.vt.typeIndex(string(t))
		e := p.vt.add(ti, &sum, uint32(n))
		if buf = p.vt.appendPlaceholder(buf[:0], e); !bytes.Equal(buf, ph) {
			if p.odd == nil {
				p.odd = map[uint32]string{}
			}
			p.odd[e] = string(ph)
		}
		p.next[p.vt.types[ti]] = max(p.next[p.vt.types[ti]], int(n)+1)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read pseudonyms", err)
	}
	return p, nil
}

// Placeholder returns the incident's placeholder for value of type typ, creating it if needed.
func (p *Pseudonyms) Placeholder(typ, value string) (string, error) {
	sum := p.s.valueSum(value)
	e, _, err := p.entry(typ, value, &sum)
	if err != nil {
		return "", err
	}
	return p.placeholder(e), nil
}

// placeholder returns the placeholder of entry e.
func (p *Pseudonyms) placeholder(e uint32) string {
	if ph, ok := p.odd[e]; ok {
		return ph
	}
	return string(p.vt.appendPlaceholder(make([]byte, 0, 24), e))
}

// entry returns the entry of (typ, value) whose HMAC is sum, creating it (and storing the
// pseudonym, with tx) if it is new to the incident.
func (p *Pseudonyms) entry(typ, value string, sum *[32]byte) (e uint32, created bool, err error) {
	ti := p.vt.typeIndex(typ)
	if e, ok := p.vt.find(ti, sum); ok {
		return e, false, nil
	}
	typ = p.vt.types[ti] // not the caller's string: it may pin a whole chunk of text
	n := max(p.next[typ], 1)
	if n > math.MaxUint32 {
		return 0, false, fmt.Errorf("redaction: too many %s values in incident %q", typ, p.issueID)
	}
	if p.tx != nil {
		sealed, err := p.s.seal(value)
		if err != nil {
			return 0, false, err
		}
		if p.ins == nil {
			if p.ins, err = p.tx.PrepareContext(p.ctx, `INSERT INTO pii_pseudonyms (issue_id, pii_type, value_hash, ordinal, placeholder, sealed_value)
				VALUES (?, ?, ?, ?, ?, ?)`); err != nil {
				return 0, false, dbErr("prepare pseudonym insert", err)
			}
		}
		ph := string(appendPlaceholder(nil, p.vt.upper[ti], int64(n)))
		if _, err := p.ins.ExecContext(p.ctx, p.issueID, typ, hex.EncodeToString(sum[:]), n, ph, sealed); err != nil {
			return 0, false, dbErr("store pseudonym", err)
		}
	}
	p.next[typ] = n + 1
	return p.vt.add(ti, sum, uint32(n)), true, nil
}

// ProvisionalPlaceholders returns the placeholder each (type, value) has, or would get, in the
// incident, without storing anything (typed text shown for review).
func (s *Service) ProvisionalPlaceholders(ctx context.Context, issueID string) (*Pseudonyms, error) {
	if err := issueExists(ctx, s.db.Read(), issueID); err != nil {
		return nil, err
	}
	return s.pseudonyms(ctx, s.db.Read(), nil, issueID)
}

// WithPseudonyms runs fn in one write transaction with the incident's pseudonym map: the
// placeholders fn creates are stored and the audit event it returns is appended, both only when
// fn succeeds.
func (s *Service) WithPseudonyms(ctx context.Context, issueID string, fn func(p *Pseudonyms) (audit.Event, error)) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := issueExists(ctx, tx, issueID); err != nil {
			return err
		}
		p, err := s.pseudonyms(ctx, tx, tx, issueID)
		if err != nil {
			return err
		}
		ev, err := fn(p)
		if err != nil {
			return err
		}
		if _, err := s.audit.Append(ctx, tx, ev); err != nil {
			return fmt.Errorf("redaction: audit: %w", err)
		}
		return nil
	})
}

func issueExists(ctx context.Context, q queryer, issueID string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM issues WHERE id = ?`, issueID).Scan(&n); err != nil {
		return dbErr("look up incident", err)
	}
	if n == 0 {
		return fmt.Errorf("redaction: incident %q: %w", issueID, apperr.ErrNotFound)
	}
	return nil
}

// Reveal returns what a placeholder of an incident stands for.
func (s *Service) Reveal(ctx context.Context, issueID, placeholder string) (Pseudonym, error) {
	// The key is (type, ordinal), both spelled in the placeholder ([TYPE-n]).
	var typ, sealed string
	t, n, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(placeholder, "["), "]"), "-")
	ord, _ := strconv.Atoi(n)
	err := s.db.Read().QueryRowContext(ctx, `SELECT pii_type, sealed_value FROM pii_pseudonyms
		WHERE issue_id = ? AND pii_type = ? AND ordinal = ? AND placeholder = ?`,
		issueID, strings.ToLower(t), ord, placeholder).Scan(&typ, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return Pseudonym{}, fmt.Errorf("redaction: no placeholder %q in incident %q: %w", placeholder, issueID, apperr.ErrNotFound)
	}
	if err != nil {
		return Pseudonym{}, dbErr("read pseudonym", err)
	}
	v, err := s.unseal(sealed)
	if err != nil {
		return Pseudonym{}, err
	}
	return Pseudonym{Placeholder: placeholder, Type: typ, Value: v}, nil
}
