// Rescan and apply jobs of a log, tracked outside React like ingestion (features/logs/ingest.ts):
// the job keeps being polled, and its outcome shown, when the user leaves the log page.
import type { QueryClient } from "@tanstack/react-query";
import { toAppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import type { LogJob } from "../../lib/api/types";
import { keyedStore, pollJob } from "../../lib/jobs";
import { toast } from "../../lib/toast";
import { invalidateTimeline } from "../timeline/hooks";

export interface ReviewJob {
  job: LogJob | null;
  /** Why the last job failed; cleared when a new one starts. */
  error: string | null;
}

const store = keyedStore<ReviewJob>({ job: null, error: null });
const set = store.set;
export const subscribeReviewJobs = store.subscribe;
export const getReviewJob = store.get;

export function setReviewJobError(logId: string, error: string | null) {
  set(logId, { ...getReviewJob(logId), error });
}

/** refreshReview refetches everything derived from a log's findings (and its redacted flag). */
export function refreshReview(qc: QueryClient, logId: string, issueId: string) {
  void qc.invalidateQueries({ queryKey: queryKeys.review(logId) });
  void qc.invalidateQueries({ queryKey: queryKeys.logInfo(logId) });
  if (issueId) {
    void qc.invalidateQueries({ queryKey: queryKeys.incident(issueId) });
    void invalidateTimeline(qc, issueId);
  }
}

function finish(qc: QueryClient, logId: string, issueId: string, job: LogJob | null, failure: string | null) {
  const what = job?.kind === "apply" ? "Applying the redaction" : "Scanning";
  let error: string | null = null;
  if (job?.cancelled) toast.info(`${what} cancelled`);
  else if (failure !== null || job?.error) {
    error = failure ?? job?.error?.message ?? `${what} failed`;
    toast.error(error);
  } else if (job?.kind === "apply") toast.success("Redaction applied");
  else toast.success("Scan finished");
  set(logId, { job: null, error });
  refreshReview(qc, logId, issueId);
}

/** trackReviewJob follows a scan or apply job of logId until it is done. */
export function trackReviewJob(qc: QueryClient, logId: string, issueId: string, first: LogJob) {
  set(logId, { job: first, error: null });
  const stillOurs = () => getReviewJob(logId).job?.id === first.id;
  pollJob(first, stillOurs, (job) => set(logId, { ...getReviewJob(logId), job })).then(
    (job) => {
      if (job) finish(qc, logId, issueId, job, null);
    },
    (err: unknown) => {
      if (stillOurs()) finish(qc, logId, issueId, null, toAppError(err).message);
    },
  );
}
