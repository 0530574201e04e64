import type { LogTextView } from "../logs/hooks";

/** Original | After redaction | Applied, as a radio group (arrow keys move between them). */
export function ViewSwitch({ view, onView, applied }: { view: LogTextView; onView: (v: LogTextView) => void; applied: boolean }) {
  const options: { id: LogTextView; label: string }[] = [
    { id: "original", label: "Original" },
    { id: "preview", label: "After redaction" },
  ];
  if (applied) options.push({ id: "applied", label: "Applied" });
  return (
    <fieldset className="inline-flex items-center gap-2">
      <legend className="sr-only">Show</legend>
      <span aria-hidden="true" className="text-sm text-slate-600 dark:text-slate-400">
        Show
      </span>
      <span className="inline-flex overflow-hidden rounded-md ring-1 ring-slate-300 dark:ring-slate-600">
        {options.map((o, i) => (
          <label key={o.id} className={`relative ${i > 0 ? "border-l border-slate-300 dark:border-slate-600" : ""}`}>
            <input
              type="radio"
              name="log-view"
              value={o.id}
              checked={view === o.id}
              onChange={() => onView(o.id)}
              className="peer absolute inset-0 cursor-pointer appearance-none opacity-0"
            />
            <span className="block cursor-pointer bg-white px-3 py-1 text-sm text-slate-700 peer-checked:bg-slate-800 peer-checked:text-white peer-focus-visible:outline-2 peer-focus-visible:-outline-offset-2 peer-focus-visible:outline-blue-600 hover:bg-slate-100 peer-checked:hover:bg-slate-800 dark:bg-slate-800 dark:text-slate-200 dark:peer-checked:bg-slate-200 dark:peer-checked:text-slate-900 dark:hover:bg-slate-700">
              {o.label}
            </span>
          </label>
        ))}
      </span>
    </fieldset>
  );
}
