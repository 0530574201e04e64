import type { DecisionAction } from "../../lib/api/types";

const seg =
  "px-2 py-0.5 text-xs font-medium transition-colors focus-visible:relative focus-visible:outline-2 focus-visible:outline-blue-600 " +
  "disabled:cursor-not-allowed disabled:opacity-50";

/**
 * A two-button Redact | Keep switch for one finding, value, type or all of them. `state` is
 * "mixed" when the findings it stands for are decided both ways (neither button is pressed).
 */
export function DecisionToggle({
  label,
  state,
  onDecide,
  disabled,
}: {
  /** Accessible name of the group: what is decided ("IPv4 address 10.0.0.5"). */
  label: string;
  state: DecisionAction | "mixed";
  onDecide: (action: DecisionAction) => void;
  disabled?: boolean;
}) {
  return (
    <div role="group" aria-label={label} className="inline-flex shrink-0 overflow-hidden rounded-md ring-1 ring-slate-300 dark:ring-slate-600">
      <button
        type="button"
        aria-pressed={state === "redact"}
        disabled={disabled}
        onClick={() => onDecide("redact")}
        className={`${seg} ${state === "redact" ? "bg-red-600 text-white dark:bg-red-500 dark:text-slate-950" : "bg-white text-slate-700 hover:bg-slate-100 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"}`}
      >
        Redact
      </button>
      <button
        type="button"
        aria-pressed={state === "keep"}
        disabled={disabled}
        onClick={() => onDecide("keep")}
        className={`${seg} border-l border-slate-300 dark:border-slate-600 ${state === "keep" ? "bg-emerald-600 text-white dark:bg-emerald-500 dark:text-slate-950" : "bg-white text-slate-700 hover:bg-slate-100 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"}`}
      >
        Keep
      </button>
    </div>
  );
}

/** stateOf tells a toggle's state from how many of its findings are redacted and kept. */
export function stateOf(redact: number, keep: number): DecisionAction | "mixed" {
  if (keep === 0) return "redact";
  if (redact === 0) return "keep";
  return "mixed";
}
