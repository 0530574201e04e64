DROP INDEX IF EXISTS idx_contributing_factors_issue;
DROP TABLE IF EXISTS contributing_factors;
DROP INDEX IF EXISTS idx_resolution_steps_root_cause;
-- SQLite 3.33 has no DROP COLUMN: rebuild resolution_steps with the seed's columns, keeping rows.
CREATE TABLE resolution_steps_seed (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    step_order INTEGER NOT NULL,
    why_question TEXT NOT NULL,
    answer TEXT,
    evidence TEXT,
    created_at TEXT NOT NULL
);
INSERT INTO resolution_steps_seed (id, issue_id, step_order, why_question, answer, evidence, created_at)
    SELECT id, issue_id, step_order, why_question, answer, evidence, created_at FROM resolution_steps;
DROP INDEX IF EXISTS idx_resolution_steps_issue_id;
DROP TABLE resolution_steps;
ALTER TABLE resolution_steps_seed RENAME TO resolution_steps;
CREATE INDEX idx_resolution_steps_issue_id ON resolution_steps(issue_id);
