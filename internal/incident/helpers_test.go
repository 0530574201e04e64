package incident_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"
	"time"

	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/store"
	"tftsr/internal/store/storetest"
)

// clock is a fixed fake clock that tests advance by hand.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func ts(t time.Time) string { return store.FormatTime(t) }

type env struct {
	db  *store.DB
	svc *incident.Service
	clk *clock
}

func newEnv(t *testing.T) env {
	t.Helper()
	db := storetest.New(t)
	clk := &clock{t: t0}
	return env{db: db, svc: incident.NewService(db, audit.New(clk.Now), clk.Now), clk: clk}
}

func (e env) create(t *testing.T, in incident.CreateInput) incident.Issue {
	t.Helper()
	is, err := e.svc.Create(context.Background(), in)
	if err != nil {
		t.Fatalf("Create(%+v): %v", in, err)
	}
	return is
}

func (e env) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := e.db.Read().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func (e env) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if err := e.db.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(q, args...)
		return err
	}); err != nil {
		t.Fatalf("exec %s: %v", q, err)
	}
}

// auditFor returns the audit entries of entityID, oldest first, with details decoded.
type auditRow struct {
	Action  string
	Entity  string
	Details map[string]any
}

func (e env) auditFor(t *testing.T, entityID string) []auditRow {
	t.Helper()
	entries, err := audit.List(context.Background(), e.db.Read(), entityID, 1000)
	if err != nil {
		t.Fatalf("audit.List: %v", err)
	}
	out := []auditRow{}
	for i := len(entries) - 1; i >= 0; i-- {
		var d map[string]any
		if err := json.Unmarshal([]byte(entries[i].Details), &d); err != nil {
			t.Fatalf("audit details %q: %v", entries[i].Details, err)
		}
		out = append(out, auditRow{Action: entries[i].Action, Entity: entries[i].EntityType, Details: d})
	}
	return out
}

func (e env) verifyAudit(t *testing.T) {
	t.Helper()
	rep, err := audit.Verify(context.Background(), e.db.Read())
	if err != nil {
		t.Fatalf("audit.Verify: %v", err)
	}
	if !rep.OK {
		t.Fatalf("audit chain broken: %+v", rep)
	}
}

func ptr[T any](v T) *T { return &v }
