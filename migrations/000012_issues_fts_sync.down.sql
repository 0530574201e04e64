DROP TRIGGER IF EXISTS issues_fts_au;
DROP TRIGGER IF EXISTS issues_fts_ad;
DROP TRIGGER IF EXISTS issues_fts_ai;
