import type { FindingQuery, ListFilter } from "./types";

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
  // Everything derived from a log's findings and decisions: refreshed after a decision or scan.
  review: (logId: string) => ["log", logId, "review"] as const,
  reviewSummary: (logId: string) => ["log", logId, "review", "summary"] as const,
  reviewFindings: (logId: string, q: FindingQuery) => ["log", logId, "review", "findings", q] as const,
  reviewValues: (logId: string, type: string, offset: number) => ["log", logId, "review", "values", type, offset] as const,
  reviewLineFindings: (logId: string, page: number) => ["log", logId, "review", "lines", page] as const,
  reviewPreview: (logId: string, page: number) => ["log", logId, "review", "preview", page] as const,
  reviewRedacted: (logId: string, page: number) => ["log", logId, "review", "redacted", page] as const,
  reveal: (issueId: string, placeholder: string) => ["reveal", issueId, placeholder] as const,
  allowlist: (issueId: string) => ["allowlist", issueId] as const,
  // Not under ["incident", id]: only the action mutations change the list, and removing a deleted
  // incident's queries (while its page is still mounted) would refetch it into an error.
  actionItems: (issueId: string) => ["actions", "list", issueId] as const,
  actionOptions: ["actions", "options"] as const,
  confluence: ["integrations", "confluence"] as const,
};
