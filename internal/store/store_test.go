package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/apperr"
	"tftsr/internal/keys"
	"tftsr/migrations"
)

const ts = "2026-01-02 03:04:05"

func rawKey(t testing.TB) keys.Key {
	t.Helper()
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		t.Fatal(err)
	}
	return keys.NewRawKey(keys.SourceKeyring, raw)
}

func mustOpen(t testing.TB, path string, key keys.Key) *DB {
	t.Helper()
	db, err := Open(context.Background(), Options{Path: path, Key: key})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return db
}

func mustClose(t testing.TB, db *DB) {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func mustTx(t testing.TB, db *DB, stmts ...string) {
	t.Helper()
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Tx: %v", err)
	}
}

// schemaObjects lists "type:name" of every table, index and trigger (sqlite internals excluded).
func schemaObjects(t testing.TB, q interface {
	Query(string, ...any) (*sql.Rows, error)
}) []string {
	t.Helper()
	rows, err := q.Query(`SELECT type || ':' || name FROM sqlite_master
		WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY 1`)
	if err != nil {
		t.Fatalf("list schema: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func count(t testing.TB, q *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := q.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func dirListing(t testing.TB, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

var wantLatest = []string{
	"index:ai_providers_one_default",
	"index:audit_log_seq",
	"index:idx_action_items_issue",
	"index:idx_ai_conversations_issue_id",
	"index:idx_ai_messages_conversation_id",
	"index:idx_ai_messages_conversation_seq",
	"index:idx_contributing_factors_issue",
	"index:idx_documents_issue_id",
	"index:idx_documents_issue_updated",
	"index:idx_issues_assigned_to",
	"index:idx_issues_category_updated",
	"index:idx_issues_created_id",
	"index:idx_issues_resolved_created",
	"index:idx_issues_severity_id",
	"index:idx_issues_status_id",
	"index:idx_issues_status_severity",
	"index:idx_issues_tags",
	"index:idx_issues_title_nocase",
	"index:idx_issues_updated_id",
	"index:idx_log_chunks_first_line",
	"index:idx_log_files_issue_id",
	"index:idx_pii_allowlist_value",
	"index:idx_pii_redacted_chunks_first_line",
	"index:idx_pii_spans_line",
	"index:idx_pii_spans_own",
	"index:idx_pii_spans_type",
	"index:idx_pii_spans_value",
	"index:idx_pii_values_key",
	"index:idx_pii_values_log",
	"index:idx_resolution_steps_issue_id",
	"index:idx_resolution_steps_root_cause",
	"index:idx_timeline_events_issue",
	"index:idx_timeline_events_kind",
	"index:idx_timeline_events_seq",
	"index:issue_ai_provider_provider",
	"index:version_unique",
	"table:action_items",
	"table:ai_conversations",
	"table:ai_drafts",
	"table:ai_messages",
	"table:ai_providers",
	"table:audit_log",
	"table:contributing_factors",
	"table:credentials",
	"table:document_versions",
	"table:documents",
	"table:integration_config",
	"table:issue_ai_provider",
	"table:issues",
	"table:issues_fts",
	"table:issues_fts_config",
	"table:issues_fts_data",
	"table:issues_fts_docsize",
	"table:issues_fts_idx",
	"table:log_chunks",
	"table:log_file_meta",
	"table:log_files",
	"table:log_split_lines",
	"table:pii_allowlist",
	"table:pii_pseudonyms",
	"table:pii_redacted",
	"table:pii_redacted_chunks",
	"table:pii_scan_state",
	"table:pii_spans",
	"table:pii_values",
	"table:resolution_steps",
	"table:schema_migrations",
	"table:settings",
	"table:timeline_events",
	"trigger:audit_log_no_delete",
	"trigger:audit_log_no_update",
	"trigger:issues_fts_ad",
	"trigger:issues_fts_ai",
	"trigger:issues_fts_au",
}

func TestUpDownUp(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "tftsr.db"), rawKey(t))
	defer mustClose(t, db)

	steps := []struct {
		name string
		run  func(m *migrator) error
		want []string
	}{
		{name: "opened", run: func(*migrator) error { return nil }, want: wantLatest},
		{name: "down", run: func(m *migrator) error { return m.m.Down() }, want: []string{"index:version_unique", "table:schema_migrations"}},
		{name: "up again", run: func(m *migrator) error { return m.m.Up() }, want: wantLatest},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			mg, err := newMigrator(db.write, migrations.FS)
			if err != nil {
				t.Fatal(err)
			}
			defer mg.close()
			if err := st.run(mg); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			if diff := cmp.Diff(st.want, schemaObjects(t, db.Read())); diff != "" {
				t.Errorf("schema (-want +got):\n%s", diff)
			}
		})
	}
	v, dirty, err := db.SchemaVersion(ctx)
	if err != nil || v != migrations.Latest() || dirty {
		t.Errorf("SchemaVersion = %d, %v, %v; want %d, false, nil", v, dirty, err, migrations.Latest())
	}
}

func TestFileIsEncryptedAndHidesContent(t *testing.T) {
	const marker = "ZZ-CANARY-7f3a-plaintext-marker"
	dir := t.TempDir()
	path := filepath.Join(dir, "tftsr.db")
	db := mustOpen(t, path, rawKey(t))
	mustTx(t, db, `INSERT INTO issues(id, title, description, severity, status, created_at, updated_at)
		VALUES ('i1', '`+marker+`', '`+marker+` again', 'high', 'open', '`+ts+`', '`+ts+`')`)
	if n := count(t, db.Read(), `SELECT count(*) FROM issues WHERE title = ?`, marker); n != 1 {
		t.Fatalf("marker row count = %d, want 1", n)
	}
	mustClose(t, db)

	enc, err := IsEncrypted(path)
	if err != nil || !enc {
		t.Errorf("IsEncrypted = %v, %v; want true, nil", enc, err)
	}
	for _, name := range []string{"tftsr.db", "tftsr.db-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) && name != "tftsr.db" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(b) >= 16 && string(b[:16]) == plainHeader {
			t.Errorf("%s starts with the plaintext SQLite header", name)
		}
		if bytes.Contains(b, []byte(marker)) {
			t.Errorf("%s contains the marker in clear text", name)
		}
	}
}

func TestWrongKeyLeavesFileUntouched(t *testing.T) {
	tests := []struct {
		name       string
		create     keys.Key
		open       keys.Key
		wantErr    error
		wantSubstr string
	}{
		{name: "raw vs raw", create: rawKey(t), open: rawKey(t), wantErr: apperr.ErrKey, wantSubstr: "wrong key"},
		{name: "passphrase vs passphrase", create: keys.NewPassphraseKey(keys.SourceEnv, "right"),
			open: keys.NewPassphraseKey(keys.SourceEnv, "wrong"), wantErr: apperr.ErrKey, wantSubstr: "TFTSR_DB_KEY"},
		{name: "raw vs passphrase", create: rawKey(t), open: keys.NewPassphraseKey(keys.SourceEnv, "x"),
			wantErr: apperr.ErrKey, wantSubstr: "was not modified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "tftsr.db")
			db := mustOpen(t, path, tt.create)
			mustTx(t, db, `INSERT INTO settings(key, value, updated_at) VALUES ('a', 'b', '`+ts+`')`)
			mustClose(t, db)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			listBefore := dirListing(t, dir)

			_, err = Open(context.Background(), Options{Path: path, Key: tt.open})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Open error = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantSubstr) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %q should contain %q and the path", err, tt.wantSubstr)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Errorf("file changed after failed open (%d → %d bytes)", len(before), len(after))
			}
			if diff := cmp.Diff(listBefore, dirListing(t, dir)); diff != "" {
				t.Errorf("directory changed after failed open (-want +got):\n%s", diff)
			}
			// The right key still works.
			db = mustOpen(t, path, tt.create)
			defer mustClose(t, db)
			if n := count(t, db.Read(), `SELECT count(*) FROM settings`); n != 1 {
				t.Errorf("settings rows = %d, want 1", n)
			}
		})
	}
}

func TestNotADatabase(t *testing.T) {
	garbage := make([]byte, 8192)
	if _, err := rand.Read(garbage); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		make       func(t *testing.T, path string)
		wantErr    error
		wantSubstr string
	}{
		{
			name:       "random garbage",
			make:       func(t *testing.T, path string) { writeFile(t, path, garbage) },
			wantErr:    apperr.ErrKey,
			wantSubstr: "wrong key, or not a TFTSR database",
		},
		{
			name: "plaintext sqlite",
			make: func(t *testing.T, path string) {
				p, err := sql.Open("sqlite3", path)
				if err != nil {
					t.Fatal(err)
				}
				defer p.Close()
				if _, err := p.Exec(`CREATE TABLE t(x); INSERT INTO t VALUES (1)`); err != nil {
					t.Fatal(err)
				}
			},
			wantErr:    apperr.ErrStorage,
			wantSubstr: "unencrypted SQLite database, refusing",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "tftsr.db")
			tt.make(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Open(context.Background(), Options{Path: path, Key: rawKey(t)})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Open error = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantSubstr) {
				t.Errorf("error %q does not contain %q", err, tt.wantSubstr)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("file changed after failed open")
			}
		})
	}
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestIsEncrypted(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content []byte
		want    bool
		wantErr bool
	}{
		{name: "plaintext header", content: append([]byte(plainHeader), make([]byte, 100)...), want: false},
		{name: "random bytes", content: bytes.Repeat([]byte{0xA5}, 100), want: true},
		{name: "too short", content: []byte("SQLite"), wantErr: true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, string(rune('a'+i)))
			writeFile(t, path, tt.content)
			got, err := IsEncrypted(path)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("IsEncrypted = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestForeignKeysOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "tftsr.db"), rawKey(t))
	defer mustClose(t, db)

	pools := []struct {
		name  string
		pool  *sql.DB
		conns int
	}{
		{name: "writer", pool: db.write, conns: 1},
		{name: "readers", pool: db.Read(), conns: readerConns},
	}
	for _, p := range pools {
		t.Run(p.name, func(t *testing.T) {
			// Hold all connections at once so each one is a distinct pooled connection.
			var held []*sql.Conn
			defer func() {
				for _, c := range held {
					c.Close()
				}
			}()
			var got []int
			for i := 0; i < p.conns; i++ {
				c, err := p.pool.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				held = append(held, c)
				var fk int
				if err := c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
					t.Fatal(err)
				}
				got = append(got, fk)
			}
			want := make([]int, p.conns)
			for i := range want {
				want[i] = 1
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("PRAGMA foreign_keys per connection (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCascadeDelete(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "tftsr.db"), rawKey(t))
	defer mustClose(t, db)
	mustTx(t, db,
		`INSERT INTO issues(id, title, severity, status, created_at, updated_at) VALUES ('i1', 't', 'low', 'open', '`+ts+`', '`+ts+`')`,
		`INSERT INTO log_files(id, issue_id, file_name, file_path, uploaded_at) VALUES ('l1', 'i1', 'a.log', '/x/a.log', '`+ts+`')`,
		`INSERT INTO pii_spans(id, log_file_id, pii_type, start_offset, end_offset, original_value, replacement) VALUES (1, 'l1', 'email', 0, 3, 'a@b', '[EMAIL]')`,
		`INSERT INTO pii_values(id, log_file_id, scan_seq, pii_type, value_key, ordinal, findings, decision) VALUES (1, 'l1', 1, 'email', 1, 1, 1, 'redact')`,
		`INSERT INTO resolution_steps(id, issue_id, step_order, why_question, created_at) VALUES ('r1', 'i1', 1, 'why?', '`+ts+`')`,
		`INSERT INTO ai_conversations(id, issue_id, provider, model, created_at) VALUES ('c1', 'i1', 'ollama', 'm', '`+ts+`')`,
		`INSERT INTO ai_messages(id, conversation_id, role, content, created_at) VALUES ('m1', 'c1', 'user', 'hi', '`+ts+`')`,
		`INSERT INTO documents(id, issue_id, doc_type, title, content_md, created_at, updated_at) VALUES ('d1', 'i1', 'rca', 't', '#', 1, 1)`,
	)
	children := []string{"log_files", "pii_spans", "pii_values", "resolution_steps", "ai_conversations", "ai_messages", "documents"}
	countAll := func() map[string]int {
		m := map[string]int{}
		for _, c := range children {
			m[c] = count(t, db.Read(), `SELECT count(*) FROM `+c)
		}
		return m
	}
	want := map[string]int{}
	for _, c := range children {
		want[c] = 1
	}
	if diff := cmp.Diff(want, countAll()); diff != "" {
		t.Fatalf("before delete (-want +got):\n%s", diff)
	}
	mustTx(t, db, `DELETE FROM issues WHERE id = 'i1'`)
	for _, c := range children {
		want[c] = 0
	}
	if diff := cmp.Diff(want, countAll()); diff != "" {
		t.Errorf("after delete (-want +got):\n%s", diff)
	}

	// And a dangling reference is refused.
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO log_files(id, issue_id, file_name, file_path, uploaded_at) VALUES ('l2', 'nope', 'a', 'b', '` + ts + `')`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("insert with dangling issue_id: err = %v, want FOREIGN KEY constraint failure", err)
	}
}

func TestFTSTriggers(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "tftsr.db"), rawKey(t))
	defer mustClose(t, db)
	search := func(q string) []string {
		rows, err := db.Read().Query(`SELECT id FROM issues_fts WHERE issues_fts MATCH ? ORDER BY id`, q)
		if err != nil {
			t.Fatalf("MATCH %q: %v", q, err)
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		return ids
	}
	steps := []struct {
		name  string
		stmt  string
		query map[string][]string
	}{
		{
			name: "insert",
			stmt: `INSERT INTO issues(id, title, description, severity, status, created_at, updated_at)
				VALUES ('i1', 'disk full on db01', 'postgres stopped', 'high', 'open', '` + ts + `', '` + ts + `')`,
			query: map[string][]string{"disk": {"i1"}, "postgres": {"i1"}, "network": nil},
		},
		{
			name:  "update",
			stmt:  `UPDATE issues SET title = 'network partition', description = 'switch reboot' WHERE id = 'i1'`,
			query: map[string][]string{"disk": nil, "postgres": nil, "network": {"i1"}, "switch": {"i1"}},
		},
		{
			name:  "delete",
			stmt:  `DELETE FROM issues WHERE id = 'i1'`,
			query: map[string][]string{"network": nil, "switch": nil},
		},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			mustTx(t, db, st.stmt)
			got := map[string][]string{}
			for q := range st.query {
				got[q] = search(q)
			}
			if diff := cmp.Diff(st.query, got); diff != "" {
				t.Errorf("search results (-want +got):\n%s", diff)
			}
		})
	}
}

func brokenFS(t testing.TB) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	ents, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := fs.ReadFile(migrations.FS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = &fstest.MapFile{Data: b}
	}
	broken := fmt.Sprintf("%06d_broken", migrations.Latest()+1)
	m[broken+".up.sql"] = &fstest.MapFile{Data: []byte(
		"CREATE TABLE broken_partial (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n")}
	m[broken+".down.sql"] = &fstest.MapFile{Data: []byte("DROP TABLE IF EXISTS broken_partial;\n")}
	return m
}

func TestFailingMigrationStaysAtPreviousVersion(t *testing.T) {
	tests := []struct {
		name      string
		preCreate bool // database already at Latest before the broken next one arrives
	}{
		{name: "fresh database", preCreate: false},
		{name: "existing database", preCreate: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "tftsr.db")
			key := rawKey(t)
			if tt.preCreate {
				db := mustOpen(t, path, key)
				mustTx(t, db, `INSERT INTO settings(key, value, updated_at) VALUES ('keep', 'me', '`+ts+`')`)
				mustClose(t, db)
			}
			_, err := Open(ctx, Options{Path: path, Key: key, Migrations: brokenFS(t)})
			next := fmt.Sprintf("migration %d failed", migrations.Latest()+1)
			if !errors.Is(err, apperr.ErrStorage) || !strings.Contains(err.Error(), next) {
				t.Fatalf("Open error = %v, want ErrStorage mentioning %q", err, next)
			}

			// Inspect the file directly, without the store's own dirty-repair logic.
			raw, err := sql.Open("sqlite3", dsn(path, key, ""))
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			v, dirty, err := schemaVersion(ctx, raw)
			if err != nil {
				t.Fatal(err)
			}
			type state struct {
				Version uint
				Dirty   bool
				Partial int
			}
			got := state{Version: v, Dirty: dirty,
				Partial: count(t, raw, `SELECT count(*) FROM sqlite_master WHERE name = 'broken_partial'`)}
			if diff := cmp.Diff(state{Version: migrations.Latest()}, got); diff != "" {
				t.Errorf("state after failed migration (-want +got):\n%s", diff)
			}
			if tt.preCreate {
				if n := count(t, raw, `SELECT count(*) FROM settings WHERE key = 'keep'`); n != 1 {
					t.Errorf("existing row lost: count = %d", n)
				}
			}
		})
	}
}

func TestPassphraseWithQuotes(t *testing.T) {
	const pass = `pa"ss'wo""rd; DROP TABLE x; -- é`
	path := filepath.Join(t.TempDir(), "tftsr.db")
	key := keys.NewPassphraseKey(keys.SourceEnv, pass)
	db := mustOpen(t, path, key)
	mustTx(t, db, `INSERT INTO settings(key, value, updated_at) VALUES ('q', 'ok', '`+ts+`')`)
	mustClose(t, db)

	tests := []struct {
		name    string
		key     keys.Key
		wantErr error
	}{
		{name: "same passphrase", key: keys.NewPassphraseKey(keys.SourceEnv, pass)},
		{name: "passphrase without quotes", key: keys.NewPassphraseKey(keys.SourceEnv, strings.ReplaceAll(pass, `"`, "")), wantErr: apperr.ErrKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(context.Background(), Options{Path: path, Key: tt.key})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Open error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			defer mustClose(t, db)
			var got string
			if err := db.Read().QueryRow(`SELECT value FROM settings WHERE key = 'q'`).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != "ok" {
				t.Errorf("value = %q, want ok", got)
			}
		})
	}
}

// makeLegacy builds a database as the original app left it: SQLCipher 4 defaults with a
// passphrase, journal mode DELETE, the seed's 11 tables, its _migrations table and one issue.
func makeLegacy(t testing.TB, path, pass string, applied int) {
	t.Helper()
	key := keys.NewPassphraseKey(keys.SourceEnv, pass)
	p, err := sql.Open("sqlite3", "file:"+path+"?_pragma_key="+urlQueryEscape(key.PragmaKey()))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.SetMaxOpenConns(1)
	ents, err := fs.Glob(migrations.FS, "0000*.up.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ents)
	if _, err := p.Exec(`CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i, name := range ents[:11] {
		b, err := fs.ReadFile(migrations.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if i < applied {
			if _, err := p.Exec(`INSERT INTO _migrations(name, applied_at) VALUES (?, ?)`, name, ts); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := p.Exec(`INSERT INTO issues(id, title, description, severity, status, created_at, updated_at)
		VALUES ('legacy-1', 'kafka consumer lag', 'old incident', 'medium', 'resolved', ?, ?)`, ts, ts); err != nil {
		t.Fatal(err)
	}
}

func TestLegacyUpgrade(t *testing.T) {
	const pass = "original-app-passphrase"
	tests := []struct {
		name        string
		applied     int
		wantErr     error
		wantVersion uint
		wantHits    []string
	}{
		{name: "complete legacy schema", applied: 11, wantVersion: migrations.Latest(), wantHits: []string{"legacy-1"}},
		{name: "partial legacy schema", applied: 7, wantErr: apperr.ErrStorage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "tftsr.db")
			makeLegacy(t, path, pass, tt.applied)
			db, err := Open(ctx, Options{Path: path, Key: keys.NewPassphraseKey(keys.SourceEnv, pass)})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Open error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			defer mustClose(t, db)
			v, dirty, err := db.SchemaVersion(ctx)
			if err != nil || v != tt.wantVersion || dirty {
				t.Errorf("SchemaVersion = %d, %v, %v; want %d, false, nil", v, dirty, err, tt.wantVersion)
			}
			var hits []string
			rows, err := db.Read().Query(`SELECT id FROM issues_fts WHERE issues_fts MATCH 'kafka'`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				hits = append(hits, id)
			}
			if diff := cmp.Diff(tt.wantHits, hits); diff != "" {
				t.Errorf("search hits (-want +got):\n%s", diff)
			}
			if n := count(t, db.Read(), `SELECT count(*) FROM _migrations`); n != tt.applied {
				t.Errorf("_migrations rows = %d, want %d (kept)", n, tt.applied)
			}
		})
	}
}

func TestTx(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "tftsr.db"), rawKey(t))
	defer mustClose(t, db)
	errBoom := errors.New("boom")
	insert := func(tx *sql.Tx) {
		if _, err := tx.Exec(`INSERT INTO settings(key, value, updated_at) VALUES ('k', 'v', ?)`, ts); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		fn        func(tx *sql.Tx) error
		wantErr   error
		wantPanic bool
		wantRows  int
	}{
		{name: "error rolls back", fn: func(tx *sql.Tx) error { insert(tx); return errBoom }, wantErr: errBoom},
		{name: "panic rolls back", fn: func(tx *sql.Tx) error { insert(tx); panic("kaboom") }, wantPanic: true},
		{name: "nil commits", fn: func(tx *sql.Tx) error { insert(tx); return nil }, wantRows: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			panicked := func() (p bool) {
				defer func() { p = recover() != nil }()
				err = db.Tx(context.Background(), tt.fn)
				return false
			}()
			if panicked != tt.wantPanic {
				t.Errorf("panicked = %v, want %v", panicked, tt.wantPanic)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if n := count(t, db.Read(), `SELECT count(*) FROM settings`); n != tt.wantRows {
				t.Errorf("rows = %d, want %d", n, tt.wantRows)
			}
		})
	}
}

func TestReadPoolIsReadOnly(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "tftsr.db"), rawKey(t))
	defer mustClose(t, db)
	_, err := db.Read().Exec(`INSERT INTO settings(key, value, updated_at) VALUES ('k', 'v', ?)`, ts)
	if err == nil {
		t.Fatal("write through Read() succeeded, want an error")
	}
}

func TestDataDir(t *testing.T) {
	tmp := t.TempDir()
	blocker := filepath.Join(tmp, "blocker")
	writeFile(t, blocker, []byte("x"))
	tests := []struct {
		name       string
		path       string
		wantErr    error
		wantSubstr string
	}{
		{name: "missing parents are created", path: filepath.Join(tmp, "a", "b", "tftsr.db")},
		{name: "odd characters in path", path: filepath.Join(tmp, "dir with space?x=1#frag%20é", "tftsr.db")},
		{name: "parent is a file", path: filepath.Join(blocker, "sub", "tftsr.db"), wantErr: apperr.ErrStorage,
			wantSubstr: filepath.Join(blocker, "sub")},
		{name: "empty path", path: "", wantErr: apperr.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(context.Background(), Options{Path: tt.path, Key: rawKey(t)})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Open error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.wantSubstr) {
					t.Errorf("error %q does not name %q", err, tt.wantSubstr)
				}
				return
			}
			defer mustClose(t, db)
			fi, err := os.Stat(filepath.Dir(tt.path))
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != 0o700 {
				t.Errorf("data dir mode = %#o, want 0700", got)
			}
			if enc, err := IsEncrypted(tt.path); err != nil || !enc {
				t.Errorf("database file at %s: IsEncrypted = %v, %v; want true, nil", tt.path, enc, err)
			}
			if db.Path() != tt.path {
				t.Errorf("Path() = %q, want %q", db.Path(), tt.path)
			}
		})
	}
}

func TestZeroKeyRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tftsr.db")
	_, err := Open(context.Background(), Options{Path: path, Key: keys.Key{}})
	if !errors.Is(err, apperr.ErrKey) {
		t.Fatalf("Open with zero key: err = %v, want ErrKey", err)
	}
	if _, statErr := os.Stat(path); !errors.Is(statErr, fs.ErrNotExist) {
		t.Errorf("a file was created without a key (stat err = %v)", statErr)
	}
}

func TestLockedDatabase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tftsr.db")
	key := rawKey(t)
	mustClose(t, mustOpen(t, path, key))

	holder, err := sql.Open("sqlite3", dsn(path, key, "&_locking_mode=EXCLUSIVE"))
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	holder.SetMaxOpenConns(1)
	if _, err := holder.Exec(`INSERT INTO settings(key, value, updated_at) VALUES ('lock', 'held', ?)`, ts); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), Options{Path: path, Key: key})
	if !errors.Is(err, apperr.ErrStorage) || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("Open of a locked database: err = %v, want ErrStorage mentioning locked", err)
	}
}

func TestConcurrentReadersAndWriter(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "tftsr.db"), rawKey(t))
	defer mustClose(t, db)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			errs <- db.Tx(context.Background(), func(tx *sql.Tx) error {
				_, err := tx.Exec(`INSERT INTO audit_log(id, action, entity_type, entity_id) VALUES (lower(hex(randomblob(16))), 'a', 'b', 'c')`)
				return err
			})
		}()
		go func() {
			defer wg.Done()
			var n int
			errs <- db.Read().QueryRow(`SELECT count(*) FROM audit_log`).Scan(&n)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent op: %v", err)
		}
	}
	if n := count(t, db.Read(), `SELECT count(*) FROM audit_log`); n != 8 {
		t.Errorf("audit rows = %d, want 8", n)
	}
}

func BenchmarkOpenExisting(b *testing.B) {
	path := filepath.Join(b.TempDir(), "tftsr.db")
	key := rawKey(b)
	mustClose(b, mustOpen(b, path, key))
	b.ResetTimer()
	for b.Loop() {
		db, err := Open(context.Background(), Options{Path: path, Key: key})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// Every pooled connection gets the larger page cache (see readerCacheKiB), including readers of
// a passphrase database, which open with the key derived once from the file's salt.
func TestPageCacheOnEveryConnection(t *testing.T) {
	for _, key := range []keys.Key{rawKey(t), keys.NewPassphraseKey(keys.SourceEnv, "correct horse")} {
		t.Run(key.String(), func(t *testing.T) {
			db := mustOpen(t, filepath.Join(t.TempDir(), "tftsr.db"), key)
			defer mustClose(t, db)
			ctx := context.Background()
			conns := make([]*sql.Conn, readerConns)
			for i := range conns {
				c, err := db.Read().Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				conns[i] = c
				var got int
				if err := c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != -readerCacheKiB {
					t.Errorf("reader %d cache_size = %d, want %d", i, got, -readerCacheKiB)
				}
			}
			for _, c := range conns {
				_ = c.Close()
			}
			if err := db.Tx(ctx, func(tx *sql.Tx) error {
				var got int
				if err := tx.QueryRow(`PRAGMA cache_size`).Scan(&got); err != nil {
					return err
				}
				if got != -writerCacheKiB {
					t.Errorf("writer cache_size = %d, want %d", got, -writerCacheKiB)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Close takes planner statistics once the incidents table is big enough, and again only when it
// has changed size a lot.
func TestCloseRefreshesStatistics(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tftsr.db")
	key := rawKey(t)
	statRows := func() int64 {
		db := mustOpen(t, path, key)
		defer mustClose(t, db)
		var stat string
		err := db.Read().QueryRow(`SELECT stat FROM sqlite_stat1 WHERE tbl = 'issues' LIMIT 1`).Scan(&stat)
		if err != nil {
			return 0
		}
		var n int64
		fmt.Sscan(stat, &n)
		return n
	}
	insert := func(from, to int) {
		db := mustOpen(t, path, key)
		if err := db.Tx(context.Background(), func(tx *sql.Tx) error {
			for i := from; i < to; i++ {
				if _, err := tx.Exec(`INSERT INTO issues (id, title, severity, status, created_at, updated_at) VALUES (?, 't', 'low', 'open', ?, ?)`,
					fmt.Sprintf("id-%06d", i), ts, ts); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		mustClose(t, db)
	}

	insert(0, statsMinRows-1)
	if got := statRows(); got != 0 {
		t.Fatalf("statistics taken for %d rows (< %d): %d", statsMinRows-1, statsMinRows, got)
	}
	insert(statsMinRows-1, 1500)
	if got := statRows(); got != 1500 {
		t.Fatalf("statistics rows = %d, want 1500", got)
	}
	insert(1500, 2500) // < 2×: kept
	if got := statRows(); got != 1500 {
		t.Fatalf("statistics rows = %d after +1000, want still 1500", got)
	}
	insert(2500, 3100) // > 2×: refreshed
	if got := statRows(); got != 3100 {
		t.Fatalf("statistics rows = %d after growing past 2×, want 3100", got)
	}
}

// A transaction that fails because its context was cancelled reports the cancellation, whatever
// the driver said (jobs show "cancelled", not "storage error"), and changes nothing.
func TestTxCancelledIsCancellation(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "c.db"), rawKey(t))
	defer mustClose(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO settings(key, value, updated_at) VALUES ('k', 'v', ?)`, ts); err != nil {
			return err
		}
		cancel()
		return errors.New("sql: statement is closed")
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Tx after cancel = %v, want context.Canceled", err)
	}
	var n int
	if err := db.Read().QueryRow(`SELECT count(*) FROM settings`).Scan(&n); err != nil || n != 0 {
		t.Errorf("settings rows = %d (%v), want 0: the cancelled transaction must roll back", n, err)
	}
	if err := db.Tx(context.Background(), func(*sql.Tx) error { return errors.New("boom") }); errors.Is(err, context.Canceled) || err.Error() != "boom" {
		t.Errorf("failure without cancel = %v, want boom unchanged", err)
	}
}
