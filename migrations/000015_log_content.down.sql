DROP TABLE IF EXISTS log_split_lines;
DROP INDEX IF EXISTS idx_log_chunks_first_line;
DROP TABLE IF EXISTS log_chunks;
DROP TABLE IF EXISTS log_file_meta;
