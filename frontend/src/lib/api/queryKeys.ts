import type { ListFilter } from "./types";

export const queryKeys = {
  status: ["system", "status"] as const,
  meta: ["system", "meta"] as const,
  security: ["system", "security"] as const,
  settings: ["settings"] as const,
  dashboard: ["dashboard"] as const,
  incidents: ["incidents"] as const,
  incidentList: (f: ListFilter) => ["incidents", "list", f] as const,
  incidentSearch: (q: string) => ["incidents", "search", q] as const,
  incident: (id: string) => ["incident", id] as const,
  log: (logId: string) => ["log", logId] as const,
  logInfo: (logId: string) => ["log", logId, "info"] as const,
  logPage: (logId: string, page: number) => ["log", logId, "page", page] as const,
  logSearch: (logId: string, q: string) => ["log", logId, "search", q] as const,
  logJob: (jobId: string) => ["logJob", jobId] as const,
};
