import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { api } from "../../lib/api/client";
import type { AppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import type { ApprovedText, Decision, FindingQuery, LogJob, ReviewSummary, TextReview } from "../../lib/api/types";
import { LINES_PAGE_SIZE, pageSpan } from "../../lib/logview";
import { getReviewJob, refreshReview, setReviewJobError, subscribeReviewJobs, trackReviewJob, type ReviewJob } from "./jobs";

export const FINDINGS_PAGE = 50;
export const VALUES_PAGE = 50;

export function useReviewSummary(logId: string) {
  return useQuery({ queryKey: queryKeys.reviewSummary(logId), queryFn: () => api.review.summary(logId) });
}

/** Summaries of several logs (the incident's list); a failure just leaves a gap. */
export function useReviewSummaries(logIds: readonly string[]) {
  return useQueries({
    queries: logIds.map((id) => ({
      queryKey: queryKeys.reviewSummary(id),
      queryFn: () => api.review.summary(id),
      meta: { quiet: true },
    })),
  });
}

export function useFindings(logId: string, q: FindingQuery, enabled = true) {
  return useQuery({
    queryKey: queryKeys.reviewFindings(logId, q),
    queryFn: () => api.review.findings(logId, q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useValues(logId: string, type: string, offset: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.reviewValues(logId, type, offset),
    queryFn: () => api.review.values(logId, type, offset, VALUES_PAGE),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Findings of the viewer's visible pages (LINES_PAGE_SIZE lines each), for highlights. */
export function useLineFindingsPages(logId: string, pages: readonly number[], totalLines: number, enabled: boolean) {
  return useQueries({
    queries: pages.map((page) => {
      const { from, count } = pageSpan(page, totalLines, LINES_PAGE_SIZE);
      return {
        queryKey: queryKeys.reviewLineFindings(logId, page),
        queryFn: () => api.review.lineFindings(logId, from, count),
        gcTime: 120_000,
        enabled: enabled && count > 0,
      };
    }),
  });
}

/** Records a decision; the new summary comes back, everything else derived is refetched. */
export function useDecide(logId: string) {
  const qc = useQueryClient();
  return useMutation<ReviewSummary, AppError, Decision>({
    mutationFn: (d) => api.review.decide(logId, d),
    onSuccess: (summary) => {
      qc.setQueryData(queryKeys.reviewSummary(logId), summary);
      void qc.invalidateQueries({
        queryKey: queryKeys.review(logId),
        predicate: (q) => q.queryKey[3] !== "summary" && q.queryKey[3] !== "redacted",
      });
    },
  });
}

export function useReveal(issueId: string, placeholder: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.reveal(issueId, placeholder),
    queryFn: () => api.review.reveal(issueId, placeholder),
    enabled,
    staleTime: Infinity,
    meta: { quiet: true },
  });
}

export function useAllowlist(issueId: string) {
  return useQuery({ queryKey: queryKeys.allowlist(issueId), queryFn: () => api.review.allowlist(issueId) });
}

/** Every log's review state may change when the allowlist does. */
function refreshAllReviews(qc: QueryClient) {
  void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === "log" && q.queryKey[2] === "review" });
  void qc.invalidateQueries({ queryKey: ["allowlist"] });
}

export function useAllowlistAdd() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (e: { issueId: string; type: string; value: string }) => api.review.allowlistAdd(e),
    onSuccess: () => refreshAllReviews(qc),
  });
}

export function useAllowlistRemove() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.review.allowlistRemove(id),
    onSuccess: () => refreshAllReviews(qc),
  });
}

/** The running rescan or apply job of a log (or the last failure). */
export function useReviewJob(logId: string): ReviewJob {
  return useSyncExternalStore(
    subscribeReviewJobs,
    () => getReviewJob(logId),
    () => getReviewJob(logId),
  );
}

function useStartJob(logId: string, issueId: string, start: (logId: string) => Promise<LogJob>) {
  const qc = useQueryClient();
  return useMutation<LogJob, AppError, undefined>({
    mutationFn: () => start(logId),
    onMutate: () => setReviewJobError(logId, null),
    onSuccess: (job) => trackReviewJob(qc, logId, issueId, job),
    onError: (err) => {
      setReviewJobError(logId, err.message);
      refreshReview(qc, logId, issueId);
    },
  });
}

export const useStartScan = (logId: string, issueId: string) => useStartJob(logId, issueId, api.review.scan);
export const useStartApply = (logId: string, issueId: string) => useStartJob(logId, issueId, api.review.apply);

export function useReviewText(issueId: string) {
  return useMutation<TextReview, AppError, string>({ mutationFn: (text) => api.egress.reviewText(issueId, text) });
}

export function useApproveText() {
  return useMutation<ApprovedText, AppError, { reviewId: string; decisions: ("redact" | "keep")[] }>({
    mutationFn: ({ reviewId, decisions }) => api.egress.approveText(reviewId, decisions, "clipboard"),
  });
}

export function useCancelReviewJob(logId: string) {
  return useMutation({
    mutationFn: (jobId: string) => api.logs.cancel(jobId),
    onError: (err: AppError) => setReviewJobError(logId, err.message),
  });
}
