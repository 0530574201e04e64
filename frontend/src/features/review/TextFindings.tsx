import { Button } from "../../components/ui/Button";
import type { PIIType, TextReview } from "../../lib/api/types";
import { classStyles, findingsText, typeInfo } from "../../lib/pii";
import type { TextDecision } from "../../lib/textRedaction";
import { DecisionToggle } from "./DecisionToggle";

/**
 * TextFindings lists the findings of a typed text with a keep/redact toggle each, and "Redact
 * all" / "Keep all": nothing is pre-decided. Used wherever typed text is reviewed before it leaves
 * (the clipboard dialog, the chat's send).
 */
export function TextFindings({
  review,
  decisions,
  onDecisions,
  types,
  disabled,
  label,
}: {
  review: TextReview;
  decisions: readonly TextDecision[];
  onDecisions: (d: TextDecision[]) => void;
  types: readonly PIIType[] | undefined;
  disabled: boolean;
  label: string;
}) {
  const n = review.findings.length;
  const undecided = decisions.filter((d) => d === null).length;
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium" aria-live="polite">
          {findingsText(n)} · {undecided === 0 ? "all decided" : `${undecided.toLocaleString()} to decide`}
        </p>
        <span className="flex gap-2">
          <Button className="px-2 py-0.5 text-xs" disabled={disabled} onClick={() => onDecisions(review.findings.map(() => "redact"))}>
            Redact all
          </Button>
          <Button className="px-2 py-0.5 text-xs" disabled={disabled} onClick={() => onDecisions(review.findings.map(() => "keep"))}>
            Keep all
          </Button>
        </span>
      </div>
      <ul aria-label={label} className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
        {review.findings.map((f, i) => {
          const t = typeInfo(types, f.type);
          const d = decisions[i] ?? null;
          return (
            <li key={f.index} className="flex items-center justify-between gap-3 px-3 py-2">
              <div className="min-w-0">
                <div className="flex items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
                  <span aria-hidden="true" className={`h-2 w-2 rounded-full ${classStyles[t.cls].dot}`} />
                  {t.label} · <span className="font-mono">{f.placeholder}</span>
                  {d === null && <span className="font-medium text-amber-700 dark:text-amber-300">· undecided</span>}
                </div>
                <div className="truncate font-mono text-sm" title={f.value}>
                  {f.value}
                </div>
              </div>
              <DecisionToggle
                label={`${t.label} ${f.value}`}
                state={d ?? "mixed"}
                disabled={disabled}
                onDecide={(a) => onDecisions(decisions.map((x, j) => (j === i ? a : x)))}
              />
            </li>
          );
        })}
      </ul>
    </>
  );
}
