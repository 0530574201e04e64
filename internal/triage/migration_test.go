package triage_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/triage"
	"tftsr/migrations"
)

func (e env) runFile(t *testing.T, name string) {
	t.Helper()
	b, err := migrations.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.Tx(context.Background(), func(tx *sqlTx) error {
		_, err := tx.Exec(string(b))
		return err
	}); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func (e env) columns(t *testing.T, table string) []string {
	t.Helper()
	rows, err := e.db.Read().Query(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

func (e env) objects(t *testing.T, names ...string) []string {
	t.Helper()
	out := []string{}
	for _, n := range names {
		if e.count(t, `SELECT count(*) FROM sqlite_master WHERE name = ?`, n) > 0 {
			out = append(out, n)
		}
	}
	return out
}

// Migrations 000019 and 000018 go down (SQLite 3.33: the table is rebuilt to drop columns,
// keeping the rows) and up again on a real encrypted database holding data.
func TestMigrationsDownUpKeepSteps(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.issue(t, "x")
	if _, err := e.svc.ApplyReply(ctx, id, block("", 1, "Why did it fail?", `"answer": "A full disk.", "evidence": ["df"], "root_cause_reached": true`), "m1"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddFactor(ctx, id, "No disk alert"); err != nil {
		t.Fatal(err)
	}
	ours := []string{"contributing_factors", "idx_contributing_factors_issue", "idx_resolution_steps_root_cause",
		"timeline_events", "idx_timeline_events_issue", "idx_timeline_events_seq", "idx_timeline_events_kind"}
	full := []string{"id", "issue_id", "step_order", "why_question", "answer", "evidence", "created_at",
		"is_root_cause", "root_cause_by", "source", "message_id", "evidence_refs", "updated_at"}
	if diff := cmp.Diff(full, e.columns(t, "resolution_steps")); diff != "" {
		t.Fatalf("columns before (-want +got):\n%s", diff)
	}

	e.runFile(t, "000019_timeline_events.down.sql")
	e.runFile(t, "000018_triage.down.sql")
	seed := []string{"id", "issue_id", "step_order", "why_question", "answer", "evidence", "created_at"}
	if diff := cmp.Diff(seed, e.columns(t, "resolution_steps")); diff != "" {
		t.Errorf("columns after down (-want +got):\n%s", diff)
	}
	if got := e.objects(t, ours...); len(got) != 0 {
		t.Errorf("left after down: %v", got)
	}
	if got := e.objects(t, "idx_resolution_steps_issue_id"); len(got) != 1 {
		t.Errorf("000014's index on resolution_steps missing after down")
	}
	var q, a, ev string
	if err := e.db.Read().QueryRow(`SELECT why_question, answer, evidence FROM resolution_steps WHERE issue_id = ?`, id).Scan(&q, &a, &ev); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Why did it fail?", "A full disk.", "df"}, []string{q, a, ev}); diff != "" {
		t.Errorf("step after down (-want +got):\n%s", diff)
	}

	e.runFile(t, "000018_triage.up.sql")
	e.runFile(t, "000019_timeline_events.up.sql")
	if diff := cmp.Diff(full, e.columns(t, "resolution_steps")); diff != "" {
		t.Errorf("columns after up (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ours, e.objects(t, ours...)); diff != "" {
		t.Errorf("objects after up (-want +got):\n%s", diff)
	}
	steps := e.steps(t, id)
	if len(steps) != 1 || steps[0].Source != triage.SourceUser || steps[0].IsRootCause || len(steps[0].EvidenceRefs) != 0 {
		t.Errorf("step after down/up = %+v (defaults: user, not root cause, no refs)", steps)
	}
	if _, err := e.svc.ApplyReply(ctx, id, block("", 2, "Why was it full?", ""), "m2"); err != nil {
		t.Fatal(err)
	}
	if p, _ := e.svc.Progress(ctx, id); p.Steps != 2 {
		t.Errorf("progress after up = %+v", p)
	}
}
