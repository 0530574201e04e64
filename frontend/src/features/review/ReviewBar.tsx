import type { UseQueryResult } from "@tanstack/react-query";
import { Button } from "../../components/ui/Button";
import { ProgressBar, percent } from "../../components/ui/Progress";
import type { AppError } from "../../lib/api/errors";
import type { LogInfo, LogJob, ReviewSummary } from "../../lib/api/types";
import { formatBytes } from "../../lib/format";
import { findingsText } from "../../lib/pii";
import type { LogTextView } from "../logs/hooks";
import { useCancelReviewJob, useReviewJob, useStartApply, useStartScan } from "./hooks";
import { ViewSwitch } from "./ViewSwitch";

const note = "rounded-md px-2 py-0.5 text-sm font-medium";
const amber = `${note} bg-amber-50 text-amber-900 ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-700`;
const green = `${note} bg-emerald-50 text-emerald-900 ring-1 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-700`;

/** The log's review state, the view switch, Rescan and Apply (with the running job's progress). */
export function ReviewBar({
  info,
  summary,
  view,
  onView,
}: {
  info: LogInfo;
  summary: UseQueryResult<ReviewSummary, AppError>;
  view: LogTextView;
  onView: (v: LogTextView) => void;
}) {
  const rj = useReviewJob(info.id);
  const scan = useStartScan(info.id, info.issueId);
  const apply = useStartApply(info.id, info.issueId);
  const busy = rj.job !== null || scan.isPending || apply.isPending;
  const s = summary.data;

  return (
    <section aria-label="Redaction" className="mt-4 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2 text-sm" aria-live="polite">
          {summary.error ? (
            <span className="text-red-700 dark:text-red-300">Review unavailable: {summary.error.message}</span>
          ) : !s ? (
            <span className="text-slate-500 dark:text-slate-400">Loading the review…</span>
          ) : (
            <State s={s} />
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <ViewSwitch view={view} onView={onView} applied={s?.applied === true} />
          {s && (!s.scanned || s.settingsChanged) && (
            <Button onClick={() => scan.mutate()} disabled={busy}>
              {s.scanned ? "Rescan" : "Scan for secrets"}
            </Button>
          )}
          <Button
            variant="primary"
            onClick={() => apply.mutate()}
            disabled={busy || !s?.scanned || (s.applied && !s.pending)}
            title={s?.applied && !s.pending ? "The applied version matches the current decisions" : undefined}
          >
            Apply redaction
          </Button>
        </div>
      </div>
      {rj.job && <JobLine job={rj.job} logId={info.id} />}
      {rj.error && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700 dark:text-red-300">
          {rj.error}
        </p>
      )}
    </section>
  );
}

function State({ s }: { s: ReviewSummary }) {
  if (!s.scanned) return <span className={amber}>Not scanned for secrets yet</span>;
  return (
    <>
      <span className="font-medium">{findingsText(s.total)}</span>
      {s.total > 0 && (
        <span className="text-slate-600 dark:text-slate-400">
          · {s.redact.toLocaleString()} to redact · {s.keep.toLocaleString()} kept
        </span>
      )}
      {s.applied && !s.pending && (
        <span className={green} title={s.appliedSha256}>
          Redaction applied · sha256 <span className="font-mono">{s.appliedSha256.slice(0, 12)}…</span>
        </span>
      )}
      {s.pending && <span className={amber}>{s.applied ? "Changes not applied yet" : "Not applied yet"}</span>}
      {s.settingsChanged && <span className={amber}>Privacy settings changed since the scan</span>}
    </>
  );
}

function JobLine({ job, logId }: { job: LogJob; logId: string }) {
  const cancel = useCancelReviewJob(logId);
  const label = job.kind === "apply" ? "Applying redaction" : "Scanning for secrets";
  return (
    <div className="mt-3">
      <div className="mb-1 flex items-center justify-between gap-3 text-sm">
        <span className="font-medium">{label}…</span>
        <span className="flex items-center gap-2 text-slate-600 tabular-nums dark:text-slate-400">
          {job.total > 0 ? `${percent(job.bytesDone, job.total)}% · ${formatBytes(job.bytesDone)} of ${formatBytes(job.total)}` : ""}
          <Button variant="ghost" className="px-2 py-0.5" onClick={() => cancel.mutate(job.id)} disabled={cancel.isPending} aria-label={`Cancel ${label.toLowerCase()}`}>
            Cancel
          </Button>
        </span>
      </div>
      <ProgressBar label={label} done={job.bytesDone} total={job.total} />
    </div>
  );
}
