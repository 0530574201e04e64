// Package publish takes a document out of the app: to a file (Export) or to Confluence
// (Publish). Both are audited and recorded on the incident's timeline, and both leave the
// document itself untouched: a failed export or publish never changes or loses local text.
//
// Publish accepts only an egress.Approved text (the document after its findings were reviewed):
// nothing the user did not approve reaches Confluence.
package publish

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/docs"
	"tftsr/internal/docs/export"
	"tftsr/internal/egress"
	"tftsr/internal/integrations"
	"tftsr/internal/integrations/confluence"
	"tftsr/internal/integrations/confluence/storage"
	"tftsr/internal/pii"
	"tftsr/internal/store"
	"tftsr/internal/timeline"
)

// Formats of Export.
const (
	FormatMarkdown = "md"
	FormatHTML     = "html"
	FormatPDF      = "pdf"
)

// Formats lists the export formats.
var Formats = []string{FormatMarkdown, FormatHTML, FormatPDF}

// Audit actions.
const (
	ActionExport  = "document.export"
	ActionPublish = "document.publish"
	ActionSend    = "confluence.send"
)

// Publisher exports and publishes documents.
type Publisher struct {
	DB    *store.DB
	Audit *audit.Log
	Docs  *docs.Service
	Integ *integrations.Service
	Now   func() time.Time
	// Detector scans the converted page for values the review of the Markdown could not see.
	Detector func(ctx context.Context) (*pii.Detector, error)
}

func (p *Publisher) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

// ExportResult is what Export wrote.
type ExportResult struct {
	Path    string `json:"path"`
	Format  string `json:"format"`
	Bytes   int64  `json:"bytes"`
	SHA256  string `json:"sha256"`
	Version int    `json:"version"` // the document version written
}

// Render returns the document's current version in format.
func Render(d docs.Document, format string, now time.Time) ([]byte, error) {
	switch format {
	case FormatMarkdown:
		return export.Markdown(d.Title, d.ContentMD), nil
	case FormatHTML:
		return export.HTML(d.Title, d.ContentMD)
	case FormatPDF:
		return export.PDF(d.Title, d.ContentMD, export.Meta{Subject: d.Title, Author: "TFTSR", Created: now})
	default:
		return nil, fmt.Errorf("publish: format %q is not one of %s: %w", format, strings.Join(Formats, ", "), apperr.ErrInvalid)
	}
}

// WithExtension returns path ending in ".format" (appended when the user typed a name without it).
func WithExtension(path, format string) string {
	if strings.EqualFold(filepath.Ext(path), "."+format) {
		return path
	}
	return path + "." + format
}

// Export writes the document's current version to path (".format" appended when missing). An
// existing file is replaced only when overwrite is set (else apperr.ErrExists); the file is written
// to a temporary name in the same directory and moved into place, so a failed export never leaves a
// half-written file or destroys the old one. Audited with format, path, bytes and SHA-256.
func (p *Publisher) Export(ctx context.Context, docID, format, path string, overwrite bool) (ExportResult, error) {
	if strings.TrimSpace(path) == "" {
		return ExportResult{}, fmt.Errorf("publish: export: no file chosen: %w", apperr.ErrInvalid)
	}
	if !filepath.IsAbs(path) {
		return ExportResult{}, fmt.Errorf("publish: export: %q is not an absolute path: %w", path, apperr.ErrInvalid)
	}
	// Sealed: an autosave arriving while the file is written starts a new version, so the version
	// recorded is exactly the text written.
	d, err := p.Docs.SealCurrent(ctx, docID)
	if err != nil {
		return ExportResult{}, err
	}
	now := p.now()
	body, err := Render(d, format, now)
	if err != nil {
		return ExportResult{}, err
	}
	path = WithExtension(filepath.Clean(path), format)
	if err := writeFile(path, body, overwrite); err != nil {
		return ExportResult{}, err
	}
	sum := sha256.Sum256(body)
	res := ExportResult{Path: path, Format: format, Bytes: int64(len(body)), SHA256: hex.EncodeToString(sum[:]), Version: d.Version}
	err = p.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := p.Audit.Append(ctx, tx, audit.Event{Action: ActionExport, EntityType: "document", EntityID: d.ID, Details: map[string]any{
			"issue": d.IssueID, "format": format, "path": path, "bytes": res.Bytes, "sha256": res.SHA256, "version": d.Version,
		}}); err != nil {
			return err
		}
		return timeline.Record(ctx, tx, timeline.DocExported(d.IssueID, d.Title, format, path, now))
	})
	if err != nil {
		// The file is written; only its record failed. Say so rather than pretend nothing happened.
		return res, fmt.Errorf("publish: export %s written, but recording it failed: %w", path, err)
	}
	return res, nil
}

// writeFile writes body to path through a temporary file in the same directory.
func writeFile(path string, body []byte, overwrite bool) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(path); err == nil && !overwrite {
		return fmt.Errorf("publish: export: %s already exists: %w", path, apperr.ErrExists)
	}
	tmp, err := os.CreateTemp(dir, ".tftsr-export-*")
	if err != nil {
		return fmt.Errorf("publish: export: cannot write in %s: %w: %w", dir, err, apperr.ErrInvalid)
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op once moved into place
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return fmt.Errorf("publish: export: write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("publish: export: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("publish: export: write %s: %w", path, err)
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return fmt.Errorf("publish: export: %w", err)
	}
	if !overwrite {
		// A hard link never replaces an existing file: a file created since the check above is
		// not clobbered either.
		if err := os.Link(name, path); err == nil {
			return nil
		} else if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("publish: export: %s already exists: %w", path, apperr.ErrExists)
		}
		// Filesystems without hard links fall back to the rename below (checked above).
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("publish: export: move into %s: %w", path, err)
	}
	return nil
}

// Review seals the document's current version and returns it with its Subject, the text to review.
func (p *Publisher) Review(ctx context.Context, docID string) (docs.Document, string, error) {
	d, err := p.Docs.SealCurrent(ctx, docID)
	if err != nil {
		return docs.Document{}, "", err
	}
	return d, Subject(d), nil
}

// Subject is the text the findings review of a publish covers: the title line, a blank line and
// the content. The title is one line, so the approved text splits back at the first blank line.
func Subject(d docs.Document) string { return d.Title + "\n\n" + d.ContentMD }

func splitSubject(text string) (title, body string) {
	title, body, _ = strings.Cut(text, "\n\n")
	return strings.TrimSpace(title), body
}

// Options of Publish.
type Options struct {
	// Recreate creates a new page when the page the document was published to was deleted in
	// Confluence (without it, Publish returns apperr.ErrGone so the user can be asked).
	Recreate bool
	// OnWait is told when Confluence asked to wait (429/503 Retry-After) before the next attempt.
	OnWait func(d time.Duration, status int)
}

// Publish creates the document's Confluence page, or updates the page it was published to before,
// from approved: the document's Subject after review. The page id, URL and version are stored on
// the document; the publication is audited (page id, version, SHA-256 of the storage body) and
// recorded on the timeline. docVersion is the document version the review covered (sealed by
// Review, so a later autosave makes a new version and Publish refuses the stale review).
func (p *Publisher) Publish(ctx context.Context, docID string, docVersion int, approved egress.Approved, opt Options) (docs.Publication, error) {
	d, err := p.Docs.Get(ctx, docID)
	if err != nil {
		return docs.Publication{}, err
	}
	if d.Version != docVersion {
		return docs.Publication{}, fmt.Errorf("publish: the document changed since it was reviewed (version %d, reviewed %d): review it again: %w", d.Version, docVersion, apperr.ErrConflict)
	}
	text, err := approved.Text()
	if err != nil {
		return docs.Publication{}, err
	}
	rec, err := approved.Receipt("confluence")
	if err != nil {
		return docs.Publication{}, err
	}
	if title, _ := splitSubject(text); title == "" {
		return docs.Publication{}, fmt.Errorf("publish: the document has no title: %w", apperr.ErrInvalid)
	}
	in, err := confluence.NewPage(approved)
	if err != nil {
		return docs.Publication{}, fmt.Errorf("publish: %w", err)
	}
	if err := p.checkDecoded(ctx, text, in); err != nil {
		return docs.Publication{}, err
	}
	deps := confluence.Deps{OnWait: opt.OnWait, Audit: func(ctx context.Context, s confluence.SendRecord) error {
		return p.DB.Tx(ctx, func(tx *sql.Tx) error {
			_, err := p.Audit.Append(ctx, tx, audit.Event{Action: ActionSend, EntityType: "document", EntityID: d.ID, Details: sendDetails(d, s)})
			return err
		})
	}}
	client, cfg, err := p.Integ.ConfluenceClient(ctx, deps)
	if err != nil {
		return docs.Publication{}, err
	}
	// An expired token on a Data Center server with anonymous access would otherwise publish as
	// the anonymous user; CurrentUser refuses that before anything is written.
	if _, err := client.CurrentUser(ctx); err != nil {
		return docs.Publication{}, err
	}
	var page confluence.Page
	prev := d.Publication
	samePlace := prev != nil && prev.PageID != "" && sameSite(prev.BaseURL, cfg.BaseURL) && prev.SpaceKey == cfg.SpaceKey
	switch {
	case samePlace:
		page, err = client.Update(ctx, prev.PageID, in)
		if errors.Is(err, apperr.ErrGone) {
			if !opt.Recreate {
				return docs.Publication{}, fmt.Errorf("publish: the Confluence page %s was deleted since the last publish: %w", prev.PageID, err)
			}
			page, err = create(ctx, client, in, cfg.SpaceKey)
		}
	default:
		page, err = create(ctx, client, in, cfg.SpaceKey)
	}
	if err != nil {
		return docs.Publication{}, err
	}
	now := p.now()
	pub := docs.Publication{PageID: page.ID, URL: page.URL, PageVersion: page.Version, DocVersion: d.Version,
		SpaceKey: cfg.SpaceKey, BaseURL: cfg.BaseURL, PublishedAt: store.FormatTime(now)}
	sum := sha256.Sum256([]byte(in.Body()))
	err = p.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := p.Docs.SetPublicationTx(ctx, tx, d.ID, pub); err != nil {
			return err
		}
		if _, err := p.Audit.Append(ctx, tx, audit.Event{Action: ActionPublish, EntityType: "document", EntityID: d.ID, Details: map[string]any{
			"issue": d.IssueID, "page": page.ID, "page_version": page.Version, "doc_version": d.Version, "host": host(cfg.BaseURL),
			"space": cfg.SpaceKey, "sha256": hex.EncodeToString(sum[:]), "bytes": len(in.Body()), "attachments": len(in.Attachments()),
			"approved_sha256": rec.SHA256, "kept": rec.Kept, "redacted": rec.Redacted,
		}}); err != nil {
			return err
		}
		return timeline.Record(ctx, tx, timeline.DocPublished(d.IssueID, d.Title, page.URL, page.Version, now))
	})
	if err != nil {
		return pub, fmt.Errorf("publish: page %s saved (version %d), but recording it failed: %w", page.ID, page.Version, err)
	}
	// After the page is recorded: a failed upload is retried by publishing again, which then
	// updates this page instead of trying to create a second one with the same title.
	if err := client.AttachAll(ctx, page.ID, in); err != nil {
		return pub, fmt.Errorf("publish: page %s saved (version %d), but uploading its images failed; publish again to retry: %w", page.ID, page.Version, err)
	}
	return pub, nil
}

// create creates the page. When the title is taken in the space by a page holding exactly this
// body, that page is the result of an earlier create of this same text whose answer was lost (a
// timeout, the app closing, the record failing): it is taken as the created page instead of
// leaving the document unable to publish. A page with other content is never taken over.
func create(ctx context.Context, client *confluence.Client, in confluence.PageInput, space string) (confluence.Page, error) {
	page, err := client.Create(ctx, in)
	if !errors.Is(err, apperr.ErrConflict) {
		return page, err
	}
	found, ok, ferr := client.FindByTitle(ctx, in.Title())
	switch {
	case ferr != nil || !ok:
		return page, err
	case found.Body == in.Body():
		return found, nil
	default:
		return confluence.Page{}, fmt.Errorf("publish: a page titled %q with other content already exists in space %s (%s): rename the document, or that page in Confluence: %w",
			in.Title(), space, found.URL, apperr.ErrConflict)
	}
}

// checkDecoded refuses a page whose visible text holds a finding that the approved Markdown does
// not contain as such: a value spelled with character references or escapes (`jane&#64;corp.com`,
// `jane\@corp.com`) or split by inline formatting reads whole on the page, although the review
// of the source could not see it.
func (p *Publisher) checkDecoded(ctx context.Context, approved string, in confluence.PageInput) error {
	if p.Detector == nil {
		return errors.New("publish: no detector to check the converted page")
	}
	det, err := p.Detector(ctx)
	if err != nil {
		return err
	}
	visible, err := storage.VisibleText(in.Body())
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	visible = in.Title() + "\n" + visible
	for _, f := range det.Scan(visible) {
		if !strings.Contains(approved, f.Value) {
			return fmt.Errorf("publish: the document has text that reads as %s only once converted (written with character references such as &#64;, backslash escapes or formatting inside it): write it as plain text so the review can see it, then publish again; nothing was sent: %w",
				f.Type, apperr.ErrInvalid)
		}
	}
	return nil
}

func sendDetails(d docs.Document, s confluence.SendRecord) map[string]any {
	return map[string]any{"issue": d.IssueID, "op": s.Op, "method": s.Method, "host": s.Host, "path": s.Path, "attempt": s.Attempt,
		"bytes": s.Bytes, "sha256": s.SHA256}
}

func host(base string) string {
	if u, err := url.Parse(base); err == nil {
		return u.Host
	}
	return ""
}

// sameSite: the page was published to the site configured now (a changed base URL or space
// means a new page there, not an update of a page id that belongs to another site).
func sameSite(a, b string) bool {
	return strings.TrimRight(strings.ToLower(a), "/") == strings.TrimRight(strings.ToLower(b), "/")
}
