import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { useMeta } from "../../lib/api/hooks";
import type { TextReview } from "../../lib/api/types";
import { classStyles, findingsText, typeInfo } from "../../lib/pii";
import { previewParts, type TextDecision } from "../../lib/textRedaction";
import { DecisionToggle } from "../review/DecisionToggle";

/**
 * The review of a message before it is sent to the AI provider: every finding is listed,
 * nothing is decided for the user, "Redact all" decides them in one click, and Send stays
 * disabled until every finding is decided. Cancelling returns to the composer (the text stays).
 */
export function ChatReviewDialog({
  review,
  sending,
  error,
  onCancel,
  onSend,
}: {
  review: TextReview;
  sending: boolean;
  error: string | null;
  onCancel: () => void;
  onSend: (decisions: ("redact" | "keep")[]) => void;
}) {
  const meta = useMeta();
  const [decisions, setDecisions] = useState<TextDecision[]>(() => review.findings.map(() => null));
  const undecided = decisions.filter((d) => d === null).length;
  const n = review.findings.length;

  const send = () => {
    if (undecided > 0 || sending) return;
    onSend(decisions.map((d) => (d === "keep" ? "keep" : "redact")));
  };

  return (
    <Dialog
      open
      title="Review before sending"
      size="xl"
      onClose={() => !sending && onCancel()}
      actions={
        <>
          <Button onClick={onCancel} disabled={sending}>
            Back to editing
          </Button>
          <Button variant="primary" onClick={send} disabled={sending || undecided > 0} aria-busy={sending}>
            Send
          </Button>
        </>
      }
    >
      <div className="max-h-[70vh] space-y-4 overflow-auto pr-1">
        <p className="text-slate-600 dark:text-slate-400">
          Your message contains data that may be sensitive. Decide for each finding whether the AI provider gets a placeholder or the
          value itself.
        </p>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="font-medium" aria-live="polite">
            {findingsText(n)} · {undecided === 0 ? "all decided" : `${undecided.toLocaleString()} to decide`}
          </p>
          <span className="flex gap-2">
            <Button className="px-2 py-0.5 text-xs" disabled={sending} onClick={() => setDecisions(review.findings.map(() => "redact"))}>
              Redact all
            </Button>
            <Button className="px-2 py-0.5 text-xs" disabled={sending} onClick={() => setDecisions(review.findings.map(() => "keep"))}>
              Keep all
            </Button>
          </span>
        </div>
        <ul
          aria-label="Findings in the message"
          className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700"
        >
          {review.findings.map((f, i) => {
            const t = typeInfo(meta.data?.piiTypes, f.type);
            const d = decisions[i] ?? null;
            return (
              <li key={f.index} className="flex items-center justify-between gap-3 px-3 py-2">
                <div className="min-w-0">
                  <div className="flex items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
                    <span aria-hidden="true" className={`h-2 w-2 rounded-full ${classStyles[t.cls].dot}`} />
                    {t.label} · <span className="font-mono">{f.placeholder}</span>
                    {d === null && <span className="font-medium text-amber-700 dark:text-amber-300">· undecided</span>}
                  </div>
                  <div className="truncate font-mono text-sm" title={f.value}>
                    {f.value}
                  </div>
                </div>
                <DecisionToggle
                  label={`${t.label} ${f.value}`}
                  state={d ?? "mixed"}
                  disabled={sending}
                  onDecide={(a) => setDecisions((ds) => ds.map((x, j) => (j === i ? a : x)))}
                />
              </li>
            );
          })}
        </ul>
        <figure className="min-w-0">
          <figcaption className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">
            What the AI provider will receive
          </figcaption>
          <pre
            aria-label="Message as it will be sent"
            className="max-h-56 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs break-words whitespace-pre-wrap dark:border-slate-700 dark:bg-slate-950"
          >
            {previewParts(review.text, review.findings, decisions).map((p, i) =>
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
          {undecided > 0 && (
            <p className="mt-1 text-xs text-amber-800 dark:text-amber-200">Highlighted values are undecided: nothing is sent until every finding is decided.</p>
          )}
        </figure>
        {error && (
          <p role="alert" className="font-medium text-red-700 dark:text-red-300">
            Not sent: {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
