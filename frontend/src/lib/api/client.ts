// The only module that talks to the Wails bindings. Every call resolves with the backend's value
// or rejects with an AppError.
import * as IncidentService from "../../../wailsjs/go/app/IncidentService";
import * as LogService from "../../../wailsjs/go/app/LogService";
import * as SettingsService from "../../../wailsjs/go/app/SettingsService";
import * as SystemService from "../../../wailsjs/go/app/SystemService";
import { toAppError } from "./errors";
import type {
  CreateInput,
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

async function call<T>(fn: () => Promise<T>): Promise<T> {
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
