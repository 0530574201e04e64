// Types of the backend contract, taken from the Wails-generated models (read-only for us).
import type { app, incident, logs, settings } from "../../../wailsjs/go/models";

// The generated classes carry a convertValues helper; we only ever handle plain data.
type Plain<T> = Omit<T, "convertValues">;

export type Issue = incident.Issue;
export type Detail = Plain<incident.Detail>;
export type CreateInput = incident.CreateInput;
export type UpdateInput = incident.UpdateInput;
export type ListFilter = incident.ListFilter;
export type ListResult = Plain<incident.ListResult>;
export type SearchResult = Plain<incident.SearchResult>;
export type SearchHit = Plain<incident.SearchHit>;
export type Dashboard = Plain<incident.Dashboard>;
export type Settings = settings.Settings;
export type Meta = app.Meta;
export type SecurityInfo = Plain<app.SecurityInfo>;
export type Startup = Plain<app.Startup>;
export type LogFile = Plain<incident.LogFile>;
export type LogJob = Plain<app.LogJob>;
export type LogResult = logs.Result;
export type LogInfo = Plain<logs.Info>;
export type LogLine = logs.Line;

export type Theme = "system" | "light" | "dark";
export type SortKey = "updated" | "created" | "severity" | "title" | "status";
