// Hooks shared by several areas: startup status, enumerations, settings.
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { queryKeys } from "./queryKeys";

export function useStartupStatus() {
  return useQuery({ queryKey: queryKeys.status, queryFn: api.system.status, staleTime: Infinity });
}

export function useMeta() {
  return useQuery({ queryKey: queryKeys.meta, queryFn: api.system.meta, staleTime: Infinity });
}

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: api.settings.get, staleTime: Infinity });
}
