package triage_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/store"
	"tftsr/internal/store/storetest"
	"tftsr/internal/triage"
)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

type env struct {
	db  *store.DB
	svc *triage.Service
	inc *incident.Service
	clk *clock
}

func newEnvDB(db *store.DB) env {
	clk := &clock{t: t0}
	log := audit.New(clk.Now)
	return env{db: db, svc: triage.NewService(db, log, clk.Now), inc: incident.NewService(db, log, clk.Now), clk: clk}
}

func newEnv(t *testing.T) env {
	t.Helper()
	return newEnvDB(storetest.New(t))
}

func (e env) issue(t *testing.T, title string) string {
	t.Helper()
	is, err := e.inc.Create(context.Background(), incident.CreateInput{Title: title, Domain: "Databases"})
	if err != nil {
		t.Fatal(err)
	}
	return is.ID
}

// addLog inserts a log_files row for citations (the triage package only checks that it exists).
func (e env) addLog(t *testing.T, issueID, id string) {
	t.Helper()
	if err := e.db.Tx(context.Background(), func(tx *sqlTx) error {
		_, err := tx.Exec(`INSERT INTO log_files (id, issue_id, file_name, file_path, uploaded_at) VALUES (?, ?, 'app.log', 'app.log', ?)`,
			id, issueID, store.FormatTime(t0))
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// block renders a protocol reply: prose, then the triage block.
func block(prose string, level int, question string, extra string) string {
	q, _ := json.Marshal(question)
	if extra != "" {
		extra = ", " + extra
	}
	return fmt.Sprintf("%s\n\n```triage\n{\"why_level\": %d, \"question\": %s%s}\n```\n", prose, level, q, extra)
}

func (e env) steps(t *testing.T, issueID string) []triage.Step {
	t.Helper()
	st, err := e.svc.ListSteps(context.Background(), issueID)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func questions(steps []triage.Step) []string {
	out := []string{}
	for _, s := range steps {
		out = append(out, fmt.Sprintf("%d %s %s", s.Order, s.Source, s.Question))
	}
	return out
}

func (e env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Read().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (e env) verifyAudit(t *testing.T) []audit.Entry {
	t.Helper()
	rep, err := audit.Verify(context.Background(), e.db.Read())
	if err != nil || !rep.OK {
		t.Fatalf("audit.Verify = %+v, %v", rep, err)
	}
	entries, err := audit.List(context.Background(), e.db.Read(), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func wantErr(t *testing.T, err, kind error, contains string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("err = %v, want %v", err, kind)
	}
	if contains != "" && !strings.Contains(err.Error(), contains) {
		t.Errorf("err = %q, want it to mention %q", err, contains)
	}
}

type sqlTx = sql.Tx

func ptr[T any](v T) *T { return &v }
