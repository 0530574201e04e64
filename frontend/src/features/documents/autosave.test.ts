import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AutoSaver, statusText, type SaveContent, type SaveStatus } from "./autosave";

interface Call {
  content: SaveContent;
  resolve: (version: number) => void;
  reject: (err: Error) => void;
}

/** A save function whose calls are settled by the test. */
function backend() {
  const calls: Call[] = [];
  const save = (content: SaveContent) =>
    new Promise<number>((resolve, reject) => {
      calls.push({ content, resolve, reject });
    });
  return { calls, save };
}

const c = (contentMd: string, title = "RCA"): SaveContent => ({ title, contentMd });

function make(save: (c: SaveContent) => Promise<number>, extra: { onSaved?: (c: SaveContent) => void } = {}) {
  const statuses: SaveStatus[] = [];
  const saver = new AutoSaver<number>({
    save,
    versionOf: (v) => v,
    initial: c("v1 text"),
    initialVersion: 1,
    delayMs: 800,
    retryMs: [3000, 10000],
    onStatus: (s) => statuses.push(s),
    onSaved: extra.onSaved,
  });
  return { saver, statuses };
}

/** Lets settled promises run their continuations. */
async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("AutoSaver", () => {
  it("saves once, 800 ms after the last change, with the newest text", async () => {
    const b = backend();
    const { saver } = make(b.save);
    saver.change(c("a"));
    await vi.advanceTimersByTimeAsync(500);
    saver.change(c("ab"));
    await vi.advanceTimersByTimeAsync(799);
    expect(b.calls).toHaveLength(0);
    expect(saver.getStatus().state).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(b.calls.map((x) => x.content.contentMd)).toEqual(["ab"]);
    expect(saver.getStatus().state).toBe("saving");
    b.calls[0]?.resolve(2);
    await settle();
    expect(saver.getStatus()).toEqual({ state: "saved", version: 2, error: "" });
    expect(saver.dirty()).toBe(false);
  });

  it("does not save text that is already stored", async () => {
    const b = backend();
    const { saver } = make(b.save);
    saver.change(c("changed"));
    saver.change(c("v1 text"));
    await vi.advanceTimersByTimeAsync(2000);
    await saver.flush();
    expect(b.calls).toHaveLength(0);
  });

  it("runs one save at a time and saves what was typed during it afterwards", async () => {
    const b = backend();
    const { saver } = make(b.save);
    saver.change(c("first"));
    await vi.advanceTimersByTimeAsync(800);
    expect(b.calls).toHaveLength(1);
    saver.change(c("first and more"));
    await vi.advanceTimersByTimeAsync(5000);
    expect(b.calls).toHaveLength(1); // still waiting for the first
    b.calls[0]?.resolve(2);
    await settle();
    expect(saver.getStatus().state).toBe("pending");
    await vi.advanceTimersByTimeAsync(800);
    expect(b.calls.map((x) => x.content.contentMd)).toEqual(["first", "first and more"]);
    b.calls[1]?.resolve(3);
    await settle();
    expect(saver.getStatus()).toEqual({ state: "saved", version: 3, error: "" });
  });

  it("flush saves at once and resolves only when everything typed is stored", async () => {
    const b = backend();
    const { saver } = make(b.save);
    saver.change(c("typed"));
    let done = false;
    const p = saver.flush().then(() => (done = true));
    await settle();
    expect(b.calls).toHaveLength(1);
    saver.change(c("typed more")); // while the flush's save runs
    b.calls[0]?.resolve(2);
    await settle();
    expect(done).toBe(false);
    expect(b.calls.map((x) => x.content.contentMd)).toEqual(["typed", "typed more"]);
    b.calls[1]?.resolve(3);
    await p;
    expect(done).toBe(true);
    expect(saver.getStatus().version).toBe(3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(b.calls).toHaveLength(2); // no extra save from the debounce timer
  });

  it("keeps the text after a failure, reports it, and retries with backoff and on demand", async () => {
    const b = backend();
    const saved: string[] = [];
    const { saver } = make(b.save, { onSaved: (x) => saved.push(x.contentMd) });
    saver.change(c("precious"));
    await vi.advanceTimersByTimeAsync(800);
    b.calls[0]?.reject(new Error("database is locked"));
    await settle();
    expect(saver.getStatus()).toEqual({ state: "error", version: 1, error: "database is locked" });
    expect(statusText(saver.getStatus())).toBe("Not saved: database is locked");
    expect(saver.content().contentMd).toBe("precious");
    expect(saver.dirty()).toBe(true);

    // The backoff retries on its own…
    await vi.advanceTimersByTimeAsync(2999);
    expect(b.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(b.calls).toHaveLength(2);
    b.calls[1]?.reject(new Error("still locked"));
    await settle();
    // …and Retry does not wait for it.
    saver.retry();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.calls).toHaveLength(3);
    expect(b.calls[2]?.content.contentMd).toBe("precious");
    b.calls[2]?.resolve(2);
    await settle();
    expect(saver.getStatus()).toEqual({ state: "saved", version: 2, error: "" });
    expect(saved).toEqual(["precious"]);
  });

  it("a change typed while a failing save runs (the fix) is saved after the debounce, not the backoff", async () => {
    const b = backend();
    const { saver } = make(b.save);
    saver.change(c("text", ""));
    await vi.advanceTimersByTimeAsync(800);
    b.calls[0]?.reject(new Error("title must be 1–300 characters"));
    await settle();
    // Two more failures push the backoff to its longest step.
    saver.retry();
    await vi.advanceTimersByTimeAsync(0);
    // The user fixes the title while this save is still running: its timer fires during it.
    saver.change(c("text", "RCA"));
    await vi.advanceTimersByTimeAsync(800);
    expect(b.calls).toHaveLength(2);
    b.calls[1]?.reject(new Error("title must be 1–300 characters"));
    await settle();
    await vi.advanceTimersByTimeAsync(800);
    expect(b.calls).toHaveLength(3);
    expect(b.calls[2]?.content).toEqual(c("text", "RCA"));
    b.calls[2]?.resolve(2);
    await settle();
    expect(saver.getStatus()).toEqual({ state: "saved", version: 2, error: "" });
  });

  it("flush rejects with the save's error and leaves the text pending", async () => {
    const b = backend();
    const { saver } = make(b.save);
    saver.change(c("x"));
    const p = saver.flush();
    await settle();
    b.calls[0]?.reject(new Error("disk full"));
    await expect(p).rejects.toThrow("disk full");
    expect(saver.dirty()).toBe(true);
  });

  it("reset replaces the stored text (a restore) and cancels the pending save", async () => {
    const b = backend();
    const { saver } = make(b.save);
    saver.change(c("will be replaced"));
    saver.reset(c("restored"), 7);
    await vi.advanceTimersByTimeAsync(2000);
    expect(b.calls).toHaveLength(0);
    expect(saver.getStatus()).toEqual({ state: "saved", version: 7, error: "" });
    expect(saver.content()).toEqual(c("restored"));
  });

  it("saves a title change like a content change", async () => {
    const b = backend();
    const { saver } = make(b.save);
    saver.change(c("v1 text", "New title"));
    await vi.advanceTimersByTimeAsync(800);
    expect(b.calls[0]?.content).toEqual(c("v1 text", "New title"));
  });

  it("after dispose, schedules nothing but a running save still completes", async () => {
    const b = backend();
    const saved: string[] = [];
    const { saver } = make(b.save, { onSaved: (x) => saved.push(x.contentMd) });
    saver.change(c("last words"));
    const p = saver.flush();
    saver.dispose();
    await settle();
    b.calls[0]?.resolve(2);
    await p;
    expect(saved).toEqual(["last words"]);
    saver.change(c("after"));
    await vi.advanceTimersByTimeAsync(5000);
    expect(b.calls).toHaveLength(1);
  });
});

describe("statusText", () => {
  it("says what the user needs to know", () => {
    expect(statusText({ state: "saving", version: 3, error: "" })).toBe("Saving…");
    expect(statusText({ state: "saved", version: 3, error: "" })).toBe("Saved · version 3");
    expect(statusText({ state: "idle", version: 1, error: "" })).toBe("Saved · version 1");
  });
});
