DROP TABLE IF EXISTS issue_ai_provider;
DROP TABLE IF EXISTS ai_providers;
