DROP TABLE IF EXISTS ai_drafts;
DROP INDEX IF EXISTS idx_ai_messages_conversation_seq;
-- SQLite 3.33 has no DROP COLUMN: rebuild the seed's table.
CREATE TABLE ai_messages_old (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES ai_conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK(role IN ('system', 'user', 'assistant')),
    content TEXT NOT NULL,
    token_count INTEGER DEFAULT 0,
    created_at TEXT NOT NULL
);
INSERT INTO ai_messages_old (id, conversation_id, role, content, token_count, created_at)
    SELECT id, conversation_id, role, content, token_count, created_at FROM ai_messages;
DROP TABLE ai_messages;
ALTER TABLE ai_messages_old RENAME TO ai_messages;
CREATE INDEX idx_ai_messages_conversation_id ON ai_messages(conversation_id);
