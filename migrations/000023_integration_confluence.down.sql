-- SQLite 3.33 has no DROP COLUMN: rebuild the seed's table, keeping the rows.
CREATE TABLE integration_config_old (
    id TEXT PRIMARY KEY,
    service TEXT NOT NULL CHECK(service IN ('confluence','servicenow','azuredevops')),
    base_url TEXT NOT NULL,
    username TEXT,
    project_name TEXT,
    space_key TEXT,
    auto_create_enabled INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    UNIQUE(service)
);
INSERT INTO integration_config_old (id, service, base_url, username, project_name, space_key, auto_create_enabled, updated_at)
    SELECT id, service, base_url, username, project_name, space_key, auto_create_enabled, updated_at FROM integration_config;
DROP TABLE integration_config;
ALTER TABLE integration_config_old RENAME TO integration_config;
