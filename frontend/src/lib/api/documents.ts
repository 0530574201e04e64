// The incident's RCA and post-mortem documents (app.DocumentService): generation, the editor's
// saves and versions, export to files and publishing to Confluence. Times cross the boundary as
// UTC 'YYYY-MM-DD HH:MM:SS'.
import * as DocumentService from "../../../wailsjs/go/app/DocumentService";
import { app, docs } from "../../../wailsjs/go/models";
import { BrowserOpenURL, EventsOn } from "../../../wailsjs/runtime/runtime";
import { call } from "./client";
import type { TextReview } from "./types";

export type ExportFormat = "md" | "html" | "pdf";
export type VersionSource = "generated" | "edit" | "restore" | "import" | "draft" | "refresh";
export type DiffOp = "equal" | "insert" | "delete";

export interface TemplateInfo {
  id: string;
  name: string;
  description: string;
  /** "rca" | "postmortem" */
  docType: string;
  /** The level-2 headings, in order. */
  sections: string[];
}

/** Where a document was last published to Confluence. */
export interface Publication {
  pageId: string;
  url: string;
  /** Confluence's version number of the page. */
  pageVersion: number;
  /** The document version that was published. */
  docVersion: number;
  spaceKey: string;
  baseUrl: string;
  publishedAt: string;
}

export interface DocSummary {
  id: string;
  issueId: string;
  docType: string;
  template: string;
  title: string;
  /** The current version number (1…n). */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** null until published. */
  publication: Publication | null;
}

export interface Doc extends DocSummary {
  contentMd: string;
}

export interface SaveInput {
  title: string;
  contentMd: string;
  /** Never merged into the current edit version (restoring unsaved edits from an earlier visit). */
  newVersion?: boolean;
}

export interface VersionInfo {
  number: number;
  source: VersionSource | string;
  title: string;
  bytes: number;
  createdAt: string;
  /** The last editor save merged into it (= createdAt otherwise). */
  updatedAt: string;
  current: boolean;
  /** This version is the one last published. */
  published: boolean;
  /** Exported or published since: editor saves no longer extend it. */
  sealed: boolean;
}

export interface Version extends VersionInfo {
  contentMd: string;
}

/** One line of a line diff; old and new are 1-based line numbers (0 when not on that side). */
export interface DiffLine {
  op: DiffOp | string;
  text: string;
  old: number;
  new: number;
}

export interface Diff {
  from: number;
  to: number;
  added: number;
  removed: number;
  lines: DiffLine[];
}

export interface ExportInput {
  format: ExportFormat;
  path: string;
  /** Replace an existing file; without it the error code is "exists". */
  overwrite: boolean;
}

export interface ExportResult {
  path: string;
  format: string;
  bytes: number;
  sha256: string;
}

export interface PublishInput {
  reviewId: string;
  /** One per finding of the review. */
  decisions: ("redact" | "keep")[];
  /** Create a new page when the one published to was deleted (error code "gone"). */
  recreate: boolean;
}

/** Confluence asked to wait before the next attempt (payload of "confluence:wait"). */
export interface ConfluenceWait {
  docId: string;
  seconds: number;
  /** 429 or 503 */
  status: number;
}

export const CONFLUENCE_WAIT_EVENT = "confluence:wait";

function asPublication(p: docs.Publication | null | undefined): Publication | null {
  return p && p.pageId ? { ...p } : null;
}

function asSummary(s: docs.Summary): DocSummary {
  return {
    id: s.id,
    issueId: s.issueId,
    docType: s.docType,
    template: s.template,
    title: s.title,
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    publication: asPublication(s.publication),
  };
}

/** asDoc converts a document from the bindings into the UI's shape. */
export function asDoc(d: docs.Document): Doc {
  return { ...asSummary(d), contentMd: d.contentMd ?? "" };
}

function asVersionInfo(v: docs.VersionInfo): VersionInfo {
  return {
    number: v.number,
    source: v.source,
    title: v.title,
    bytes: v.bytes,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt || v.createdAt,
    current: v.current,
    published: v.published,
    sealed: !!v.sealed,
  };
}

function asReview(r: app.TextReview): TextReview {
  return { id: r.id, issueId: r.issueId, text: r.text, findings: r.findings ?? [] };
}

export const documentsApi = {
  templates: (): Promise<TemplateInfo[]> =>
    call(() => DocumentService.Templates()).then((ts) => (ts ?? []).map((t) => ({ ...t, sections: t.sections ?? [] }))),
  /** Creates a document for the incident from a template, filled from what the incident holds. */
  generate: (issueId: string, template: string): Promise<Doc> => call(() => DocumentService.Generate(issueId, template)).then(asDoc),
  /** The incident's documents, most recently updated first. */
  list: (issueId: string): Promise<DocSummary[]> => call(() => DocumentService.List(issueId)).then((l) => (l ?? []).map(asSummary)),
  get: (docId: string): Promise<Doc> => call(() => DocumentService.Get(docId)).then(asDoc),
  /** Stores a new version of the title and content. */
  save: (docId: string, input: SaveInput): Promise<Doc> => call(() => DocumentService.Save(docId, docs.SaveInput.createFrom({ ...input, newVersion: !!input.newVersion }))).then(asDoc),
  /** Newest first. */
  versions: (docId: string): Promise<VersionInfo[]> => call(() => DocumentService.Versions(docId)).then((l) => (l ?? []).map(asVersionInfo)),
  version: (docId: string, n: number): Promise<Version> =>
    call(() => DocumentService.Version(docId, n)).then((v) => ({ ...asVersionInfo(v), contentMd: v.contentMd ?? "" })),
  diff: (docId: string, from: number, to: number): Promise<Diff> =>
    call(() => DocumentService.Diff(docId, from, to)).then((d) => ({
      from: d.from,
      to: d.to,
      added: d.added,
      removed: d.removed,
      lines: (d.lines ?? []).map((l) => ({ ...l })),
    })),
  /** Makes version n the current one, as a new version. */
  restore: (docId: string, n: number): Promise<Doc> => call(() => DocumentService.Restore(docId, n)).then(asDoc),
  remove: (docId: string): Promise<void> => call(() => DocumentService.Delete(docId)),
  /** The sections filled from the incident (never those the team writes), in document order. */
  refreshable: (docId: string): Promise<string[]> => call(() => DocumentService.RefreshableSections(docId)).then((l) => l ?? []),
  /** Re-renders one section from what the incident holds now, as a new version. */
  refresh: (docId: string, section: string): Promise<Doc> => call(() => DocumentService.RefreshSection(docId, section)).then(asDoc),
  /** Opens the save dialog; "" when the user cancelled. */
  chooseExportPath: (docId: string, format: ExportFormat): Promise<string> => call(() => DocumentService.ChooseExportPath(docId, format)),
  /** Writes the current (saved) version; rejects with code "exists" unless overwrite. */
  export: (docId: string, input: ExportInput): Promise<ExportResult> =>
    call(() => DocumentService.Export(docId, app.ExportInput.createFrom(input))).then((r) => ({ ...r })),
  /** Scans the document for findings before publishing; nothing leaves the machine. */
  reviewPublish: (docId: string): Promise<TextReview> => call(() => DocumentService.ReviewPublish(docId)).then(asReview),
  /** Creates or updates the document's Confluence page from the reviewed text. */
  publish: (docId: string, input: PublishInput): Promise<Publication> =>
    call(() => DocumentService.Publish(docId, app.PublishInput.createFrom(input))).then((p) => ({ ...p })),
};

export type DocumentsApi = typeof documentsApi;

function isWait(v: unknown): v is ConfluenceWait {
  if (v === null || typeof v !== "object") return false;
  const r = v as Record<string, unknown>;
  return typeof r.docId === "string" && typeof r.seconds === "number";
}

/** subscribeConfluenceWait calls listener when Confluence asks to wait while publishing docId. */
export function subscribeConfluenceWait(docId: string, listener: (w: ConfluenceWait) => void): () => void {
  try {
    return EventsOn(CONFLUENCE_WAIT_EVENT, (data: unknown) => {
      if (isWait(data) && data.docId === docId) listener({ docId: data.docId, seconds: data.seconds, status: Number(data.status) || 0 });
    });
  } catch {
    // No Wails runtime (unit tests): no waits are announced.
    return () => {};
  }
}

/** openExternal opens an address in the system browser; false when there is no runtime to do it. */
export function openExternal(url: string): boolean {
  try {
    BrowserOpenURL(url);
    return true;
  } catch {
    return false;
  }
}
