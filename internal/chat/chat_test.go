package chat_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
	"tftsr/internal/apperr"
	"tftsr/internal/chat"
	"tftsr/internal/egress"
	"tftsr/internal/pii"
	"tftsr/internal/providers"
	"tftsr/internal/redaction"
	"tftsr/internal/redaction/redactiontest"
)

// scripted is an ai.Provider that answers from a script and records what it was sent: the
// runner's logic is under test here; the wire formats have their own conformance suite.
type scripted struct {
	mu      sync.Mutex
	answers [][]string // chunks per call
	err     error      // returned after the chunks
	hold    chan struct{}
	usage   ai.Usage
	sent    []sentReq
}

type sentReq struct {
	System string
	Turns  []ai.Turn
}

func (s *scripted) Stream(ctx context.Context, req ai.Request, onText func(string)) (ai.Result, error) {
	sys, turns, err := req.Texts()
	if err != nil {
		return ai.Result{}, err
	}
	s.mu.Lock()
	s.sent = append(s.sent, sentReq{sys, turns})
	chunks := []string{"ok"}
	if len(s.answers) > 0 {
		chunks, s.answers = s.answers[0], s.answers[1:]
	}
	hold, fail, usage := s.hold, s.err, s.usage
	s.mu.Unlock()
	var res ai.Result
	for i, c := range chunks {
		onText(c)
		res.Text += c
		if i == 0 && hold != nil {
			select {
			case <-hold:
			case <-ctx.Done():
				return res, ctx.Err()
			}
		}
	}
	res.Usage = usage
	return res, fail
}

func (s *scripted) Models(context.Context) ([]ai.Model, error) { return nil, ai.ErrUnsupported }

func (s *scripted) requests() []sentReq {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sentReq(nil), s.sent...)
}

type events struct {
	mu  sync.Mutex
	all []chat.StreamEvent
}

func (e *events) Emit(name string, data any) {
	if name != chat.EventStream {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.all = append(e.all, data.(chat.StreamEvent))
}

func (e *events) get() []chat.StreamEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]chat.StreamEvent(nil), e.all...)
}

type proto struct {
	mu       sync.Mutex
	recorded []string
}

func (p *proto) SystemPrompt(domain string) string {
	return "You are an SRE for " + domain + " incidents."
}
func (p *proto) Record(_ context.Context, _, messageID, reply string) (any, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.recorded = append(p.recorded, messageID+"|"+reply)
	return map[string]int{"level": len(p.recorded)}, nil
}

type env struct {
	*redactiontest.Env
	issue  string
	prov   *scripted
	ev     *events
	proto  *proto
	runner *chat.Runner
	store  *chat.Store
	gate   *egress.Gate
	provs  *providers.Service
}

func newEnv(t *testing.T, window int) *env {
	t.Helper()
	re := redactiontest.New(t)
	e := &env{Env: re, prov: &scripted{}, ev: &events{}, proto: &proto{}}
	e.issue = re.Issue(t, "Disk full on db-7")
	var err error
	if e.gate, err = egress.NewGate(re.Red, re.Master); err != nil {
		t.Fatal(err)
	}
	e.provs, err = providers.NewService(re.DB, re.Audit, re.Master, func(ai.Config, ai.Deps) (ai.Provider, error) { return e.prov, nil }, ai.Deps{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.provs.Create(context.Background(), providers.Input{Name: "Scripted", Kind: ai.KindOpenAI, Model: "m", ContextWindow: window, MaxTokens: 100}); err != nil {
		t.Fatal(err)
	}
	e.store = chat.NewStore(re.DB, nil)
	e.runner = chat.NewRunner(chat.Deps{
		Store: e.store, Gate: e.gate, Providers: e.provs, Protocol: e.proto, Emitter: e.ev,
		Detector: func(context.Context) (*pii.Detector, error) { return pii.NewDetector(pii.Options{}), nil },
		Domain:   func(context.Context, string) (string, error) { return "Databases", nil },
	})
	return e
}

func (e *env) send(t *testing.T, text string, att ...chat.Attachment) chat.SendResult {
	t.Helper()
	res, err := e.runner.Send(context.Background(), e.issue, aitest.Approved(text), att)
	if err != nil {
		t.Fatalf("send %q: %v", text, err)
	}
	e.runner.Wait()
	return res
}

func TestSendStreamsNumberedBatchesAndStoresTheAnswer(t *testing.T) {
	e := newEnv(t, 0)
	e.prov.answers = [][]string{{"The ", "backup ", "filled ", "/var."}}
	e.prov.usage = ai.Usage{InputTokens: 120, OutputTokens: 7}
	if err := e.store.SaveDraft(context.Background(), e.issue, "half-typed"); err != nil {
		t.Fatal(err)
	}
	res := e.send(t, "Why is the disk full?")
	evs := e.ev.get()
	var text strings.Builder
	for i, ev := range evs {
		if ev.Seq != i+1 || ev.MessageID != res.Assistant.ID {
			t.Fatalf("event %d = %+v: want seq %d for message %s", i, ev, i+1, res.Assistant.ID)
		}
		text.WriteString(ev.Delta)
	}
	last := evs[len(evs)-1]
	if !last.Done || last.Status != chat.StatusComplete || last.TokenCount != 7 || last.InputTokens != 120 {
		t.Errorf("final event = %+v", last)
	}
	if text.String() != "The backup filled /var." {
		t.Errorf("streamed text = %q", text.String())
	}
	if last.Progress == nil {
		t.Error("the finished answer was not handed to the triage protocol")
	}
	msgs, err := e.store.Messages(context.Background(), res.Conversation.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, m := range msgs {
		got = append(got, m.Role+":"+m.Status+":"+m.Content)
	}
	want := []string{"user:complete:Why is the disk full?", "assistant:complete:The backup filled /var."}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("messages (-want +got):\n%s", d)
	}
	if msgs[1].TokenCount != 7 || msgs[1].InputTokens != 120 || msgs[0].Seq != 1 || msgs[1].Seq != 2 {
		t.Errorf("stored answer = %+v", msgs[1])
	}
	if d, _ := e.store.Draft(context.Background(), e.issue); d != "" {
		t.Errorf("the draft survived the send: %q", d)
	}
	if r := e.prov.requests(); len(r) != 1 || r[0].System != "You are an SRE for Databases incidents." {
		t.Errorf("system prompt = %+v", r)
	}
}

func TestHistoryIsResentApprovedOnly(t *testing.T) {
	e := newEnv(t, 0)
	e.prov.answers = [][]string{{"Ask carol@example.net, she runs the backups."}, {"ok"}}
	e.send(t, "Why is the disk full?")
	e.send(t, "She is away.")
	reqs := e.prov.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	turns := reqs[1].Turns
	if len(turns) != 3 || turns[0].Text != "Why is the disk full?" || turns[2].Text != "She is away." {
		t.Fatalf("second request turns = %+v", turns)
	}
	if strings.Contains(turns[1].Text, "carol@example.net") || !strings.Contains(turns[1].Text, "Ask [EMAIL-") {
		t.Errorf("the model's reply went back with a raw value: %q", turns[1].Text)
	}
}

func TestATamperedUserMessageIsNeverResent(t *testing.T) {
	e := newEnv(t, 0)
	res := e.send(t, "Why is the disk full?")
	if _, err := e.DB.Read().Exec(`SELECT 1`); err != nil {
		t.Fatal(err)
	}
	// Someone edits the stored message (the approved text) behind the app's back.
	if err := e.DB.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE ai_messages SET content = 'root password is hunter2' WHERE id = ?`, res.User.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	_, err := e.runner.Send(context.Background(), e.issue, aitest.Approved("next"), nil)
	if !errors.Is(err, egress.ErrTampered) {
		t.Fatalf("err = %v, want ErrTampered", err)
	}
	if n := len(e.prov.requests()); n != 1 {
		t.Errorf("%d requests reached the provider, want only the first", n)
	}
}

func TestStopKeepsThePartialAnswer(t *testing.T) {
	e := newEnv(t, 0)
	e.prov.hold = make(chan struct{})
	e.prov.answers = [][]string{{"Looking at ", "never sent"}}
	res, err := e.runner.Send(context.Background(), e.issue, aitest.Approved("Why?"), nil)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !e.runner.Stop(res.Assistant.ID) {
		if time.Now().After(deadline) {
			t.Fatal("the answer never became stoppable")
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.runner.Wait()
	m, err := e.store.Message(context.Background(), res.Assistant.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != chat.StatusStopped || m.Content != "Looking at " {
		t.Errorf("stopped answer = %q (%s)", m.Content, m.Status)
	}
	if e.runner.Stop(res.Assistant.ID) {
		t.Error("Stop of a finished answer reported true")
	}
}

func TestAFailedAnswerLosesNothingTyped(t *testing.T) {
	e := newEnv(t, 0)
	e.prov.answers = [][]string{{"partial "}}
	e.prov.err = &ai.Error{Kind: ai.ErrRateLimited, Provider: ai.KindOpenAI, Status: 429}
	res := e.send(t, "Why is the disk full?")
	evs := e.ev.get()
	last := evs[len(evs)-1]
	if last.Status != chat.StatusFailed || last.ErrorCode != "upstream" || !strings.Contains(last.Error, "rate limited") {
		t.Errorf("final event = %+v", last)
	}
	msgs, _ := e.store.Messages(context.Background(), res.Conversation.ID)
	if len(msgs) != 2 || msgs[0].Content != "Why is the disk full?" || msgs[1].Status != chat.StatusFailed || msgs[1].Content != "partial " {
		t.Fatalf("messages = %+v", msgs)
	}
	// The next turn skips the failed answer and the two user messages go as one turn.
	e.prov.err = nil
	e.send(t, "Still there?")
	turns := e.prov.requests()[1].Turns
	if len(turns) != 1 || turns[0].Text != "Why is the disk full?\n\nStill there?" {
		t.Errorf("turns after a failure = %+v", turns)
	}
}

func TestRegenerateReplacesTheLastAnswer(t *testing.T) {
	e := newEnv(t, 0)
	e.prov.answers = [][]string{{"first"}, {"second"}}
	res := e.send(t, "Why?")
	if _, err := e.runner.Regenerate(context.Background(), e.issue); err != nil {
		t.Fatal(err)
	}
	e.runner.Wait()
	msgs, _ := e.store.Messages(context.Background(), res.Conversation.ID)
	if len(msgs) != 2 || msgs[1].Content != "second" || msgs[1].Seq != 2 {
		t.Fatalf("messages = %+v", msgs)
	}
	if r := e.prov.requests(); len(r[1].Turns) != 1 || r[1].Turns[0].Text != "Why?" {
		t.Errorf("regenerate sent %+v", r[1].Turns)
	}
}

func TestOldTurnsAreTrimmedToTheContextWindow(t *testing.T) {
	e := newEnv(t, 400)                 // 400 − 100 answer tokens = 300 prompt tokens ≈ 900 bytes
	long := strings.Repeat("word ", 60) // ~108 tokens each
	e.prov.answers = [][]string{{long}, {long}, {"ok"}}
	e.send(t, "first question "+long)
	e.send(t, "second question "+long)
	res := e.send(t, "third question")
	if res.Omitted == 0 {
		t.Fatal("nothing was trimmed")
	}
	turns := e.prov.requests()[2].Turns
	if turns[0].Role != ai.RoleUser || !strings.Contains(turns[0].Text, "earlier message(s) of this conversation are not included") {
		t.Errorf("first turn = %q, want the omission note on a user turn", turns[0].Text)
	}
	if !strings.HasSuffix(turns[len(turns)-1].Text, "third question") {
		t.Errorf("the latest message is missing: %+v", turns)
	}
}

func TestLogExcerptsAreSentOnceThenReferenced(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	logID := e.AddLog(t, e.issue, "app.log", "boot ok\nlogin user=alice from 10.9.8.7\ndisk 99%\n", 0)
	e.Scan(t, logID)
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeAll, Action: redaction.Redact}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Red.Apply(ctx, logID, nil); err != nil {
		t.Fatal(err)
	}
	e.send(t, "See these lines", chat.Attachment{LogID: logID, From: 2, Count: 2})
	e.send(t, "And now?")
	reqs := e.prov.requests()
	first := reqs[0].Turns[0].Text
	if !strings.Contains(first, "lines 2–3") || !strings.Contains(first, "disk 99%") || strings.Contains(first, "alice") || strings.Contains(first, "10.9.8.7") {
		t.Errorf("first send = %q: want the redacted lines", first)
	}
	again := reqs[1].Turns[0].Text
	if strings.Contains(again, "disk 99%") || !strings.Contains(again, "was attached to this message earlier") {
		t.Errorf("second send re-sent the excerpt: %q", again)
	}
}

func TestNoProviderMeansWorkByHand(t *testing.T) {
	e := newEnv(t, 0)
	ps, _ := e.provs.List(context.Background())
	if err := e.provs.Delete(context.Background(), ps[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err := e.runner.Send(context.Background(), e.issue, aitest.Approved("Why?"), nil)
	if !errors.Is(err, chat.ErrNoProvider) || !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("err = %v", err)
	}
}

func TestInterruptedAnswersAreMarkedStopped(t *testing.T) {
	e := newEnv(t, 0)
	e.prov.hold = make(chan struct{})
	res, err := e.runner.Send(context.Background(), e.issue, aitest.Approved("Why?"), nil)
	if err != nil {
		t.Fatal(err)
	}
	// As if the app had died here: a fresh store over the same database recovers.
	n, err := chat.NewStore(e.DB, nil).RecoverInterrupted(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("recovered %d, %v", n, err)
	}
	close(e.prov.hold)
	e.runner.Wait()
	m, _ := e.store.Message(context.Background(), res.Assistant.ID)
	if m.Status == chat.StatusStreaming {
		t.Errorf("status = %s", m.Status)
	}
}

func TestDraftsSurvive(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	if err := e.store.SaveDraft(ctx, e.issue, "the db is at 99% and"); err != nil {
		t.Fatal(err)
	}
	if d, _ := chat.NewStore(e.DB, nil).Draft(ctx, e.issue); d != "the db is at 99% and" {
		t.Errorf("draft = %q", d)
	}
	if err := e.store.SaveDraft(ctx, "missing", "x"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("draft for a missing incident: %v", err)
	}
}

func TestLogSummaryAttachment(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	logID := e.AddLog(t, e.issue, "app.log", "2026-11-27T09:00:01Z ERROR disk full for alice@example.com\n", 0)
	e.Scan(t, logID)
	if _, err := e.Red.Decide(ctx, logID, redaction.Decision{Scope: redaction.ScopeAll, Action: redaction.Redact}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Red.Apply(ctx, logID, nil); err != nil {
		t.Fatal(err)
	}
	e.send(t, "Here is the summary", chat.Attachment{Kind: chat.AttachSummary, LogID: "ignored"})
	e.send(t, "Thoughts?")
	reqs := e.prov.requests()
	if first := reqs[0].Turns[0].Text; !strings.Contains(first, "Log 1: 1 lines, 1 error lines") || strings.Contains(first, "alice") {
		t.Errorf("summary send = %q", first)
	}
	if again := reqs[1].Turns[0].Text; !strings.Contains(again, "summary of the incident's logs was attached") || strings.Contains(again, "Log 1:") {
		t.Errorf("second send = %q", again)
	}
	if _, err := e.runner.Send(ctx, e.issue, aitest.Approved("x"), []chat.Attachment{{Kind: "everything"}}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestDeltasAreBatched(t *testing.T) {
	e := newEnv(t, 0)
	chunks := make([]string, 500)
	for i := range chunks {
		chunks[i] = "x"
	}
	e.prov.answers = [][]string{chunks}
	e.send(t, "Go")
	evs := e.ev.get()
	if len(evs) > 10 {
		t.Errorf("%d events for 500 instant deltas: they are not batched", len(evs))
	}
	total := 0
	for i, ev := range evs {
		if ev.Seq != i+1 {
			t.Fatalf("seq %d at position %d", ev.Seq, i)
		}
		total += len(ev.Delta)
	}
	if total != 500 {
		t.Errorf("batched deltas carry %d bytes, want 500", total)
	}
}
