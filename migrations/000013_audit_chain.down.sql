-- SQLite 3.33 has no DROP COLUMN: rebuild audit_log with the seed definition.
DROP TRIGGER IF EXISTS audit_log_no_delete;
DROP TRIGGER IF EXISTS audit_log_no_update;
DROP INDEX IF EXISTS audit_log_seq;

CREATE TABLE audit_log_old (
    id TEXT PRIMARY KEY,
    timestamp TEXT NOT NULL DEFAULT (datetime('now')),
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    user_id TEXT DEFAULT 'local',
    details TEXT
);

INSERT INTO audit_log_old (id, timestamp, action, entity_type, entity_id, user_id, details)
SELECT id, timestamp, action, entity_type, entity_id, user_id, details FROM audit_log;

DROP TABLE audit_log;
ALTER TABLE audit_log_old RENAME TO audit_log;
