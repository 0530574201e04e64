import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { useMeta } from "../../lib/api/hooks";
import type { TextReview } from "../../lib/api/types";
import { previewParts, type TextDecision } from "../../lib/textRedaction";
import { TextFindings } from "../review/TextFindings";

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
        <TextFindings
          review={review}
          decisions={decisions}
          onDecisions={setDecisions}
          types={meta.data?.piiTypes}
          disabled={sending}
          label="Findings in the message"
        />
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
