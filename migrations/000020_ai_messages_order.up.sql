-- A reliable order for messages (seq per conversation; created_at has second resolution), the
-- state of an answer (streaming, complete, stopped by the user, failed), token counts from the
-- provider's usage, the seal that lets an approved user message be re-sent, and the log
-- excerpts attached to a message (as references; the text is read from the applied redacted
-- version when the message is sent).
ALTER TABLE ai_messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ai_messages ADD COLUMN status TEXT NOT NULL DEFAULT 'complete'
    CHECK(status IN ('streaming','complete','stopped','failed'));
ALTER TABLE ai_messages ADD COLUMN error TEXT NOT NULL DEFAULT '';
ALTER TABLE ai_messages ADD COLUMN input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ai_messages ADD COLUMN model TEXT NOT NULL DEFAULT '';
ALTER TABLE ai_messages ADD COLUMN seal TEXT NOT NULL DEFAULT '';
ALTER TABLE ai_messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
UPDATE ai_messages SET seq = (
    SELECT COUNT(*) FROM ai_messages m
    WHERE m.conversation_id = ai_messages.conversation_id
      AND (m.created_at < ai_messages.created_at OR (m.created_at = ai_messages.created_at AND m.rowid <= ai_messages.rowid))
);
CREATE UNIQUE INDEX idx_ai_messages_conversation_seq ON ai_messages(conversation_id, seq);

-- What the user is typing to the model, per incident, so nothing typed is lost before it is sent.
CREATE TABLE ai_drafts (
    issue_id TEXT PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
