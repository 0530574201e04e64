// Pure logic of the Triage chat: what a message shows while and after it streams, how a send
// result joins the cached state, and the attachment range.
import type { ChatAttachment, ChatMessage, ChatState, SendResult, TriageApplied, TriageReport } from "../../lib/api/chat";
import type { LiveAnswer } from "../../lib/api/events";

const fenceOpen = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*triage\b[^\n]*$/im;

/**
 * streamingProse hides the triage block(s) of an answer that is still arriving: a ```triage (or
 * ~~~triage) fence up to its closing fence, or to the end when it is not closed yet, and a last
 * line that may be the start of such a fence. The backend's `display` replaces this once the
 * answer is finished.
 */
export function streamingProse(text: string): string {
  let out = text;
  for (;;) {
    const m = fenceOpen.exec(out);
    if (!m || m[1] === undefined) break;
    const fence = m[1];
    const start = m.index;
    const afterOpen = start + m[0].length;
    const close = new RegExp(`^[ \\t]{0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}[ \\t]*$`, "m");
    const rest = out.slice(afterOpen);
    const c = close.exec(rest);
    const end = c ? afterOpen + c.index + c[0].length : out.length;
    out = out.slice(0, start) + out.slice(end);
  }
  // A fence being typed: "``", "```tri"… on the last line.
  const lastNl = out.lastIndexOf("\n");
  const last = out.slice(lastNl + 1).trim().toLowerCase();
  if (last !== "" && /^(`{1,3}|~{1,3})[a-z]*$/.test(last)) {
    const ch = last[0] === "`" ? "`" : "~";
    const mark = ch.repeat(3) + "triage";
    // An odd number of fences before it: this line closes a code block, it is not a new fence.
    const fencesBefore = out
      .slice(0, Math.max(0, lastNl))
      .split("\n")
      .filter((l) => l.trimStart().startsWith(ch.repeat(3))).length;
    if (fencesBefore % 2 === 0 && mark.startsWith(last)) out = out.slice(0, lastNl + 1);
  }
  return out.trimEnd();
}

/** A message as the list shows it: stored state joined with what is streaming. */
export interface ShownMessage {
  id: string;
  role: string;
  /** User: the approved text. Assistant: Markdown prose, without the triage block. */
  text: string;
  status: string;
  error: string;
  tokenCount: number;
  inputTokens: number;
  model: string;
  report: TriageReport | null;
  attachments: ChatAttachment[];
  /** Rate limited: when the request is re-sent (epoch ms); 0 when not waiting. */
  retryAt: number;
  progress: TriageApplied | null;
  protocolError: string;
  /** The answer is still arriving. */
  streaming: boolean;
}

/** shownMessage joins a stored message with its streamed state, if any. */
export function shownMessage(m: ChatMessage, live: LiveAnswer | undefined): ShownMessage {
  const base: ShownMessage = {
    id: m.id,
    role: m.role,
    text: m.role === "assistant" ? m.display : m.content,
    status: m.status,
    error: m.error,
    tokenCount: m.tokenCount,
    inputTokens: m.inputTokens,
    model: m.model,
    report: m.report,
    attachments: m.attachments,
    retryAt: 0,
    progress: live?.progress ?? null,
    protocolError: live?.protocolError ?? "",
    streaming: false,
  };
  if (m.role !== "assistant" || m.status !== "streaming") return base;
  // Stored as streaming: the events know more (until State is re-read).
  const text = streamingProse(live?.synced ? live.text : m.content);
  if (live?.done) {
    return {
      ...base,
      text,
      status: live.status,
      error: live.error,
      tokenCount: live.tokenCount,
      inputTokens: live.inputTokens,
    };
  }
  return { ...base, text, retryAt: live?.retryAt ?? 0, streaming: true };
}

/** hasStreaming tells whether the state holds an answer still stored as streaming. */
export function hasStreaming(state: ChatState | undefined): boolean {
  return !!state?.messages.some((m) => m.role === "assistant" && m.status === "streaming");
}

/**
 * withSent adds a send's user message and answer to the cached state, once each. A message the
 * state already has (State was re-read first, e.g. after a very fast answer) is the fresher one.
 */
export function withSent(state: ChatState, res: SendResult): ChatState {
  const have = new Set(state.messages.map((m) => m.id));
  const messages = [...state.messages];
  if (res.user && !have.has(res.user.id)) messages.push(res.user);
  if (!have.has(res.assistant.id)) messages.push(res.assistant);
  return { ...state, conversation: res.conversation, messages, draft: "" };
}

/** withRegenerated replaces the state's last answer with the new one (unless State has it already). */
export function withRegenerated(state: ChatState, res: SendResult): ChatState {
  if (state.messages.some((m) => m.id === res.assistant.id)) return state;
  const messages = [...state.messages];
  if (messages.at(-1)?.role === "assistant") messages.pop();
  messages.push(res.assistant);
  return { ...state, conversation: res.conversation, messages };
}

/** The most lines one attachment may carry (egress.MaxLogLines). */
export const MAX_ATTACHED_LINES = 10000;

/** lineRange checks a "from"–"to" range of a log with `lines` lines. */
export function lineRange(from: string, to: string, lines: number): { ok: true; from: number; count: number } | { ok: false; problem: string } {
  const f = Number(from.trim());
  const t = Number(to.trim());
  if (!Number.isInteger(f) || !Number.isInteger(t) || from.trim() === "" || to.trim() === "") {
    return { ok: false, problem: "Enter whole line numbers." };
  }
  if (f < 1 || t < 1) return { ok: false, problem: "Lines start at 1." };
  if (lines > 0 && (f > lines || t > lines)) return { ok: false, problem: `The log has ${lines.toLocaleString()} lines.` };
  if (t < f) return { ok: false, problem: "The last line comes before the first." };
  const count = t - f + 1;
  if (count > MAX_ATTACHED_LINES) return { ok: false, problem: `At most ${MAX_ATTACHED_LINES.toLocaleString()} lines at a time.` };
  return { ok: true, from: f, count };
}

/** attachmentLabel reads "app.log, lines 3–10". */
export function attachmentLabel(a: ChatAttachment, name: string | undefined): string {
  if (a.kind === "summary") return "summary of the redacted logs";
  const n = name ?? "a removed log";
  return a.count === 1 ? `${n}, line ${a.from}` : `${n}, lines ${a.from}–${a.from + a.count - 1}`;
}

/** secondsLeft is the whole seconds until `at` (epoch ms), at least 0. */
export function secondsLeft(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** nearBottom tells whether a scrolled box shows its end (within `slack` pixels). */
export function nearBottom(el: { scrollHeight: number; scrollTop: number; clientHeight: number }, slack = 48): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= slack;
}
