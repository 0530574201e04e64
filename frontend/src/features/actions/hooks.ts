// Data hooks of an incident's action items. Mutations write their answer into the cache so the
// incident page and the document editor's side panel show the same items at once.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { actionsApi, type ActionInput, type ActionItem, type ActionUpdate } from "../../lib/api/actions";
import type { AppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import { inOrder } from "./model";

export function useActionItems(issueId: string) {
  return useQuery({ queryKey: queryKeys.actionItems(issueId), queryFn: () => actionsApi.list(issueId) });
}

export function useActionOptions() {
  return useQuery({ queryKey: queryKeys.actionOptions, queryFn: actionsApi.options, staleTime: Infinity });
}

function setItems(qc: QueryClient, issueId: string, f: (items: ActionItem[]) => ActionItem[]) {
  qc.setQueryData<ActionItem[]>(queryKeys.actionItems(issueId), (old) => f(old ?? []));
}

export function useAddAction(issueId: string) {
  const qc = useQueryClient();
  return useMutation<ActionItem, AppError, ActionInput>({
    mutationFn: (input) => actionsApi.add(issueId, input),
    meta: { quiet: true }, // shown under the form, which keeps what was typed
    onSuccess: (it) => {
      setItems(qc, issueId, (items) => (items.some((x) => x.id === it.id) ? items : [...items, it]));
      return qc.invalidateQueries({ queryKey: queryKeys.actionItems(issueId) });
    },
  });
}

export function useUpdateAction(issueId: string) {
  const qc = useQueryClient();
  return useMutation<ActionItem, AppError, { id: string; update: ActionUpdate }>({
    mutationFn: ({ id, update }) => actionsApi.update(id, update),
    meta: { quiet: true }, // shown under the row, which keeps what was typed
    onSuccess: (it) => setItems(qc, issueId, (items) => items.map((x) => (x.id === it.id ? it : x))),
  });
}

export function useDeleteAction(issueId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => actionsApi.remove(id),
    onSuccess: (_, id) => {
      setItems(qc, issueId, (items) => items.filter((x) => x.id !== id));
      return qc.invalidateQueries({ queryKey: queryKeys.actionItems(issueId) });
    },
  });
}

/**
 * useReorderActions moves items at once in the cache and sends the new order to the backend.
 * Calls run one after the other (each carries the full order at the time of its click), so quick
 * repeated moves end in the order last shown; a failure reloads the stored order.
 */
export function useReorderActions(issueId: string) {
  const qc = useQueryClient();
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  return useMutation<ActionItem[], AppError, string[]>({
    mutationFn: (ids) => {
      const next = chain.current.catch(() => undefined).then(() => actionsApi.reorder(issueId, ids));
      chain.current = next;
      return next;
    },
    onMutate: (ids) => setItems(qc, issueId, (items) => inOrder(items, ids).map((it, i) => ({ ...it, position: i + 1 }))),
    onError: () => qc.invalidateQueries({ queryKey: queryKeys.actionItems(issueId) }),
  });
}
