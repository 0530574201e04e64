-- Indexes for the incident list, filters, sorts and dashboard at 100k incidents (measured in
-- internal/incident/bench_test.go; figures in docs/benchmarks.md), and for the child foreign keys
-- (ON DELETE CASCADE looks children up by parent id).
CREATE INDEX idx_issues_status_severity ON issues(status, severity);
CREATE INDEX idx_issues_updated_id ON issues(updated_at, id);
CREATE INDEX idx_issues_created_id ON issues(created_at, id);
CREATE INDEX idx_issues_resolved_created ON issues(resolved_at, created_at);
CREATE INDEX idx_issues_category_updated ON issues(category, updated_at, id);
CREATE INDEX idx_issues_assigned_to ON issues(assigned_to);
CREATE INDEX idx_issues_title_nocase ON issues(title COLLATE NOCASE, id);
CREATE INDEX idx_issues_severity_id ON issues(severity, id);
CREATE INDEX idx_issues_status_id ON issues(status, id);
CREATE INDEX idx_issues_tags ON issues(tags);
CREATE INDEX idx_log_files_issue_id ON log_files(issue_id);
CREATE INDEX idx_pii_spans_log_file_id ON pii_spans(log_file_id);
CREATE INDEX idx_ai_conversations_issue_id ON ai_conversations(issue_id);
CREATE INDEX idx_ai_messages_conversation_id ON ai_messages(conversation_id);
CREATE INDEX idx_resolution_steps_issue_id ON resolution_steps(issue_id);
CREATE INDEX idx_documents_issue_id ON documents(issue_id);
