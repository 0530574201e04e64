-- PII review and redaction of stored logs (internal/redaction). Everything cascades from
-- log_files / issues.
--
-- pii_values: one row per distinct (type, value) of a log's current scan, in first-seen order.
-- The value itself (sealed), its HMAC-SHA256 value_hash (subkey "tftsr pii value hash v1": grouping
-- and allowlist matching without decrypting) and its placeholder are the incident's pseudonym
-- (pii_pseudonyms, same type and ordinal): the row stays narrow, so deciding 400,000 values
-- rewrites few pages. decision is the value's decision: it applies to every finding of the value that has
-- no decision of its own (pii_spans.decision), so deciding a value, a type or a whole log touches
-- one row per distinct value, not one per finding.
CREATE TABLE pii_values (
    id INTEGER PRIMARY KEY,
    log_file_id TEXT NOT NULL REFERENCES log_files(id) ON DELETE CASCADE,
    scan_seq INTEGER NOT NULL,              -- which scan wrote the row (rescan swap)
    pii_type TEXT NOT NULL,
    value_key INTEGER NOT NULL,             -- the value_hash's first 8 bytes as an integer (index key)
    ordinal INTEGER NOT NULL,               -- pii_pseudonyms.ordinal of (issue, pii_type)
    findings INTEGER NOT NULL,              -- how many findings have this value
    decision TEXT NOT NULL CHECK (decision IN ('redact', 'keep')),
    allowlisted INTEGER NOT NULL DEFAULT 0
);
-- Summary's counts and Values' pages read only this index (covering).
CREATE INDEX idx_pii_values_log ON pii_values(log_file_id, pii_type, decision, findings);
-- Lookups by value: random inserts, one per distinct value; an 8-byte key instead of the 64-char
-- hex hash keeps the index a fifth of the size, so it stays in the page cache far longer.
-- Queries match value_key, then the pseudonym's value_hash.
CREATE INDEX idx_pii_values_key ON pii_values(value_key);

-- pii_spans keeps the seed's columns and meaning: start/end_offset are byte offsets in the log's
-- whole UTF-8 text, original_value the value SEALED (AES-256-GCM, HKDF subkey "tftsr pii values
-- v1"; a scan reuses a value's ciphertext for its repeats, up to a bounded cache),
-- replacement the placeholder. id is an INTEGER (rowid): findings are appended in text order, so
-- inserts never land in the middle of the table; the API exposes it as a decimal string.
-- Rebuilt (SQLite 3.33 has no DROP COLUMN; the seed's TEXT id was a random-insert B-tree).
DROP INDEX IF EXISTS idx_pii_spans_log_file_id;
DROP TABLE pii_spans;
CREATE TABLE pii_spans (
    id INTEGER PRIMARY KEY,
    log_file_id TEXT NOT NULL REFERENCES log_files(id) ON DELETE CASCADE,
    pii_type TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    original_value TEXT NOT NULL,
    replacement TEXT NOT NULL,
    line INTEGER NOT NULL DEFAULT 0,        -- 1-based line of start_offset
    start_col INTEGER NOT NULL DEFAULT 0,   -- byte offset in that line
    end_line INTEGER NOT NULL DEFAULT 0,    -- line of end_offset (multi-line: PEM blocks)
    end_col INTEGER NOT NULL DEFAULT 0,     -- exclusive byte offset in end_line
    rule TEXT NOT NULL DEFAULT '',
    value_id INTEGER NOT NULL DEFAULT 0,    -- pii_values.id
    decision TEXT CHECK (decision IN ('redact', 'keep')), -- this finding's own decision; NULL = its value's
    scan_seq INTEGER NOT NULL DEFAULT 0
);
-- Every index here is appended to during a scan (ids grow; lines grow; ~10 types), except
-- value_id's, whose keys are small integers: it stays in the page cache.
CREATE INDEX idx_pii_spans_line ON pii_spans(log_file_id, line);
CREATE INDEX idx_pii_spans_type ON pii_spans(log_file_id, pii_type);
CREATE INDEX idx_pii_spans_value ON pii_spans(value_id);
-- The findings with a decision of their own: few (one click each), found without a scan.
CREATE INDEX idx_pii_spans_own ON pii_spans(log_file_id, value_id) WHERE decision IS NOT NULL;

-- One row per scanned log.
CREATE TABLE pii_scan_state (
    log_file_id TEXT PRIMARY KEY REFERENCES log_files(id) ON DELETE CASCADE,
    scanned_at TEXT NOT NULL,               -- YYYY-MM-DD HH:MM:SS UTC
    disabled_types TEXT NOT NULL,           -- JSON array: the type switches that were off
    counts TEXT NOT NULL,                   -- JSON object type → findings
    scan_seq INTEGER NOT NULL,
    max_line_span INTEGER NOT NULL DEFAULT 0, -- largest end_line - line (multi-line findings)
    version INTEGER NOT NULL DEFAULT 1      -- bumped by every change of decisions
);

-- The incident's pseudonyms: the same (type, value) gets the same placeholder in every log and
-- typed text of the incident. Keyed by ordinal, so new ones are appended (a key on the hash
-- took a random insert per new value); one (type, value) per placeholder is kept by
-- internal/redaction, which loads an incident's whole map inside its write transaction, and the
-- placeholder is a function of (type, ordinal).
CREATE TABLE pii_pseudonyms (
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    pii_type TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    value_hash TEXT NOT NULL,
    placeholder TEXT NOT NULL,              -- '[' || upper(type) || '-' || ordinal || ']'
    sealed_value TEXT NOT NULL,
    PRIMARY KEY (issue_id, pii_type, ordinal)
) WITHOUT ROWID;

-- Values never redacted: issue_id NULL = every incident, pii_type NULL = any type.
CREATE TABLE pii_allowlist (
    id TEXT PRIMARY KEY,
    issue_id TEXT REFERENCES issues(id) ON DELETE CASCADE,
    pii_type TEXT,
    value_hash TEXT NOT NULL,
    sealed_value TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_pii_allowlist_value ON pii_allowlist(value_hash);

-- The applied redacted version: chunks in log_chunks' format and line numbering.
CREATE TABLE pii_redacted (
    log_file_id TEXT PRIMARY KEY REFERENCES log_files(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,                   -- of the redacted UTF-8 text
    bytes INTEGER NOT NULL,
    redacted_counts TEXT NOT NULL,          -- JSON object type → findings redacted
    kept_counts TEXT NOT NULL,              -- JSON object type → findings kept
    applied_at TEXT NOT NULL,
    version INTEGER NOT NULL                -- pii_scan_state.version that was applied
);
CREATE TABLE pii_redacted_chunks (
    log_file_id TEXT NOT NULL REFERENCES log_files(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    first_line INTEGER NOT NULL,
    line_count INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (log_file_id, seq)
);
CREATE INDEX idx_pii_redacted_chunks_first_line ON pii_redacted_chunks(log_file_id, first_line);
