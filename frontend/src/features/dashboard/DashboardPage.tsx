import type { ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { SeverityBadge, StatusBadge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { ErrorNotice, Loading, PageHeader } from "../../components/ui/States";
import { useMeta } from "../../lib/api/hooks";
import type { Dashboard } from "../../lib/api/types";
import { formatDateTime, formatDuration, formatRelative, parseUtc } from "../../lib/format";
import { capitalize, severityStyles } from "../../lib/labels";
import { useDashboard, useResponseTimes } from "./hooks";
import type { MetricAggregate } from "../../lib/api/timeline";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

const fallbackSeverities = ["critical", "high", "medium", "low"];

export function DashboardPage() {
  useDocumentTitle("Dashboard");
  const dashboard = useDashboard();
  const meta = useMeta();
  const navigate = useNavigate();

  let body: ReactNode;
  if (dashboard.error) body = <ErrorNotice error={dashboard.error} />;
  else if (!dashboard.data) body = <Loading />;
  else if (dashboard.data.total === 0)
    body = (
      <div className="rounded-lg border border-dashed border-slate-300 p-10 text-center dark:border-slate-700">
        <h2 className="text-lg font-semibold">No incidents yet</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Record the first incident to start tracking it. Everything stays in the encrypted local database.
        </p>
        <Button variant="primary" className="mt-4" onClick={() => void navigate("/incidents/new")}>
          New incident
        </Button>
      </div>
    );
  else body = <Figures data={dashboard.data} severities={meta.data?.severities ?? fallbackSeverities} />;

  return (
    <div className="max-w-5xl">
      <PageHeader title="Dashboard" />
      {body}
    </div>
  );
}

function Stat({ label, value, testId, hint }: { label: string; value: ReactNode; testId: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-testid={testId}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{label}</p>
      <p className="mt-1 text-3xl font-semibold tabular-nums">{value}</p>
      {hint && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{hint}</p>}
    </div>
  );
}

function Figures({ data, severities }: { data: Dashboard; severities: string[] }) {
  const counts = new Map((data.openBySeverity ?? []).map((s) => [s.severity, s.count]));
  const max = Math.max(1, ...severities.map((s) => counts.get(s) ?? 0));
  const recent = data.recent ?? [];
  return (
    <div className="space-y-8">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Open incidents" value={data.openTotal} testId="open-total" hint="Open or investigating" />
        <Stat label="Resolved in the last 7 days" value={data.resolvedLast7Days} testId="resolved-7d" />
        <Stat
          label="Mean time to resolve"
          value={data.resolvedCount > 0 ? formatDuration(data.meanTimeToResolveMs) : "—"}
          testId="mttr"
          hint={data.resolvedCount > 0 ? `Over ${data.resolvedCount} resolved` : "Nothing resolved yet"}
        />
        <Stat label="Total incidents" value={data.total} testId="total" />
      </div>

      <ResponseTimes />

      <section aria-labelledby="open-by-severity">
        <h2 id="open-by-severity" className="text-lg font-semibold">
          Open by severity
        </h2>
        <ul className="mt-3 space-y-2">
          {severities.map((s) => {
            const n = counts.get(s) ?? 0;
            return (
              <li key={s} data-testid={`open-${s}`} className="grid grid-cols-[6rem_1fr_3rem] items-center gap-3">
                <span className="text-sm font-medium">{capitalize(s)}</span>
                <span className="h-3 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden="true">
                  <span
                    className={`block h-full rounded-full ${severityStyles[s]?.bar ?? "bg-slate-500"}`}
                    style={{ width: `${(n / max) * 100}%` }}
                  />
                </span>
                <span className="text-right text-sm font-semibold tabular-nums">{n}</span>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading" className="text-lg font-semibold">
          Recently updated
        </h2>
        {recent.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Nothing recent.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {recent.map((it) => {
              const d = parseUtc(it.updatedAt);
              return (
                <li key={it.id} className="flex flex-wrap items-center gap-2 px-4 py-2.5">
                  <Link
                    to={`/incidents/${encodeURIComponent(it.id)}`}
                    className="min-w-0 flex-1 truncate font-medium text-blue-700 hover:underline dark:text-blue-300"
                  >
                    {it.title}
                  </Link>
                  <SeverityBadge severity={it.severity} />
                  <StatusBadge status={it.status} />
                  {d && (
                    <time
                      dateTime={d.toISOString()}
                      title={formatDateTime(it.updatedAt)}
                      className="w-24 text-right text-xs text-slate-500 dark:text-slate-400"
                    >
                      {formatRelative(d)}
                    </time>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

const responseMetrics = [
  { key: "timeToDetect", abbr: "TTD", label: "Time to detect" },
  { key: "timeToMitigate", abbr: "TTM", label: "Time to mitigate" },
  { key: "timeToResolve", abbr: "TTR", label: "Time to resolve" },
] as const;

/** Mean and median TTD / TTM / TTR over the incidents whose timeline has both events. */
function ResponseTimes() {
  const times = useResponseTimes();
  return (
    <section aria-labelledby="response-times">
      <h2 id="response-times" className="text-lg font-semibold">
        Response times
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        From “Impact started” to the first “Detected”, “Mitigated” and “Resolved” event on each incident’s timeline.
      </p>
      {times.error ? (
        <div className="mt-3">
          <ErrorNotice error={times.error} />
        </div>
      ) : (
        <div className="mt-3 grid grid-cols-1 gap-4 sm:grid-cols-3">
          {responseMetrics.map((m) => (
            <ResponseStat key={m.key} abbr={m.abbr} label={m.label} agg={times.data?.[m.key]} />
          ))}
        </div>
      )}
    </section>
  );
}

function ResponseStat({ abbr, label, agg }: { abbr: string; label: string; agg: MetricAggregate | undefined }) {
  const some = agg !== undefined && agg.count > 0;
  let hint = "";
  if (agg === undefined) hint = "Loading…";
  else if (agg.count === 0) hint = "No incident has both events yet";
  else hint = `Over ${agg.count} incident${agg.count === 1 ? "" : "s"}`;
  if (agg && agg.invalid > 0) hint += ` · ${agg.invalid} left out (end before impact started)`;
  return (
    <div
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid={`response-${abbr.toLowerCase()}`}
    >
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {label} <abbr title={label} className="no-underline">({abbr})</abbr>
      </p>
      <dl className="mt-1 grid grid-cols-2 gap-2">
        <div>
          <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Mean</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid={`response-${abbr.toLowerCase()}-mean`}>
            {some ? formatDuration(agg.meanMs) : agg === undefined ? "…" : "—"}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Median</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid={`response-${abbr.toLowerCase()}-median`}>
            {some ? formatDuration(agg.medianMs) : agg === undefined ? "…" : "—"}
          </dd>
        </div>
      </dl>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{hint}</p>
    </div>
  );
}
