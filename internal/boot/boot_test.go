package boot

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/config"
	"tftsr/internal/incident"
	"tftsr/migrations"
)

type deadKeyring struct{}

var errNoBus = errors.New("no session bus")

func (deadKeyring) Get(string, string) (string, error) { return "", errNoBus }
func (deadKeyring) Set(string, string, string) error   { return errNoBus }

func testEnv(t *testing.T, vars map[string]string) (config.Env, string) {
	t.Helper()
	root := t.TempDir()
	all := map[string]string{
		"TFTSR_DATA_DIR":  filepath.Join(root, "data"),
		"XDG_CONFIG_HOME": filepath.Join(root, "config"),
	}
	for k, v := range vars {
		all[k] = v
	}
	return config.Env{
		Getenv:  func(k string) string { return all[k] },
		HomeDir: func() (string, error) { return root, nil },
		GOOS:    "linux",
	}, root
}

func TestOpenWithoutKeyringUsesKeyfileOutsideDataDir(t *testing.T) {
	ctx := context.Background()
	env, root := testEnv(t, nil)
	now := func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }
	sys, err := Open(ctx, Options{Env: env, Keyring: deadKeyring{}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sys.Incidents.Create(ctx, incident.CreateInput{Title: "Disk full on db-01"}); err != nil {
		t.Fatal(err)
	}
	info, err := sys.Security(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := sys.Close(); err != nil {
		t.Fatal(err)
	}
	keyfile := filepath.Join(root, "config", "tftsr", "master.key")
	info.Audit.LastHash = ""
	want := struct {
		KeySource, KeyfilePath, DataDir, DBPath string
		SchemaVersion                           uint
		Encrypted, AuditOK                      bool
		AuditEntries                            int
	}{"keyfile", keyfile, filepath.Join(root, "data"), filepath.Join(root, "data", "tftsr.db"), migrations.Latest(), true, true, 1}
	got := want
	got.KeySource, got.KeyfilePath, got.DataDir, got.DBPath = info.KeySource, info.KeyfilePath, info.DataDir, info.DBPath
	got.SchemaVersion, got.Encrypted, got.AuditOK, got.AuditEntries = info.SchemaVersion, info.Encrypted, info.Audit.OK, info.Audit.Entries
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Security (-want +got):\n%s", diff)
	}
	fi, err := os.Stat(keyfile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Join(root, "data"))
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".key" {
			t.Errorf("key material in the data dir: %s", e.Name())
		}
	}

	// A second launch finds the same key and the same data.
	sys, err = Open(ctx, Options{Env: env, Keyring: deadKeyring{}})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer sys.Close()
	list, err := sys.Incidents.List(ctx, incident.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if list.Total != 1 || list.Items[0].Title != "Disk full on db-01" {
		t.Errorf("after reopen: %+v, want the one incident", list)
	}
}

func TestOpenWithWrongPassphraseLeavesFileAlone(t *testing.T) {
	ctx := context.Background()
	env, root := testEnv(t, map[string]string{"TFTSR_DB_KEY": "right horse battery"})
	sys, err := Open(ctx, Options{Env: env, Keyring: deadKeyring{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := sys.Close(); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(root, "data", "tftsr.db")
	before, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}

	wrong, _ := testEnv(t, nil)
	wrongGet := wrong.Getenv
	wrong.Getenv = func(k string) string {
		switch k {
		case "TFTSR_DB_KEY":
			return "wrong staple"
		case "TFTSR_DATA_DIR":
			return filepath.Join(root, "data")
		}
		return wrongGet(k)
	}
	_, err = Open(ctx, Options{Env: wrong, Keyring: deadKeyring{}})
	if !errors.Is(err, apperr.ErrKey) {
		t.Fatalf("Open with wrong passphrase: err = %v, want ErrKey", err)
	}
	if !bytes.Contains([]byte(err.Error()), []byte(dbPath)) {
		t.Errorf("error %q does not name the database %s", err, dbPath)
	}
	after, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("a failed open changed the database file")
	}

	// No key at all for an existing database: a key error, never a new database.
	none, _ := testEnv(t, map[string]string{"TFTSR_DATA_DIR": filepath.Join(root, "data")})
	if _, err := Open(ctx, Options{Env: none, Keyring: deadKeyring{}}); !errors.Is(err, apperr.ErrKey) {
		t.Fatalf("Open with no key: err = %v, want ErrKey", err)
	}
	again, _ := os.ReadFile(dbPath)
	if !bytes.Equal(before, again) {
		t.Error("an open without a key changed the database file")
	}
}
