// Types of the backend contract, taken from the Wails-generated models (read-only for us).
import type { app, incident, logs, redaction, settings } from "../../../wailsjs/go/models";

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

export type PIIType = app.PIIType;
export type ReviewSummary = Plain<redaction.Summary>;
export type TypeCount = redaction.TypeCount;
export type Finding = redaction.Finding;
export type FindingQuery = redaction.FindingQuery;
export type FindingPage = Plain<redaction.FindingPage>;
export type ValueGroup = redaction.ValueGroup;
export type ValuePage = Plain<redaction.ValuePage>;
export type Decision = redaction.Decision;
export type DecisionAction = "redact" | "keep";
export type DecisionScope = "finding" | "value" | "type" | "all";
export type AllowEntry = redaction.AllowEntry;
export type ApplyResult = redaction.ApplyResult;
export type Pseudonym = redaction.Pseudonym;
export type TextFinding = app.TextFinding;
export type TextReview = Plain<app.TextReview>;
export type ApprovedText = app.ApprovedText;

export type Theme = "system" | "light" | "dark";
export type SortKey = "updated" | "created" | "severity" | "title" | "status";
