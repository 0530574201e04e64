-- Make search work: the seed created issues_fts (010) but never filled or queried it.
-- 1. Recreate it with prefix indexes for 2- and 3-character prefixes, so that search-as-you-type
--    on short prefixes does not scan the whole term list (measured: ~150 ms → a few ms at 100k).
DROP TABLE issues_fts;
CREATE VIRTUAL TABLE issues_fts USING fts5(
    id UNINDEXED,
    title,
    description,
    content='issues',
    content_rowid='rowid',
    prefix='2 3'
);

-- 2. Keep the external-content index in sync with issues.
CREATE TRIGGER issues_fts_ai AFTER INSERT ON issues BEGIN
    INSERT INTO issues_fts(rowid, id, title, description)
    VALUES (new.rowid, new.id, new.title, new.description);
END;

CREATE TRIGGER issues_fts_ad AFTER DELETE ON issues BEGIN
    INSERT INTO issues_fts(issues_fts, rowid, id, title, description)
    VALUES ('delete', old.rowid, old.id, old.title, old.description);
END;

CREATE TRIGGER issues_fts_au AFTER UPDATE ON issues BEGIN
    INSERT INTO issues_fts(issues_fts, rowid, id, title, description)
    VALUES ('delete', old.rowid, old.id, old.title, old.description);
    INSERT INTO issues_fts(rowid, id, title, description)
    VALUES (new.rowid, new.id, new.title, new.description);
END;

-- 3. Index the rows that already exist (databases upgraded from the original app).
INSERT INTO issues_fts(issues_fts) VALUES ('rebuild');
