-- Documents (issue 5): the seed's documents table is used for real. content_md and title always
-- hold the current version's text; every save is a row of document_versions (see internal/docs
-- for the versioning rule). Times are INTEGER milliseconds like the seed's documents table.
ALTER TABLE documents ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- Where the document was last published to Confluence (all NULL until then).
ALTER TABLE documents ADD COLUMN confluence_page_id TEXT;
ALTER TABLE documents ADD COLUMN confluence_url TEXT;
ALTER TABLE documents ADD COLUMN confluence_page_version INTEGER;
ALTER TABLE documents ADD COLUMN published_doc_version INTEGER;
ALTER TABLE documents ADD COLUMN published_space_key TEXT;
ALTER TABLE documents ADD COLUMN published_base_url TEXT;
ALTER TABLE documents ADD COLUMN published_at INTEGER;

-- sealed = 1 once the version was exported or published: a later autosave then starts a new
-- version instead of replacing it. updated_at is the last save merged into the version.
CREATE TABLE document_versions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number >= 1),
    source TEXT NOT NULL CHECK (source IN ('generated', 'edit', 'restore', 'import', 'draft', 'refresh')),
    title TEXT NOT NULL,
    content_md TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sealed INTEGER NOT NULL DEFAULT 0,
    UNIQUE (document_id, number)
);

-- Documents written by the original app become version 1 of themselves (as imported text).
INSERT INTO document_versions (document_id, number, source, title, content_md, created_at, updated_at)
    SELECT id, 1, 'import', title, content_md, updated_at, updated_at FROM documents;
UPDATE documents SET template = doc_type WHERE doc_type IN ('rca', 'postmortem');

-- List: an incident's documents, most recently updated first.
CREATE INDEX idx_documents_issue_updated ON documents(issue_id, updated_at);
