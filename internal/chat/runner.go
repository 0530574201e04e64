package chat

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"tftsr/internal/ai"
	"tftsr/internal/apperr"
	"tftsr/internal/egress"
	"tftsr/internal/pii"
	"tftsr/internal/providers"
)

// EventStream is the name of the event that carries streamed answers to the UI.
const EventStream = "chat:stream"

// Emitter sends an event to the UI (the Wails runtime in the window, the test bridge in tests).
type Emitter interface {
	Emit(name string, data any)
}

// Protocol is the triage protocol as the chat needs it (package triage, adapted in app).
type Protocol interface {
	// SystemPrompt is the one system message for an incident of this domain: our own words only.
	SystemPrompt(domain string) string
	// Record hands a finished answer to the 5-Whys engine; the result goes to the UI as it is.
	Record(ctx context.Context, issueID, messageID, reply string) (any, error)
}

// Providers opens the incident's provider for a send (providers.Service).
type Providers interface {
	ForIncident(ctx context.Context, issueID string) (providers.Choice, error)
	Open(ctx context.Context, id, issueID string) (ai.Provider, providers.Provider, error)
}

// Gate is what the runner needs of the egress gate.
type Gate interface {
	Seal(a egress.Approved) (string, error)
	Resend(text, token string) (egress.Approved, error)
	Known(ctx context.Context, issueID string) (*egress.Known, error)
	ApproveReply(ctx context.Context, issueID string, d *pii.Detector, k *egress.Known, text string) (egress.Approved, error)
	LogLines(ctx context.Context, logFileID string, from, count int) (egress.Approved, error)
	LogSummary(ctx context.Context, issueID string) (egress.Approved, error)
}

// Detector returns the detector with the user's current type switches (redaction.Service).
type Detector func(ctx context.Context) (*pii.Detector, error)

// StreamEvent is one batch of an answer as the UI receives it. Seq numbers the batches of one
// answer from 1, so the UI can drop repeats and notice gaps (then it re-reads the message).
type StreamEvent struct {
	IssueID        string `json:"issueId"`
	ConversationID string `json:"conversationId"`
	MessageID      string `json:"messageId"`
	Seq            int    `json:"seq"`
	Delta          string `json:"delta"`
	Done           bool   `json:"done"`
	Status         string `json:"status"` // streaming | complete | stopped | failed
	Error          string `json:"error,omitempty"`
	ErrorCode      string `json:"errorCode,omitempty"`
	TokenCount     int    `json:"tokenCount,omitempty"`
	InputTokens    int    `json:"inputTokens,omitempty"`
	RetryInMs      int64  `json:"retryInMs,omitempty"` // rate limited: the wait before the same request is re-sent
	Progress       any    `json:"progress,omitempty"`  // the triage engine's answer to a finished reply
	ProtocolError  string `json:"protocolError,omitempty"`
}

// Runner sends messages and streams answers.
type Runner struct {
	store    *Store
	gate     Gate
	detector Detector
	provs    Providers
	proto    Protocol
	emit     Emitter
	domain   func(ctx context.Context, issueID string) (string, error)
	batch    time.Duration

	mu     sync.Mutex
	active map[string]context.CancelFunc // by assistant message id
	wg     sync.WaitGroup
}

// Deps are the runner's collaborators.
type Deps struct {
	Store     *Store
	Gate      Gate
	Detector  Detector
	Providers Providers
	Protocol  Protocol
	Emitter   Emitter
	// Domain returns the incident's domain ("" when unset).
	Domain func(ctx context.Context, issueID string) (string, error)
}

// BatchInterval is the longest a streamed piece waits before it is sent to the UI.
const BatchInterval = 50 * time.Millisecond

// NewRunner builds a runner.
func NewRunner(d Deps) *Runner {
	return &Runner{store: d.Store, gate: d.Gate, detector: d.Detector, provs: d.Providers, proto: d.Protocol,
		emit: d.Emitter, domain: d.Domain, batch: BatchInterval, active: map[string]context.CancelFunc{}}
}

// SendResult is what Send and Regenerate return at once; the answer streams in afterwards.
type SendResult struct {
	Conversation Conversation `json:"conversation"`
	User         *Message     `json:"user,omitempty"`
	Assistant    Message      `json:"assistant"`
	Omitted      int          `json:"omitted"` // earlier messages left out to fit the context window
}

// ErrNoProvider: no AI provider is configured (the incident can still be worked by hand).
var ErrNoProvider = errors.New("chat: no AI provider is configured: add one in Settings → AI providers, or work the 5 Whys by hand")

// Send stores the approved user text (with its seal, so it can be re-sent on later turns) and
// starts the answer. attachments are lines of applied redacted logs sent with this message.
func (r *Runner) Send(ctx context.Context, issueID string, text egress.Approved, attachments []Attachment) (SendResult, error) {
	content, err := text.Text()
	if err != nil {
		return SendResult{}, fmt.Errorf("chat: %w", err)
	}
	if strings.TrimSpace(content) == "" && len(attachments) == 0 {
		return SendResult{}, fmt.Errorf("chat: the message is empty: %w", apperr.ErrInvalid)
	}
	for i := range attachments {
		a := &attachments[i]
		switch a.Kind {
		case "", AttachLines:
			a.Kind = AttachLines
			if a.LogID == "" || a.From < 1 || a.Count < 1 || a.Count > egress.MaxLogLines {
				return SendResult{}, fmt.Errorf("chat: attachment %d: a log, a first line ≥ 1 and 1…%d lines are required: %w", i, egress.MaxLogLines, apperr.ErrInvalid)
			}
		case AttachSummary:
			*a = Attachment{Kind: AttachSummary}
		default:
			return SendResult{}, fmt.Errorf("chat: attachment %d: unknown kind %q (lines or summary): %w", i, a.Kind, apperr.ErrInvalid)
		}
	}
	seal, err := r.gate.Seal(text)
	if err != nil {
		return SendResult{}, fmt.Errorf("chat: %w", err)
	}
	prov, p, conv, err := r.open(ctx, issueID)
	if err != nil {
		return SendResult{}, err
	}
	user := Message{ConversationID: conv.ID, Role: string(ai.RoleUser), Content: content, Status: StatusComplete, Attachments: attachments, seal: seal}
	asst := Message{ConversationID: conv.ID, Role: string(ai.RoleAssistant), Status: StatusStreaming, Model: p.Model}
	err = r.store.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := r.store.add(ctx, tx, &user); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM ai_drafts WHERE issue_id = ?`, issueID)
		if err != nil {
			return err
		}
		return r.store.add(ctx, tx, &asst)
	})
	if err != nil {
		return SendResult{}, fmt.Errorf("chat: store message: %w", err)
	}
	res, err := r.start(ctx, issueID, conv, prov, p, asst)
	if err != nil {
		return SendResult{}, err
	}
	res.User = &user
	return res, nil
}

// Regenerate replaces the conversation's last answer with a new one to the same messages.
func (r *Runner) Regenerate(ctx context.Context, issueID string) (SendResult, error) {
	prov, p, conv, err := r.open(ctx, issueID)
	if err != nil {
		return SendResult{}, err
	}
	msgs, err := r.store.Messages(ctx, conv.ID)
	if err != nil {
		return SendResult{}, err
	}
	if len(msgs) == 0 || msgs[len(msgs)-1].Role != string(ai.RoleAssistant) {
		return SendResult{}, fmt.Errorf("chat: there is no answer to regenerate: %w", apperr.ErrConflict)
	}
	last := msgs[len(msgs)-1]
	if last.Status == StatusStreaming {
		return SendResult{}, fmt.Errorf("chat: the answer is still streaming: stop it first: %w", apperr.ErrConflict)
	}
	asst := Message{ConversationID: conv.ID, Role: string(ai.RoleAssistant), Status: StatusStreaming, Model: p.Model}
	err = r.store.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM ai_messages WHERE id = ?`, last.ID); err != nil {
			return err
		}
		return r.store.add(ctx, tx, &asst)
	})
	if err != nil {
		return SendResult{}, fmt.Errorf("chat: regenerate: %w", err)
	}
	return r.start(ctx, issueID, conv, prov, p, asst)
}

// Stop ends the streaming answer messageID; what arrived so far is kept. It reports whether the
// answer was streaming.
func (r *Runner) Stop(messageID string) bool {
	r.mu.Lock()
	cancel, ok := r.active[messageID]
	r.mu.Unlock()
	if ok {
		cancel()
	}
	return ok
}

// Wait blocks until every streaming answer has finished (shutdown, tests).
func (r *Runner) Wait() { r.wg.Wait() }

// StopAll stops every streaming answer and waits for them to be stored.
func (r *Runner) StopAll() {
	r.mu.Lock()
	for _, c := range r.active {
		c()
	}
	r.mu.Unlock()
	r.wg.Wait()
}

func (r *Runner) open(ctx context.Context, issueID string) (ai.Provider, providers.Provider, Conversation, error) {
	choice, err := r.provs.ForIncident(ctx, issueID)
	if err != nil {
		return nil, providers.Provider{}, Conversation{}, err
	}
	if choice.ProviderID == "" {
		return nil, providers.Provider{}, Conversation{}, fmt.Errorf("%w: %w", ErrNoProvider, apperr.ErrConflict)
	}
	prov, p, err := r.provs.Open(ctx, choice.ProviderID, issueID)
	if err != nil {
		return nil, providers.Provider{}, Conversation{}, err
	}
	conv, err := r.store.Latest(ctx, issueID)
	if errors.Is(err, apperr.ErrNotFound) {
		conv, err = r.store.Create(ctx, issueID, p.Name, p.Model, "Triage")
	}
	if err != nil {
		return nil, providers.Provider{}, Conversation{}, err
	}
	return prov, p, conv, nil
}

// start builds the request and streams the answer in the background.
func (r *Runner) start(ctx context.Context, issueID string, conv Conversation, prov ai.Provider, p providers.Provider, asst Message) (SendResult, error) {
	req, omitted, err := r.request(ctx, issueID, conv.ID, asst.ID, budget(p))
	if err != nil {
		asst.Status, asst.Error = StatusFailed, err.Error()
		if ferr := r.store.finish(ctx, asst); ferr != nil {
			return SendResult{}, errors.Join(err, ferr)
		}
		return SendResult{}, err
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	r.mu.Lock()
	r.active[asst.ID] = cancel
	r.mu.Unlock()
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer func() {
			r.mu.Lock()
			delete(r.active, asst.ID)
			r.mu.Unlock()
			cancel()
		}()
		r.stream(sctx, issueID, conv, prov, req, asst)
	}()
	return SendResult{Conversation: conv, Assistant: asst, Omitted: omitted}, nil
}

// stream runs one answer: batches of deltas go to the UI at most every BatchInterval, the text
// so far is checkpointed every second, and the final state is stored whatever happens.
func (r *Runner) stream(ctx context.Context, issueID string, conv Conversation, prov ai.Provider, req ai.Request, asst Message) {
	b := &batcher{r: r, ev: StreamEvent{IssueID: issueID, ConversationID: conv.ID, MessageID: asst.ID, Status: StatusStreaming}}
	stopTick := make(chan struct{})
	tickDone := make(chan struct{})
	go func() {
		defer close(tickDone)
		t := time.NewTicker(r.batch)
		defer t.Stop()
		lastCheckpoint := time.Now()
		for {
			select {
			case <-stopTick:
				return
			case <-t.C:
				b.flush()
				if time.Since(lastCheckpoint) >= time.Second {
					lastCheckpoint = time.Now()
					_ = r.store.checkpoint(ctx, asst.ID, b.text())
				}
			}
		}
	}()
	req.OnRetry = func(_ int, wait time.Duration, _ error) { b.retry(wait) }
	res, err := prov.Stream(ctx, req, b.add)
	close(stopTick)
	<-tickDone
	b.flush()

	asst.Content = b.text()
	if res.Text != "" && len(res.Text) >= len(asst.Content) {
		asst.Content = res.Text
	}
	asst.TokenCount, asst.InputTokens = res.Usage.OutputTokens, res.Usage.InputTokens
	if res.Model != "" {
		asst.Model = res.Model
	}
	final := StreamEvent{IssueID: issueID, ConversationID: conv.ID, MessageID: asst.ID, Done: true, TokenCount: asst.TokenCount, InputTokens: asst.InputTokens}
	switch {
	case err == nil:
		asst.Status = StatusComplete
	case errors.Is(err, context.Canceled):
		asst.Status = StatusStopped
	default:
		asst.Status, asst.Error = StatusFailed, err.Error()
		final.Error, final.ErrorCode = apperr.Message(err), apperr.Code(err)
	}
	final.Status = asst.Status
	if ferr := r.store.finish(ctx, asst); ferr != nil {
		final.Status, final.Error, final.ErrorCode = StatusFailed, ferr.Error(), apperr.Code(ferr)
	}
	if asst.Status == StatusComplete && r.proto != nil {
		progress, perr := r.proto.Record(context.WithoutCancel(ctx), issueID, asst.ID, asst.Content)
		final.Progress = progress
		if perr != nil {
			final.ProtocolError = apperr.Message(perr)
		}
	}
	b.final(final)
}

// batcher collects deltas and emits them as numbered batches.
type batcher struct {
	r   *Runner
	mu  sync.Mutex
	ev  StreamEvent
	buf strings.Builder
	all strings.Builder
	seq int
}

func (b *batcher) add(delta string) {
	b.mu.Lock()
	b.buf.WriteString(delta)
	b.all.WriteString(delta)
	b.mu.Unlock()
}

func (b *batcher) text() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.all.String()
}

func (b *batcher) flush() {
	b.mu.Lock()
	if b.buf.Len() == 0 {
		b.mu.Unlock()
		return
	}
	b.seq++
	ev := b.ev
	ev.Seq, ev.Delta = b.seq, b.buf.String()
	b.buf.Reset()
	b.mu.Unlock()
	b.r.emit.Emit(EventStream, ev)
}

func (b *batcher) retry(wait time.Duration) {
	b.mu.Lock()
	b.seq++
	ev := b.ev
	ev.Seq, ev.RetryInMs = b.seq, wait.Milliseconds()
	b.mu.Unlock()
	b.r.emit.Emit(EventStream, ev)
}

func (b *batcher) final(ev StreamEvent) {
	b.mu.Lock()
	b.seq++
	ev.Seq = b.seq
	b.mu.Unlock()
	b.r.emit.Emit(EventStream, ev)
}
