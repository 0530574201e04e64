import { queryOptions, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { api } from "../../lib/api/client";
import type { AppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import type { LogJob } from "../../lib/api/types";
import { LINES_PAGE_SIZE, pageSpan } from "../../lib/logview";
import { getIngest, markCancelling, setIngestError, subscribeIngest, trackJob, type Ingest } from "./ingest";

export const SEARCH_LIMIT = 1000;

/** The ingestion job of an incident (running, cancelling, or the last failure). */
export function useLogIngest(issueId: string): Ingest {
  return useSyncExternalStore(
    subscribeIngest,
    () => getIngest(issueId),
    () => getIngest(issueId),
  );
}

/** Opens the native open-files dialog; resolves [] when the user cancels. */
export function usePickLogFiles() {
  return useMutation<string[], AppError>({ mutationFn: () => api.logs.pickFiles() });
}

/** Starts adding files; the job is then polled until done (see ingest.ts). */
export function useAddLogs(issueId: string) {
  const qc = useQueryClient();
  return useMutation<LogJob, AppError, string[]>({
    mutationFn: (paths) => api.logs.add(issueId, paths),
    onMutate: () => setIngestError(issueId, null),
    onSuccess: (job) => trackJob(qc, issueId, job),
    onError: (err) => setIngestError(issueId, err.message),
  });
}

/** Starts adding pasted text as a log named `name`. Failures to start are shown by the caller. */
export function useAddLogText(issueId: string) {
  const qc = useQueryClient();
  return useMutation<LogJob, AppError, { name: string; text: string }>({
    mutationFn: ({ name, text }) => api.logs.addText(issueId, name, text),
    onMutate: () => setIngestError(issueId, null),
    onSuccess: (job) => trackJob(qc, issueId, job),
  });
}

export function useCancelLogJob(issueId: string) {
  return useMutation({
    mutationFn: (jobId: string) => api.logs.cancel(jobId),
    onMutate: (jobId) => markCancelling(issueId, jobId, true),
    onError: (_err, jobId) => markCancelling(issueId, jobId, false),
  });
}

export function useLogInfo(logId: string) {
  return useQuery({ queryKey: queryKeys.logInfo(logId), queryFn: () => api.logs.info(logId), staleTime: Infinity });
}

/** Info of several logs (line counts in the incident's list); a failure just leaves a gap. */
export function useLogInfos(logIds: readonly string[]) {
  return useQueries({
    queries: logIds.map((id) => ({
      queryKey: queryKeys.logInfo(id),
      queryFn: () => api.logs.info(id),
      staleTime: Infinity,
      meta: { quiet: true },
    })),
  });
}

/** Which text the viewer shows: the original, the redaction preview, or the applied version. */
export type LogTextView = "original" | "preview" | "applied";

const pageSources = {
  original: { key: queryKeys.logPage, fetch: api.logs.lines },
  preview: { key: queryKeys.reviewPreview, fetch: api.review.preview },
  applied: { key: queryKeys.reviewRedacted, fetch: api.review.redacted },
} as const;

/** The pages (of LINES_PAGE_SIZE lines) currently needed by the viewer; others are never fetched. */
export function useLogPages(logId: string, pages: readonly number[], totalLines: number, view: LogTextView = "original") {
  const src = pageSources[view];
  return useQueries({
    queries: pages.map((page) => {
      const { from, count } = pageSpan(page, totalLines, LINES_PAGE_SIZE);
      return {
        queryKey: src.key(logId, page),
        queryFn: () => src.fetch(logId, from, count),
        staleTime: Infinity,
        gcTime: 120_000,
        enabled: count > 0,
      };
    }),
  });
}

/** Line numbers containing `query`; fetched imperatively on Enter, then read from the cache. */
export function logSearchOptions(logId: string, query: string) {
  return queryOptions({
    queryKey: queryKeys.logSearch(logId, query),
    queryFn: () => api.logs.search(logId, query, SEARCH_LIMIT),
    staleTime: Infinity,
    enabled: query !== "",
  });
}

export function useLogSearch(logId: string, query: string) {
  return useQuery(logSearchOptions(logId, query));
}

export function useDeleteLog(issueId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (logId: string) => api.logs.remove(logId),
    onSuccess: (_v, logId) => {
      void qc.invalidateQueries({ queryKey: queryKeys.incident(issueId) });
      void qc.invalidateQueries({ queryKey: queryKeys.incidents });
      qc.removeQueries({ queryKey: queryKeys.log(logId) });
    },
  });
}
