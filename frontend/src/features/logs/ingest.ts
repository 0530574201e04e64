// Log ingestion jobs, tracked outside React: a job keeps being polled (and its outcome toasted)
// even when the user leaves the incident page while it runs. One job per incident at a time.
import type { QueryClient } from "@tanstack/react-query";
import { toAppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import type { LogJob, LogResult } from "../../lib/api/types";
import { keyedStore, pollJob } from "../../lib/jobs";
import { toast } from "../../lib/toast";
import { invalidateTimeline } from "../timeline/hooks";

export interface Ingest {
  /** The job being added, as last reported by the backend; null when idle. */
  job: LogJob | null;
  cancelling: boolean;
  /** Why the last attempt failed (nothing was added); cleared when a new one starts. */
  error: string | null;
}

const store = keyedStore<Ingest>({ job: null, cancelling: false, error: null });
const set = store.set;
export const subscribeIngest = store.subscribe;
export const getIngest = store.get;

/** setIngestError shows why starting failed (the backend refused the files) and nothing runs. */
export function setIngestError(issueId: string, message: string | null) {
  set(issueId, { ...getIngest(issueId), error: message });
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** completionMessage is the toast for a finished job: how many logs, and any text repairs. */
export function completionMessage(results: readonly LogResult[]): string {
  let msg = `Added ${plural(results.length, "log", "logs")}`;
  const notes: string[] = [];
  for (const r of results) {
    const parts: string[] = [];
    if (r.invalidUtf8 > 0) parts.push(`${plural(r.invalidUtf8, "invalid UTF-8 sequence", "invalid UTF-8 sequences")} replaced`);
    if (r.splitLines > 0) parts.push(`${plural(r.splitLines, "long line", "long lines")} split`);
    if (parts.length > 0) notes.push(`${r.member || r.fileName}: ${parts.join(", ")}`);
  }
  if (notes.length > 0) msg += ` (${notes.join("; ")})`;
  return msg;
}

function finish(qc: QueryClient, issueId: string, job: LogJob | null, failure: string | null) {
  const current = getIngest(issueId);
  const cancelled = job?.cancelled === true || (failure !== null && current.cancelling);
  let error: string | null = null;
  if (cancelled) {
    toast.info("Adding logs cancelled");
  } else if (failure !== null || job?.error) {
    error = failure ?? job?.error?.message ?? "Adding logs failed";
    toast.error(error);
  } else if (job) {
    toast.success(completionMessage(job.results ?? []));
  }
  set(issueId, { job: null, cancelling: false, error });
  void qc.invalidateQueries({ queryKey: queryKeys.incident(issueId) });
  void invalidateTimeline(qc, issueId);
  void qc.invalidateQueries({ queryKey: queryKeys.incidents });
  void qc.invalidateQueries({ queryKey: queryKeys.dashboard });
}

/** trackJob follows a job just started by Add/AddText until it is done, then reports the outcome. */
export function trackJob(qc: QueryClient, issueId: string, first: LogJob) {
  set(issueId, { job: first, cancelling: false, error: null });
  const stillOurs = () => getIngest(issueId).job?.id === first.id;
  pollJob(first, stillOurs, (job) => set(issueId, { ...getIngest(issueId), job })).then(
    (job) => {
      if (job) finish(qc, issueId, job, null);
    },
    (err: unknown) => {
      if (stillOurs()) finish(qc, issueId, null, toAppError(err).message);
    },
  );
}

/** markCancelling records that Cancel was asked for (or, with false, that asking failed). */
export function markCancelling(issueId: string, jobId: string, cancelling: boolean) {
  const cur = getIngest(issueId);
  if (cur.job?.id === jobId) set(issueId, { ...cur, cancelling });
}
