// Data hooks of the incident's documents. The list lives under ["incident", id] (anything that
// refreshes an incident refreshes its documents); one document's data under ["document", docId].
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { AppError } from "../../lib/api/errors";
import { queryKeys } from "../../lib/api/queryKeys";
import { confluenceApi, confluenceKeys } from "../../lib/api/confluence";
import { documentsApi, type Doc, type DocSummary } from "../../lib/api/documents";
import { invalidateTimeline } from "../timeline/hooks";

export const docKeys = {
  templates: ["documents", "templates"] as const,
  list: (issueId: string) => [...queryKeys.incident(issueId), "documents"] as const,
  doc: (docId: string) => ["document", docId] as const,
  versions: (docId: string) => ["document", docId, "versions"] as const,
  // Under "versions": the current version grows while editing (saves minutes apart extend it),
  // so a diff against it is refreshed with the version list after every save.
  diff: (docId: string, from: number, to: number) => ["document", docId, "versions", "diff", from, to] as const,
};

export function useTemplates() {
  return useQuery({ queryKey: docKeys.templates, queryFn: documentsApi.templates, staleTime: Infinity });
}

export function useDocuments(issueId: string) {
  return useQuery({ queryKey: docKeys.list(issueId), queryFn: () => documentsApi.list(issueId) });
}

/** The document as stored. The editor reads it once when it opens and owns the text afterwards. */
export function useDoc(docId: string) {
  return useQuery({ queryKey: docKeys.doc(docId), queryFn: () => documentsApi.get(docId), refetchOnMount: "always", meta: { quiet: true } });
}

export function useVersions(docId: string, enabled = true) {
  return useQuery({ queryKey: docKeys.versions(docId), queryFn: () => documentsApi.versions(docId), enabled });
}

export function useDiff(docId: string, from: number, to: number, enabled = true) {
  return useQuery({
    queryKey: docKeys.diff(docId, from, to),
    queryFn: () => documentsApi.diff(docId, from, to),
    enabled: enabled && from > 0 && to > 0,
    placeholderData: (prev) => prev, // no flicker to "Comparing…" while it refreshes
  });
}

/** Whether Confluence is set up (the settings page shares this query, so saving there updates it). */
export function useConfluenceStatus() {
  return useQuery({ queryKey: confluenceKeys.settings, queryFn: confluenceApi.get, refetchOnMount: "always" });
}

/**
 * storedDoc records what the backend now holds for a document (after a save, restore or
 * publish) without the editor re-reading it, and refreshes the lists derived from it.
 */
export function storedDoc(qc: QueryClient, doc: Doc) {
  qc.setQueryData<Doc>(docKeys.doc(doc.id), doc);
  void qc.invalidateQueries({ queryKey: docKeys.versions(doc.id) });
  qc.setQueryData<DocSummary[]>(docKeys.list(doc.issueId), (l) => {
    if (!l) return l;
    const { contentMd: _, ...summary } = doc;
    return [summary, ...l.filter((d) => d.id !== doc.id)];
  });
}

export function useGenerate(issueId: string) {
  const qc = useQueryClient();
  return useMutation<Doc, AppError, string>({
    mutationFn: (template) => documentsApi.generate(issueId, template),
    meta: { quiet: true }, // the template dialog shows the failure
    onSuccess: (doc) => {
      qc.setQueryData(docKeys.doc(doc.id), doc);
      void qc.invalidateQueries({ queryKey: docKeys.list(issueId) });
      void invalidateTimeline(qc, issueId);
    },
  });
}
