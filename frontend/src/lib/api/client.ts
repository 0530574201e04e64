// The only module that talks to the Wails bindings. Every call resolves with the backend's value
// or rejects with an AppError.
import * as IncidentService from "../../../wailsjs/go/app/IncidentService";
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
