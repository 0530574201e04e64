import { describe, expect, it } from "vitest";
import type { ChatMessage, ChatState, SendResult } from "../../lib/api/chat";
import type { LiveAnswer } from "../../lib/api/events";
import { attachmentLabel, hasStreaming, lineRange, nearBottom, secondsLeft, shownMessage, streamingProse, withRegenerated, withSent } from "./model";

const block = '```triage\n{"why_level": 1, "question": "Why did checkout fail?"}\n```';

describe("streamingProse", () => {
  it.each([
    { name: "no block", in: "Plain **answer**.", want: "Plain **answer**." },
    { name: "closed block at the end", in: `The database refused connections.\n\n${block}\n`, want: "The database refused connections." },
    { name: "block in the middle", in: `Before.\n${block}\nAfter.`, want: "Before.\n\nAfter." },
    { name: "unclosed block (still arriving)", in: 'Answer.\n```triage\n{"why_level": 1, "quest', want: "Answer." },
    { name: "tilde fence", in: "Answer.\n~~~triage\n{}\n~~~\nMore.", want: "Answer.\n\nMore." },
    { name: "fence being typed", in: "Answer.\n``", want: "Answer." },
    { name: "fence word being typed", in: "Answer.\n```tri", want: "Answer." },
    { name: "other code blocks stay", in: "Run:\n```sh\nsystemctl status db\n```", want: "Run:\n```sh\nsystemctl status db\n```" },
    { name: "two blocks", in: `A\n${block}\nB\n${block}`, want: "A\n\nB" },
  ])("$name", (c) => {
    expect(streamingProse(c.in)).toBe(c.want);
  });
});

function msg(p: Partial<ChatMessage>): ChatMessage {
  return {
    id: "m1",
    conversationId: "c1",
    seq: 1,
    role: "assistant",
    content: "",
    display: "",
    report: null,
    status: "complete",
    error: "",
    tokenCount: 0,
    inputTokens: 0,
    model: "test-model",
    attachments: [],
    createdAt: "",
    ...p,
  };
}

function live(p: Partial<LiveAnswer>): LiveAnswer {
  return {
    messageId: "m1",
    issueId: "i1",
    text: "",
    seq: 1,
    synced: true,
    status: "streaming",
    done: false,
    error: "",
    errorCode: "",
    tokenCount: 0,
    inputTokens: 0,
    retryAt: 0,
    progress: null,
    protocolError: "",
    ...p,
  };
}

describe("shownMessage", () => {
  it("shows a finished answer's display text (without the block), whatever streamed", () => {
    const m = msg({ content: `Prose.\n${block}`, display: "Prose.", status: "complete" });
    expect(shownMessage(m, live({ text: "stale", done: true, status: "complete" }))).toMatchObject({ text: "Prose.", status: "complete", streaming: false });
  });

  it("shows the streamed text while in sync, without the block", () => {
    const m = msg({ content: "Pro", status: "streaming" });
    expect(shownMessage(m, live({ text: `Prose so far.\n\`\`\`triage\n{"why` }))).toMatchObject({ text: "Prose so far.", streaming: true });
  });

  it("falls back to the stored text when the stream had a gap", () => {
    const m = msg({ content: "Stored checkpoint", status: "streaming" });
    expect(shownMessage(m, live({ text: "holey", synced: false })).text).toBe("Stored checkpoint");
    expect(shownMessage(m, undefined)).toMatchObject({ text: "Stored checkpoint", streaming: true });
  });

  it("shows the final status from the stream before State is re-read", () => {
    const m = msg({ content: "Part", status: "streaming" });
    const s = shownMessage(m, live({ text: "Partial answer", done: true, status: "failed", error: "server error", tokenCount: 3 }));
    expect(s).toMatchObject({ text: "Partial answer", status: "failed", error: "server error", streaming: false, tokenCount: 3 });
  });

  it("carries a rate-limit wait while streaming", () => {
    expect(shownMessage(msg({ status: "streaming" }), live({ retryAt: 5000 })).retryAt).toBe(5000);
  });

  it("shows a user message's approved content", () => {
    expect(shownMessage(msg({ role: "user", content: "mail [EMAIL-1]", display: "mail [EMAIL-1]" }), undefined).text).toBe("mail [EMAIL-1]");
  });
});

const state = (messages: ChatMessage[]): ChatState => ({ conversation: null, messages, draft: "typed", provider: null, explicit: false });
const conv = { id: "c1", issueId: "i1", provider: "p", model: "m", createdAt: "", title: "Triage" };

describe("withSent / withRegenerated", () => {
  it("appends the user message and the answer once, and clears the draft", () => {
    const res: SendResult = { conversation: conv, user: msg({ id: "u2", role: "user" }), assistant: msg({ id: "a2", status: "streaming" }), omitted: 0 };
    const s = withSent(state([msg({ id: "u1", role: "user" }), msg({ id: "a1" })]), res);
    expect(s.messages.map((m) => m.id)).toEqual(["u1", "a1", "u2", "a2"]);
    expect(s.draft).toBe("");
    expect(s.conversation).toEqual(conv);
    // State re-read before the send resolved: no duplicates, and the stored (fresher) answer stays.
    const reread = state([msg({ id: "u1", role: "user" }), msg({ id: "a1" }), msg({ id: "u2", role: "user" }), msg({ id: "a2", status: "complete", display: "Done." })]);
    const merged = withSent(reread, res);
    expect(merged.messages.map((m) => m.id)).toEqual(["u1", "a1", "u2", "a2"]);
    expect(merged.messages.at(-1)).toMatchObject({ status: "complete", display: "Done." });
  });

  it("replaces the last answer on regenerate, also when State was re-read first", () => {
    const res: SendResult = { conversation: conv, assistant: msg({ id: "a2", status: "streaming" }), omitted: 0 };
    const before = state([msg({ id: "u1", role: "user" }), msg({ id: "a1", status: "failed" })]);
    expect(withRegenerated(before, res).messages.map((m) => m.id)).toEqual(["u1", "a2"]);
    const reread = state([msg({ id: "u1", role: "user" }), msg({ id: "a2", status: "streaming" })]);
    expect(withRegenerated(reread, res).messages.map((m) => m.id)).toEqual(["u1", "a2"]);
    expect(hasStreaming(withRegenerated(before, res))).toBe(true);
    expect(hasStreaming(before)).toBe(false);
  });
});

describe("lineRange", () => {
  it.each([
    { from: "1", to: "10", lines: 100, want: { ok: true, from: 1, count: 10 } },
    { from: " 5 ", to: "5", lines: 5, want: { ok: true, from: 5, count: 1 } },
    { from: "0", to: "3", lines: 10, problem: "Lines start at 1." },
    { from: "3", to: "2", lines: 10, problem: "The last line comes before the first." },
    { from: "1", to: "11", lines: 10, problem: "The log has 10 lines." },
    { from: "1.5", to: "2", lines: 10, problem: "Enter whole line numbers." },
    { from: "", to: "2", lines: 10, problem: "Enter whole line numbers." },
    { from: "1", to: "10001", lines: 20000, problem: "At most 10,000 lines at a time." },
  ])("$from–$to of $lines", (c) => {
    const r = lineRange(c.from, c.to, c.lines);
    if (c.want) expect(r).toEqual(c.want);
    else expect(r).toEqual({ ok: false, problem: c.problem });
  });
});

describe("small helpers", () => {
  it("labels attachments", () => {
    expect(attachmentLabel({ logId: "l", from: 3, count: 8 }, "app.log")).toBe("app.log, lines 3–10");
    expect(attachmentLabel({ logId: "l", from: 7, count: 1 }, "app.log")).toBe("app.log, line 7");
    expect(attachmentLabel({ logId: "l", from: 1, count: 2 }, undefined)).toBe("a removed log, lines 1–2");
  });
  it("counts whole seconds down to 0", () => {
    expect(secondsLeft(5000, 1000)).toBe(4);
    expect(secondsLeft(5000, 4100)).toBe(1);
    expect(secondsLeft(5000, 9000)).toBe(0);
  });
  it("tells whether a box is scrolled to its end", () => {
    expect(nearBottom({ scrollHeight: 1000, scrollTop: 600, clientHeight: 400 })).toBe(true);
    expect(nearBottom({ scrollHeight: 1000, scrollTop: 300, clientHeight: 400 })).toBe(false);
  });
});
