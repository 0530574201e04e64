-- Log content lives inside the encrypted database (internal/logs): the text of each log, converted
-- to UTF-8, is split into chunks of ~4096 lines or ~256 KiB, each compressed with compress/flate.
-- log_files keeps the seed's columns unchanged; what ingestion learns about a log goes to
-- log_file_meta. All three tables cascade from log_files (and so from issues).
CREATE TABLE log_file_meta (
    log_file_id TEXT PRIMARY KEY REFERENCES log_files(id) ON DELETE CASCADE,
    line_count INTEGER NOT NULL,
    text_bytes INTEGER NOT NULL,      -- UTF-8 bytes of the stored text (line terminators included)
    encoding TEXT NOT NULL,           -- utf-8, utf-16le, utf-16be, windows-1252
    invalid_utf8 INTEGER NOT NULL DEFAULT 0, -- invalid UTF-8 sequences replaced with U+FFFD
    split_lines INTEGER NOT NULL DEFAULT 0,  -- continuation pieces of over-long lines
    source_member TEXT                -- member name inside a zip / tar archive, NULL otherwise
);

CREATE TABLE log_chunks (
    log_file_id TEXT NOT NULL REFERENCES log_files(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    first_line INTEGER NOT NULL,      -- 1-based number of the chunk's first line
    line_count INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,     -- offset of the chunk in the log's UTF-8 text
    data BLOB NOT NULL,               -- compress/flate of the lines, each terminated by \n
    PRIMARY KEY (log_file_id, seq)
);
-- The chunk holding line N: WHERE log_file_id = ? AND first_line <= N ORDER BY first_line DESC LIMIT 1.
CREATE INDEX idx_log_chunks_first_line ON log_chunks(log_file_id, first_line);

-- Lines that continue the previous one: an over-long line is stored as several lines, every piece
-- after the first listed here so the viewer can mark it.
CREATE TABLE log_split_lines (
    log_file_id TEXT NOT NULL REFERENCES log_files(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    PRIMARY KEY (log_file_id, line)
) WITHOUT ROWID;
