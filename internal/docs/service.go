// Package docs holds an incident's RCA and post-mortem documents: generated from what the
// incident holds (templates.go, render.go), then edited, with every save kept as a version.
//
// Storage: the seed's documents table holds each document's current title and text
// (content_md) and the number of its current version; document_versions (migration 000022)
// holds every version. Text is stored byte for byte as given (emoji, right-to-left text and
// "\r\n" line endings included); the only text refused is invalid UTF-8 and NUL characters
// (U+0000 has no meaning in Markdown: CommonMark replaces it, and it is not allowed in the XML
// of a Confluence page).
//
// Versioning rule. Generate creates version 1 (source "generated"); Restore ("restore") and an
// import from a file ("import") always create a new version. An editor save ("edit"):
//   - whose title and content equal the current version changes nothing (it returns the
//     document as it is), so an autosave that fires without a change adds no history;
//   - replaces the current version in place (same number; its text and updated time change)
//     when that version is itself an "edit" version created less than EditWindow ago and not
//     sealed — sealed meaning it was exported or published since (Seal, SetPublicationTx), so a
//     version somebody has seen outside the app is never rewritten;
//   - otherwise creates a new version.
//
// An autosaving editor therefore leaves one version per EditWindow of typing, and history
// keeps every text that left the machine.
//
// Audit: generation, every new version, deletion and publication changes are audited with ids,
// numbers, sizes and SHA-256 hashes, never the text. Saves merged into the current version are
// not audited one by one: they are part of the version the audit entry of its creation names.
package docs

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/store"
	"tftsr/internal/timeline"
)

// Limits.
const (
	MaxTitleLen     = 300     // characters (runes), one line
	MaxContentBytes = 2 << 20 // 2 MiB of UTF-8
	// EditWindow is how long consecutive editor saves keep extending the same version.
	EditWindow = 2 * time.Minute
)

// Audit actions (entity: the incident, so its audit history shows its documents).
const (
	ActionGenerate         = "document.generate"
	ActionSave             = "document.save" // a new version (edit, restore or import)
	ActionDelete           = "document.delete"
	ActionPublicationSet   = "document.publication.set"
	ActionPublicationClear = "document.publication.clear"
	entityIssue            = "issue"
)

// Service manages documents.
type Service struct {
	db    *store.DB
	audit *audit.Log
	src   Sources
	now   func() time.Time
}

// NewService builds the service; src is what documents are generated from; now is the clock
// (time.Now when nil).
func NewService(db *store.DB, log *audit.Log, src Sources, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, audit: log, src: src, now: now}
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("docs: "+format+": %w", append(args, apperr.ErrInvalid)...)
}

func docNotFound(id string) error {
	return fmt.Errorf("docs: no document with id %q: %w", id, apperr.ErrNotFound)
}

// normalizeTitle trims a title and checks it is one line of 1–MaxTitleLen characters.
func normalizeTitle(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", invalidf("title is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n < 1 || n > MaxTitleLen {
		return "", invalidf("title must be 1–%d characters (got %d)", MaxTitleLen, n)
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return "", invalidf("title must be one line without control characters")
	}
	return s, nil
}

// validateContent checks content without changing it.
func validateContent(s string) error {
	if len(s) > MaxContentBytes {
		return invalidf("content is %d bytes; a document holds at most %d bytes (2 MiB)", len(s), MaxContentBytes)
	}
	if !utf8.ValidString(s) {
		return invalidf("content is not valid UTF-8 text (save the file as UTF-8 and try again)")
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		line := strings.Count(s[:i], "\n") + 1
		return invalidf("content contains a NUL character (U+0000) on line %d; remove it and save again", line)
	}
	return nil
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func millis(ms int64) string { return store.FormatTime(time.UnixMilli(ms)) }

func (s *Service) audited(ctx context.Context, tx *sql.Tx, action, issueID string, details map[string]any) error {
	if _, err := s.audit.Append(ctx, tx, audit.Event{Action: action, EntityType: entityIssue, EntityID: issueID, Details: details}); err != nil {
		return fmt.Errorf("docs: audit %s: %w", action, err)
	}
	return nil
}

const docCols = `id, issue_id, doc_type, template, title, version, created_at, updated_at,
	confluence_page_id, confluence_url, confluence_page_version, published_doc_version,
	published_space_key, published_base_url, published_at`

type scanner interface{ Scan(dest ...any) error }

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func scanSummary(r scanner, extra ...any) (Summary, error) {
	var (
		sm                             Summary
		created, updated               int64
		pageID, url, space, base       sql.NullString
		pageVer, docVer, publishedAtMs sql.NullInt64
	)
	dest := append([]any{&sm.ID, &sm.IssueID, &sm.DocType, &sm.Template, &sm.Title, &sm.Version, &created, &updated,
		&pageID, &url, &pageVer, &docVer, &space, &base, &publishedAtMs}, extra...)
	if err := r.Scan(dest...); err != nil {
		return Summary{}, err
	}
	sm.CreatedAt, sm.UpdatedAt = millis(created), millis(updated)
	if pageID.Valid {
		sm.Publication = &Publication{PageID: pageID.String, URL: url.String, PageVersion: int(pageVer.Int64),
			DocVersion: int(docVer.Int64), SpaceKey: space.String, BaseURL: base.String}
		if publishedAtMs.Valid {
			sm.Publication.PublishedAt = millis(publishedAtMs.Int64)
		}
	}
	return sm, nil
}

// GetTx reads a document inside the caller's transaction (ErrNotFound when there is none).
func (s *Service) GetTx(ctx context.Context, tx *sql.Tx, docID string) (Document, error) {
	return getDoc(ctx, tx, docID)
}

func getDoc(ctx context.Context, q querier, docID string) (Document, error) {
	var d Document
	sm, err := scanSummary(q.QueryRowContext(ctx, `SELECT `+docCols+`, content_md FROM documents WHERE id = ?`, docID), &d.ContentMD)
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, docNotFound(docID)
	}
	if err != nil {
		return Document{}, fmt.Errorf("docs: get %q: %w", docID, err)
	}
	d.Summary = sm
	return d, nil
}

// Get returns a document with its current content.
func (s *Service) Get(ctx context.Context, docID string) (Document, error) {
	return getDoc(ctx, s.db.Read(), docID)
}

// List returns the incident's documents, most recently updated first (never nil).
func (s *Service) List(ctx context.Context, issueID string) ([]Summary, error) {
	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("docs: list %q: %w", issueID, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	if err := store.IssueExists(ctx, tx, issueID); err != nil {
		return nil, fmt.Errorf("docs: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+docCols+` FROM documents WHERE issue_id = ?
		ORDER BY updated_at DESC, rowid DESC`, issueID)
	if err != nil {
		return nil, fmt.Errorf("docs: list %q: %w", issueID, err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		sm, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("docs: list %q: %w", issueID, err)
		}
		out = append(out, sm)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("docs: list %q: %w", issueID, err)
	}
	return out, nil
}

// Generate creates a document for the incident from template, filled from what the incident
// holds now (version 1, source "generated"). It is audited and recorded on the incident's
// timeline in the same transaction.
func (s *Service) Generate(ctx context.Context, issueID, template string) (Document, error) {
	t, ok := templateByID(template)
	if !ok {
		return Document{}, invalidf("unknown template %q (templates: %s)", template, strings.Join(TemplateIDs(), ", "))
	}
	if err := store.IssueExists(ctx, s.db.Read(), issueID); err != nil {
		return Document{}, fmt.Errorf("docs: %w", err)
	}
	d, err := s.gather(ctx, issueID)
	if err != nil {
		return Document{}, fmt.Errorf("docs: generate: %w", err)
	}
	now := s.now()
	d.Generated = now
	content := render(t, d)
	title := docTitle(t, d.Issue.Title)
	if err := validateContent(content); err != nil {
		return Document{}, fmt.Errorf("docs: generate: the incident holds more than a document can: %w", err)
	}
	ms := now.UnixMilli()
	id := uuid.NewString()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := store.IssueExists(ctx, tx, issueID); err != nil {
			return fmt.Errorf("docs: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO documents (id, issue_id, doc_type, template, title, content_md, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`, id, issueID, t.info.DocType, t.info.ID, title, content, ms, ms); err != nil {
			return fmt.Errorf("docs: generate: %w", err)
		}
		if err := insertVersion(ctx, tx, id, 1, SourceGenerated, title, content, ms); err != nil {
			return err
		}
		if err := timeline.Record(ctx, tx, timeline.DocGenerated(issueID, title, t.info.Name, now)); err != nil {
			return err
		}
		return s.audited(ctx, tx, ActionGenerate, issueID, map[string]any{
			"document": id, "template": t.info.ID, "bytes": len(content), "sha256": sha(content)})
	})
	if err != nil {
		return Document{}, err
	}
	return s.Get(ctx, id)
}

func insertVersion(ctx context.Context, tx *sql.Tx, docID string, n int, source, title, content string, ms int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_versions (document_id, number, source, title, content_md, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, docID, n, source, title, content, ms, ms); err != nil {
		return fmt.Errorf("docs: store version %d of %q: %w", n, docID, err)
	}
	return nil
}

// Save stores the editor's title and content (source "edit"; see the versioning rule above).
func (s *Service) Save(ctx context.Context, docID string, in SaveInput) (Document, error) {
	return s.Replace(ctx, docID, in, SourceEdit)
}

// Replace stores a new title and content as source "edit" (the editor), "import" (a file,
// tftsr doc set) or "draft" (an accepted AI draft), following the versioning rule.
func (s *Service) Replace(ctx context.Context, docID string, in SaveInput, source string) (Document, error) {
	if source != SourceEdit && source != SourceImport && source != SourceDraft {
		return Document{}, invalidf("replace: source must be %q, %q or %q, got %q", SourceEdit, SourceImport, SourceDraft, source)
	}
	return s.write(ctx, docID, in, source, 0)
}

// Restore makes version n's title and content the current ones, as a new version (source
// "restore"); nothing is removed.
func (s *Service) Restore(ctx context.Context, docID string, n int) (Document, error) {
	v, err := s.Version(ctx, docID, n)
	if err != nil {
		return Document{}, err
	}
	return s.write(ctx, docID, SaveInput{Title: v.Title, ContentMD: v.ContentMD}, SourceRestore, n)
}

// currentVersion is what the versioning rule needs to know about the current version.
type currentVersion struct {
	source    string
	createdAt int64
	sealed    bool
}

func (s *Service) write(ctx context.Context, docID string, in SaveInput, source string, restoredFrom int) (Document, error) {
	title, err := normalizeTitle(in.Title)
	if err != nil {
		return Document{}, err
	}
	if err := validateContent(in.ContentMD); err != nil {
		return Document{}, err
	}
	content := in.ContentMD
	var out Document
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getDoc(ctx, tx, docID)
		if err != nil {
			return err
		}
		if source == SourceEdit && cur.Title == title && cur.ContentMD == content {
			out = cur
			return nil
		}
		// A document written without versions (by another tool) has no row: the save then
		// simply starts a new version.
		var cv currentVersion
		err = tx.QueryRowContext(ctx, `SELECT source, created_at, sealed FROM document_versions
			WHERE document_id = ? AND number = ?`, docID, cur.Version).Scan(&cv.source, &cv.createdAt, &cv.sealed)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("docs: read version %d of %q: %w", cur.Version, docID, err)
		}
		now := s.now().UnixMilli()
		published := cur.Publication != nil && cur.Publication.DocVersion == cur.Version
		age := time.Duration(now-cv.createdAt) * time.Millisecond
		if source == SourceEdit && !in.NewVersion && cv.source == SourceEdit && !cv.sealed && !published && age >= 0 && age < EditWindow {
			if _, err := tx.ExecContext(ctx, `UPDATE document_versions SET title = ?, content_md = ?, updated_at = ?
				WHERE document_id = ? AND number = ?`, title, content, now, docID, cur.Version); err != nil {
				return fmt.Errorf("docs: save %q: %w", docID, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET title = ?, content_md = ?, updated_at = ? WHERE id = ?`,
				title, content, now, docID); err != nil {
				return fmt.Errorf("docs: save %q: %w", docID, err)
			}
			out, err = getDoc(ctx, tx, docID)
			return err
		}
		n := cur.Version + 1
		if err := insertVersion(ctx, tx, docID, n, source, title, content, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET title = ?, content_md = ?, version = ?, updated_at = ? WHERE id = ?`,
			title, content, n, now, docID); err != nil {
			return fmt.Errorf("docs: save %q: %w", docID, err)
		}
		details := map[string]any{"document": docID, "version": n, "source": source, "bytes": len(content), "sha256": sha(content)}
		if restoredFrom > 0 {
			details["restoredFrom"] = restoredFrom
		}
		if err := s.audited(ctx, tx, ActionSave, cur.IssueID, details); err != nil {
			return err
		}
		out, err = getDoc(ctx, tx, docID)
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return out, nil
}

// Versions lists the document's versions, newest first.
func (s *Service) Versions(ctx context.Context, docID string) ([]VersionInfo, error) {
	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("docs: versions %q: %w", docID, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	doc, err := getDoc(ctx, tx, docID)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT number, source, title, length(CAST(content_md AS BLOB)), created_at, updated_at, sealed
		FROM document_versions WHERE document_id = ? ORDER BY number DESC`, docID)
	if err != nil {
		return nil, fmt.Errorf("docs: versions %q: %w", docID, err)
	}
	defer rows.Close()
	out := []VersionInfo{}
	for rows.Next() {
		var (
			v                VersionInfo
			created, updated int64
		)
		if err := rows.Scan(&v.Number, &v.Source, &v.Title, &v.Bytes, &created, &updated, &v.Sealed); err != nil {
			return nil, fmt.Errorf("docs: versions %q: %w", docID, err)
		}
		v.CreatedAt, v.UpdatedAt = millis(created), millis(updated)
		v.Current = v.Number == doc.Version
		v.Published = doc.Publication != nil && doc.Publication.DocVersion == v.Number
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("docs: versions %q: %w", docID, err)
	}
	return out, nil
}

// Version returns version n of the document with its content.
func (s *Service) Version(ctx context.Context, docID string, n int) (Version, error) {
	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return Version{}, fmt.Errorf("docs: version %q: %w", docID, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	doc, err := getDoc(ctx, tx, docID)
	if err != nil {
		return Version{}, err
	}
	return versionTx(ctx, tx, doc, n)
}

func versionTx(ctx context.Context, q querier, doc Document, n int) (Version, error) {
	var (
		v                Version
		created, updated int64
	)
	err := q.QueryRowContext(ctx, `SELECT number, source, title, content_md, created_at, updated_at, sealed
		FROM document_versions WHERE document_id = ? AND number = ?`, doc.ID, n).
		Scan(&v.Number, &v.Source, &v.Title, &v.ContentMD, &created, &updated, &v.Sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, fmt.Errorf("docs: document %q has no version %d (it has 1–%d): %w", doc.ID, n, doc.Version, apperr.ErrNotFound)
	}
	if err != nil {
		return Version{}, fmt.Errorf("docs: version %d of %q: %w", n, doc.ID, err)
	}
	v.Bytes = len(v.ContentMD)
	v.CreatedAt, v.UpdatedAt = millis(created), millis(updated)
	v.Current = v.Number == doc.Version
	v.Published = doc.Publication != nil && doc.Publication.DocVersion == v.Number
	return v, nil
}

// Diff compares version from with version to, line by line.
func (s *Service) Diff(ctx context.Context, docID string, from, to int) (Diff, error) {
	tx, err := s.db.Read().BeginTx(ctx, nil)
	if err != nil {
		return Diff{}, fmt.Errorf("docs: diff %q: %w", docID, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	doc, err := getDoc(ctx, tx, docID)
	if err != nil {
		return Diff{}, err
	}
	a, err := versionTx(ctx, tx, doc, from)
	if err != nil {
		return Diff{}, err
	}
	b, err := versionTx(ctx, tx, doc, to)
	if err != nil {
		return Diff{}, err
	}
	d := LineDiff(a.ContentMD, b.ContentMD)
	d.From, d.To = from, to
	return d, nil
}

// Delete removes the document and its versions (audited).
func (s *Service) Delete(ctx context.Context, docID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		doc, err := getDoc(ctx, tx, docID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, docID); err != nil {
			return fmt.Errorf("docs: delete %q: %w", docID, err)
		}
		return s.audited(ctx, tx, ActionDelete, doc.IssueID, map[string]any{"document": docID, "versions": doc.Version})
	})
}

// SealTx marks version n as seen outside the app (exported or published) inside the caller's
// transaction: a later editor save then starts a new version instead of replacing it.
func (s *Service) SealTx(ctx context.Context, tx *sql.Tx, docID string, n int) error {
	res, err := tx.ExecContext(ctx, `UPDATE document_versions SET sealed = 1 WHERE document_id = ? AND number = ?`, docID, n)
	if err != nil {
		return fmt.Errorf("docs: seal version %d of %q: %w", n, docID, err)
	}
	if k, err := res.RowsAffected(); err != nil || k == 0 {
		if _, gerr := getDoc(ctx, tx, docID); gerr != nil {
			return gerr
		}
		return fmt.Errorf("docs: document %q has no version %d: %w", docID, n, apperr.ErrNotFound)
	}
	return nil
}

// Seal is SealTx in a transaction of its own.
func (s *Service) Seal(ctx context.Context, docID string, n int) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return s.SealTx(ctx, tx, docID, n) })
}

// SealCurrent seals the document's current version and returns the document, in one
// transaction. Export and publish read the text through it: an autosave arriving while the text
// is being reviewed, written or sent starts a new version, so the version number they record
// always names exactly the text that left the app.
func (s *Service) SealCurrent(ctx context.Context, docID string) (Document, error) {
	var out Document
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := getDoc(ctx, tx, docID)
		if err != nil {
			return err
		}
		out = d
		return s.SealTx(ctx, tx, docID, d.Version)
	})
	if err != nil {
		return Document{}, err
	}
	return out, nil
}

// SetPublicationTx records where the document was published, inside the caller's transaction
// (the publisher audits and records the timeline event in the same one). It seals the published
// version. PublishedAt "" means now; otherwise 'YYYY-MM-DD HH:MM:SS' UTC.
func (s *Service) SetPublicationTx(ctx context.Context, tx *sql.Tx, docID string, p Publication) error {
	if strings.TrimSpace(p.PageID) == "" {
		return invalidf("publication: page id is required")
	}
	at := s.now()
	if p.PublishedAt != "" {
		t, err := store.ParseTime(p.PublishedAt)
		if err != nil {
			return invalidf("publication: published at %q is not 'YYYY-MM-DD HH:MM:SS'", p.PublishedAt)
		}
		at = t
	}
	doc, err := getDoc(ctx, tx, docID)
	if err != nil {
		return err
	}
	if p.DocVersion < 1 || p.DocVersion > doc.Version {
		return invalidf("publication: document %q has no version %d (it has 1–%d)", docID, p.DocVersion, doc.Version)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET confluence_page_id = ?, confluence_url = ?, confluence_page_version = ?,
		published_doc_version = ?, published_space_key = ?, published_base_url = ?, published_at = ? WHERE id = ?`,
		p.PageID, p.URL, p.PageVersion, p.DocVersion, p.SpaceKey, p.BaseURL, at.UnixMilli(), docID); err != nil {
		return fmt.Errorf("docs: set publication of %q: %w", docID, err)
	}
	return s.SealTx(ctx, tx, docID, p.DocVersion)
}

// SetPublication is SetPublicationTx in a transaction of its own, audited.
func (s *Service) SetPublication(ctx context.Context, docID string, p Publication) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.SetPublicationTx(ctx, tx, docID, p); err != nil {
			return err
		}
		doc, err := getDoc(ctx, tx, docID)
		if err != nil {
			return err
		}
		return s.audited(ctx, tx, ActionPublicationSet, doc.IssueID, map[string]any{
			"document": docID, "pageId": p.PageID, "pageVersion": p.PageVersion, "docVersion": p.DocVersion})
	})
}

// ClearPublicationTx forgets where the document was published (the page was deleted in
// Confluence and the user chose to create a new one), inside the caller's transaction.
func (s *Service) ClearPublicationTx(ctx context.Context, tx *sql.Tx, docID string) error {
	if _, err := getDoc(ctx, tx, docID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET confluence_page_id = NULL, confluence_url = NULL,
		confluence_page_version = NULL, published_doc_version = NULL, published_space_key = NULL,
		published_base_url = NULL, published_at = NULL WHERE id = ?`, docID); err != nil {
		return fmt.Errorf("docs: clear publication of %q: %w", docID, err)
	}
	return nil
}

// ClearPublication is ClearPublicationTx in a transaction of its own, audited.
func (s *Service) ClearPublication(ctx context.Context, docID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		doc, err := getDoc(ctx, tx, docID)
		if err != nil {
			return err
		}
		if err := s.ClearPublicationTx(ctx, tx, docID); err != nil {
			return err
		}
		var pageID string
		if doc.Publication != nil {
			pageID = doc.Publication.PageID
		}
		return s.audited(ctx, tx, ActionPublicationClear, doc.IssueID, map[string]any{"document": docID, "pageId": pageID})
	})
}
