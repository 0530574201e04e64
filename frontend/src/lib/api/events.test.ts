import { afterEach, describe, expect, it, vi } from "vitest";
import { StreamDispatcher, reduceStream, type StreamEvent } from "./events";

// The Wails runtime (not our backend): a stand-in event bus that records the subscriptions.
const bus = vi.hoisted(() => {
  const listeners = new Set<(data: unknown) => void>();
  return {
    listeners,
    on: vi.fn((_name: string, cb: (data: unknown) => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    }),
    emit: (data: unknown) => [...listeners].forEach((l) => l(data)),
  };
});
vi.mock("../../../wailsjs/runtime/runtime", () => ({ EventsOn: bus.on }));

function ev(seq: number, patch: Partial<StreamEvent> = {}): StreamEvent {
  return { issueId: "i1", conversationId: "c1", messageId: "m1", seq, delta: `d${seq}`, done: false, status: "streaming", ...patch };
}

describe("reduceStream", () => {
  it("appends batches in order and is in sync from seq 1", () => {
    let a = reduceStream(undefined, ev(1), 0);
    expect(a.outcome).toBe("applied");
    a = reduceStream(a.next, ev(2), 0);
    expect(a.outcome).toBe("applied");
    expect(a.next).toMatchObject({ text: "d1d2", seq: 2, synced: true, done: false, status: "streaming" });
  });

  it("drops a repeated or older seq without changing the answer", () => {
    const one = reduceStream(undefined, ev(1), 0).next;
    const two = reduceStream(one, ev(2), 0).next;
    for (const seq of [1, 2]) {
      const r = reduceStream(two, ev(seq, { delta: "again" }), 0);
      expect(r.outcome).toBe("duplicate");
      expect(r.next).toBe(two);
    }
  });

  it("notices a gap and marks the answer out of sync for good", () => {
    const one = reduceStream(undefined, ev(1), 0).next;
    const gap = reduceStream(one, ev(3), 0);
    expect(gap.outcome).toBe("gap");
    expect(gap.next.synced).toBe(false);
    const after = reduceStream(gap.next, ev(4), 0);
    expect(after.outcome).toBe("applied");
    expect(after.next.synced).toBe(false);
  });

  it("treats an answer first seen in the middle as a gap (a view subscribed late)", () => {
    const r = reduceStream(undefined, ev(5), 0);
    expect(r.outcome).toBe("gap");
    expect(r.next).toMatchObject({ synced: false, seq: 5 });
  });

  it("records the final state, tokens and the 5-Whys result on done", () => {
    const one = reduceStream(undefined, ev(1), 0).next;
    const progress = { action: "appended", stepId: "s1", rootCauseSet: false, ignoredReason: "", progress: { level: 1, steps: 1, rootCauseFound: false } };
    const done = reduceStream(one, ev(2, { delta: "", done: true, status: "complete", tokenCount: 12, inputTokens: 340, progress }), 0).next;
    expect(done).toMatchObject({ text: "d1", done: true, status: "complete", tokenCount: 12, inputTokens: 340, progress });
    const failed = reduceStream(one, ev(2, { delta: "", done: true, status: "failed", error: "server error", errorCode: "upstream" }), 0).next;
    expect(failed).toMatchObject({ status: "failed", error: "server error", errorCode: "upstream" });
  });

  it("keeps a rate-limit wait until text arrives again", () => {
    const wait = reduceStream(undefined, ev(1, { delta: "", retryInMs: 3000 }), 1000).next;
    expect(wait.retryAt).toBe(4000);
    expect(wait.text).toBe("");
    const resumed = reduceStream(wait, ev(2, { delta: "Hello" }), 2000).next;
    expect(resumed.retryAt).toBe(0);
    expect(resumed.text).toBe("Hello");
  });
});

describe("StreamDispatcher", () => {
  it("routes events by message to the incident's listeners and drops repeats", () => {
    const d = new StreamDispatcher(() => 0);
    const seen: [string, number, string][] = [];
    d.subscribe("i1", (e, _a, outcome) => seen.push([e.messageId, e.seq, outcome]));
    const other = vi.fn();
    d.subscribe("i2", other);
    expect(d.push(ev(1))).toBe("applied");
    expect(d.push(ev(1, { messageId: "m2" }))).toBe("applied");
    expect(d.push(ev(1))).toBe("duplicate");
    expect(d.push(ev(3))).toBe("gap");
    expect(seen).toEqual([
      ["m1", 1, "applied"],
      ["m2", 1, "applied"],
      ["m1", 3, "gap"],
    ]);
    expect(other).not.toHaveBeenCalled();
    expect(d.answer("m1")).toMatchObject({ text: "d1d3", synced: false });
    expect(d.answer("m2")).toMatchObject({ text: "d1", synced: true });
  });

  it("ignores malformed payloads", () => {
    const d = new StreamDispatcher();
    const l = vi.fn();
    d.subscribe("i1", l);
    for (const bad of [null, "x", 3, {}, { messageId: "m1" }, { messageId: "", issueId: "i1", seq: 1 }, { messageId: "m1", issueId: "i1", seq: "1" }]) {
      expect(d.push(bad)).toBe("invalid");
    }
    expect(l).not.toHaveBeenCalled();
  });

  it("keeps each incident's snapshot stable until one of its answers changes", () => {
    const d = new StreamDispatcher();
    d.push(ev(1));
    const s1 = d.snapshot("i1");
    expect(d.snapshot("i1")).toBe(s1);
    const other = d.snapshot("i2");
    d.push(ev(1, { issueId: "i2", messageId: "x" }));
    expect(d.snapshot("i1")).toBe(s1);
    expect(d.snapshot("i2")).not.toBe(other);
    d.push(ev(1)); // a repeat changes nothing
    expect(d.snapshot("i1")).toBe(s1);
    d.push(ev(2));
    const s2 = d.snapshot("i1");
    expect(s2).not.toBe(s1);
    expect(s2.m1?.text).toBe("d1d2");
  });

  it("counts listeners and forgets them on unsubscribe", () => {
    const d = new StreamDispatcher();
    const off1 = d.subscribe("i1", () => {});
    const off2 = d.subscribe("i2", () => {});
    expect(d.listenerCount()).toBe(2);
    off1();
    off2();
    expect(d.listenerCount()).toBe(0);
  });
});

describe("subscribeChatStream", () => {
  afterEach(() => bus.on.mockClear());

  it("shares one Wails subscription and removes it when the last view unsubscribes", async () => {
    const { subscribeChatStream, chatStreamSnapshot } = await import("./events");
    const a = vi.fn();
    const b = vi.fn();
    const offA = subscribeChatStream("i9", a);
    const offB = subscribeChatStream("i9", b);
    expect(bus.on).toHaveBeenCalledTimes(1);
    expect(bus.on.mock.calls[0]?.[0]).toBe("chat:stream");
    bus.emit(ev(1, { issueId: "i9", messageId: "z" }));
    bus.emit(ev(1, { issueId: "i9", messageId: "z" }));
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    expect(chatStreamSnapshot("i9").z?.text).toBe("d1");
    offA();
    expect(bus.listeners.size).toBe(1);
    offB();
    expect(bus.listeners.size).toBe(0);
    // A new view subscribes again.
    const offC = subscribeChatStream("i9", vi.fn());
    expect(bus.on).toHaveBeenCalledTimes(2);
    offC();
    expect(bus.listeners.size).toBe(0);
  });
});
