package app

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/docs"
	"tftsr/internal/docs/publish"
)

// EventConfluenceWait tells the UI that Confluence asked to wait before the next attempt.
const EventConfluenceWait = "confluence:wait"

// DestinationConfluence is the audit destination of a document approved for Confluence.
const DestinationConfluence = "confluence"

// ExportInput writes the current version of a document to Path in Format (md, html, pdf). An
// existing file is replaced only with Overwrite (otherwise the error code is "exists").
type ExportInput struct {
	Format    string `json:"format"`
	Path      string `json:"path"`
	Overwrite bool   `json:"overwrite"`
}

// PublishInput publishes the document reviewed by ReviewPublish: ReviewID and one decision per
// finding ("redact" | "keep"). Recreate creates a new page when the page it was published to
// was deleted in Confluence (the error code "gone" asks for it).
type PublishInput struct {
	ReviewID  string   `json:"reviewId"`
	Decisions []string `json:"decisions"`
	Recreate  bool     `json:"recreate"`
}

// ConfluenceWait is the payload of EventConfluenceWait.
type ConfluenceWait struct {
	DocID   string  `json:"docId"`
	Seconds float64 `json:"seconds"`
	Status  int     `json:"status"` // 429 or 503
}

var exportFilters = map[string][]FileFilter{
	publish.FormatMarkdown: {{Name: "Markdown", Pattern: "*.md"}},
	publish.FormatHTML:     {{Name: "HTML page", Pattern: "*.html"}},
	publish.FormatPDF:      {{Name: "PDF document", Pattern: "*.pdf"}},
}

var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}._ -]+`)

// fileName suggests a file name for a document: its title without characters file systems refuse.
func fileName(title, format string) string {
	name := strings.TrimSpace(unsafeName.ReplaceAllString(title, "-"))
	if r := []rune(name); len(r) > 80 {
		name = strings.TrimSpace(string(r[:80]))
	}
	if name == "" {
		name = "document"
	}
	return name + "." + format
}

// ChooseExportPath opens the save dialog for the document in format; "" when cancelled.
func (s *DocumentService) ChooseExportPath(docID, format string) (string, error) {
	filters, ok := exportFilters[format]
	if !ok {
		return "", fmt.Errorf("documents: format %q is not one of %s: %w", format, strings.Join(publish.Formats, ", "), apperr.ErrInvalid)
	}
	if s.saver == nil {
		return "", fmt.Errorf("documents: no save dialog in this mode: %w", apperr.ErrInvalid)
	}
	d, err := s.docs.Get(s.ctx, docID)
	if err != nil {
		return "", err
	}
	path, err := s.saver.SaveFile("Export "+strings.ToUpper(format), fileName(d.Title, format), filters)
	if err != nil || path == "" {
		return "", err
	}
	return publish.WithExtension(filepath.Clean(path), format), nil
}

// Export writes the document's current version to a file (atomically), audits it (format, path,
// SHA-256) and records it on the incident's timeline.
func (s *DocumentService) Export(docID string, in ExportInput) (publish.ExportResult, error) {
	return s.pub.Export(s.ctx, docID, in.Format, in.Path, in.Overwrite)
}

func docSubject(d docs.Document) string { return "doc:" + d.ID + ":v" + strconv.Itoa(d.Version) }

// ReviewPublish scans the document (title and content) for findings before it is published;
// the UI shows them for decisions, then calls Publish with the review's id.
func (s *DocumentService) ReviewPublish(docID string) (TextReview, error) {
	d, text, err := s.pub.Review(s.ctx, docID)
	if err != nil {
		return TextReview{}, err
	}
	return s.eg.review(d.IssueID, docSubject(d), text)
}

// Publish creates or updates the document's Confluence page from the approved text. Waits asked
// by Confluence are shown through EventConfluenceWait.
func (s *DocumentService) Publish(docID string, in PublishInput) (docs.Publication, error) {
	d, err := s.docs.Get(s.ctx, docID)
	if err != nil {
		return docs.Publication{}, err
	}
	a, _, _, err := s.eg.approvePending(in.ReviewID, docSubject(d), in.Decisions, DestinationConfluence)
	if err != nil {
		return docs.Publication{}, fmt.Errorf("documents: publish: %w", err)
	}
	return s.pub.Publish(s.ctx, docID, d.Version, a, publish.Options{Recreate: in.Recreate, OnWait: func(w time.Duration, status int) {
		s.emit.Emit(EventConfluenceWait, ConfluenceWait{DocID: docID, Seconds: w.Seconds(), Status: status})
	}})
}
