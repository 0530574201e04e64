DROP TABLE IF EXISTS ai_conversations;
