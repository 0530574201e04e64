DROP INDEX IF EXISTS idx_timeline_events_kind;
DROP INDEX IF EXISTS idx_timeline_events_seq;
DROP INDEX IF EXISTS idx_timeline_events_issue;
DROP TABLE IF EXISTS timeline_events;
