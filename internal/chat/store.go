// Package chat is the conversation with an AI model about one incident: conversations and
// messages in the seed's ai_conversations / ai_messages (ordered by seq, not by second-resolution
// timestamps), the composer draft, and the runner that builds each request from approved text
// only, streams the answer to the UI in numbered batches, and hands finished answers to the
// triage protocol.
package chat

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/store"
)

// Message statuses.
const (
	StatusStreaming = "streaming"
	StatusComplete  = "complete"
	StatusStopped   = "stopped"
	StatusFailed    = "failed"
)

// Conversation is one row of ai_conversations.
type Conversation struct {
	ID        string `json:"id"`
	IssueID   string `json:"issueId"`
	Provider  string `json:"provider"` // the provider's name when it was started
	Model     string `json:"model"`
	CreatedAt string `json:"createdAt"`
	Title     string `json:"title"`
}

// Attachment kinds.
const (
	AttachLines   = "lines"   // lines of one log's applied redacted version
	AttachSummary = "summary" // a summary of every applied redacted log of the incident
)

// Attachment references evidence sent with a message: its text is read from the applied
// redacted versions when the message is sent, never stored with the message.
type Attachment struct {
	Kind  string `json:"kind"`  // lines (default) | summary
	LogID string `json:"logId"` // lines: the log
	From  int    `json:"from"`  // lines: first line, 1-based
	Count int    `json:"count"` // lines: number of lines
}

// Message is one row of ai_messages.
type Message struct {
	ID             string       `json:"id"`
	ConversationID string       `json:"conversationId"`
	Seq            int          `json:"seq"`
	Role           string       `json:"role"`    // user | assistant
	Content        string       `json:"content"` // user: the approved text that was sent; assistant: the answer as received
	Status         string       `json:"status"`
	Error          string       `json:"error"`
	TokenCount     int          `json:"tokenCount"`  // output tokens (assistant) as the provider reported
	InputTokens    int          `json:"inputTokens"` // prompt tokens of the request that produced it
	Model          string       `json:"model"`
	Attachments    []Attachment `json:"attachments"`
	CreatedAt      string       `json:"createdAt"`
	seal           string
}

// Store reads and writes conversations.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns a store over db.
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

const convColumns = `id, issue_id, provider, model, created_at, COALESCE(title, '')`

// Latest returns the incident's most recent conversation (ErrNotFound when it has none).
func (s *Store) Latest(ctx context.Context, issueID string) (Conversation, error) {
	var c Conversation
	err := s.db.Read().QueryRowContext(ctx, `SELECT `+convColumns+` FROM ai_conversations WHERE issue_id = ?
		ORDER BY created_at DESC, rowid DESC LIMIT 1`, issueID).Scan(&c.ID, &c.IssueID, &c.Provider, &c.Model, &c.CreatedAt, &c.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, fmt.Errorf("chat: incident %q has no conversation: %w", issueID, apperr.ErrNotFound)
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("chat: latest conversation: %w", err)
	}
	return c, nil
}

// Conversations lists the incident's conversations, oldest first.
func (s *Store) Conversations(ctx context.Context, issueID string) ([]Conversation, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+convColumns+` FROM ai_conversations WHERE issue_id = ? ORDER BY created_at, rowid`, issueID)
	if err != nil {
		return nil, fmt.Errorf("chat: conversations: %w", err)
	}
	defer rows.Close()
	out := []Conversation{}
	for rows.Next() {
		var c Conversation
		if err := rows.Scan(&c.ID, &c.IssueID, &c.Provider, &c.Model, &c.CreatedAt, &c.Title); err != nil {
			return nil, fmt.Errorf("chat: conversations: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Conversation returns one conversation.
func (s *Store) Conversation(ctx context.Context, id string) (Conversation, error) {
	var c Conversation
	err := s.db.Read().QueryRowContext(ctx, `SELECT `+convColumns+` FROM ai_conversations WHERE id = ?`, id).
		Scan(&c.ID, &c.IssueID, &c.Provider, &c.Model, &c.CreatedAt, &c.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, fmt.Errorf("chat: conversation %q: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("chat: conversation %q: %w", id, err)
	}
	return c, nil
}

// Create starts a conversation for the incident.
func (s *Store) Create(ctx context.Context, issueID, provider, model, title string) (Conversation, error) {
	c := Conversation{ID: uuid.NewString(), IssueID: issueID, Provider: provider, Model: model, CreatedAt: store.FormatTime(s.now()), Title: title}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := store.IssueExists(ctx, tx, issueID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO ai_conversations (id, issue_id, provider, model, created_at, title) VALUES (?,?,?,?,?,?)`,
			c.ID, c.IssueID, c.Provider, c.Model, c.CreatedAt, c.Title)
		return err
	})
	if err != nil {
		return Conversation{}, fmt.Errorf("chat: create conversation: %w", err)
	}
	return c, nil
}

const msgColumns = `id, conversation_id, seq, role, content, status, error, COALESCE(token_count, 0), input_tokens, model, attachments, created_at, seal`

func scanMessage(r interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var att string
	if err := r.Scan(&m.ID, &m.ConversationID, &m.Seq, &m.Role, &m.Content, &m.Status, &m.Error, &m.TokenCount,
		&m.InputTokens, &m.Model, &att, &m.CreatedAt, &m.seal); err != nil {
		return Message{}, err
	}
	m.Attachments = []Attachment{}
	if err := json.Unmarshal([]byte(att), &m.Attachments); err != nil {
		return Message{}, fmt.Errorf("message %s attachments: %w", m.ID, err)
	}
	return m, nil
}

// Messages returns the conversation's messages in order.
func (s *Store) Messages(ctx context.Context, conversationID string) ([]Message, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+msgColumns+` FROM ai_messages WHERE conversation_id = ? ORDER BY seq`, conversationID)
	if err != nil {
		return nil, fmt.Errorf("chat: messages: %w", err)
	}
	defer rows.Close()
	out := []Message{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("chat: messages: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Message returns one message.
func (s *Store) Message(ctx context.Context, id string) (Message, error) {
	m, err := scanMessage(s.db.Read().QueryRowContext(ctx, `SELECT `+msgColumns+` FROM ai_messages WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, fmt.Errorf("chat: message %q: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return Message{}, fmt.Errorf("chat: message %q: %w", id, err)
	}
	return m, nil
}

// add appends a message at the end of the conversation.
func (s *Store) add(ctx context.Context, tx *sql.Tx, m *Message) error {
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM ai_messages WHERE conversation_id = ?`, m.ConversationID).Scan(&m.Seq); err != nil {
		return err
	}
	m.ID = uuid.NewString()
	m.CreatedAt = store.FormatTime(s.now())
	if m.Attachments == nil {
		m.Attachments = []Attachment{}
	}
	att, err := json.Marshal(m.Attachments)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO ai_messages (id, conversation_id, role, content, token_count, created_at,
		seq, status, error, input_tokens, model, seal, attachments) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		m.ID, m.ConversationID, m.Role, m.Content, m.TokenCount, m.CreatedAt, m.Seq, m.Status, m.Error, m.InputTokens, m.Model, m.seal, string(att))
	return err
}

// finish stores an answer's final state.
func (s *Store) finish(ctx context.Context, m Message) error {
	// The answer is stored even when the request was cancelled: the user saw it.
	wctx := context.WithoutCancel(ctx)
	err := s.db.Tx(wctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(wctx, `UPDATE ai_messages SET content=?, status=?, error=?, token_count=?, input_tokens=?, model=? WHERE id=?`,
			m.Content, m.Status, m.Error, m.TokenCount, m.InputTokens, m.Model, m.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("chat: store answer: %w", err)
	}
	return nil
}

// checkpoint stores the text streamed so far (an interrupted app keeps what was shown).
func (s *Store) checkpoint(ctx context.Context, id, content string) error {
	wctx := context.WithoutCancel(ctx)
	return s.db.Tx(wctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(wctx, `UPDATE ai_messages SET content=? WHERE id=? AND status=?`, content, id, StatusStreaming)
		return err
	})
}

// RecoverInterrupted marks answers that were streaming when the app stopped as stopped.
func (s *Store) RecoverInterrupted(ctx context.Context) (int, error) {
	var n int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE ai_messages SET status=?, error=? WHERE status=?`,
			StatusStopped, "the app closed while this answer was streaming", StatusStreaming)
		if err == nil {
			n, _ = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("chat: recover interrupted answers: %w", err)
	}
	return int(n), nil
}

// Draft returns the incident's unsent composer text ("" when none).
func (s *Store) Draft(ctx context.Context, issueID string) (string, error) {
	var text string
	err := s.db.Read().QueryRowContext(ctx, `SELECT text FROM ai_drafts WHERE issue_id = ?`, issueID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("chat: draft: %w", err)
	}
	return text, nil
}

// MaxDraftLen bounds a draft (bytes).
const MaxDraftLen = 1 << 20

// SaveDraft stores the composer text ("" deletes the draft).
func (s *Store) SaveDraft(ctx context.Context, issueID, text string) error {
	if len(text) > MaxDraftLen {
		return fmt.Errorf("chat: the message is longer than %d bytes: %w", MaxDraftLen, apperr.ErrInvalid)
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if text == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM ai_drafts WHERE issue_id = ?`, issueID)
			return err
		}
		if err := store.IssueExists(ctx, tx, issueID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO ai_drafts (issue_id, text, updated_at) VALUES (?,?,?)
			ON CONFLICT(issue_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`, issueID, text, store.FormatTime(s.now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("chat: save draft: %w", err)
	}
	return nil
}
