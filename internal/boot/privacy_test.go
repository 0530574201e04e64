package boot

import (
	"context"
	"strings"
	"testing"
	"time"

	"tftsr/internal/ai/aitest"
	"tftsr/internal/app"
	"tftsr/internal/chat"
	"tftsr/internal/incident"
	"tftsr/internal/logs"
	"tftsr/internal/redaction"
)

// TestPrivacyOfAFullTriageSession: an incident whose log and typed messages hold planted
// secrets and personal data is triaged over several turns — log lines and a log summary
// attached, the model echoing and guessing values, an answer regenerated — and every byte the
// provider's fake server received is searched for the planted values. Those the user redacted
// never appear; the one the user kept does (so the test would notice over-redaction too).
func TestPrivacyOfAFullTriageSession(t *testing.T) {
	ctx := context.Background()
	c := newChatSystem(t, 0)
	sys, fake, host, eg, chats := c.sys, c.fake, c.host, c.eg, c.chats
	inc, err := sys.Incidents.Create(ctx, incident.CreateInput{Title: "Payment outage", Domain: "Application"})
	if err != nil {
		t.Fatal(err)
	}

	redacted := []string{
		"carol.jones@example.com", "AKIAIOSFODNN7EXAMPLE", "hunter2-Secret!", "4111111111111111",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYXJvbCJ9.c2lnbmF0dXJlLXZhbHVl", "203.0.113.77",
		"dave@example.org", "S3cr3t-Typed-Pass", "bob.smith@example.net",
	}
	const kept = "10.20.30.40" // the user decides this internal address may go

	log := strings.Join([]string{
		"2026-11-27T09:00:01Z INFO payment service start on 10.20.30.40",
		"2026-11-27T09:00:02Z ERROR charge failed for carol.jones@example.com card 4111111111111111",
		"2026-11-27T09:00:03Z WARN aws key AKIAIOSFODNN7EXAMPLE used from 203.0.113.77",
		"2026-11-27T09:00:04Z ERROR db login password=hunter2-Secret! refused",
		"2026-11-27T09:00:05Z INFO token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYXJvbCJ9.c2lnbmF0dXJlLXZhbHVl accepted",
	}, "\n") + "\n"
	res, err := sys.Logs.IngestReader(ctx, inc.ID, "payments.log", strings.NewReader(log), int64(len(log)), logs.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	logID := res[0].LogFileID
	if _, err := sys.Redaction.Scan(ctx, logID, nil); err != nil {
		t.Fatal(err)
	}
	for _, d := range []redaction.Decision{
		{Scope: redaction.ScopeAll, Action: redaction.Redact},
		{Scope: redaction.ScopeValue, Type: "ipv4", Value: kept, Action: redaction.Keep},
	} {
		if _, err := sys.Redaction.Decide(ctx, logID, d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sys.Redaction.Apply(ctx, logID, nil); err != nil {
		t.Fatal(err)
	}

	send := func(text string, decide func(typ string) string, att ...chat.Attachment) {
		t.Helper()
		rev, err := eg.ReviewText(inc.ID, text)
		if err != nil {
			t.Fatal(err)
		}
		decisions := []string{}
		for _, f := range rev.Findings {
			decisions = append(decisions, decide(f.Type))
		}
		if _, err := chats.Send(app.SendInput{ReviewID: rev.ID, Decisions: decisions, Attachments: att}); err != nil {
			t.Fatal(err)
		}
		waitDone(t, host)
	}
	redactAll := func(string) string { return "redact" }

	// The model echoes what it was told and guesses values it never saw.
	fake.Enqueue(
		aitest.Reply{Chunks: []string{"Was carol.jones@example.com charged twice? Check 10.20.30.40."}},
		aitest.Reply{Chunks: []string{"Maybe bob.smith@example.net rotated AKIAIOSFODNN7EXAMPLE?"}},
		aitest.Reply{Chunks: []string{"Regenerated: ask dave@example.org about hunter2-Secret!"}},
		aitest.Reply{Chunks: []string{"Root cause: a leaked key.\n```triage\n{\"why_level\":1,\"question\":\"Why did charges fail?\",\"answer\":\"The key was revoked\",\"root_cause_reached\":true,\"root_cause\":\"leaked key\"}\n```"}},
	)
	send("Charges fail since 09:00, dave@example.org saw it; the db password is S3cr3t-Typed-Pass", redactAll,
		chat.Attachment{Kind: chat.AttachLines, LogID: logID, From: 1, Count: 5})
	send("Here is the summary of the logs", redactAll, chat.Attachment{Kind: chat.AttachSummary})
	if _, err := chats.Regenerate(inc.ID); err != nil {
		t.Fatal(err)
	}
	waitDone(t, host)
	send("Anything else about bob.smith@example.net?", redactAll)

	reqs := fake.Requests()
	if len(reqs) < 4 {
		t.Fatalf("fake got %d requests, want at least 4", len(reqs))
	}
	var all strings.Builder
	for _, r := range reqs {
		all.Write(r.Body)
		all.WriteString(r.RawQuery)
		for k, v := range r.Header {
			all.WriteString(k + ": " + strings.Join(v, ",") + "\n")
		}
	}
	wire := all.String()
	for _, v := range redacted {
		if strings.Contains(wire, v) {
			t.Errorf("redacted value %q reached the provider", v)
		}
	}
	if !strings.Contains(wire, kept) {
		t.Errorf("the kept value %q never reached the provider: over-redaction", kept)
	}
	if !strings.Contains(wire, "Log 1: 5 lines") || !strings.Contains(wire, "[EMAIL-") {
		t.Errorf("the attachments did not go out as expected")
	}
}

func waitDone(t *testing.T, h *recHost) chat.StreamEvent {
	t.Helper()
	select {
	case ev := <-h.done:
		if ev.Status != chat.StatusComplete {
			t.Fatalf("answer ended %s: %s", ev.Status, ev.Error)
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no answer within 10 s")
	}
	return chat.StreamEvent{}
}
