package app

import (
	"context"
	"sync"
	"time"

	"tftsr/internal/docs"
	"tftsr/internal/docs/draft"
	"tftsr/internal/docs/publish"
)

// DocumentService exposes the incident's RCA and post-mortem documents: generation from the
// incident, the editor's saves and versions, export to files and publishing to Confluence.
type DocumentService struct {
	ctx     context.Context
	docs    *docs.Service
	pub     *publish.Publisher
	drafter *draft.Drafter
	eg      *EgressService
	saver   FileSaver
	emit    Emitter
	now     func() time.Time

	mu     sync.Mutex
	drafts map[string]context.CancelFunc // running draft requests by document id
}

// NewDocumentService binds the documents of svc; pub exports and publishes, drafter asks the AI
// for section drafts, eg reviews what leaves, saver asks where exports go, emit shows publishing
// waits. now is the clock (time.Now if nil).
func NewDocumentService(ctx context.Context, svc *docs.Service, pub *publish.Publisher, drafter *draft.Drafter, eg *EgressService,
	saver FileSaver, emit Emitter, now func() time.Time) *DocumentService {
	if now == nil {
		now = time.Now
	}
	if emit == nil {
		emit = nopEmitter{}
	}
	return &DocumentService{ctx: ctx, docs: svc, pub: pub, drafter: drafter, eg: eg, saver: saver, emit: emit, now: now,
		drafts: map[string]context.CancelFunc{}}
}

type nopEmitter struct{}

func (nopEmitter) Emit(string, any) {}

// Templates lists the templates a document can be generated from.
func (s *DocumentService) Templates() ([]docs.TemplateInfo, error) { return docs.Templates(), nil }

// Generate creates a document for the incident from template, filled from what it holds.
func (s *DocumentService) Generate(issueID, template string) (docs.Document, error) {
	return s.docs.Generate(s.ctx, issueID, template)
}

// List returns the incident's documents, most recently updated first.
func (s *DocumentService) List(issueID string) ([]docs.Summary, error) {
	return s.docs.List(s.ctx, issueID)
}

// Get returns a document with its current content.
func (s *DocumentService) Get(docID string) (docs.Document, error) {
	return s.docs.Get(s.ctx, docID)
}

// Save stores the editor's title and content. Autosaves within a couple of minutes extend the
// current version; an unchanged save changes nothing (see package docs for the rule).
func (s *DocumentService) Save(docID string, in docs.SaveInput) (docs.Document, error) {
	return s.docs.Save(s.ctx, docID, in)
}

// Versions lists the document's versions, newest first.
func (s *DocumentService) Versions(docID string) ([]docs.VersionInfo, error) {
	return s.docs.Versions(s.ctx, docID)
}

// Version returns one version with its content.
func (s *DocumentService) Version(docID string, number int) (docs.Version, error) {
	return s.docs.Version(s.ctx, docID, number)
}

// Diff compares version from with version to, line by line.
func (s *DocumentService) Diff(docID string, from, to int) (docs.Diff, error) {
	return s.docs.Diff(s.ctx, docID, from, to)
}

// Restore makes version number the current one (as a new version; nothing is removed).
func (s *DocumentService) Restore(docID string, number int) (docs.Document, error) {
	return s.docs.Restore(s.ctx, docID, number)
}

// Delete removes the document and its versions.
func (s *DocumentService) Delete(docID string) error { return s.docs.Delete(s.ctx, docID) }

// RefreshableSections lists the document's sections filled from the incident (never the ones the
// team writes): those RefreshSection can bring up to date.
func (s *DocumentService) RefreshableSections(docID string) ([]string, error) {
	return s.docs.Refreshable(s.ctx, docID)
}

// RefreshSection re-renders one section from what the incident holds now (e.g. action items
// edited beside the document), as a new version; the rest of the document is unchanged.
func (s *DocumentService) RefreshSection(docID, heading string) (docs.Document, error) {
	return s.docs.RefreshSection(s.ctx, docID, heading)
}
