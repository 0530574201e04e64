import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AppError } from "../../../lib/api/errors";
import { providerKeys, providersApi, type Provider, type ProviderInput, type TestResult } from "../../../lib/api/providers";

export function useProviderKinds() {
  return useQuery({ queryKey: providerKeys.kinds, queryFn: providersApi.kinds, staleTime: Infinity });
}

export function useProviders() {
  return useQuery({ queryKey: providerKeys.list, queryFn: providersApi.list });
}

/**
 * The model list of a saved provider, fetched only when asked for (Load models). Its failure is
 * shown beside the model field, not as a toast: "this provider has no model list" is an answer.
 */
export function useProviderModels(id: string | undefined) {
  return useQuery({
    queryKey: providerKeys.models(id ?? ""),
    queryFn: () => providersApi.models(id ?? ""),
    enabled: false,
    staleTime: Infinity,
    meta: { quiet: true },
  });
}

// Save mutations carry the API key in their variables: gcTime 0 drops the finished mutation
// (and the key with it) as soon as the form resets it after success.
export function useSaveProvider() {
  const qc = useQueryClient();
  return useMutation<Provider, AppError, { id: string | undefined; input: ProviderInput }>({
    mutationFn: ({ id, input }) => (id ? providersApi.update(id, input) : providersApi.create(input)),
    gcTime: 0,
    onSuccess: (p) => {
      // Another key or base URL may list other models.
      qc.removeQueries({ queryKey: providerKeys.models(p.id) });
      return qc.invalidateQueries({ queryKey: providerKeys.list });
    },
  });
}

export function useDeleteProvider() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => providersApi.remove(id),
    onSuccess: (_, id) => {
      qc.removeQueries({ queryKey: providerKeys.models(id) });
      return qc.invalidateQueries({ queryKey: providerKeys.list });
    },
  });
}

export function useSetDefaultProvider() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => providersApi.setDefault(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: providerKeys.list }),
  });
}

export function useTestProvider() {
  return useMutation<TestResult, AppError, string>({ mutationFn: providersApi.test });
}
