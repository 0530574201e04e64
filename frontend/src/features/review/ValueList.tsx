import { useState } from "react";
import { Loading } from "../../components/ui/States";
import { Pager } from "../../components/ui/Pager";
import type { Decision, LogInfo, PIIType, ValueGroup } from "../../lib/api/types";
import { classStyles, typeInfo } from "../../lib/pii";
import { toast } from "../../lib/toast";
import { DecisionToggle, stateOf } from "./DecisionToggle";
import { VALUES_PAGE, useAllowlistAdd, useValues } from "./hooks";

/** Distinct values (most frequent first), each decided for all its occurrences, or allowlisted. */
export function ValueList({
  info,
  type,
  types,
  disabled,
  decide,
}: {
  info: LogInfo;
  type: string;
  types: readonly PIIType[] | undefined;
  disabled: boolean;
  decide: (d: Decision) => void;
}) {
  const [offset, setOffset] = useState(0);
  const values = useValues(info.id, type, offset);
  if (values.error) return <p className="text-sm text-red-700 dark:text-red-300">{values.error.message}</p>;
  if (!values.data) return <Loading />;
  const page = values.data;
  return (
    <>
      <ul aria-label="Values" className="divide-y divide-slate-100 dark:divide-slate-800">
        {page.items.map((v) => (
          <ValueRow key={`${v.type}\u0000${v.value}`} v={v} info={info} types={types} disabled={disabled} decide={decide} />
        ))}
      </ul>
      <Pager offset={offset} limit={VALUES_PAGE} total={page.total} onOffset={setOffset} what="values" />
    </>
  );
}

function ValueRow({
  v,
  info,
  types,
  disabled,
  decide,
}: {
  v: ValueGroup;
  info: LogInfo;
  types: readonly PIIType[] | undefined;
  disabled: boolean;
  decide: (d: Decision) => void;
}) {
  const t = typeInfo(types, v.type);
  const allow = useAllowlistAdd();
  const add = (issueId: string) =>
    allow.mutate(
      { issueId, type: v.type, value: v.value },
      { onSuccess: () => toast.success(issueId ? `Allowed in this incident: ${v.placeholder}` : `Allowed everywhere: ${v.placeholder}`) },
    );
  return (
    <li className="py-2">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-x-1.5 text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">
            <span aria-hidden="true" className={`h-2 w-2 shrink-0 rounded-full ${classStyles[t.cls].dot}`} />
            <span>{t.label}</span>
            <span>·</span>
            <span className="font-mono">{v.placeholder}</span>
            <span>·</span>
            <span className="tabular-nums">{v.count === 1 ? "once" : `${v.count.toLocaleString()}×`}</span>
            {v.allowlisted && <span className="rounded bg-emerald-100 px-1 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200">allowlisted</span>}
          </div>
          <div className="mt-0.5 truncate font-mono text-sm" title={v.value}>
            {v.value}
          </div>
        </div>
        <DecisionToggle
          label={`${t.label} ${v.value}`}
          state={stateOf(v.redact, v.keep)}
          disabled={disabled}
          onDecide={(action) => decide({ scope: "value", findingId: "", type: v.type, value: v.value, action })}
        />
      </div>
      {!v.allowlisted && (
        <details className="mt-1 text-xs">
          <summary className="w-fit cursor-pointer rounded text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100">
            Allowlist<span className="sr-only"> {v.value}</span>…
          </summary>
          <div className="mt-1 flex flex-wrap gap-1">
            <button
              type="button"
              disabled={allow.isPending}
              onClick={() => add(info.issueId)}
              className="rounded-md px-2 py-0.5 ring-1 ring-slate-300 hover:bg-slate-100 dark:ring-slate-600 dark:hover:bg-slate-800"
            >
              Allow in this incident
            </button>
            <button
              type="button"
              disabled={allow.isPending}
              onClick={() => add("")}
              className="rounded-md px-2 py-0.5 ring-1 ring-slate-300 hover:bg-slate-100 dark:ring-slate-600 dark:hover:bg-slate-800"
            >
              Allow everywhere
            </button>
          </div>
        </details>
      )}
    </li>
  );
}
