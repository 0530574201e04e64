import { useEffect, useId, useReducer, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, Select, Textarea } from "../../components/ui/Field";
import type { Doc } from "../../lib/api/documents";
import { toAppError } from "../../lib/api/errors";
import { useMeta } from "../../lib/api/hooks";
import { providerKeys, providersApi } from "../../lib/api/providers";
import type { TextReview } from "../../lib/api/types";
import { toast } from "../../lib/toast";
import { previewParts } from "../../lib/textRedaction";
import { TextFindings } from "../review/TextFindings";
import { invalidateTimeline } from "../timeline/hooks";
import { ChatMarkdown } from "../triage/Markdown";
import { draftsApi, type DraftsApi } from "../../lib/api/drafts";
import { MAX_INSTRUCTION, canReview, draftReducer, initialDraftState, instructionLength, undecided, wireDecisions, type DraftState } from "./model";

export interface DraftSectionButtonProps {
  docId: string;
  issueId: string;
  /** Called before anything is read from the backend: must persist the editor's pending text (returns when saved). */
  flush: () => Promise<void>;
  /** Called with the document returned by ApplyDraft so the editor shows the new content and version. */
  onApplied: (doc: Doc) => void;
  /** The backend calls (tests replace them). */
  api?: DraftsApi;
}

const TITLE = "Draft a section with AI";

/**
 * "Draft with AI": the AI provider writes one section of the document, through the egress
 * review (the prompt is the whole saved document and the instruction; every finding is decided
 * by the user before anything is sent), and the answer is only a proposal until "Insert".
 * Without an AI provider the dialog says how to add one: the document works without.
 */
export function DraftSectionButton({ docId, issueId, flush, onApplied, api = draftsApi }: DraftSectionButtonProps) {
  const qc = useQueryClient();
  const providers = useQuery({ queryKey: providerKeys.list, queryFn: providersApi.list });
  const [s, dispatch] = useReducer(draftReducer, initialDraftState);
  // Every request is tagged with the attempt it belongs to: an answer arriving after the dialog
  // closed (or after Stop) is dropped.
  const attempt = useRef(0);
  const running = useRef(false);
  const [stopping, setStopping] = useState(false);

  // Leaving the page while a draft runs stops it (nobody is left to accept the answer).
  useEffect(() => {
    running.current = s.step === "drafting";
  }, [s.step]);
  useEffect(
    () => () => {
      if (running.current) void api.cancel(docId).catch(() => {});
    },
    [api, docId],
  );

  const prepare = async () => {
    const token = ++attempt.current;
    dispatch({ type: "open" });
    try {
      try {
        await flush();
      } catch (err) {
        throw new Error(`your latest edits could not be saved first (${toAppError(err).message}); they are still in the editor`);
      }
      const sections = await api.sections(docId);
      if (token === attempt.current) dispatch({ type: "prepared", sections });
    } catch (err) {
      if (token === attempt.current) dispatch({ type: "prepareFailed", error: toAppError(err).message });
    }
  };

  const send = async (token: number, section: string, review: TextReview, decisions: ("redact" | "keep")[]) => {
    setStopping(false);
    try {
      const r = await api.draft(docId, { section, reviewId: review.id, decisions });
      if (token === attempt.current) dispatch({ type: "drafted", section: r.section || section, text: r.text });
    } catch (err) {
      if (token === attempt.current) dispatch({ type: "failed", error: toAppError(err) });
    } finally {
      // The send is audited on the incident.
      void invalidateTimeline(qc, issueId);
    }
  };

  const reviewAndSend = async () => {
    if (!canReview(s)) return;
    const token = ++attempt.current;
    const section = s.section;
    dispatch({ type: "reviewing" });
    let review: TextReview;
    try {
      review = await api.review(docId, section, s.instruction.trim());
    } catch (err) {
      if (token === attempt.current) dispatch({ type: "failed", error: toAppError(err) });
      return;
    }
    if (token !== attempt.current) return;
    dispatch({ type: "reviewed", review });
    if (review.findings.length === 0) await send(token, section, review, []);
  };

  const sendDecided = () => {
    const wire = wireDecisions(s.decisions);
    if (s.step !== "decide" || !s.review || wire === null) return;
    dispatch({ type: "drafting" });
    void send(attempt.current, s.section, s.review, wire);
  };

  const stop = () => {
    setStopping(true);
    api.cancel(docId).catch((err: unknown) => {
      setStopping(false);
      toast.error(`Could not stop the draft: ${toAppError(err).message}`);
    });
  };

  const insert = async () => {
    const p = s.proposal;
    if (s.step !== "proposed" || !p || p.text.trim() === "") return;
    const token = attempt.current;
    dispatch({ type: "applying" });
    try {
      // The page is inert while the dialog is open, but make sure the stored text is the editor's.
      await flush();
      const doc = await api.apply(docId, p.section, p.text);
      if (token !== attempt.current) return;
      onApplied(doc);
      dispatch({ type: "applied" });
      toast.success(`Draft inserted into “${p.section}” (saved as version ${doc.version})`);
      void invalidateTimeline(qc, issueId);
    } catch (err) {
      if (token === attempt.current) dispatch({ type: "applyFailed", error: toAppError(err) });
    }
  };

  const close = () => {
    if (s.step === "applying") return; // storing: wait for it
    attempt.current++;
    if (s.step === "drafting") void api.cancel(docId).catch(() => {});
    dispatch({ type: "close" });
  };

  const noProvider = providers.data !== undefined && providers.data.length === 0;

  return (
    <>
      <Button onClick={() => void prepare()} aria-haspopup="dialog">
        Draft with AI
      </Button>
      <Dialog
        open={s.open}
        title={TITLE}
        size="xl"
        onClose={close}
        actions={
          <Actions
            s={s}
            noProvider={noProvider}
            stopping={stopping}
            onClose={close}
            onRetryPrepare={() => void prepare()}
            onReview={() => void reviewAndSend()}
            onBack={() => dispatch({ type: "back" })}
            onSend={sendDecided}
            onStop={stop}
            onInsert={() => void insert()}
            onDiscard={() => {
              attempt.current++;
              dispatch({ type: "discard" });
            }}
          />
        }
      >
        {noProvider ? (
          <NoProvider onNavigate={close} />
        ) : providers.isPending ? (
          <p role="status">Checking the AI providers…</p>
        ) : (
          <Body s={s} dispatch={dispatch} onReview={() => void reviewAndSend()} onSettings={close} />
        )}
      </Dialog>
    </>
  );
}

function NoProvider({ onNavigate }: { onNavigate: () => void }) {
  return (
    <div data-testid="draft-no-provider" className="space-y-2">
      <p className="font-medium">Drafting needs an AI provider, and none is set up.</p>
      <p className="text-slate-600 dark:text-slate-400">
        Everything else in the document works without AI: write the section yourself, or add a provider (OpenAI, Azure OpenAI, Anthropic,
        Gemini, Mistral, Ollama or your own server) and come back.
      </p>
      <Link
        to="/settings"
        onClick={onNavigate}
        className="inline-flex rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:bg-blue-500 dark:text-slate-950 dark:hover:bg-blue-400"
      >
        Add a provider in Settings
      </Link>
    </div>
  );
}

function Actions({
  s,
  noProvider,
  stopping,
  onClose,
  onRetryPrepare,
  onReview,
  onBack,
  onSend,
  onStop,
  onInsert,
  onDiscard,
}: {
  s: DraftState;
  noProvider: boolean;
  stopping: boolean;
  onClose: () => void;
  onRetryPrepare: () => void;
  onReview: () => void;
  onBack: () => void;
  onSend: () => void;
  onStop: () => void;
  onInsert: () => void;
  onDiscard: () => void;
}) {
  if (noProvider) return <Button onClick={onClose}>Close</Button>;
  switch (s.step) {
    case "preparing":
    case "prepareFailed":
      return (
        <>
          <Button key="cancel" onClick={onClose}>Cancel</Button>
          {s.step === "prepareFailed" && (
            <Button key="retry" variant="primary" onClick={onRetryPrepare}>
              Try again
            </Button>
          )}
        </>
      );
    case "compose":
    case "reviewing":
      return (
        <>
          <Button key="cancel" onClick={onClose}>Cancel</Button>
          <Button key="review" variant="primary" onClick={onReview} disabled={s.step === "reviewing" || !canReview(s)} aria-busy={s.step === "reviewing"}>
            Review and send
          </Button>
        </>
      );
    case "decide":
      return (
        <>
          <Button key="back" onClick={onBack}>Back</Button>
          <Button key="send" variant="primary" onClick={onSend} disabled={undecided(s.decisions) > 0}>
            Send
          </Button>
        </>
      );
    case "drafting":
      // The primary slot stays a disabled button: a double click on "Review and send" must not
      // land on Stop.
      return (
        <>
          <Button key="stop" variant="danger" onClick={onStop} disabled={stopping} aria-busy={stopping}>
            {stopping ? "Stopping…" : "Stop"}
          </Button>
          <Button key="busy" variant="primary" disabled aria-busy>
            Drafting…
          </Button>
        </>
      );
    case "proposed":
    case "applying": {
      const p = s.proposal;
      const empty = !p || p.text.trim() === "";
      return (
        <>
          <Button key="discard" onClick={onDiscard} disabled={s.step === "applying"}>
            Discard
          </Button>
          <Button key="insert" variant="primary" onClick={onInsert} disabled={s.step === "applying" || empty} aria-busy={s.step === "applying"}>
            Insert into {p?.section ?? "the section"}
          </Button>
        </>
      );
    }
  }
}

function InlineError({ s, onSettings }: { s: DraftState; onSettings: () => void }) {
  if (!s.error) return null;
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      <p>
        {s.step === "proposed" ? "Not inserted" : s.step === "prepareFailed" ? "Cannot draft" : "Not drafted"}: {s.error}
      </p>
      {s.needsProvider && (
        <Link to="/settings" onClick={onSettings} className="mt-1 inline-block font-medium underline">
          Open Settings
        </Link>
      )}
    </div>
  );
}

function Body({
  s,
  dispatch,
  onReview,
  onSettings,
}: {
  s: DraftState;
  dispatch: (a: Parameters<typeof draftReducer>[1]) => void;
  onReview: () => void;
  onSettings: () => void;
}) {
  switch (s.step) {
    case "preparing":
      return <p role="status">Saving your edits and reading the sections…</p>;
    case "prepareFailed":
      return <InlineError s={s} onSettings={onSettings} />;
    case "compose":
    case "reviewing":
      return <Compose s={s} dispatch={dispatch} onReview={onReview} onSettings={onSettings} />;
    case "decide":
      return <Decide s={s} dispatch={dispatch} />;
    case "drafting":
      return (
        <div role="status" className="space-y-1">
          <p className="font-medium">Drafting “{s.section}”…</p>
          <p className="text-slate-600 dark:text-slate-400">The AI provider is writing the section; this can take a while. Nothing changes in the document until you insert the draft.</p>
        </div>
      );
    case "proposed":
    case "applying":
      return <Proposal s={s} onSettings={onSettings} />;
  }
}

function Compose({
  s,
  dispatch,
  onReview,
  onSettings,
}: {
  s: DraftState;
  dispatch: (a: Parameters<typeof draftReducer>[1]) => void;
  onReview: () => void;
  onSettings: () => void;
}) {
  const sectionId = useId();
  const instructionId = useId();
  const busy = s.step === "reviewing";
  const n = instructionLength(s.instruction);
  const over = n > MAX_INSTRUCTION;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onReview();
    }
  };
  if (s.sections.length === 0) {
    return (
      <div className="space-y-3">
        <p>This document has no sections to draft: add a level-2 heading (“## Lessons learned”) to the text first.</p>
        <InlineError s={s} onSettings={onSettings} />
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-slate-600 dark:text-slate-400">
        The AI provider gets the whole document as saved and your instruction, after you review what they contain. Its answer is shown to you
        first: nothing enters the document until you insert it.
      </p>
      <Field id={sectionId} label="Section">
        <Select id={sectionId} value={s.section} disabled={busy} onChange={(e) => dispatch({ type: "section", section: e.target.value })}>
          {s.sections.map((h, i) => (
            // Headings may repeat; the backend drafts the first with that name.
            <option key={`${i}:${h}`} value={h}>
              {h}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id={instructionId}
        label="Instruction (optional)"
        hint={
          <span className={over ? "font-medium text-red-700 dark:text-red-300" : undefined} aria-live="polite">
            {n.toLocaleString()} / {MAX_INSTRUCTION.toLocaleString()} characters{over ? ": shorten the instruction" : ""}
          </span>
        }
      >
        <Textarea
          id={instructionId}
          rows={4}
          value={s.instruction}
          disabled={busy}
          aria-invalid={over}
          placeholder="For example: three bullet points, focus on the missing cache limit."
          onChange={(e) => dispatch({ type: "instruction", instruction: e.target.value })}
          onKeyDown={onKeyDown}
        />
      </Field>
      {busy && <p role="status">Checking the prompt for sensitive data…</p>}
      {s.notice && (
        <p role="status" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 dark:border-slate-700 dark:bg-slate-800">
          {s.notice}
        </p>
      )}
      <InlineError s={s} onSettings={onSettings} />
    </div>
  );
}

function Decide({ s, dispatch }: { s: DraftState; dispatch: (a: Parameters<typeof draftReducer>[1]) => void }) {
  const meta = useMeta();
  const review = s.review;
  if (!review) return null;
  const left = undecided(s.decisions);
  return (
    <div className="max-h-[70vh] space-y-4 overflow-auto pr-1">
      <p className="text-slate-600 dark:text-slate-400">
        The prompt for “{s.section}” contains data that may be sensitive. Decide for each finding whether the AI provider gets a placeholder or
        the value itself.
      </p>
      <TextFindings
        review={review}
        decisions={s.decisions}
        onDecisions={(d) => dispatch({ type: "decisions", decisions: d })}
        types={meta.data?.piiTypes}
        disabled={false}
        label="Findings in the prompt"
      />
      <figure className="min-w-0">
        <figcaption className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">What the AI provider will receive</figcaption>
        <pre
          aria-label="Prompt as it will be sent"
          className="max-h-56 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs break-words whitespace-pre-wrap dark:border-slate-700 dark:bg-slate-950"
        >
          {previewParts(review.text, review.findings, s.decisions).map((p, i) =>
            p.finding < 0 ? (
              <span key={i}>{p.text}</span>
            ) : (
              <mark
                key={i}
                className={`rounded-sm text-inherit ${p.decision === "redact" ? "bg-slate-300 font-semibold dark:bg-slate-600" : p.decision === "keep" ? "bg-transparent underline decoration-emerald-500 decoration-dashed decoration-2" : "bg-amber-200 dark:bg-amber-800/70"}`}
              >
                {p.text}
              </mark>
            ),
          )}
        </pre>
        {left > 0 && <p className="mt-1 text-xs text-amber-800 dark:text-amber-200">Highlighted values are undecided: nothing is sent until every finding is decided.</p>}
      </figure>
    </div>
  );
}

function Proposal({ s, onSettings }: { s: DraftState; onSettings: () => void }) {
  const p = s.proposal;
  if (!p) return null;
  const empty = p.text.trim() === "";
  return (
    <div className="space-y-3">
      <p className="text-slate-600 dark:text-slate-400">
        Proposed text for “{p.section}”. Inserting it replaces that section’s text as a new version (the previous one stays in History).
      </p>
      {empty ? (
        <p role="alert" className="font-medium text-amber-800 dark:text-amber-200">
          The AI provider returned no text. Discard it and try again, perhaps with an instruction.
        </p>
      ) : (
        <div className="grid min-w-0 gap-3 md:grid-cols-2">
          <section aria-label="Proposed text" className="min-w-0">
            <h3 className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Preview</h3>
            <div className="max-h-[50vh] overflow-auto rounded-md border border-slate-200 p-3 dark:border-slate-700">
              <ChatMarkdown text={p.text} />
            </div>
          </section>
          <section aria-label="Proposed Markdown" className="min-w-0">
            <h3 className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Markdown</h3>
            <pre
              data-testid="draft-markdown"
              className="max-h-[50vh] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs break-words whitespace-pre-wrap dark:border-slate-700 dark:bg-slate-950"
            >
              {p.text}
            </pre>
          </section>
        </div>
      )}
      {s.step === "applying" && <p role="status">Inserting…</p>}
      <InlineError s={s} onSettings={onSettings} />
    </div>
  );
}
