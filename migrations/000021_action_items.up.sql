-- Action items of an incident (issue 5): what must be done so it does not happen again.
-- due_date is a calendar date (YYYY-MM-DD, no time zone); position orders them by hand.
CREATE TABLE action_items (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    priority TEXT NOT NULL DEFAULT 'medium' CHECK(priority IN ('critical','high','medium','low')),
    status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','in_progress','done','wont_do')),
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_action_items_issue ON action_items(issue_id, position);
