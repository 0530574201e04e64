import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api/client";
import type { AppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import type { CreateInput, Detail, Issue, ListFilter, UpdateInput } from "../../lib/api/types";
import { invalidateTimeline } from "../timeline/hooks";

export const PAGE_SIZE = 50;
export const SEARCH_LIMIT = 50;

function invalidateCollections(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: queryKeys.incidents });
  void qc.invalidateQueries({ queryKey: queryKeys.dashboard });
}

/** Writes a changed issue into the cached detail, then refreshes lists and dashboard. */
function storeIssue(qc: QueryClient, issue: Issue) {
  qc.setQueryData<Detail>(queryKeys.incident(issue.id), (old) => (old ? { ...old, issue } : old));
  void qc.invalidateQueries({ queryKey: queryKeys.incident(issue.id) });
  void invalidateTimeline(qc, issue.id);
  invalidateCollections(qc);
}

export function useIncidentList(filter: ListFilter, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.incidentList(filter),
    queryFn: () => api.incidents.list(filter),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useIncidentSearch(query: string) {
  return useQuery({
    queryKey: queryKeys.incidentSearch(query),
    queryFn: () => api.incidents.search(query, SEARCH_LIMIT),
    placeholderData: keepPreviousData,
    enabled: query !== "",
  });
}

export function useIncident(id: string) {
  return useQuery({ queryKey: queryKeys.incident(id), queryFn: () => api.incidents.get(id) });
}

export function useCreateIncident() {
  const qc = useQueryClient();
  return useMutation<Issue, AppError, CreateInput>({
    mutationFn: (input) => api.incidents.create(input),
    onSuccess: (issue) => {
      invalidateCollections(qc);
      qc.setQueryData<Detail>(queryKeys.incident(issue.id), {
        issue,
        logFiles: [],
        resolutionSteps: [],
        conversations: [],
      });
      void qc.invalidateQueries({ queryKey: queryKeys.incident(issue.id) });
    },
  });
}

export function useUpdateIncident(id: string) {
  const qc = useQueryClient();
  return useMutation<Issue, AppError, UpdateInput>({
    mutationFn: (input) => api.incidents.update(id, input),
    onSuccess: (issue) => storeIssue(qc, issue),
  });
}

export function useSetStatus(id: string) {
  const qc = useQueryClient();
  return useMutation<Issue, AppError, string>({
    mutationFn: (status) => api.incidents.setStatus(id, status),
    onSuccess: (issue) => storeIssue(qc, issue),
  });
}

/** onDeleted runs first (navigate away), then the detail is dropped from the cache. */
export function useDeleteIncident(id: string, onDeleted: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.incidents.remove(id),
    onSuccess: () => {
      onDeleted();
      invalidateCollections(qc);
      // Drop the detail rather than refetching it (it no longer exists), once the page has gone:
      // only inactive queries, so a section still mounted never refetches into "not found".
      setTimeout(() => qc.removeQueries({ queryKey: queryKeys.incident(id), type: "inactive" }), 1000);
    },
  });
}
