package docs_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/docs"
	"tftsr/migrations"
)

func (e *env) runFile(t *testing.T, name string) {
	t.Helper()
	b, err := migrations.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.DB.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(string(b))
		return err
	}); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func (e *env) strings(t *testing.T, query string, args ...any) []string {
	t.Helper()
	rows, err := e.DB.Read().Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// Migration 000022 goes down (SQLite 3.33: documents is rebuilt without the new columns, keeping
// its rows and the current text) and up again (existing documents become version 1 of themselves)
// on a real encrypted database holding documents.
func TestMigrationDownUpKeepsDocuments(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	d := e.doc(t)
	cur := must[docs.Document](t)(e.svc.Save(ctx, d.ID, docs.SaveInput{Title: "Edited 😀", ContentMD: "current\r\ntext"}))
	if err := e.svc.SetPublication(ctx, d.ID, docs.Publication{PageID: "9", DocVersion: 2}); err != nil {
		t.Fatal(err)
	}
	seed := []string{"id", "issue_id", "doc_type", "title", "content_md", "created_at", "updated_at"}
	cols := func() []string { return e.strings(t, `SELECT name FROM pragma_table_info('documents') ORDER BY cid`) }
	objects := func() []string {
		return e.strings(t, `SELECT name FROM sqlite_master WHERE name IN
			('document_versions', 'idx_documents_issue_id', 'idx_documents_issue_updated') ORDER BY name`)
	}
	if diff := cmp.Diff([]string{"document_versions", "idx_documents_issue_id", "idx_documents_issue_updated"}, objects()); diff != "" {
		t.Fatalf("objects before (-want +got):\n%s", diff)
	}

	e.runFile(t, "000022_document_versions.down.sql")
	if diff := cmp.Diff(seed, cols()); diff != "" {
		t.Errorf("columns after down (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"idx_documents_issue_id"}, objects()); diff != "" {
		t.Errorf("objects after down (-want +got):\n%s", diff)
	}
	var title, content string
	if err := e.DB.Read().QueryRow(`SELECT title, content_md FROM documents WHERE id = ?`, d.ID).Scan(&title, &content); err != nil {
		t.Fatal(err)
	}
	if title != cur.Title || content != cur.ContentMD {
		t.Errorf("after down: %q %q, want the current version", title, content)
	}
	var fk int
	if err := e.DB.Read().QueryRow(`SELECT count(*) FROM pragma_foreign_key_list('documents') WHERE "table" = 'issues' AND on_delete = 'CASCADE'`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("documents lost its cascade to issues after down (%d, %v)", fk, err)
	}

	e.runFile(t, "000022_document_versions.up.sql")
	got := must[docs.Document](t)(e.svc.Get(ctx, d.ID))
	if got.Title != cur.Title || got.ContentMD != cur.ContentMD || got.Version != 1 || got.Template != docs.TemplateRCA || got.Publication != nil {
		t.Errorf("after up: %+v", got.Summary)
	}
	vs := must[[]docs.VersionInfo](t)(e.svc.Versions(ctx, d.ID))
	if len(vs) != 1 || vs[0].Number != 1 || vs[0].Source != docs.SourceImport || vs[0].Bytes != len(cur.ContentMD) {
		t.Errorf("versions after up: %+v", vs)
	}
	// The document keeps working: the next save is version 2.
	if next := must[docs.Document](t)(e.svc.Save(ctx, d.ID, docs.SaveInput{Title: "t", ContentMD: "x"})); next.Version != 2 {
		t.Errorf("save after up: version %d", next.Version)
	}
}
