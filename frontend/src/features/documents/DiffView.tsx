import { useState } from "react";
import { Button } from "../../components/ui/Button";
import type { Diff } from "../../lib/api/documents";
import { changeSummary, foldUnchanged, gutterSign } from "./diff";

const MAX_ROWS = 1500;

const rowStyle: Record<string, string> = {
  insert: "bg-emerald-50 text-emerald-950 dark:bg-emerald-950/60 dark:text-emerald-100",
  delete: "bg-red-50 text-red-950 dark:bg-red-950/60 dark:text-red-100",
  equal: "text-slate-700 dark:text-slate-300",
};
const signStyle: Record<string, string> = {
  insert: "text-emerald-700 dark:text-emerald-300",
  delete: "text-red-700 dark:text-red-300",
  equal: "text-slate-400",
};

/** A line diff with old/new line numbers, +/− gutters and colours; unchanged runs are folded. */
export function DiffView({ diff, label }: { diff: Diff; label: string }) {
  const [all, setAll] = useState(false);
  const rows = foldUnchanged(diff.lines, 3);
  const shown = all ? rows : rows.slice(0, MAX_ROWS);
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 flex items-center justify-between gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span>{label}</span>
        <span data-testid="diff-counts" className="font-mono">
          <span className="text-emerald-700 dark:text-emerald-300">+{diff.added.toLocaleString()}</span>{" "}
          <span className="text-red-700 dark:text-red-300">−{diff.removed.toLocaleString()}</span>
        </span>
      </figcaption>
      {diff.added === 0 && diff.removed === 0 ? (
        <p className="rounded-md border border-slate-200 p-3 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">{changeSummary(0, 0)}: the versions have the same text.</p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-700">
          <table aria-label={label} className="w-full border-collapse font-mono text-xs leading-5">
            <tbody>
              {shown.map((r, i) =>
                r.kind === "fold" ? (
                  <tr key={i} className="bg-slate-50 text-slate-500 dark:bg-slate-900 dark:text-slate-400">
                    <td colSpan={4} className="px-2 py-0.5 text-center italic">
                      ⋯ {r.count.toLocaleString()} unchanged line{r.count === 1 ? "" : "s"} ⋯
                    </td>
                  </tr>
                ) : (
                  <tr key={i} data-op={r.line.op} className={rowStyle[r.line.op] ?? ""}>
                    <td className="w-10 px-1 text-right text-slate-400 select-none">{r.line.old || ""}</td>
                    <td className="w-10 px-1 text-right text-slate-400 select-none">{r.line.new || ""}</td>
                    <td aria-hidden="true" className={`w-4 text-center font-bold select-none ${signStyle[r.line.op] ?? ""}`}>
                      {gutterSign(r.line.op)}
                    </td>
                    <td className="pr-2 break-all whitespace-pre-wrap">
                      <span className="sr-only">{r.line.op === "insert" ? "added: " : r.line.op === "delete" ? "removed: " : ""}</span>
                      {r.line.text || " "}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
          {!all && rows.length > MAX_ROWS && (
            <div className="border-t border-slate-200 p-2 text-center dark:border-slate-700">
              <Button className="text-xs" onClick={() => setAll(true)}>
                Show all {rows.length.toLocaleString()} rows
              </Button>
            </div>
          )}
        </div>
      )}
    </figure>
  );
}
