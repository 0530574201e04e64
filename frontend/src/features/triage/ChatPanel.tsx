import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router";
import { Button } from "../../components/ui/Button";
import { Select, Textarea } from "../../components/ui/Field";
import { ErrorNotice, Loading } from "../../components/ui/States";
import { chatApi, type ChatAttachment, type ChatProvider, type ChatState } from "../../lib/api/chat";
import type { LogFile, TextReview } from "../../lib/api/types";
import { toast } from "../../lib/toast";
import { useReviewSummaries } from "../review/hooks";
import { AttachLogDialog } from "./AttachLogDialog";
import { ChatReviewDialog } from "./ChatReviewDialog";
import { useChatState, useChatStream, useChooseProvider, useProviders, useRegenerate, useReviewChatText, useSendChat, useStopAnswer } from "./hooks";
import { ChatMarkdown } from "./Markdown";
import { attachmentLabel, nearBottom, secondsLeft, shownMessage, type ShownMessage } from "./model";
import { WhyCard } from "./WhyCard";

/** How long typing pauses before the draft is saved. */
const DRAFT_DELAY_MS = 500;

/** The incident's conversation with its AI provider (the Triage section's chat). */
export function ChatPanel({ issueId, logFiles }: { issueId: string; logFiles: readonly LogFile[] }) {
  const state = useChatState(issueId);
  const providers = useProviders();
  if (state.error) return <ErrorNotice error={state.error} />;
  if (!state.data || providers.isPending) return <Loading label="Loading the conversation…" />;
  return <ChatView key={issueId} issueId={issueId} state={state.data} providers={providers.data ?? []} logFiles={logFiles} />;
}

function ChatView({
  issueId,
  state,
  providers,
  logFiles,
}: {
  issueId: string;
  state: ChatState;
  providers: readonly ChatProvider[];
  logFiles: readonly LogFile[];
}) {
  const live = useChatStream(issueId);
  const shown = state.messages.map((m) => shownMessage(m, live[m.id]));
  const streaming = shown.some((m) => m.streaming);
  const [omitted, setOmitted] = useState<Record<string, number>>({});
  const [stick, setStick] = useState(0); // bumped to scroll to the newest message

  return (
    <div className="flex flex-col rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <ChatHeader issueId={issueId} state={state} providers={providers} />
      {state.provider === null && providers.length === 0 ? (
        <>
          {shown.length > 0 && <MessageList issueId={issueId} shown={shown} omitted={omitted} logFiles={logFiles} stick={stick} />}
          <NoProvider />
        </>
      ) : (
        <>
          <MessageList issueId={issueId} shown={shown} omitted={omitted} logFiles={logFiles} stick={stick} />
          <Composer
            issueId={issueId}
            initialDraft={state.draft}
            disabledReason={state.provider === null ? "Choose an AI provider above to start." : streaming ? "Wait for the answer, or stop it." : null}
            logFiles={logFiles}
            onSent={(assistantId, n) => {
              if (n > 0) setOmitted((o) => ({ ...o, [assistantId]: n }));
              setStick((s) => s + 1);
            }}
          />
        </>
      )}
    </div>
  );
}

function ChatHeader({ issueId, state, providers }: { issueId: string; state: ChatState; providers: readonly ChatProvider[] }) {
  const choose = useChooseProvider(issueId);
  const id = useId();
  const def = providers.find((p) => p.isDefault);
  const value = state.explicit && state.provider ? state.provider.id : "";
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-2.5 dark:border-slate-800">
      <div className="min-w-0">
        <h3 className="text-sm font-semibold">Assistant</h3>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {state.provider ? (
            <>
              {state.provider.name} · <span className="font-mono">{state.provider.model}</span>
              {state.explicit ? " · chosen for this incident" : " · default"}
            </>
          ) : (
            "No AI provider"
          )}
        </p>
      </div>
      {providers.length > 0 && (
        <div className="flex items-center gap-2">
          <label htmlFor={id} className="text-xs font-medium whitespace-nowrap text-slate-600 dark:text-slate-400">
            AI provider
          </label>
          <Select
            id={id}
            value={value}
            disabled={choose.isPending}
            onChange={(e) => choose.mutate(e.target.value)}
            className="w-auto max-w-64 py-1 text-xs"
          >
            <option value="">{def ? `Default (${def.name})` : "Default"}</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {p.model}
              </option>
            ))}
          </Select>
        </div>
      )}
    </div>
  );
}

function NoProvider() {
  return (
    <div className="m-4 rounded-md border border-dashed border-slate-300 p-5 text-sm dark:border-slate-700" data-testid="chat-no-provider">
      <p className="font-medium">No AI provider is set up.</p>
      <p className="mt-1 text-slate-600 dark:text-slate-400">
        You can still work the 5 Whys by hand: ask why the problem happened, answer with the evidence you have, and repeat until you reach
        the root cause. To triage with an assistant, add a provider (OpenAI, Azure OpenAI, Anthropic, Gemini, Mistral, Ollama or your own
        server).
      </p>
      <Link
        to="/settings"
        className="mt-3 inline-flex rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:bg-blue-500 dark:text-slate-950 dark:hover:bg-blue-400"
      >
        Add a provider in Settings
      </Link>
    </div>
  );
}

function MessageList({
  issueId,
  shown,
  omitted,
  logFiles,
  stick,
}: {
  issueId: string;
  shown: readonly ShownMessage[];
  omitted: Readonly<Record<string, number>>;
  logFiles: readonly LogFile[];
  stick: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [away, setAway] = useState(false);
  const stop = useStopAnswer(issueId);
  const regenerate = useRegenerate(issueId);
  const last = shown.at(-1);
  const names = new Map(logFiles.map((f) => [f.id, f.fileName]));

  // Follow the newest text while the user is at the bottom; a send always jumps there.
  const lastText = last ? `${last.id}:${last.text.length}:${last.status}:${last.report ? 1 : 0}` : "";
  // At most once per frame: reading scrollHeight lays out the whole conversation, and doing it
  // for every streamed batch was the largest cost of a long answer.
  useEffect(() => {
    const el = box.current;
    if (!el || !atBottom.current) return;
    const frame = requestAnimationFrame(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    return () => cancelAnimationFrame(frame);
  }, [lastText, shown.length]);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || stick === 0) return;
    atBottom.current = true;
    el.scrollTop = el.scrollHeight;
  }, [stick]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    atBottom.current = nearBottom(el);
    setAway(!atBottom.current);
  };

  if (shown.length === 0) {
    return (
      <div className="px-4 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
        <p className="font-medium text-slate-700 dark:text-slate-300">Start the triage</p>
        <p className="mx-auto mt-1 max-w-md">
          Describe what you see. The assistant works through the 5 Whys with you. Everything you type is checked for secrets and personal
          data on this machine, and you decide what is sent.
        </p>
      </div>
    );
  }
  return (
    <div className="relative">
      <div ref={box} onScroll={onScroll} className="max-h-[36rem] min-h-40 overflow-y-auto px-4 py-3" data-testid="chat-scroll">
        <ol aria-label="Conversation" className="space-y-4">
          {shown.map((m) => (
            <MessageItem
              key={m.id}
              m={m}
              isLast={m.id === last?.id}
              omitted={omitted[m.id] ?? 0}
              names={names}
              busy={stop.isPending || regenerate.isPending}
              onStop={() => stop.mutate(m.id)}
              onRegenerate={() => {
                atBottom.current = true;
                regenerate.mutate(undefined);
              }}
            />
          ))}
        </ol>
      </div>
      {away && (
        <Button
          className="absolute right-4 bottom-3 px-2 py-0.5 text-xs shadow-md"
          onClick={() => {
            const el = box.current;
            if (el) el.scrollTop = el.scrollHeight;
          }}
        >
          Jump to newest ↓
        </Button>
      )}
    </div>
  );
}

function copy(text: string) {
  if (!navigator.clipboard) {
    toast.error("The clipboard is not available: select the text and copy it");
    return;
  }
  navigator.clipboard.writeText(text).then(
    () => toast.success("Copied"),
    (err: unknown) => toast.error(`Not copied: ${err instanceof Error ? err.message : "the clipboard is not available"}`),
  );
}

const small = "px-2 py-0.5 text-xs";

function MessageItem({
  m,
  isLast,
  omitted,
  names,
  busy,
  onStop,
  onRegenerate,
}: {
  m: ShownMessage;
  isLast: boolean;
  omitted: number;
  names: ReadonlyMap<string, string>;
  busy: boolean;
  onStop: () => void;
  onRegenerate: () => void;
}) {
  if (m.role === "user") {
    return (
      <li className="flex flex-col items-end" data-testid="chat-message" data-role="user" data-status={m.status}>
        <div className="max-w-[85%] rounded-lg bg-blue-50 px-3 py-2 text-sm break-words whitespace-pre-wrap text-slate-900 ring-1 ring-blue-100 dark:bg-blue-950/60 dark:text-slate-100 dark:ring-blue-900">
          <span className="sr-only">You: </span>
          {m.text}
        </div>
        {m.attachments.length > 0 && (
          <ul aria-label="Attached log lines" className="mt-1 flex flex-wrap justify-end gap-1">
            {m.attachments.map((a, i) => (
              <li key={i} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                📎 {attachmentLabel(a, names.get(a.logId))}
              </li>
            ))}
          </ul>
        )}
        <div className="mt-0.5 flex items-center gap-1">
          <Button variant="ghost" className={small} onClick={() => copy(m.text)} aria-label="Copy your message">
            Copy
          </Button>
        </div>
      </li>
    );
  }
  const failed = m.status === "failed";
  return (
    <li className="flex flex-col items-start" data-testid="chat-message" data-role="assistant" data-status={m.status} aria-busy={m.streaming}>
      <div className="w-full max-w-[92%] rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200 dark:bg-slate-800/60 dark:ring-slate-700">
        <span className="sr-only">Assistant: </span>
        {m.text ? <ChatMarkdown text={m.text} streaming={m.streaming} /> : m.streaming ? <Typing /> : null}
        {m.streaming && m.retryAt > 0 && <RetryNote at={m.retryAt} />}
        {m.status === "stopped" && (
          <p className="mt-2 text-xs font-medium text-amber-800 dark:text-amber-200" data-testid="answer-stopped">
            <span aria-hidden="true" className="text-red-600 dark:text-red-400">■</span> Stopped{m.error ? ` — ${m.error}` : ""}
          </p>
        )}
        {failed && (
          <div className="mt-2 rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200" data-testid="answer-failed">
            <p className="font-medium">The assistant could not answer.</p>
            <p className="mt-0.5 break-words">{m.error || "Unknown error"}</p>
            {isLast && (
              <Button className={`${small} mt-2`} onClick={onRegenerate} disabled={busy}>
                Retry
              </Button>
            )}
          </div>
        )}
      </div>
      {m.report && (
        <div className="w-full max-w-[92%]">
          <WhyCard report={m.report} applied={m.progress} protocolError={m.protocolError} />
        </div>
      )}
      {!m.report && m.protocolError && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Not recorded in the 5 Whys: {m.protocolError}</p>}
      {omitted > 0 && (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {omitted.toLocaleString()} earlier {omitted === 1 ? "message was" : "messages were"} not sent, to fit the model’s context window.
        </p>
      )}
      <div className="mt-0.5 flex flex-wrap items-center gap-1">
        {m.streaming && (
          <Button className={small} onClick={onStop} disabled={busy}>
            <span aria-hidden="true" className="text-red-600 dark:text-red-400">■</span> Stop
          </Button>
        )}
        {m.streaming && m.text !== "" && <span className="animate-pulse text-xs text-slate-500 dark:text-slate-400">Answering…</span>}
        {!m.streaming && (
          <>
            {m.text && (
              <Button variant="ghost" className={small} onClick={() => copy(m.text)} aria-label="Copy answer">
                Copy
              </Button>
            )}
            {isLast && !failed && (
              <Button variant="ghost" className={small} onClick={onRegenerate} disabled={busy}>
                Regenerate
              </Button>
            )}
          </>
        )}
        <TokenInfo m={m} />
      </div>
    </li>
  );
}

function TokenInfo({ m }: { m: ShownMessage }) {
  const parts: string[] = [];
  if (m.model) parts.push(m.model);
  if (m.inputTokens > 0) parts.push(`${m.inputTokens.toLocaleString()} in`);
  if (m.tokenCount > 0) parts.push(`${m.tokenCount.toLocaleString()} out`);
  if (parts.length === 0) return null;
  return (
    <span className="ml-1 text-[11px] text-slate-400 tabular-nums dark:text-slate-500" title="Model and tokens (prompt in, answer out)">
      {parts.join(" · ")}
      {parts.length > 1 && " tokens"}
    </span>
  );
}

function Typing() {
  return (
    <p className="text-sm text-slate-500 dark:text-slate-400" aria-label="The assistant is answering">
      <span className="inline-block animate-pulse">Thinking…</span>
    </p>
  );
}

function RetryNote({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  const s = secondsLeft(at, now);
  return (
    <p className="mt-2 text-xs font-medium text-amber-800 dark:text-amber-200" aria-live="polite">
      {s > 0 ? `Rate limited — retrying in ${s} s` : "Rate limited — retrying now"}
    </p>
  );
}

function Composer({
  issueId,
  initialDraft,
  disabledReason,
  logFiles,
  onSent,
}: {
  issueId: string;
  initialDraft: string;
  disabledReason: string | null;
  logFiles: readonly LogFile[];
  onSent: (assistantId: string, omitted: number) => void;
}) {
  const [text, setText] = useState(initialDraft);
  const [attachments, setAttachments] = useState<ChatAttachment[]>([]);
  const [review, setReview] = useState<TextReview | null>(null);
  const [attaching, setAttaching] = useState(false);
  const [draftError, setDraftError] = useState<string | null>(null);
  const check = useReviewChatText(issueId);
  const send = useSendChat(issueId);
  const id = useId();
  const hintId = useId();
  const names = new Map(logFiles.map((f) => [f.id, f.fileName]));
  const summaries = useReviewSummaries(logFiles.map((f) => f.id));
  const anyApplied = summaries.some((q) => q.data?.applied);
  const hasSummary = attachments.some((a) => a.kind === "summary");

  // The draft is saved once typing pauses, and when the composer goes away.
  const saved = useRef(initialDraft);
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (text === saved.current) {
      pending.current = null;
      return;
    }
    pending.current = text;
    const t = setTimeout(() => {
      pending.current = null;
      saved.current = text;
      chatApi.saveDraft(issueId, text).then(
        () => setDraftError(null),
        (err: Error) => setDraftError(err.message),
      );
    }, DRAFT_DELAY_MS);
    timer.current = t;
    return () => clearTimeout(t);
  }, [issueId, text]);
  useEffect(
    () => () => {
      if (pending.current !== null) void chatApi.saveDraft(issueId, pending.current).catch(() => {});
    },
    [issueId],
  );

  /** Saves the draft at once (after a send that did not happen). */
  const saveNow = (t: string) => {
    saved.current = t;
    chatApi.saveDraft(issueId, t).then(
      () => setDraftError(null),
      (err: Error) => setDraftError(err.message),
    );
  };

  const busy = check.isPending || send.isPending;
  const canSend = text.trim() !== "" && !busy && disabledReason === null;

  const doSend = (r: TextReview, decisions: ("redact" | "keep")[]) => {
    send.mutate(
      { reviewId: r.id, decisions, attachments },
      {
        onSuccess: (res) => {
          setReview(null);
          // The backend dropped the stored draft with the send.
          saved.current = "";
          setText((t) => (t === r.text ? "" : t));
          setAttachments([]);
          onSent(res.assistant.id, res.omitted);
        },
        onError: () => saveNow(r.text),
      },
    );
  };

  const submit = () => {
    if (!canSend) return;
    // A draft save must not land after the send (which drops the stored draft).
    clearTimeout(timer.current);
    pending.current = null;
    send.reset();
    check.mutate(text, {
      onSuccess: (r) => {
        if (r.findings.length === 0) doSend(r, []);
        else setReview(r);
      },
      // Not sent: the text stays a draft.
      onError: () => saveNow(text),
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  const error = review ? null : (check.error ?? send.error);
  return (
    <div className="border-t border-slate-200 p-3 dark:border-slate-800">
      <label htmlFor={id} className="sr-only">
        Message to the assistant
      </label>
      <Textarea
        id={id}
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        readOnly={busy}
        aria-describedby={hintId}
        placeholder="Describe what you see, or answer the assistant’s question…"
        className="resize-y"
      />
      {attachments.length > 0 && (
        <ul aria-label="Log lines to send" className="mt-2 flex flex-wrap gap-1.5">
          {attachments.map((a, i) => {
            const label = attachmentLabel(a, names.get(a.logId));
            return (
              <li key={`${a.logId}:${a.from}:${a.count}`} className="inline-flex items-center gap-1 rounded bg-slate-100 py-0.5 pr-0.5 pl-1.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                📎 {label}
                <button
                  type="button"
                  onClick={() => setAttachments((as) => as.filter((_, j) => j !== i))}
                  aria-label={`Remove ${label}`}
                  className="rounded px-1 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-slate-700"
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
          {disabledReason ?? "Ctrl+Enter to send · checked for secrets and personal data before it leaves this machine"}
          {draftError && <span className="text-amber-700 dark:text-amber-300"> · Draft not saved: {draftError}</span>}
        </p>
        <div className="flex gap-2">
          <Button
            onClick={() => setAttachments((as) => [...as, { kind: "summary", logId: "", from: 0, count: 0 }])}
            disabled={busy || !anyApplied || hasSummary}
            title={anyApplied ? "Counts, time range, most frequent and first error lines of every applied redacted log" : "Apply the redaction of a log first"}
          >
            Attach log summary
          </Button>
          <Button onClick={() => setAttaching(true)} disabled={busy}>
            Attach log lines…
          </Button>
          <Button variant="primary" onClick={submit} disabled={!canSend} aria-busy={busy}>
            {check.isPending ? "Checking…" : send.isPending ? "Sending…" : "Send"}
          </Button>
        </div>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700 dark:text-red-300">
          Not sent: {error.message}
        </p>
      )}
      {review && (
        <ChatReviewDialog
          review={review}
          sending={send.isPending}
          error={send.error?.message ?? null}
          onCancel={() => {
            setReview(null);
            send.reset();
            saveNow(review.text);
          }}
          onSend={(d) => doSend(review, d)}
        />
      )}
      {attaching && (
        <AttachLogDialog
          issueId={issueId}
          logFiles={logFiles}
          onClose={() => setAttaching(false)}
          onAttach={(a) => {
            setAttachments((as) => [...as.filter((x) => !(x.logId === a.logId && x.from === a.from && x.count === a.count)), a]);
            setAttaching(false);
          }}
        />
      )}
    </div>
  );
}
