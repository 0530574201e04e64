import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { ErrorNotice, Loading } from "../../components/ui/States";
import type { VersionInfo } from "../../lib/api/documents";
import { formatBytes, formatDateTime, parseUtc } from "../../lib/format";
import { DiffView } from "./DiffView";
import { useDiff, useVersions } from "./hooks";

const sourceLabel: Record<string, string> = {
  generated: "Generated",
  edit: "Edited",
  restore: "Restored",
  import: "Imported",
  draft: "AI draft inserted",
  refresh: "Updated from the incident",
};

/**
 * The document's versions (newest first). Editor saves a few minutes apart extend the same
 * version (until it is exported or published), so the list reads as editing sessions. Selecting one shows its differences from the current
 * version; "Restore this version" makes it current again (as a new version: nothing is lost).
 */
export function HistoryPanel({
  docId,
  restoring,
  restoreError,
  onRestore,
}: {
  docId: string;
  restoring: boolean;
  restoreError: string | null;
  onRestore: (v: VersionInfo) => Promise<boolean>;
}) {
  const versions = useVersions(docId);
  const [selected, setSelected] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<VersionInfo | null>(null);
  const list = versions.data ?? [];
  const current = list.find((v) => v.current) ?? list[0];
  const chosen = list.find((v) => v.number === selected) ?? null;
  const diff = useDiff(docId, chosen?.number ?? 0, current?.number ?? 0, chosen !== null && current !== undefined && chosen.number !== current.number);

  if (versions.error) return <ErrorNotice error={versions.error} />;
  if (!versions.data) return <Loading label="Loading versions…" />;

  return (
    <div className="space-y-3">
      <ol aria-label="Versions" className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
        {list.map((v) => {
          const on = v.number === selected;
          return (
            <li key={v.number}>
              <button
                type="button"
                aria-pressed={on}
                aria-label={`Version ${v.number}${v.current ? " (current)" : ""}${v.published ? " (published)" : ""}`}
                onClick={() => setSelected(on ? null : v.number)}
                className={`flex w-full items-start justify-between gap-2 px-3 py-2 text-left text-sm ${on ? "bg-blue-50 dark:bg-blue-950/60" : "hover:bg-slate-50 dark:hover:bg-slate-800"}`}
              >
                <span className="min-w-0">
                  <span className="font-medium">Version {v.number}</span>{" "}
                  <span className="text-slate-500 dark:text-slate-400">· {sourceLabel[v.source] ?? v.source}</span>
                  <span className="block text-xs text-slate-500 dark:text-slate-400">
                    {formatDateTime(v.createdAt)}
                    {v.updatedAt !== v.createdAt && ` – ${formatTime(v.updatedAt)}`} · {formatBytes(v.bytes)}
                  </span>
                </span>
                <span className="flex shrink-0 flex-col items-end gap-1">
                  {v.current && <Pill className="bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-100">Current</Pill>}
                  {v.published && <Pill className="bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100">Published</Pill>}
                </span>
              </button>
            </li>
          );
        })}
      </ol>

      {chosen && current && (
        <div data-testid="version-detail" className="space-y-2">
          {chosen.number === current.number ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">This is the current version.</p>
          ) : (
            <>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h4 className="text-sm font-semibold">
                  Version {chosen.number} → current (version {current.number})
                </h4>
                <Button onClick={() => setConfirm(chosen)} disabled={restoring}>
                  Restore this version
                </Button>
              </div>
              {diff.error ? (
                <ErrorNotice error={diff.error} />
              ) : !diff.data || diff.data.from !== chosen.number ? (
                <Loading label="Comparing…" />
              ) : (
                <DiffView diff={diff.data} label={`Changes from version ${chosen.number} to version ${current.number}`} />
              )}
            </>
          )}
        </div>
      )}

      <Dialog
        open={confirm !== null}
        title={`Restore version ${confirm?.number ?? ""}?`}
        onClose={() => !restoring && setConfirm(null)}
        actions={
          <>
            <Button onClick={() => setConfirm(null)} disabled={restoring} autoFocus>
              Cancel
            </Button>
            <Button
              variant="primary"
              disabled={restoring}
              aria-busy={restoring}
              onClick={() => {
                if (!confirm) return;
                void onRestore(confirm).then((ok) => {
                  if (ok) {
                    setConfirm(null);
                    setSelected(null);
                  }
                });
              }}
            >
              Restore version {confirm?.number ?? ""}
            </Button>
          </>
        }
      >
        <p>
          The editor will show version {confirm?.number} ({formatDateTime(confirm?.createdAt)}). It is saved as a new version: the current text stays in
          the history and can be restored too.
        </p>
        {restoreError && (
          <p role="alert" className="mt-3 font-medium text-red-700 dark:text-red-300">
            Not restored: {restoreError}
          </p>
        )}
      </Dialog>
    </div>
  );
}

/** The time of day of a backend timestamp (the end of a version's editing session). */
function formatTime(s: string): string {
  const d = parseUtc(s);
  return d ? d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) : "";
}

function Pill({ children, className }: { children: string; className: string }) {
  return <span className={`rounded-full px-1.5 py-0.5 text-[11px] font-medium ${className}`}>{children}</span>;
}
