import type { DecisionAction, PIIType, ReviewSummary } from "../../lib/api/types";
import { classStyles, typeInfo } from "../../lib/pii";
import { DecisionToggle, stateOf } from "./DecisionToggle";

/** Counts by type, each with a Redact | Keep switch for all its findings. */
export function TypeList({
  summary,
  types,
  selected,
  onSelect,
  onDecide,
  disabled,
}: {
  summary: ReviewSummary;
  types: readonly PIIType[] | undefined;
  selected: string;
  onSelect: (type: string) => void;
  onDecide: (type: string, action: DecisionAction) => void;
  disabled: boolean;
}) {
  return (
    <ul aria-label="Findings by type" className="mt-3 space-y-1">
      {summary.types.map((c) => {
        const t = typeInfo(types, c.type);
        const active = selected === c.type;
        return (
          <li key={c.type} className={`flex items-center justify-between gap-2 rounded-md px-1.5 py-1 ${active ? "bg-slate-100 dark:bg-slate-800" : ""}`}>
            <button
              type="button"
              onClick={() => onSelect(active ? "" : c.type)}
              aria-pressed={active}
              title={active ? "Show every type" : `Show only ${t.label}`}
              className="flex min-w-0 flex-1 items-center gap-2 rounded text-left text-sm hover:underline"
            >
              <span aria-hidden="true" className={`h-2.5 w-2.5 shrink-0 rounded-full ${classStyles[t.cls].dot}`} />
              <span className="truncate font-medium">{t.label}</span>
              <span className="shrink-0 text-xs text-slate-500 tabular-nums dark:text-slate-400">
                {c.total.toLocaleString()}
                {c.keep > 0 && c.redact > 0 ? ` · ${c.keep.toLocaleString()} kept` : ""}
              </span>
            </button>
            <DecisionToggle label={`Every ${t.label} finding`} state={stateOf(c.redact, c.keep)} disabled={disabled} onDecide={(a) => onDecide(c.type, a)} />
          </li>
        );
      })}
    </ul>
  );
}
