/** A determinate progress bar (indeterminate while total is unknown). */
export function ProgressBar({ label, done, total }: { label: string; done: number; total: number }) {
  const known = total > 0;
  const pct = known ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={known ? 0 : undefined}
      aria-valuemax={known ? total : undefined}
      aria-valuenow={known ? Math.min(done, total) : undefined}
      aria-valuetext={known ? `${pct}%` : undefined}
      className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
    >
      {known ? (
        <div className="h-full rounded-full bg-blue-600 transition-[width] dark:bg-blue-400" style={{ width: `${pct}%` }} />
      ) : (
        <div className="h-full w-1/3 animate-pulse rounded-full bg-blue-600 dark:bg-blue-400" />
      )}
    </div>
  );
}

export function percent(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
}
