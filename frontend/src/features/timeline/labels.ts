import type { MetricDuration, UserEventKind } from "../../lib/api/timeline";
import { formatDateTime, formatDuration, parseUtc } from "../../lib/format";

export const userKinds: { kind: UserEventKind; label: string }[] = [
  { kind: "impact.started", label: "Impact started" },
  { kind: "detected", label: "Detected" },
  { kind: "mitigated", label: "Mitigated" },
  { kind: "resolved", label: "Resolved" },
  { kind: "note", label: "Note" },
];

const systemLabels: Record<string, string> = {
  "incident.created": "Incident created",
  "incident.status": "Status changed",
  "log.added": "Log added",
  "redaction.applied": "Redaction applied",
  "triage.why_advanced": "5-Whys advanced",
  "triage.root_cause": "Root cause identified",
  "document.generated": "Document generated",
  "document.exported": "Document exported",
  "document.published": "Document published",
};

export function kindLabel(kind: string): string {
  return userKinds.find((k) => k.kind === kind)?.label ?? systemLabels[kind] ?? kind;
}

/** Dot colour of an event on the line. */
export const kindDot: Record<string, string> = {
  "impact.started": "bg-red-500",
  detected: "bg-amber-500",
  mitigated: "bg-blue-500",
  resolved: "bg-emerald-500",
  note: "bg-slate-400 dark:bg-slate-500",
};

export type MetricName = "detected" | "mitigated" | "resolved";

/** metricValue: the duration, or "—" when it is unknown or invalid. */
export function metricValue(d: MetricDuration): string {
  return d.status === "ok" ? formatDuration(d.ms) : "—";
}

/** metricReason says why a metric has no value, in the user's words and local time. */
export function metricReason(d: MetricDuration, end: MetricName): string {
  const endLabel = kindLabel(end);
  if (d.status === "ok") return span(d.from, d.to);
  if (d.status === "invalid") {
    if (d.from && d.to) return `${endLabel} (${formatDateTime(d.to)}) before impact started (${formatDateTime(d.from)})`;
    return d.reason || "Invalid times";
  }
  if (!d.from && !d.to) return `Needs “Impact started” and “${endLabel}” events`;
  if (!d.from) return "Needs an “Impact started” event";
  if (!d.to) return `Needs a “${endLabel}” event`;
  return d.reason || "Unknown";
}

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const dayKey = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });

/** span renders "Nov 26, 2026, 9:00 AM → 9:12 AM" (the date again only when it changes). */
export function span(fromUtc: string, toUtc: string): string {
  const from = parseUtc(fromUtc);
  const to = parseUtc(toUtc);
  if (!from || !to) return `${formatDateTime(fromUtc)} → ${formatDateTime(toUtc)}`;
  const sameDay = dayKey.format(from) === dayKey.format(to);
  return `${formatDateTime(fromUtc)} → ${sameDay ? timeOnly.format(to) : formatDateTime(toUtc)}`;
}
