-- 5-Whys triage (internal/triage). resolution_steps keeps the seed's columns with their real
-- meaning: why_question = the "why?" question, answer = its answer, evidence = evidence text,
-- step_order = 1-based position (kept contiguous by the service). Added here:
--   is_root_cause  1 on the step marked as the root cause (at most one per issue, see the index)
--   root_cause_by  who marked it ('user' | 'ai'); the user's mark is never replaced by the model
--   source         who created the step ('user' | 'ai')
--   message_id     ai_messages.id the step came from (no FK: messages may be pruned)
--   evidence_refs  JSON array of {"logId": "...", "line": 120} citations for the log viewer
--   updated_at     'YYYY-MM-DD HH:MM:SS' UTC; NULL on rows written by the original app
ALTER TABLE resolution_steps ADD COLUMN is_root_cause INTEGER NOT NULL DEFAULT 0;
ALTER TABLE resolution_steps ADD COLUMN root_cause_by TEXT CHECK (root_cause_by IN ('user', 'ai'));
ALTER TABLE resolution_steps ADD COLUMN source TEXT NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'ai'));
ALTER TABLE resolution_steps ADD COLUMN message_id TEXT;
ALTER TABLE resolution_steps ADD COLUMN evidence_refs TEXT NOT NULL DEFAULT '[]';
ALTER TABLE resolution_steps ADD COLUMN updated_at TEXT;
CREATE UNIQUE INDEX idx_resolution_steps_root_cause ON resolution_steps(issue_id) WHERE is_root_cause = 1;

-- Contributing factors: free text, ordered by position (1-based, contiguous per issue).
CREATE TABLE contributing_factors (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_contributing_factors_issue ON contributing_factors(issue_id, position);
