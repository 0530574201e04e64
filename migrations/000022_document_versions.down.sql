-- SQLite 3.33 has no DROP COLUMN: documents is rebuilt with the seed's columns, keeping its rows
-- (title and content_md already hold the current version). Versions are dropped.
DROP INDEX IF EXISTS idx_documents_issue_updated;
DROP TABLE IF EXISTS document_versions;
CREATE TABLE documents_seed (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    doc_type TEXT NOT NULL,
    title TEXT NOT NULL,
    content_md TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO documents_seed (id, issue_id, doc_type, title, content_md, created_at, updated_at)
    SELECT id, issue_id, doc_type, title, content_md, created_at, updated_at FROM documents;
DROP INDEX IF EXISTS idx_documents_issue_id;
DROP TABLE documents;
ALTER TABLE documents_seed RENAME TO documents;
CREATE INDEX idx_documents_issue_id ON documents(issue_id);
