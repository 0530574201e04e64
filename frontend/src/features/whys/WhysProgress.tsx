import { MAX_WHY_LEVEL, type WhysProgress as Progress } from "../../lib/api/triage";

/** progressText says where the 5 Whys stand, from the backend's progress (never guessed). */
export function progressText(p: Progress): string {
  if (p.steps === 0) return "No whys yet";
  const level = `Why ${p.level} of ${MAX_WHY_LEVEL}` + (p.steps > MAX_WHY_LEVEL ? ` (${p.steps} steps)` : "");
  return `${level} · ${p.rootCauseFound ? "root cause identified" : "root cause not identified yet"}`;
}

/** The "Why 1 … Why 5 → Root cause" bar. */
export function WhysProgress({ progress }: { progress: Progress }) {
  const levels = Array.from({ length: MAX_WHY_LEVEL }, (_, i) => i + 1);
  return (
    <div className="mt-3">
      <ol aria-label="5-Whys progress" className="flex items-stretch gap-1">
        {levels.map((n) => {
          const done = progress.level >= n;
          const current = progress.level === n && !progress.rootCauseFound;
          return (
            <li
              key={n}
              aria-current={current ? "step" : undefined}
              className={`flex-1 rounded-md px-2 py-1 text-center text-xs font-medium ${
                done
                  ? "bg-blue-600 text-white dark:bg-blue-500 dark:text-slate-950"
                  : "bg-slate-100 text-slate-500 ring-1 ring-slate-200 ring-inset dark:bg-slate-800 dark:text-slate-400 dark:ring-slate-700"
              } ${current ? "ring-2 ring-blue-300 ring-offset-1 ring-offset-white dark:ring-blue-300 dark:ring-offset-slate-950" : ""}`}
            >
              Why {n}
              <span className="sr-only">{done ? " (answered)" : " (not yet)"}</span>
            </li>
          );
        })}
        <li aria-hidden="true" className="flex items-center px-0.5 text-slate-400 dark:text-slate-500">
          →
        </li>
        <li
          className={`flex-[1.4] rounded-md px-2 py-1 text-center text-xs font-semibold ${
            progress.rootCauseFound
              ? "bg-emerald-600 text-white dark:bg-emerald-500 dark:text-slate-950"
              : "bg-slate-100 text-slate-500 ring-1 ring-slate-200 ring-inset dark:bg-slate-800 dark:text-slate-400 dark:ring-slate-700"
          }`}
        >
          Root cause
          <span className="sr-only">{progress.rootCauseFound ? " (identified)" : " (not yet)"}</span>
        </li>
      </ol>
      <p data-testid="whys-progress" className="mt-1.5 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
        {progressText(progress)}
      </p>
    </div>
  );
}
