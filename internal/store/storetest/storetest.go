// Package storetest opens real encrypted, migrated databases for other packages' tests.
package storetest

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"testing"

	"tftsr/internal/keys"
	"tftsr/internal/store"
)

// New returns an opened, fully migrated SQLCipher database in t.TempDir() with a random raw key.
// It is closed through t.Cleanup.
func New(t testing.TB) *store.DB {
	t.Helper()
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		t.Fatalf("storetest: random key: %v", err)
	}
	db, err := store.Open(context.Background(), store.Options{
		Path: filepath.Join(t.TempDir(), "tftsr.db"),
		Key:  keys.NewRawKey(keys.SourceKeyring, raw),
	})
	if err != nil {
		t.Fatalf("storetest: open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("storetest: close: %v", err)
		}
	})
	return db
}
