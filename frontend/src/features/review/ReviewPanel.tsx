import { useId, useState } from "react";
import { Button } from "../../components/ui/Button";
import { Select } from "../../components/ui/Field";
import { useMeta } from "../../lib/api/hooks";
import type { DecisionAction, Finding, LogInfo, ReviewSummary } from "../../lib/api/types";
import { typeInfo } from "../../lib/pii";
import { FindingList } from "./FindingList";
import { useDecide, useReviewJob } from "./hooks";
import { TypeList } from "./TypeList";
import { ValueList } from "./ValueList";

type Tab = "values" | "findings";

/** The findings of a log: counts by type, then its values or single findings, each decidable. */
export function ReviewPanel({
  info,
  summary,
  onGoToFinding,
}: {
  info: LogInfo;
  summary: ReviewSummary | undefined;
  onGoToFinding: (f: Finding) => void;
}) {
  const meta = useMeta();
  const types = meta.data?.piiTypes;
  const decide = useDecide(info.id);
  const job = useReviewJob(info.id);
  const [tab, setTab] = useState<Tab>("values");
  const [type, setType] = useState("");
  const filterId = useId();
  const tabsId = useId();

  const disabled = decide.isPending || job.job !== null;
  const all = (action: DecisionAction) => decide.mutate({ scope: "all", findingId: "", type: "", value: "", action });

  return (
    <aside
      aria-labelledby={`${tabsId}-heading`}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 xl:max-h-[calc(100vh-25rem)] xl:min-h-72 xl:overflow-auto dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id={`${tabsId}-heading`} className="text-base font-semibold">
          Findings
        </h2>
        {summary && summary.total > 0 && (
          <span className="flex gap-1">
            <Button className="px-2 py-0.5 text-xs" disabled={disabled} onClick={() => all("redact")}>
              Redact all
            </Button>
            <Button className="px-2 py-0.5 text-xs" disabled={disabled} onClick={() => all("keep")}>
              Keep all
            </Button>
          </span>
        )}
      </div>

      {!summary ? null : !summary.scanned ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">This log has not been scanned yet. Scan it to review what it contains.</p>
      ) : summary.total === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No secrets or personal data were found in this log.</p>
      ) : (
        <>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 text-xs text-slate-500 dark:text-slate-400">
            <span>
              <mark className="rounded-sm bg-slate-200 px-1 text-inherit ring-1 ring-slate-400 dark:bg-slate-700 dark:ring-slate-500">filled</mark> will be
              redacted
            </span>
            <span>
              <span className="underline decoration-slate-500 decoration-dashed decoration-2 underline-offset-2">dashed</span> is kept
            </span>
          </p>
          <TypeList
            summary={summary}
            types={types}
            selected={type}
            onSelect={setType}
            disabled={disabled}
            onDecide={(t, action) => decide.mutate({ scope: "type", findingId: "", type: t, value: "", action })}
          />
          <div className="mt-4 flex flex-wrap items-end justify-between gap-2 border-t border-slate-200 pt-3 dark:border-slate-800">
            <div role="tablist" aria-label="List findings" className="inline-flex gap-1">
              {(["values", "findings"] as const).map((t) => (
                <button
                  key={t}
                  type="button"
                  role="tab"
                  id={`${tabsId}-${t}`}
                  aria-selected={tab === t}
                  aria-controls={`${tabsId}-${t}-panel`}
                  tabIndex={tab === t ? 0 : -1}
                  onClick={() => setTab(t)}
                  onKeyDown={(e) => {
                    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                      const next = t === "values" ? "findings" : "values";
                      setTab(next);
                      document.getElementById(`${tabsId}-${next}`)?.focus();
                    }
                  }}
                  className={`rounded-md px-2.5 py-1 text-sm font-medium ${tab === t ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
                >
                  {t === "values" ? "By value" : "Each finding"}
                </button>
              ))}
            </div>
            <div className="flex items-center gap-2">
              <label htmlFor={filterId} className="text-xs text-slate-600 dark:text-slate-400">
                Type
              </label>
              <div className="w-40">
                <Select id={filterId} value={type} onChange={(e) => setType(e.target.value)} className="py-1 text-xs">
                  <option value="">All types</option>
                  {summary.types.map((t) => (
                    <option key={t.type} value={t.type}>
                      {typeInfo(types, t.type).label}
                    </option>
                  ))}
                </Select>
              </div>
            </div>
          </div>
          <div role="tabpanel" id={`${tabsId}-${tab}-panel`} aria-labelledby={`${tabsId}-${tab}`} className="mt-2">
            {tab === "values" ? (
              <ValueList key={type} info={info} type={type} types={types} disabled={disabled} decide={decide.mutate} />
            ) : (
              <FindingList key={type} info={info} type={type} types={types} disabled={disabled} decide={decide.mutate} onGoTo={onGoToFinding} />
            )}
          </div>
        </>
      )}
    </aside>
  );
}
