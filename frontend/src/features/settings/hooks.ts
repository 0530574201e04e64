import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api/client";
import type { AppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import type { Settings } from "../../lib/api/types";

export function useSecurityInfo() {
  return useQuery({ queryKey: queryKeys.security, queryFn: api.system.security });
}

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation<Settings, AppError, Settings>({
    mutationFn: (s) => api.settings.update(s),
    onSuccess: (saved) => qc.setQueryData(queryKeys.settings, saved),
  });
}
