import { Button } from "../../components/ui/Button";
import { ProgressBar, percent } from "../../components/ui/Progress";
import type { LogJob } from "../../lib/api/types";
import { formatBytes } from "../../lib/format";

/** Progress of adding logs: reading the files, then (phase "scanning") looking for secrets. */
export function JobProgress({ job, cancelling, onCancel }: { job: LogJob; cancelling: boolean; onCancel: () => void }) {
  const scanning = job.phase === "scanning";
  const label = scanning ? "Scanning for secrets…" : "Adding logs";
  const known = job.total > 0;
  return (
    <div className="mt-3 rounded-md border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-center justify-between gap-3 text-sm">
        <span className="font-medium">{cancelling ? "Cancelling…" : label}</span>
        <span className="text-slate-600 tabular-nums dark:text-slate-400">
          {known
            ? `${percent(job.bytesDone, job.total)}% · ${formatBytes(job.bytesDone)} of ${formatBytes(job.total)}`
            : `${formatBytes(job.bytesDone)} ${scanning ? "scanned" : "read"}`}
        </span>
        <Button onClick={onCancel} disabled={cancelling} aria-label="Cancel adding logs">
          Cancel
        </Button>
      </div>
      <div className="mt-2">
        <ProgressBar label={scanning ? "Scanning for secrets" : "Adding logs"} done={job.bytesDone} total={job.total} />
      </div>
    </div>
  );
}
