import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { confluenceApi, confluenceKeys, type ConfluenceCheck, type ConfluenceInput } from "../../../lib/api/confluence";
import type { AppError } from "../../../lib/api/errors";

/** The stored Confluence settings (never the token). The documents page reads `configured`. */
export function useConfluenceSettings() {
  return useQuery({ queryKey: confluenceKeys.settings, queryFn: confluenceApi.get });
}

// The save mutation carries the token in its variables: gcTime 0 drops the finished mutation
// (and the token with it) as soon as the form resets it.
export function useSaveConfluence() {
  const qc = useQueryClient();
  return useMutation<ConfluenceCheck, AppError, ConfluenceInput>({
    mutationFn: confluenceApi.save,
    gcTime: 0,
    meta: { quiet: true }, // shown at the field it is about
    onSuccess: (check) => {
      qc.setQueryData(confluenceKeys.settings, check.settings);
      return qc.invalidateQueries({ queryKey: confluenceKeys.settings });
    },
  });
}

export function useTestConfluence() {
  return useMutation<ConfluenceCheck, AppError, undefined>({ mutationFn: () => confluenceApi.test(), meta: { quiet: true } });
}

export function useClearConfluence() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => confluenceApi.clear(),
    onSuccess: () => qc.invalidateQueries({ queryKey: confluenceKeys.settings }),
  });
}
