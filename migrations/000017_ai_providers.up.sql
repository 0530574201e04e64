-- AI provider configurations. The API key is sealed (AES-256-GCM under the HKDF subkey
-- "tftsr credentials v1") and never leaves the backend; api_key_hint keeps its last 4 characters
-- for the UI. custom_format is the JSON of ai.CustomFormat (kind 'custom' only).
CREATE TABLE ai_providers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK(kind IN ('openai','azure-openai','anthropic','gemini','mistral','ollama','custom')),
    base_url TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    api_key_sealed TEXT,
    api_key_hint TEXT NOT NULL DEFAULT '',
    temperature REAL CHECK(temperature IS NULL OR (temperature >= 0 AND temperature <= 2)),
    max_tokens INTEGER NOT NULL DEFAULT 0 CHECK(max_tokens >= 0),
    context_window INTEGER NOT NULL DEFAULT 0 CHECK(context_window >= 0),
    api_version TEXT NOT NULL DEFAULT '',
    custom_format TEXT NOT NULL DEFAULT '',
    is_default INTEGER NOT NULL DEFAULT 0 CHECK(is_default IN (0,1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- At most one default provider.
CREATE UNIQUE INDEX ai_providers_one_default ON ai_providers(is_default) WHERE is_default = 1;

-- The provider chosen for one incident (else the default is used).
CREATE TABLE issue_ai_provider (
    issue_id TEXT PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
    provider_id TEXT NOT NULL REFERENCES ai_providers(id) ON DELETE CASCADE,
    updated_at TEXT NOT NULL
);
CREATE INDEX issue_ai_provider_provider ON issue_ai_provider(provider_id);
