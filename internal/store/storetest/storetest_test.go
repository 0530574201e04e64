package storetest_test

import (
	"context"
	"database/sql"
	"testing"

	"tftsr/internal/store/storetest"
	"tftsr/migrations"
)

func TestNew(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	v, dirty, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatalf("SchemaVersion: %v", err)
	}
	if want := migrations.Latest(); v != want || dirty {
		t.Errorf("SchemaVersion = %d, dirty %v; want %d, clean", v, dirty, want)
	}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO settings(key, value, updated_at) VALUES ('k', 'v', '2026-01-01 00:00:00')`)
		return err
	})
	if err != nil {
		t.Fatalf("Tx: %v", err)
	}
	var got string
	if err := db.Read().QueryRow(`SELECT value FROM settings WHERE key = 'k'`).Scan(&got); err != nil {
		t.Fatalf("read back: %v", err)
	}
	if got != "v" {
		t.Errorf("value = %q, want %q", got, "v")
	}
}
