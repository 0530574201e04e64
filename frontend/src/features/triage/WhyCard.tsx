import type { TriageApplied, TriageReport } from "../../lib/api/chat";

const pill = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

/** What the 5-Whys engine did with the answer, in words (null when there is nothing to say). */
export function appliedText(p: TriageApplied | null, protocolError: string): string | null {
  if (protocolError) return `Not recorded in the 5 Whys: ${protocolError}`;
  if (!p) return null;
  if (p.ignoredReason) return `Not recorded in the 5 Whys: ${p.ignoredReason}`;
  switch (p.action) {
    case "appended":
      return `Added to the 5 Whys as step ${p.progress.steps}${p.rootCauseSet ? ", marked as the root cause" : ""}.`;
    case "filled":
      return `Filled in an existing step of the 5 Whys${p.rootCauseSet ? ", marked as the root cause" : ""}.`;
    case "marked":
      return "Marked the root cause in the 5 Whys.";
    default:
      return null;
  }
}

/** The "Why n" card under an answer that carried a triage report. */
export function WhyCard({ report, applied, protocolError }: { report: TriageReport; applied: TriageApplied | null; protocolError: string }) {
  const note = appliedText(applied, protocolError);
  const confidence = report.confidence > 0 ? `${Math.round(report.confidence * 100)}% confident` : null;
  return (
    <section
      aria-label={`Why ${report.whyLevel}`}
      data-testid="why-card"
      className="mt-2 rounded-md border border-indigo-200 bg-indigo-50/70 p-3 text-sm dark:border-indigo-900 dark:bg-indigo-950/40"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className={`${pill} bg-indigo-600 text-white ring-indigo-600 dark:bg-indigo-500 dark:text-slate-950 dark:ring-indigo-500`}>
          Why {report.whyLevel}
        </span>
        {report.rootCauseReached ? (
          <span className={`${pill} bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-700`}>
            Root cause reached
          </span>
        ) : (
          <span className={`${pill} bg-white text-slate-600 ring-slate-300 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-600`}>
            Root cause not reached yet
          </span>
        )}
        {confidence && <span className="text-xs text-slate-500 dark:text-slate-400">{confidence}</span>}
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
        <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Question</dt>
        <dd className="break-words">{report.question}</dd>
        <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Answer</dt>
        <dd className="break-words whitespace-pre-wrap">{report.answer || "—"}</dd>
        {report.evidence.length > 0 && (
          <>
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Evidence</dt>
            <dd>
              <ul className="list-disc space-y-0.5 pl-4">
                {report.evidence.map((e, i) => (
                  <li key={i} className="font-mono text-xs break-words">
                    {e}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {report.rootCauseReached && report.rootCause && (
          <>
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Root cause</dt>
            <dd className="font-medium break-words">{report.rootCause}</dd>
          </>
        )}
        {report.nextQuestion && !report.rootCauseReached && (
          <>
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Next</dt>
            <dd className="break-words">{report.nextQuestion}</dd>
          </>
        )}
      </dl>
      {note && <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{note}</p>}
    </section>
  );
}
