-- Incident timeline (internal/timeline). kind: system kinds (incident.created, incident.status,
-- log.added, redaction.applied, triage.why_advanced, triage.root_cause) are written by the
-- backend in the same transaction as the change; user kinds (impact.started, detected,
-- mitigated, resolved, note) are added, edited and deleted by the user.
-- occurred_at: 'YYYY-MM-DD HH:MM:SS' UTC like issues. seq: 1, 2, 3 … across all events in insert
-- order, so events with the same occurred_at keep a reliable order.
CREATE TABLE timeline_events (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    occurred_at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('system', 'user')),
    seq INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_timeline_events_issue ON timeline_events(issue_id, occurred_at, seq);
CREATE UNIQUE INDEX idx_timeline_events_seq ON timeline_events(seq);
-- Metrics and the dashboard read the earliest event of each kind per issue from this index.
CREATE INDEX idx_timeline_events_kind ON timeline_events(kind, issue_id, occurred_at);
