// Data hooks of the 5-Whys panel. Keys live under ["incident", id] so that anything that
// refreshes an incident (status change, log added) refreshes its steps too.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { AppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import { timelineKeys } from "../timeline/hooks";
import { triageApi, type Factor, type Step, type StepInput, type StepUpdate, type WhysState } from "../../lib/api/triage";

export const whysKeys = {
  /** Steps, factors and progress of one incident (TriageService.State). */
  state: (issueId: string) => [...queryKeys.incident(issueId), "whys"] as const,
};

/**
 * invalidateWhys refreshes the incident's 5-Whys (steps, progress, factors) and its timeline
 * (a new step or root cause is recorded there too). The chat calls it when an answer may have
 * advanced the steps.
 */
export async function invalidateWhys(qc: QueryClient, issueId: string): Promise<void> {
  await Promise.all([
    qc.invalidateQueries({ queryKey: whysKeys.state(issueId) }),
    qc.invalidateQueries({ queryKey: timelineKeys.all(issueId) }),
  ]);
}

/** After a change: the steps and everything derived from them (timeline, incident detail). */
function refreshIncident(qc: QueryClient, issueId: string) {
  void qc.invalidateQueries({ queryKey: queryKeys.incident(issueId) });
}

function patchState(qc: QueryClient, issueId: string, patch: (s: WhysState) => WhysState) {
  qc.setQueryData<WhysState>(whysKeys.state(issueId), (s) => (s ? patch(s) : s));
}

/** Progress as the backend derives it, for an optimistic view until State is re-read. */
function withSteps(s: WhysState, steps: Step[]): WhysState {
  return {
    ...s,
    steps,
    progress: { level: Math.min(steps.length, 5), steps: steps.length, rootCauseFound: steps.some((x) => x.isRootCause) },
  };
}

export function useWhysState(issueId: string) {
  return useQuery({
    queryKey: whysKeys.state(issueId),
    queryFn: () => triageApi.state(issueId),
    // The chat may have advanced the steps while the window was elsewhere.
    refetchOnWindowFocus: "always",
  });
}

export function useAddStep(issueId: string) {
  const qc = useQueryClient();
  return useMutation<Step, AppError, StepInput>({
    mutationFn: (input) => triageApi.addStep(issueId, input),
    onSuccess: (step) => {
      patchState(qc, issueId, (s) => withSteps(s, [...s.steps.filter((x) => x.id !== step.id), step]));
      refreshIncident(qc, issueId);
    },
  });
}

export function useUpdateStep(issueId: string) {
  const qc = useQueryClient();
  return useMutation<Step, AppError, { id: string; update: StepUpdate }>({
    mutationFn: ({ id, update }) => triageApi.updateStep(id, update),
    onSuccess: (step) => {
      patchState(qc, issueId, (s) => withSteps(s, s.steps.map((x) => (x.id === step.id ? step : x))));
      refreshIncident(qc, issueId);
    },
  });
}

export function useDeleteStep(issueId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => triageApi.deleteStep(id),
    onSuccess: (_v, id) => {
      patchState(qc, issueId, (s) => withSteps(s, s.steps.filter((x) => x.id !== id).map((x, i) => ({ ...x, order: i + 1 }))));
      refreshIncident(qc, issueId);
    },
  });
}

export function useReorderSteps(issueId: string) {
  const qc = useQueryClient();
  return useMutation<Step[], AppError, string[]>({
    mutationFn: (ids) => triageApi.reorderSteps(issueId, ids),
    onSuccess: (steps) => {
      patchState(qc, issueId, (s) => withSteps(s, steps));
      refreshIncident(qc, issueId);
    },
    // Someone else (the chat) changed the steps meanwhile: show what is stored.
    onError: () => void invalidateWhys(qc, issueId),
  });
}

export function useMarkRootCause(issueId: string) {
  const qc = useQueryClient();
  return useMutation<Step[], AppError, string>({
    mutationFn: (stepId) => triageApi.markRootCause(issueId, stepId),
    onSuccess: (steps) => {
      patchState(qc, issueId, (s) => withSteps(s, steps));
      refreshIncident(qc, issueId);
    },
  });
}

function withFactors(s: WhysState, factors: Factor[]): WhysState {
  return { ...s, factors: factors.map((f, i) => ({ ...f, position: i + 1 })) };
}

export function useAddFactor(issueId: string) {
  const qc = useQueryClient();
  return useMutation<Factor, AppError, string>({
    mutationFn: (text) => triageApi.addFactor(issueId, text),
    onSuccess: (f) => {
      patchState(qc, issueId, (s) => withFactors(s, [...s.factors.filter((x) => x.id !== f.id), f]));
      refreshIncident(qc, issueId);
    },
  });
}

export function useUpdateFactor(issueId: string) {
  const qc = useQueryClient();
  return useMutation<Factor, AppError, { id: string; text: string }>({
    mutationFn: ({ id, text }) => triageApi.updateFactor(id, text),
    onSuccess: (f) => {
      patchState(qc, issueId, (s) => withFactors(s, s.factors.map((x) => (x.id === f.id ? f : x))));
      refreshIncident(qc, issueId);
    },
  });
}

export function useDeleteFactor(issueId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => triageApi.deleteFactor(id),
    onSuccess: (_v, id) => {
      patchState(qc, issueId, (s) => withFactors(s, s.factors.filter((x) => x.id !== id)));
      refreshIncident(qc, issueId);
    },
  });
}

export function useReorderFactors(issueId: string) {
  const qc = useQueryClient();
  return useMutation<Factor[], AppError, string[]>({
    mutationFn: (ids) => triageApi.reorderFactors(issueId, ids),
    onSuccess: (fs) => {
      patchState(qc, issueId, (s) => withFactors(s, fs));
      refreshIncident(qc, issueId);
    },
    onError: () => void invalidateWhys(qc, issueId),
  });
}

/** moved returns ids with the item at index i moved by delta (−1 up, +1 down); null at an edge. */
export function moved(ids: readonly string[], i: number, delta: -1 | 1): string[] | null {
  const j = i + delta;
  if (i < 0 || i >= ids.length || j < 0 || j >= ids.length) return null;
  const next = [...ids];
  [next[i], next[j]] = [next[j] as string, next[i] as string];
  return next;
}
