// The only module that talks to the Wails bindings. Every call resolves with the backend's value
// or rejects with an AppError.
import * as IncidentService from "../../../wailsjs/go/app/IncidentService";
import * as EgressService from "../../../wailsjs/go/app/EgressService";
import * as LogService from "../../../wailsjs/go/app/LogService";
import * as ReviewService from "../../../wailsjs/go/app/ReviewService";
import * as SettingsService from "../../../wailsjs/go/app/SettingsService";
import * as SystemService from "../../../wailsjs/go/app/SystemService";
import { redaction } from "../../../wailsjs/go/models";
import { toAppError } from "./errors";
import type {
  AllowEntry,
  ApprovedText,
  CreateInput,
  Decision,
  FindingPage,
  FindingQuery,
  Finding,
  Pseudonym,
  ReviewSummary,
  TextReview,
  ValuePage,
  Dashboard,
  Detail,
  Issue,
  ListFilter,
  ListResult,
  LogInfo,
  LogJob,
  LogLine,
  Meta,
  SearchResult,
  SecurityInfo,
  Settings,
  Startup,
  UpdateInput,
} from "./types";

export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    // fn() may throw synchronously when the bridge is missing (window.go undefined).
    return await fn();
  } catch (err) {
    throw toAppError(err);
  }
}

export const api = {
  incidents: {
    create: (input: CreateInput): Promise<Issue> => call(() => IncidentService.Create(input)),
    get: (id: string): Promise<Detail> => call(() => IncidentService.Get(id)),
    update: (id: string, input: UpdateInput): Promise<Issue> => call(() => IncidentService.Update(id, input)),
    setStatus: (id: string, status: string): Promise<Issue> => call(() => IncidentService.SetStatus(id, status)),
    remove: (id: string): Promise<void> => call(() => IncidentService.Delete(id)),
    list: (filter: ListFilter): Promise<ListResult> => call(() => IncidentService.List(filter)),
    search: (query: string, limit: number): Promise<SearchResult> => call(() => IncidentService.Search(query, limit)),
    dashboard: (): Promise<Dashboard> => call(() => IncidentService.Dashboard()),
  },
  logs: {
    /** Opens the native open-files dialog; [] when the user cancels. */
    pickFiles: (): Promise<string[]> => call(() => LogService.PickFiles()),
    add: (issueId: string, paths: string[]): Promise<LogJob> => call(() => LogService.Add(issueId, paths)),
    addText: (issueId: string, name: string, text: string): Promise<LogJob> =>
      call(() => LogService.AddText(issueId, name, text)),
    job: (jobId: string): Promise<LogJob> => call(() => LogService.Job(jobId)),
    cancel: (jobId: string): Promise<void> => call(() => LogService.Cancel(jobId)),
    info: (logId: string): Promise<LogInfo> => call(() => LogService.Info(logId)),
    /** Lines from (1-based), at most 10000 of them. */
    lines: (logId: string, from: number, count: number): Promise<LogLine[]> =>
      call(() => LogService.Lines(logId, from, count)),
    /** Line numbers containing query (case-insensitive), at most limit of them. */
    search: (logId: string, query: string, limit: number): Promise<number[]> =>
      call(() => LogService.Search(logId, query, limit)),
    remove: (logId: string): Promise<void> => call(() => LogService.Delete(logId)),
  },
  review: {
    summary: (logId: string): Promise<ReviewSummary> => call(() => ReviewService.Summary(logId)),
    /** Starts a rescan; poll the job with logs.job. */
    scan: (logId: string): Promise<LogJob> => call(() => ReviewService.Scan(logId)),
    /** Starts writing the redacted version; poll the job with logs.job. */
    apply: (logId: string): Promise<LogJob> => call(() => ReviewService.Apply(logId)),
    findings: (logId: string, q: FindingQuery): Promise<FindingPage> => call(() => ReviewService.Findings(logId, q)),
    /** Findings touching lines [from, from+count). */
    lineFindings: (logId: string, from: number, count: number): Promise<Finding[]> =>
      call(() => ReviewService.LineFindings(logId, from, count)),
    values: (logId: string, type: string, offset: number, limit: number): Promise<ValuePage> =>
      call(() => ReviewService.Values(logId, type, offset, limit)),
    decide: (logId: string, d: Decision): Promise<ReviewSummary> => call(() => ReviewService.Decide(logId, d)),
    /** Lines as they will read after Apply with the current decisions. */
    preview: (logId: string, from: number, count: number): Promise<LogLine[]> =>
      call(() => ReviewService.Preview(logId, from, count)),
    /** Lines of the applied (redacted) version. */
    redacted: (logId: string, from: number, count: number): Promise<LogLine[]> =>
      call(() => ReviewService.Redacted(logId, from, count)),
    reveal: (issueId: string, placeholder: string): Promise<Pseudonym> => call(() => ReviewService.Reveal(issueId, placeholder)),
    /** Global entries and those of issueId ("" = global only). */
    allowlist: (issueId: string): Promise<AllowEntry[]> => call(() => ReviewService.Allowlist(issueId)),
    allowlistAdd: (e: { issueId: string; type: string; value: string }): Promise<AllowEntry> =>
      // createdAt is left out (the backend sets it; "" is not a valid Go time).
      call(() => ReviewService.AllowlistAdd(redaction.AllowEntry.createFrom({ issueId: e.issueId, type: e.type, value: e.value }))),
    allowlistRemove: (id: string): Promise<void> => call(() => ReviewService.AllowlistRemove(id)),
  },
  egress: {
    /** Scans typed text and holds it for review; nothing leaves the machine. */
    reviewText: (issueId: string, text: string): Promise<TextReview> => call(() => EgressService.ReviewText(issueId, text)),
    /** Applies one decision per finding and returns the approved text (audited). */
    approveText: (reviewId: string, decisions: ("redact" | "keep")[], destination: string): Promise<ApprovedText> =>
      call(() => EgressService.ApproveText(reviewId, decisions, destination)),
  },
  settings: {
    get: (): Promise<Settings> => call(() => SettingsService.Get()),
    update: (s: Settings): Promise<Settings> => call(() => SettingsService.Update(s)),
  },
  system: {
    status: (): Promise<Startup> => call(() => SystemService.Status()),
    meta: (): Promise<Meta> => call(() => SystemService.Meta()),
    security: (): Promise<SecurityInfo> => call(() => SystemService.Security()),
  },
};
