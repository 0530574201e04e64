import { useId, useState } from "react";
import { Select } from "../../components/ui/Field";
import { Pager } from "../../components/ui/Pager";
import { Loading } from "../../components/ui/States";
import type { Decision, Finding, LogInfo, PIIType } from "../../lib/api/types";
import { classStyles, typeInfo } from "../../lib/pii";
import { DecisionToggle } from "./DecisionToggle";
import { FINDINGS_PAGE, useFindings } from "./hooks";

/** Single findings in text order, a page at a time; each can be decided and shown in the log. */
export function FindingList({
  info,
  type,
  types,
  disabled,
  decide,
  onGoTo,
}: {
  info: LogInfo;
  type: string;
  types: readonly PIIType[] | undefined;
  disabled: boolean;
  decide: (d: Decision) => void;
  onGoTo: (f: Finding) => void;
}) {
  const [offset, setOffset] = useState(0);
  const [decision, setDecision] = useState("");
  const decisionId = useId();
  const findings = useFindings(info.id, { type, value: "", decision, offset, limit: FINDINGS_PAGE });
  const filter = (
    <div className="flex items-center justify-end gap-2 pb-1">
      <label htmlFor={decisionId} className="text-xs text-slate-600 dark:text-slate-400">
        Decision
      </label>
      <div className="w-32">
        <Select
          id={decisionId}
          value={decision}
          onChange={(e) => {
            setDecision(e.target.value);
            setOffset(0);
          }}
          className="py-1 text-xs"
        >
          <option value="">Any</option>
          <option value="redact">To redact</option>
          <option value="keep">Kept</option>
        </Select>
      </div>
    </div>
  );
  if (findings.error) return <p className="text-sm text-red-700 dark:text-red-300">{findings.error.message}</p>;
  if (!findings.data) return <Loading />;
  const page = findings.data;
  return (
    <>
      {filter}
      {page.items.length === 0 && <p className="py-2 text-sm text-slate-500 dark:text-slate-400">No findings match.</p>}
      <ul aria-label="Each finding" className="divide-y divide-slate-100 dark:divide-slate-800">
        {page.items.map((f) => {
          const t = typeInfo(types, f.type);
          const where = f.endLine > f.line ? `lines ${f.line}–${f.endLine}` : `line ${f.line}`;
          return (
            <li key={f.id} className="flex items-start justify-between gap-2 py-2">
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-x-1.5 text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">
                  <button
                    type="button"
                    onClick={() => onGoTo(f)}
                    className="rounded font-medium text-blue-700 hover:underline dark:text-blue-300"
                    aria-label={`Show ${t.label} on ${where} in the log`}
                  >
                    {where.charAt(0).toUpperCase() + where.slice(1)}
                  </button>
                  <span aria-hidden="true" className={`h-2 w-2 shrink-0 rounded-full ${classStyles[t.cls].dot}`} />
                  <span>{t.label}</span>
                  <span>·</span>
                  <span className="font-mono">{f.placeholder}</span>
                  {f.allowlisted && <span className="rounded bg-emerald-100 px-1 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200">allowlisted</span>}
                </div>
                <div className="mt-0.5 truncate font-mono text-sm" title={f.value}>
                  {f.value}
                </div>
              </div>
              <DecisionToggle
                label={`${t.label} ${f.value} on ${where}`}
                state={f.decision === "keep" ? "keep" : "redact"}
                disabled={disabled}
                onDecide={(action) => decide({ scope: "finding", findingId: f.id, type: f.type, value: "", action })}
              />
            </li>
          );
        })}
      </ul>
      <Pager offset={offset} limit={FINDINGS_PAGE} total={page.total} onOffset={setOffset} what="findings" />
    </>
  );
}
