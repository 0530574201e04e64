package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"tftsr/internal/apperr"
	"tftsr/internal/store"
	"tftsr/internal/store/storetest"
)

func fixedClock() func() time.Time {
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	n := 0
	return func() time.Time { n++; return t0.Add(time.Duration(n) * time.Second) }
}

// appendN writes n entries (entity "issue-<i%2>") and returns them in order.
func appendN(t *testing.T, db *store.DB, l *Log, n int) []Entry {
	t.Helper()
	var out []Entry
	for i := 1; i <= n; i++ {
		err := db.Tx(context.Background(), func(tx *sql.Tx) error {
			e, err := l.Append(context.Background(), tx, Event{
				Action: "issue_update", EntityType: "issue", EntityID: fmt.Sprintf("issue-%d", i%2),
				Details: map[string]any{"field": "status", "old": "open", "new": "investigating", "n": i},
			})
			out = append(out, e)
			return err
		})
		if err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
	return out
}

func exec(t *testing.T, db *store.DB, stmts ...string) {
	t.Helper()
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAppendAndList(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	l := New(fixedClock())
	entries := appendN(t, db, l, 3)

	if entries[0].PrevHash != zeroHash || entries[0].Seq != 1 {
		t.Errorf("first entry seq %d prev %q; want 1 and 64 zeros", entries[0].Seq, entries[0].PrevHash)
	}
	for i := 1; i < len(entries); i++ {
		if entries[i].PrevHash != entries[i-1].Hash {
			t.Errorf("entry %d prev_hash does not link to entry %d", i+1, i)
		}
	}
	want0 := Entry{Seq: 1, Timestamp: "2026-03-04 05:06:08", Action: "issue_update", EntityType: "issue",
		EntityID: "issue-1", UserID: "local", Details: `{"field":"status","n":1,"new":"investigating","old":"open"}`,
		PrevHash: zeroHash}
	if diff := cmp.Diff(want0, entries[0], cmpopts.IgnoreFields(Entry{}, "ID", "Hash")); diff != "" {
		t.Errorf("first entry (-want +got):\n%s", diff)
	}

	tests := []struct {
		name     string
		entityID string
		limit    int
		want     []int64 // seqs
	}{
		{name: "all newest first", entityID: "", limit: 0, want: []int64{3, 2, 1}},
		{name: "by entity", entityID: "issue-1", limit: 10, want: []int64{3, 1}},
		{name: "limit", entityID: "", limit: 1, want: []int64{3}},
		{name: "unknown entity", entityID: "nope", limit: 10, want: []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := List(ctx, db.Read(), tt.entityID, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			seqs := []int64{}
			for _, e := range got {
				seqs = append(seqs, e.Seq)
			}
			if diff := cmp.Diff(tt.want, seqs); diff != "" {
				t.Errorf("seqs (-want +got):\n%s", diff)
			}
		})
	}
	got, err := List(ctx, db.Read(), "", 1)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(entries[2], got[0]); diff != "" {
		t.Errorf("stored entry differs from returned entry (-want +got):\n%s", diff)
	}
}

func TestAppendRejectsAndRollsBack(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	l := New(fixedClock())
	tests := []struct {
		name    string
		ev      Event
		wantErr error
	}{
		{name: "missing action", ev: Event{EntityType: "issue", EntityID: "x"}, wantErr: apperr.ErrInvalid},
		{name: "unmarshalable details", ev: Event{Action: "a", EntityType: "issue", EntityID: "x", Details: func() {}}, wantErr: apperr.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.Tx(ctx, func(tx *sql.Tx) error {
				_, err := l.Append(ctx, tx, tt.ev)
				return err
			})
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
	errAbort := errors.New("caller aborted")
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := l.Append(ctx, tx, Event{Action: "a", EntityType: "issue", EntityID: "x"}); err != nil {
			return err
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) {
		t.Fatalf("err = %v", err)
	}
	got, err := List(ctx, db.Read(), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("entries after rolled-back tx = %d, want 0", len(got))
	}
}

func TestVerify(t *testing.T) {
	const n = 5
	tests := []struct {
		name   string
		tamper func(t *testing.T, db *store.DB, es []Entry)
		want   Report // LastHash filled in from es by wantLast
		// wantLast is the index of the entry whose hash is LastHash (-1 = zero hash).
		wantLast int
	}{
		{
			name:     "intact chain",
			tamper:   func(*testing.T, *store.DB, []Entry) {},
			want:     Report{OK: true, Entries: n},
			wantLast: n - 1,
		},
		{
			name: "details updated",
			tamper: func(t *testing.T, db *store.DB, es []Entry) {
				exec(t, db, `DROP TRIGGER audit_log_no_update`,
					`UPDATE audit_log SET details = '{"field":"severity"}' WHERE seq = 3`)
			},
			want:     Report{BrokenAtSeq: 3, Entries: 2, Reason: "hash mismatch: entry content was changed"},
			wantLast: 1,
		},
		{
			name: "middle row deleted",
			tamper: func(t *testing.T, db *store.DB, es []Entry) {
				exec(t, db, `DROP TRIGGER audit_log_no_delete`, `DELETE FROM audit_log WHERE seq = 3`)
			},
			want:     Report{BrokenAtSeq: 4, Entries: 2, Reason: "seq gap: expected 3, found 4 (entries removed)"},
			wantLast: 1,
		},
		{
			name: "prev_hash changed and entry rehashed",
			tamper: func(t *testing.T, db *store.DB, es []Entry) {
				e := es[2]
				e.PrevHash = strings.Repeat("a", 64)
				e.Hash = hashEntry(e)
				exec(t, db, `DROP TRIGGER audit_log_no_update`,
					fmt.Sprintf(`UPDATE audit_log SET prev_hash = '%s', entry_hash = '%s' WHERE seq = 3`, e.PrevHash, e.Hash))
			},
			want:     Report{BrokenAtSeq: 3, Entries: 2, Reason: "prev_hash mismatch: does not match the previous entry's hash"},
			wantLast: 1,
		},
		{
			name: "first entry rewritten consistently breaks the second",
			tamper: func(t *testing.T, db *store.DB, es []Entry) {
				e := es[0]
				e.Details = `{"forged":true}`
				e.Hash = hashEntry(e)
				exec(t, db, `DROP TRIGGER audit_log_no_update`,
					fmt.Sprintf(`UPDATE audit_log SET details = '%s', entry_hash = '%s' WHERE seq = 1`, e.Details, e.Hash))
			},
			want:     Report{BrokenAtSeq: 2, Entries: 1, Reason: "prev_hash mismatch: does not match the previous entry's hash"},
			wantLast: -2, // the forged hash of entry 1, checked below
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.New(t)
			es := appendN(t, db, New(fixedClock()), n)
			tt.tamper(t, db, es)
			got, err := Verify(context.Background(), db.Read())
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			switch {
			case tt.wantLast >= 0:
				want.LastHash = es[tt.wantLast].Hash
			case tt.wantLast == -2:
				want.LastHash = got.LastHash
				if got.LastHash == es[0].Hash {
					t.Error("LastHash is the original hash, want the forged one")
				}
			}
			if want.BrokenAtSeq != 0 {
				for _, e := range es {
					if e.Seq == want.BrokenAtSeq {
						want.BrokenID = e.ID
					}
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Verify (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVerifyEmpty(t *testing.T) {
	db := storetest.New(t)
	got, err := Verify(context.Background(), db.Read())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Report{OK: true, LastHash: zeroHash}, got); diff != "" {
		t.Errorf("Verify (-want +got):\n%s", diff)
	}
}

func TestAppendOnlyTriggers(t *testing.T) {
	db := storetest.New(t)
	appendN(t, db, New(fixedClock()), 2)
	tests := []struct {
		name string
		stmt string
	}{
		{name: "update", stmt: `UPDATE audit_log SET details = '{}' WHERE seq = 1`},
		{name: "delete", stmt: `DELETE FROM audit_log WHERE seq = 2`},
		{name: "delete all", stmt: `DELETE FROM audit_log`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.Tx(context.Background(), func(tx *sql.Tx) error {
				_, err := tx.Exec(tt.stmt)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "audit_log is append-only") {
				t.Errorf("err = %v, want append-only refusal", err)
			}
		})
	}
	rep, err := Verify(context.Background(), db.Read())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || rep.Entries != 2 {
		t.Errorf("Verify after refused edits = %+v, want OK with 2 entries", rep)
	}
}

func TestHashEncodingIsUnambiguous(t *testing.T) {
	a := Entry{Seq: 1, ID: "x", Action: "ab", EntityType: "c"}
	b := Entry{Seq: 1, ID: "x", Action: "a", EntityType: "bc"}
	if hashEntry(a) == hashEntry(b) {
		t.Error("field boundaries do not affect the hash")
	}
	if hashEntry(a) != hashEntry(a) || len(hashEntry(a)) != 64 {
		t.Error("hash is not a stable 64-hex string")
	}
}
