DROP INDEX IF EXISTS idx_pii_redacted_chunks_first_line;
DROP TABLE IF EXISTS pii_redacted_chunks;
DROP TABLE IF EXISTS pii_redacted;
DROP INDEX IF EXISTS idx_pii_allowlist_value;
DROP TABLE IF EXISTS pii_allowlist;
DROP TABLE IF EXISTS pii_pseudonyms;
DROP TABLE IF EXISTS pii_scan_state;
DROP INDEX IF EXISTS idx_pii_spans_own;
DROP INDEX IF EXISTS idx_pii_spans_value;
DROP INDEX IF EXISTS idx_pii_spans_type;
DROP INDEX IF EXISTS idx_pii_spans_line;
-- Rebuild pii_spans with the seed's columns (TEXT id).
CREATE TABLE pii_spans_seed (
    id TEXT PRIMARY KEY,
    log_file_id TEXT NOT NULL REFERENCES log_files(id) ON DELETE CASCADE,
    pii_type TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    original_value TEXT NOT NULL,
    replacement TEXT NOT NULL
);
INSERT INTO pii_spans_seed (id, log_file_id, pii_type, start_offset, end_offset, original_value, replacement)
    SELECT CAST(id AS TEXT), log_file_id, pii_type, start_offset, end_offset, original_value, replacement FROM pii_spans;
DROP TABLE pii_spans;
ALTER TABLE pii_spans_seed RENAME TO pii_spans;
CREATE INDEX idx_pii_spans_log_file_id ON pii_spans(log_file_id);
DROP INDEX IF EXISTS idx_pii_values_key;
DROP INDEX IF EXISTS idx_pii_values_log;
DROP TABLE IF EXISTS pii_values;
