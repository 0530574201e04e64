CREATE TABLE log_files (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    file_path TEXT NOT NULL,
    file_size INTEGER,
    mime_type TEXT,
    content_hash TEXT,
    uploaded_at TEXT NOT NULL,
    redacted INTEGER DEFAULT 0
);
