DROP TRIGGER IF EXISTS issues_fts_au;
DROP TRIGGER IF EXISTS issues_fts_ad;
DROP TRIGGER IF EXISTS issues_fts_ai;
-- Back to the seed's definition (010).
DROP TABLE issues_fts;
CREATE VIRTUAL TABLE issues_fts USING fts5(
    id UNINDEXED,
    title,
    description,
    content='issues',
    content_rowid='rowid'
);
