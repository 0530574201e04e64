// The incident's timeline and response metrics (app.TimelineService).
// Times cross the boundary as UTC 'YYYY-MM-DD HH:MM:SS' (the backend also accepts RFC 3339
// with an offset on input); the UI shows them in local time.
import * as TimelineService from "../../../wailsjs/go/app/TimelineService";
import { timeline } from "../../../wailsjs/go/models";
import { call } from "./client";

/** User kinds, added and edited by hand. */
export type UserEventKind = "impact.started" | "detected" | "mitigated" | "resolved" | "note";

export interface TimelineEvent {
  id: string;
  issueId: string;
  kind: string;
  title: string;
  detail: string;
  /** UTC 'YYYY-MM-DD HH:MM:SS'. */
  occurredAt: string;
  /** "system" (recorded by TFTSR: only its time can be corrected) | "user" */
  source: string;
  seq: number;
  createdAt: string;
  updatedAt: string;
  editable: boolean;
}

export interface TimelineInput {
  kind: UserEventKind;
  /** "" takes the kind's label. */
  title: string;
  detail: string;
  /** UTC 'YYYY-MM-DD HH:MM:SS' or RFC 3339 with an offset. */
  occurredAt: string;
}

/** A partial update; system events accept only occurredAt. */
export type TimelineUpdate = Partial<TimelineInput>;

export type DurationStatus = "ok" | "unknown" | "invalid";

export interface MetricDuration {
  status: DurationStatus | string;
  /** Only meaningful when status is "ok" (0 is then a real zero). */
  ms: number;
  from: string;
  to: string;
  /** Why unknown or invalid. */
  reason: string;
}

export interface TimelineMetrics {
  issueId: string;
  timeToDetect: MetricDuration;
  timeToMitigate: MetricDuration;
  timeToResolve: MetricDuration;
}

export interface MetricAggregate {
  /** Incidents with a valid value. */
  count: number;
  meanMs: number;
  medianMs: number;
  /** Incidents left out because the end is before impact started. */
  invalid: number;
}

export interface ResponseDashboard {
  timeToDetect: MetricAggregate;
  timeToMitigate: MetricAggregate;
  timeToResolve: MetricAggregate;
}

export interface KindInfo {
  kind: string;
  label: string;
  source: string;
}

const emptyAggregate: MetricAggregate = { count: 0, meanMs: 0, medianMs: 0, invalid: 0 };
const unknownDuration: MetricDuration = { status: "unknown", ms: 0, from: "", to: "", reason: "" };

function asEvent(e: timeline.Event): TimelineEvent {
  return { ...e };
}

function asDuration(d: timeline.Duration | undefined): MetricDuration {
  return d ? { ...d } : { ...unknownDuration };
}

function asAggregate(a: timeline.Aggregate | undefined): MetricAggregate {
  return a ? { ...a } : { ...emptyAggregate };
}

export const timelineApi = {
  kinds: (): Promise<KindInfo[]> => call(() => TimelineService.Kinds()).then((ks) => (ks ?? []).map((k) => ({ ...k }))),
  /** The incident's events by time (then by insertion). */
  list: (issueId: string): Promise<TimelineEvent[]> => call(() => TimelineService.List(issueId)).then((l) => (l ?? []).map(asEvent)),
  add: (issueId: string, input: TimelineInput): Promise<TimelineEvent> =>
    call(() => TimelineService.Add(issueId, timeline.Input.createFrom(input))).then(asEvent),
  update: (eventId: string, update: TimelineUpdate): Promise<TimelineEvent> =>
    call(() => TimelineService.Update(eventId, timeline.Update.createFrom(update))).then(asEvent),
  /** Removes a user event (system events cannot be deleted). */
  remove: (eventId: string): Promise<void> => call(() => TimelineService.Delete(eventId)),
  metrics: (issueId: string): Promise<TimelineMetrics> =>
    call(() => TimelineService.Metrics(issueId)).then((m) => ({
      issueId: m.issueId,
      timeToDetect: asDuration(m.timeToDetect),
      timeToMitigate: asDuration(m.timeToMitigate),
      timeToResolve: asDuration(m.timeToResolve),
    })),
  /** Mean and median response times over all incidents. */
  dashboard: (): Promise<ResponseDashboard> =>
    call(() => TimelineService.Dashboard()).then((d) => ({
      timeToDetect: asAggregate(d.timeToDetect),
      timeToMitigate: asAggregate(d.timeToMitigate),
      timeToResolve: asAggregate(d.timeToResolve),
    })),
};

export type TimelineApi = typeof timelineApi;
