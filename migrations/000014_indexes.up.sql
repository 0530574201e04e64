-- Indexes for the incident list / dashboard at 100k incidents and for the child foreign keys.
CREATE INDEX idx_issues_status_severity ON issues(status, severity);
CREATE INDEX idx_issues_updated_at ON issues(updated_at);
CREATE INDEX idx_issues_created_at ON issues(created_at);
CREATE INDEX idx_issues_resolved_at ON issues(resolved_at);
CREATE INDEX idx_issues_category ON issues(category);
CREATE INDEX idx_issues_assigned_to ON issues(assigned_to);
CREATE INDEX idx_log_files_issue_id ON log_files(issue_id);
CREATE INDEX idx_pii_spans_log_file_id ON pii_spans(log_file_id);
CREATE INDEX idx_ai_conversations_issue_id ON ai_conversations(issue_id);
CREATE INDEX idx_ai_messages_conversation_id ON ai_messages(conversation_id);
CREATE INDEX idx_resolution_steps_issue_id ON resolution_steps(issue_id);
CREATE INDEX idx_documents_issue_id ON documents(issue_id);
