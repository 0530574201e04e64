// Streamed answers (chat:stream events from the Go runner), behind one subscription.
//
// The runner numbers the batches of each answer from 1 (seq). Every event is routed to the answer
// it belongs to (by messageId): a repeated seq is dropped; a gap (a batch was lost, or the view
// subscribed in the middle of an answer) marks the answer as out of sync, and the view then shows
// the stored text (State) instead of the streamed one. Views re-read State on a gap and when an
// answer is done. The Wails listener is registered while at least one view listens.
import { EventsOn } from "../../../wailsjs/runtime/runtime";
import type { MessageStatus, TriageApplied } from "./chat";

export const CHAT_STREAM_EVENT = "chat:stream";

/** One batch of an answer (chat.StreamEvent). */
export interface StreamEvent {
  issueId: string;
  conversationId: string;
  messageId: string;
  /** 1, 2, 3… per answer. */
  seq: number;
  delta: string;
  done: boolean;
  status: MessageStatus | string;
  error?: string;
  errorCode?: string;
  tokenCount?: number;
  inputTokens?: number;
  /** Rate limited: the wait before the same request is re-sent. */
  retryInMs?: number;
  /** The 5-Whys engine's result for a finished answer. */
  progress?: TriageApplied | null;
  protocolError?: string;
}

/** An answer as the events built it. */
export interface LiveAnswer {
  messageId: string;
  issueId: string;
  /** The text streamed so far (complete only while `synced`). */
  text: string;
  /** The last batch seen. */
  seq: number;
  /** Every batch from 1 to seq was seen: `text` is the whole answer so far. */
  synced: boolean;
  status: string;
  done: boolean;
  error: string;
  errorCode: string;
  tokenCount: number;
  inputTokens: number;
  /** Rate limited: when the request is re-sent (epoch ms); 0 when not waiting. */
  retryAt: number;
  progress: TriageApplied | null;
  protocolError: string;
}

export type StreamOutcome = "applied" | "duplicate" | "gap";

/** reduceStream applies one event to the answer it belongs to. `now` is epoch ms. */
export function reduceStream(prev: LiveAnswer | undefined, ev: StreamEvent, now: number): { next: LiveAnswer; outcome: StreamOutcome } {
  if (prev && ev.seq <= prev.seq) return { next: prev, outcome: "duplicate" };
  const expected = (prev?.seq ?? 0) + 1;
  const gap = ev.seq !== expected;
  const base: LiveAnswer = prev ?? {
    messageId: ev.messageId,
    issueId: ev.issueId,
    text: "",
    seq: 0,
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
  };
  const next: LiveAnswer = {
    ...base,
    text: base.text + (ev.delta ?? ""),
    seq: ev.seq,
    synced: base.synced && !gap,
    status: ev.status || base.status,
  };
  if (ev.retryInMs && ev.retryInMs > 0) next.retryAt = now + ev.retryInMs;
  else if (ev.delta || ev.done) next.retryAt = 0;
  if (ev.done) {
    next.done = true;
    next.error = ev.error ?? "";
    next.errorCode = ev.errorCode ?? "";
    next.tokenCount = ev.tokenCount ?? 0;
    next.inputTokens = ev.inputTokens ?? 0;
    next.progress = ev.progress ?? null;
    next.protocolError = ev.protocolError ?? "";
  }
  return { next, outcome: gap ? "gap" : "applied" };
}

/** isStreamEvent checks an event payload's shape (it comes from outside the type system). */
export function isStreamEvent(v: unknown): v is StreamEvent {
  if (v === null || typeof v !== "object") return false;
  const r = v as Record<string, unknown>;
  return typeof r.messageId === "string" && r.messageId !== "" && typeof r.issueId === "string" && typeof r.seq === "number";
}

export type StreamListener = (ev: StreamEvent, answer: LiveAnswer, outcome: "applied" | "gap") => void;

/** The most answers remembered; the oldest finished ones are forgotten first. */
const MAX_ANSWERS = 200;

/** StreamDispatcher routes events to their answers and notifies the views of their incident. */
export class StreamDispatcher {
  private answers = new Map<string, LiveAnswer>();
  private listeners = new Map<string, Set<StreamListener>>();
  private snapshots = new Map<string, Readonly<Record<string, LiveAnswer>>>();
  private readonly clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.clock = clock;
  }

  /** push handles one raw event payload; malformed payloads and repeats are dropped. */
  push(raw: unknown): StreamOutcome | "invalid" {
    if (!isStreamEvent(raw)) return "invalid";
    const { next, outcome } = reduceStream(this.answers.get(raw.messageId), raw, this.clock());
    if (outcome === "duplicate") return outcome;
    this.answers.delete(raw.messageId); // re-inserted last: the Map stays in recency order
    this.answers.set(raw.messageId, next);
    this.trim();
    this.snapshots.delete(raw.issueId);
    for (const l of [...(this.listeners.get(raw.issueId) ?? [])]) l(raw, next, outcome);
    return outcome;
  }

  /** subscribe calls listener for every new batch of the incident's answers. */
  subscribe(issueId: string, listener: StreamListener): () => void {
    let set = this.listeners.get(issueId);
    if (!set) this.listeners.set(issueId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(issueId);
    };
  }

  listenerCount(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  answer(messageId: string): LiveAnswer | undefined {
    return this.answers.get(messageId);
  }

  /** The incident's answers by message id; the same object until one of them changes. */
  snapshot(issueId: string): Readonly<Record<string, LiveAnswer>> {
    let s = this.snapshots.get(issueId);
    if (!s) {
      const out: Record<string, LiveAnswer> = {};
      for (const a of this.answers.values()) if (a.issueId === issueId) out[a.messageId] = a;
      s = Object.freeze(out);
      this.snapshots.set(issueId, s);
    }
    return s;
  }

  private trim() {
    if (this.answers.size <= MAX_ANSWERS) return;
    for (const [id, a] of this.answers) {
      if (this.answers.size <= MAX_ANSWERS) break;
      if (a.done || this.answers.size > MAX_ANSWERS * 2) {
        this.answers.delete(id);
        this.snapshots.delete(a.issueId);
      }
    }
  }
}

// The app's one dispatcher and its one Wails listener.
const dispatcher = new StreamDispatcher();
let unlisten: (() => void) | null = null;

/**
 * subscribeChatStream listens to the answers of incident issueId; the returned function
 * unsubscribes (the Wails listener goes when the last view does).
 */
export function subscribeChatStream(issueId: string, listener: StreamListener): () => void {
  const off = dispatcher.subscribe(issueId, listener);
  if (unlisten === null) {
    try {
      unlisten = EventsOn(CHAT_STREAM_EVENT, (data: unknown) => {
        dispatcher.push(data);
      });
    } catch {
      // No Wails runtime (unit tests): nothing streams; the view re-reads State instead.
      unlisten = null;
    }
  }
  return () => {
    off();
    if (dispatcher.listenerCount() === 0 && unlisten !== null) {
      const u = unlisten;
      unlisten = null;
      try {
        u();
      } catch {
        // Already gone.
      }
    }
  };
}

/** The incident's streamed answers by message id (stable until one changes). */
export function chatStreamSnapshot(issueId: string): Readonly<Record<string, LiveAnswer>> {
  return dispatcher.snapshot(issueId);
}
