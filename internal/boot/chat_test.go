package boot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"tftsr/internal/ai"
	"tftsr/internal/ai/aitest"
	"tftsr/internal/ai/openai/openaitest"
	"tftsr/internal/app"
	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/chat"
	"tftsr/internal/incident"
	"tftsr/internal/providers"
	"tftsr/internal/triage"
)

type recHost struct {
	mu     sync.Mutex
	events []chat.StreamEvent
	done   chan chat.StreamEvent
}

func (h *recHost) PickFiles(string) ([]string, error)                        { return nil, nil }
func (h *recHost) SaveFile(string, string, []app.FileFilter) (string, error) { return "", nil }
func (h *recHost) Emit(name string, data any) {
	ev, ok := data.(chat.StreamEvent)
	if name != chat.EventStream || !ok {
		return
	}
	h.mu.Lock()
	h.events = append(h.events, ev)
	h.mu.Unlock()
	if ev.Done {
		h.done <- ev
	}
}

// chatSystem is an opened System with its bindings, a fake OpenAI-compatible server and a
// provider configured for it (context window ctxWindow; 0 = default).
type chatSystem struct {
	sys   *System
	fake  *openaitest.Server
	host  *recHost
	b     []any
	chats *app.ChatService
	eg    *app.EgressService
}

func newChatSystem(t *testing.T, ctxWindow int) chatSystem {
	t.Helper()
	env, _ := testEnv(t, nil)
	sys, err := Open(context.Background(), Options{Env: env, Keyring: deadKeyring{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sys.Close() })
	c := chatSystem{sys: sys, fake: openaitest.New(t, openaitest.Options{}), host: &recHost{done: make(chan chat.StreamEvent, 8)}}
	c.b = sys.Bindings(context.Background(), "test", nil, c.host)
	c.chats, c.eg = service[*app.ChatService](t, c.b), service[*app.EgressService](t, c.b)
	key := aitest.Key
	if _, err := service[*app.ProviderService](t, c.b).Create(providers.Input{Name: "Fake OpenAI", Kind: ai.KindOpenAI, BaseURL: c.fake.URL(), Model: "test-model", APIKey: &key, ContextWindow: ctxWindow}); err != nil {
		t.Fatal(err)
	}
	return c
}

func service[T any](t *testing.T, bindings []any) T {
	t.Helper()
	for _, b := range bindings {
		if s, ok := b.(T); ok {
			return s
		}
	}
	var zero T
	t.Fatalf("no %T bound", zero)
	return zero
}

// TestChatEndToEnd drives the bound services as the UI does — review typed text, send, stream,
// 5-Whys step — against the real OpenAI-compatible client and a fake server speaking its wire
// format, over a real encrypted database; then checks what reached the server and the audit.
func TestChatEndToEnd(t *testing.T) {
	ctx := context.Background()
	c := newChatSystem(t, 0)
	sys, fake, host, chats, eg := c.sys, c.fake, c.host, c.chats, c.eg
	inc, err := sys.Incidents.Create(ctx, incident.CreateInput{Title: "Disk full on db-7", Domain: "Databases"})
	if err != nil {
		t.Fatal(err)
	}
	fake.Enqueue(aitest.Reply{Chunks: []string{"The backup job ", "filled /var.\n```triage\n{\"why_level\":1,\"question\":\"Why is the disk full?\",\"answer\":\"The backup wrote to /var\",\"root_cause_reached\":false}\n```"}, InputTokens: 50, OutputTokens: 20})

	rev, err := eg.ReviewText(inc.ID, "alice@example.com says /var is full")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chats.Send(app.SendInput{ReviewID: rev.ID, Decisions: []string{"keep"}}); err == nil {
		// "keep" is a valid decision; this send must go through with the address kept.
	} else {
		t.Fatal(err)
	}
	var final chat.StreamEvent
	select {
	case final = <-host.done:
	case <-time.After(10 * time.Second):
		t.Fatal("no final event")
	}
	if final.Status != chat.StatusComplete || final.TokenCount != 20 {
		t.Fatalf("final = %+v", final)
	}
	res, ok := final.Progress.(triage.ApplyResult)
	if !ok || res.Progress.Level != 1 {
		t.Fatalf("progress = %#v", final.Progress)
	}

	// Second turn: the address is redacted this time; the first message (kept) is re-sent as
	// it was approved.
	rev, err = eg.ReviewText(inc.ID, "and bob@example.org too")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chats.Send(app.SendInput{ReviewID: rev.ID, Decisions: []string{"redact"}}); err != nil {
		t.Fatal(err)
	}
	<-host.done
	reqs := fake.Requests()
	last := reqs[len(reqs)-1]
	if strings.Contains(string(last.Body), "bob@example.org") || !strings.Contains(string(last.Body), "alice@example.com") {
		t.Errorf("second request body = %s", last.Body)
	}
	if !strings.Contains(last.System, "Domain: Databases") || !strings.Contains(last.System, "```triage") {
		t.Errorf("system prompt = %.200q…", last.System)
	}
	// Every request is audited with the hash of exactly the bytes the server received.
	entries, err := audit.List(ctx, sys.DB.Read(), inc.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	hashes := map[string]bool{}
	for _, e := range entries {
		if e.Action == providers.ActionSend {
			var d struct {
				SHA256 string `json:"sha256"`
			}
			if err := json.Unmarshal([]byte(e.Details), &d); err != nil {
				t.Fatal(err)
			}
			hashes[d.SHA256] = true
		}
	}
	for _, r := range reqs {
		if r.Path != "/v1/chat/completions" {
			continue
		}
		sum := sha256.Sum256(r.Body)
		if !hashes[hex.EncodeToString(sum[:])] {
			t.Errorf("request %s not audited with its hash", hex.EncodeToString(sum[:8]))
		}
	}
	st, err := chats.State(inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Messages) != 4 || st.Messages[1].Display != "The backup job filled /var." || st.Messages[1].Report == nil {
		t.Errorf("state messages = %+v", st.Messages)
	}
}

// LESSONS.md: "Close this issue" typed anywhere in a chat message resolved the incident. Words
// in a conversation never change an incident's status.
func TestChatWordsNeverChangeTheIncident(t *testing.T) {
	ctx := context.Background()
	c := newChatSystem(t, 0)
	sys, fake, host := c.sys, c.fake, c.host
	inc, err := sys.Incidents.Create(ctx, incident.CreateInput{Title: "Login failures"})
	if err != nil {
		t.Fatal(err)
	}
	fake.Enqueue(aitest.Reply{Chunks: []string{"Root cause found. Close this issue. Status: resolved."}})
	rev, err := c.eg.ReviewText(inc.ID, "Close this issue, it is resolved")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.chats.Send(app.SendInput{ReviewID: rev.ID}); err != nil {
		t.Fatal(err)
	}
	<-host.done
	d, err := sys.Incidents.Get(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Issue.Status != incident.StatusOpen {
		t.Errorf("status = %s after chat words, want open", d.Issue.Status)
	}
}

func TestProviderSettingsAreCheckedWhenSaved(t *testing.T) {
	ctx := context.Background()
	env, _ := testEnv(t, nil)
	sys, err := Open(ctx, Options{Env: env, Keyring: deadKeyring{}})
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	_, err = sys.Providers.Create(ctx, providers.Input{Name: "Bad custom", Kind: ai.KindCustom, BaseURL: "http://localhost:9",
		Custom: &ai.CustomFormat{Path: "/gen", MessagesField: "messages", TextField: "choices..text"}})
	if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), "TextField") {
		t.Fatalf("err = %v, want the bad field path named", err)
	}
}

// Bad input: an empty message is refused with a clear error; a 1 MB message is reviewed, sent
// whole as the latest turn, and stored; nothing corrupts the conversation.
func TestChatEmptyAndOneMegabyteMessages(t *testing.T) {
	ctx := context.Background()
	c := newChatSystem(t, 1_000_000)
	sys, fake, host, eg := c.sys, c.fake, c.host, c.eg
	inc, err := sys.Incidents.Create(ctx, incident.CreateInput{Title: "Big paste"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eg.ReviewText(inc.ID, ""); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("empty message: err = %v, want invalid", err)
	}
	line := "2026-11-27T09:00:01Z worker-7 INFO job 4411 finished in 12 ms with status ok\n"
	big := strings.Repeat(line, (1<<20)/len(line)+1)[:1<<20]
	rev, err := eg.ReviewText(inc.ID, big)
	if err != nil {
		t.Fatal(err)
	}
	decisions := make([]string, len(rev.Findings))
	for i := range decisions {
		decisions[i] = "redact"
	}
	if _, err := c.chats.Send(app.SendInput{ReviewID: rev.ID, Decisions: decisions}); err != nil {
		t.Fatal(err)
	}
	if ev := waitDone(t, host); ev.Status != chat.StatusComplete {
		t.Fatalf("final = %+v", ev)
	}
	reqs := fake.Requests()
	if n := len(reqs[len(reqs)-1].Body); n < 1<<20 {
		t.Errorf("request body is %d bytes, want the whole 1 MB message", n)
	}
	st, err := c.chats.State(inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Messages) != 2 || len(st.Messages[0].Content) != 1<<20 {
		t.Errorf("stored %d messages, first %d bytes", len(st.Messages), len(st.Messages[0].Content))
	}
}
