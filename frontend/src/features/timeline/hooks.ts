// Data hooks of the incident timeline. Keys live under ["incident", id] so that anything that
// refreshes an incident (status change, log added, a 5-Whys step) refreshes its timeline too.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { AppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import { timelineApi, type TimelineEvent, type TimelineInput, type TimelineUpdate } from "../../lib/api/timeline";

export const timelineKeys = {
  /** Everything of one incident's timeline (events and metrics). */
  all: (issueId: string) => [...queryKeys.incident(issueId), "timeline"] as const,
  events: (issueId: string) => [...queryKeys.incident(issueId), "timeline", "events"] as const,
  metrics: (issueId: string) => [...queryKeys.incident(issueId), "timeline", "metrics"] as const,
  /** Under ["dashboard"]: refreshed with the dashboard's other figures. */
  dashboard: [...queryKeys.dashboard, "response-times"] as const,
};

/** invalidateTimeline refreshes the incident's events and metrics. */
export function invalidateTimeline(qc: QueryClient, issueId: string): Promise<void> {
  return qc.invalidateQueries({ queryKey: timelineKeys.all(issueId) });
}

function refresh(qc: QueryClient, issueId: string) {
  void invalidateTimeline(qc, issueId);
  void qc.invalidateQueries({ queryKey: queryKeys.dashboard });
}

export function useTimeline(issueId: string) {
  return useQuery({ queryKey: timelineKeys.events(issueId), queryFn: () => timelineApi.list(issueId), refetchOnWindowFocus: "always" });
}

export function useTimelineMetrics(issueId: string) {
  return useQuery({ queryKey: timelineKeys.metrics(issueId), queryFn: () => timelineApi.metrics(issueId), refetchOnWindowFocus: "always" });
}

export function useAddEvent(issueId: string) {
  const qc = useQueryClient();
  return useMutation<TimelineEvent, AppError, TimelineInput>({
    mutationFn: (input) => timelineApi.add(issueId, input),
    onSuccess: () => refresh(qc, issueId),
  });
}

export function useUpdateEvent(issueId: string) {
  const qc = useQueryClient();
  return useMutation<TimelineEvent, AppError, { id: string; update: TimelineUpdate }>({
    mutationFn: ({ id, update }) => timelineApi.update(id, update),
    onSuccess: () => refresh(qc, issueId),
  });
}

export function useDeleteEvent(issueId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => timelineApi.remove(id),
    onSuccess: () => refresh(qc, issueId),
  });
}
