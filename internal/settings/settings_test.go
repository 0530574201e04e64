package settings_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/settings"
	"tftsr/internal/store"
	"tftsr/internal/store/storetest"
)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func newSvc(t *testing.T) (*settings.Service, *store.DB, *clock) {
	t.Helper()
	db := storetest.New(t)
	clk := &clock{t: time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)}
	return settings.NewService(db, audit.New(clk.Now), clk.Now), db, clk
}

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDefaults(t *testing.T) {
	svc, _, _ := newSvc(t)
	got, err := svc.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := settings.Settings{Theme: "system", DefaultSeverity: "medium", DefaultDomain: "", DefaultAssignee: ""}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
}

func TestUpdateAndPersist(t *testing.T) {
	svc, db, clk := newSvc(t)
	ctx := context.Background()

	in := settings.Settings{Theme: "dark", DefaultSeverity: "high", DefaultDomain: "Kubernetes", DefaultAssignee: "  oncall  "}
	got, err := svc.Update(ctx, in)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	want := settings.Settings{Theme: "dark", DefaultSeverity: "high", DefaultDomain: "Kubernetes", DefaultAssignee: "oncall"}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Update (-want +got):\n%s", diff)
	}

	// A fresh Service on the same DB sees the stored values.
	fresh := settings.NewService(db, audit.New(clk.Now), clk.Now)
	got, err = fresh.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Get from fresh service (-want +got):\n%s", diff)
	}

	var updatedAt string
	if err := db.Read().QueryRow(`SELECT updated_at FROM settings WHERE key = 'theme'`).Scan(&updatedAt); err != nil {
		t.Fatal(err)
	}
	if updatedAt != "2026-04-01 12:00:00" {
		t.Errorf("updated_at = %q", updatedAt)
	}

	// Change only the theme: only that key is written and audited.
	clk.t = clk.t.Add(time.Hour)
	want.Theme = "light"
	in2 := want
	got, err = fresh.Update(ctx, in2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("second Update (-want +got):\n%s", diff)
	}
	var sevUpdated string
	if err := db.Read().QueryRow(`SELECT updated_at FROM settings WHERE key = 'default_severity'`).Scan(&sevUpdated); err != nil {
		t.Fatal(err)
	}
	if sevUpdated != "2026-04-01 12:00:00" {
		t.Errorf("unchanged key's updated_at moved to %q", sevUpdated)
	}

	// No change: no audit entry.
	if _, err := fresh.Update(ctx, want); err != nil {
		t.Fatal(err)
	}

	entries, err := audit.List(ctx, db.Read(), "settings", 100)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Action, EntityType string
		Keys               []string
	}
	var gotRows []row
	for i := len(entries) - 1; i >= 0; i-- {
		var d struct{ Keys []string }
		if err := json.Unmarshal([]byte(entries[i].Details), &d); err != nil {
			t.Fatal(err)
		}
		gotRows = append(gotRows, row{entries[i].Action, entries[i].EntityType, d.Keys})
	}
	wantRows := []row{
		{"settings.update", "settings", []string{"theme", "default_severity", "default_domain", "default_assignee"}},
		{"settings.update", "settings", []string{"theme"}},
	}
	if diff := cmp.Diff(wantRows, gotRows, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
	rep, err := audit.Verify(ctx, db.Read())
	if err != nil || !rep.OK {
		t.Errorf("audit.Verify = %+v, %v", rep, err)
	}
	if n := countRows(t, db, "settings"); n != 4 {
		t.Errorf("settings rows = %d, want 4", n)
	}
}

func TestUpdateDefaultsWriteNothing(t *testing.T) {
	svc, db, _ := newSvc(t)
	got, err := svc.Update(context.Background(), settings.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(settings.Defaults(), got); diff != "" {
		t.Errorf("Update (-want +got):\n%s", diff)
	}
	if n := countRows(t, db, "settings"); n != 0 {
		t.Errorf("settings rows = %d, want 0", n)
	}
	if n := countRows(t, db, "audit_log"); n != 0 {
		t.Errorf("audit rows = %d, want 0", n)
	}
}

func TestUpdateInvalid(t *testing.T) {
	tests := []struct {
		name    string
		in      settings.Settings
		wantMsg string
	}{
		{"unknown theme", settings.Settings{Theme: "blue"}, `settings: unknown theme "blue" (want system, light or dark)`},
		{"unknown severity", settings.Settings{DefaultSeverity: "urgent"}, `unknown severity "urgent"`},
		{"unknown domain", settings.Settings{DefaultDomain: "Mainframe"}, `unknown domain "Mainframe"`},
		{"long assignee", settings.Settings{DefaultAssignee: strings.Repeat("a", 201)}, "assignee must be at most 200 characters"},
		{"control char assignee", settings.Settings{DefaultAssignee: "a\x02"}, "must not contain control characters"},
		{"valid theme with invalid domain", settings.Settings{Theme: "dark", DefaultDomain: "x"}, `unknown domain "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, db, _ := newSvc(t)
			_, err := svc.Update(context.Background(), tt.in)
			if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("Update error = %v, want ErrInvalid containing %q", err, tt.wantMsg)
			}
			if n := countRows(t, db, "settings"); n != 0 {
				t.Errorf("settings rows = %d, want 0", n)
			}
			if n := countRows(t, db, "audit_log"); n != 0 {
				t.Errorf("audit rows = %d, want 0", n)
			}
			got, err := svc.Get(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(settings.Defaults(), got); diff != "" {
				t.Errorf("Get after failed update (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStoredInvalidValueFallsBack(t *testing.T) {
	svc, db, _ := newSvc(t)
	if err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO settings (key, value, updated_at) VALUES
			('theme', 'neon', '2026-01-01 00:00:00'), ('default_severity', 'low', '2026-01-01 00:00:00'),
			('unrelated', 'x', '2026-01-01 00:00:00')`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := settings.Settings{Theme: "system", DefaultSeverity: "low"}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
}
