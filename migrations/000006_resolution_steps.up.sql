CREATE TABLE resolution_steps (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    step_order INTEGER NOT NULL,
    why_question TEXT NOT NULL,
    answer TEXT,
    evidence TEXT,
    created_at TEXT NOT NULL
);
