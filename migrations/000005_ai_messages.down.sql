DROP TABLE IF EXISTS ai_messages;
