import { useId, useState } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Textarea, labelClass } from "../../components/ui/Field";
import { useMeta } from "../../lib/api/hooks";
import type { ApprovedText, PIIType, TextReview } from "../../lib/api/types";
import { previewParts, type TextDecision } from "../../lib/textRedaction";
import { TextFindings } from "./TextFindings";
import { useApproveText, useReviewText } from "./hooks";

/** The incident's "Redact text for sharing" button and its dialog. */
export function RedactTextButton({ issueId }: { issueId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Redact text for sharing</Button>
      {open && <RedactTextDialog issueId={issueId} onClose={() => setOpen(false)} />}
    </>
  );
}

type Copied = { ok: true } | { ok: false; reason: string };

/**
 * Typed or pasted text is checked for findings; the user decides each one (nothing is decided for
 * them); the backend then builds the approved text (audited) and it is copied to the clipboard.
 */
function RedactTextDialog({ issueId, onClose }: { issueId: string; onClose: () => void }) {
  const meta = useMeta();
  const check = useReviewText(issueId);
  const approve = useApproveText();
  const [text, setText] = useState("");
  const [review, setReview] = useState<TextReview | null>(null);
  const [decisions, setDecisions] = useState<TextDecision[]>([]);
  const [result, setResult] = useState<ApprovedText | null>(null);
  const [copied, setCopied] = useState<Copied | null>(null);
  const textId = useId();

  const busy = check.isPending || approve.isPending;
  const undecided = decisions.filter((d) => d === null).length;

  const onCheck = () => {
    if (text.trim() === "") return;
    check.mutate(text, {
      onSuccess: (r) => {
        setReview(r);
        setDecisions(r.findings.map(() => null));
      },
    });
  };

  const onApprove = () => {
    if (!review || undecided > 0) return;
    approve.mutate(
      { reviewId: review.id, decisions: decisions.map((d) => (d === "keep" ? "keep" : "redact")) },
      {
        onSuccess: async (res) => {
          setResult(res);
          try {
            await navigator.clipboard.writeText(res.text);
            setCopied({ ok: true });
          } catch (err) {
            setCopied({ ok: false, reason: err instanceof Error ? err.message : "the clipboard is not available" });
          }
        },
      },
    );
  };

  const edit = () => {
    setReview(null);
    setResult(null);
    setCopied(null);
    approve.reset();
  };

  const actions = result ? (
    <>
      <Button onClick={edit}>Redact other text</Button>
      <Button variant="primary" onClick={onClose} autoFocus>
        Done
      </Button>
    </>
  ) : review ? (
    <>
      <Button onClick={edit} disabled={busy}>
        Edit text
      </Button>
      <Button onClick={onClose} disabled={busy}>
        Cancel
      </Button>
      <Button variant="primary" onClick={onApprove} disabled={busy || undecided > 0} aria-busy={approve.isPending}>
        Approve and copy
      </Button>
    </>
  ) : (
    <>
      <Button onClick={onClose} disabled={busy}>
        Cancel
      </Button>
      <Button variant="primary" onClick={onCheck} disabled={busy || text.trim() === ""} aria-busy={check.isPending}>
        Check
      </Button>
    </>
  );

  const error = check.error ?? approve.error;
  return (
    <Dialog open title="Redact text for sharing" onClose={() => !busy && onClose()} actions={actions} size="xl">
      <div className="max-h-[70vh] space-y-4 overflow-auto pr-1">
        {!review ? (
          <div>
            <label htmlFor={textId} className={labelClass}>
              Text to share
            </label>
            <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
              It is checked on this machine for secrets and personal data; you decide what is redacted before anything is copied.
            </p>
            <Textarea
              id={textId}
              rows={10}
              value={text}
              onChange={(e) => setText(e.target.value)}
              spellCheck={false}
              autoFocus
              className="mt-2 font-mono text-xs"
            />
          </div>
        ) : result ? (
          <Result result={result} copied={copied} />
        ) : (
          <Decide review={review} decisions={decisions} onDecisions={setDecisions} types={meta.data?.piiTypes} disabled={busy} />
        )}
        {error && (
          <p role="alert" className="font-medium text-red-700 dark:text-red-300">
            {error.message}
          </p>
        )}
      </div>
    </Dialog>
  );
}

function Decide({
  review,
  decisions,
  onDecisions,
  types,
  disabled,
}: {
  review: TextReview;
  decisions: TextDecision[];
  onDecisions: (d: TextDecision[]) => void;
  types: readonly PIIType[] | undefined;
  disabled: boolean;
}) {
  const n = review.findings.length;
  if (n === 0) {
    return (
      <>
        <p className="rounded-md bg-emerald-50 px-3 py-2 text-emerald-900 ring-1 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-700">
          No secrets or personal data found. You can approve the text as it is.
        </p>
        <Preview label="Text" text={review.text} review={review} decisions={decisions} />
      </>
    );
  }
  return (
    <>
      <TextFindings review={review} decisions={decisions} onDecisions={onDecisions} types={types} disabled={disabled} label="Findings in the text" />
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <Preview label="Before" text={review.text} review={review} decisions={review.findings.map(() => null)} />
        <Preview label="After" text={review.text} review={review} decisions={decisions} />
      </div>
    </>
  );
}

function Preview({ label, text, review, decisions }: { label: string; text: string; review: TextReview; decisions: readonly TextDecision[] }) {
  const parts = previewParts(text, review.findings, decisions);
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{label}</figcaption>
      <pre
        aria-label={`${label} redaction`}
        className="max-h-56 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs break-words whitespace-pre-wrap dark:border-slate-700 dark:bg-slate-950"
      >
        {parts.map((p, i) =>
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
    </figure>
  );
}

function Result({ result, copied }: { result: ApprovedText; copied: Copied | null }) {
  return (
    <>
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-emerald-900 ring-1 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-700">
        {copied?.ok === false ? "Approved, but not copied: " + copied.reason + ". Select the text below and copy it." : "Copied"} · sha256{" "}
        <span className="font-mono" title={result.sha256}>
          {result.sha256.slice(0, 12)}…
        </span>{" "}
        · {result.redacted.toLocaleString()} redacted, {result.kept.toLocaleString()} kept
      </p>
      <figure>
        <figcaption className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Approved text</figcaption>
        <pre
          aria-label="Approved text"
          tabIndex={0}
          className="max-h-72 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs break-words whitespace-pre-wrap select-all dark:border-slate-700 dark:bg-slate-950"
        >
          {result.text}
        </pre>
      </figure>
    </>
  );
}
