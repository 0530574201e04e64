import { Link } from "react-router";
import type { ReviewSummary } from "../../lib/api/types";
import { findingsText, redactionState, redactionStateText } from "../../lib/pii";

const pill = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";
const tone = {
  neutral: "bg-slate-50 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
  warn: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-700",
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-700",
};

/** A log's findings count and redaction state in the incident's list, with a link to review it. */
export function LogReviewState({
  issueId,
  logId,
  fileName,
  summary,
}: {
  issueId: string;
  logId: string;
  fileName: string;
  summary: ReviewSummary | undefined;
}) {
  if (!summary) return null;
  const st = redactionState(summary);
  const cls = st.kind === "applied" || st.kind === "no-findings" ? tone.ok : st.kind === "not-scanned" ? tone.neutral : tone.warn;
  return (
    <div className="flex items-center gap-2 text-xs" data-testid={`review-state-${logId}`}>
      {summary.scanned && <span className="text-slate-600 tabular-nums dark:text-slate-400">{findingsText(summary.total)}</span>}
      <span className={`${pill} ${cls}`}>{redactionStateText(st)}</span>
      <Link
        to={`/incidents/${issueId}/logs/${logId}`}
        aria-label={`Review ${fileName}`}
        className="rounded font-medium text-blue-700 hover:underline dark:text-blue-300"
      >
        Review
      </Link>
    </div>
  );
}
