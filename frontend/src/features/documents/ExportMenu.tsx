import { useEffect, useId, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { documentsApi, type ExportFormat } from "../../lib/api/documents";
import { toAppError } from "../../lib/api/errors";
import { formatBytes } from "../../lib/format";
import { toast } from "../../lib/toast";
import { invalidateTimeline } from "../timeline/hooks";

export const formats: { id: ExportFormat; label: string; ext: string }[] = [
  { id: "md", label: "Markdown", ext: ".md" },
  { id: "html", label: "HTML", ext: ".html" },
  { id: "pdf", label: "PDF", ext: ".pdf" },
];

/** baseName returns the last element of a path (either separator). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * Export: Markdown, HTML or PDF. Editing never disables it: the pending save is flushed first,
 * then the saved version is written to the file chosen in the save dialog. An existing file is
 * replaced only after asking.
 */
export function ExportMenu({ docId, issueId, flush }: { docId: string; issueId: string; flush: () => Promise<void> }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [replace, setReplace] = useState<{ format: ExportFormat; path: string } | null>(null);
  const [replaceError, setReplaceError] = useState<string | null>(null);
  const menuId = useId();
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    wrap.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const done = (path: string, bytes: number, format: ExportFormat) => {
    toast.success(`Exported ${formats.find((f) => f.id === format)?.label ?? format} (${formatBytes(bytes)}) to ${path}`);
    void invalidateTimeline(qc, issueId);
  };

  const write = async (format: ExportFormat, path: string, overwrite: boolean) => {
    const r = await documentsApi.export(docId, { format, path, overwrite });
    done(r.path || path, r.bytes, format);
  };

  const start = async (format: ExportFormat) => {
    setOpen(false);
    if (busy) return;
    setBusy(format);
    try {
      try {
        await flush();
      } catch (err) {
        toast.error(`Not exported: your latest edits could not be saved (${toAppError(err).message}). They are still in the editor; retry saving, then export.`);
        return;
      }
      const path = await documentsApi.chooseExportPath(docId, format);
      if (!path) return; // cancelled
      try {
        await write(format, path, false);
      } catch (err) {
        const e = toAppError(err);
        if (e.code !== "exists") throw e;
        setReplaceError(null);
        setReplace({ format, path });
      }
    } catch (err) {
      toast.error(`Not exported: ${toAppError(err).message}`);
    } finally {
      setBusy(null);
    }
  };

  const confirmReplace = async () => {
    if (!replace || busy) return;
    setBusy(replace.format);
    try {
      await write(replace.format, replace.path, true);
      setReplace(null);
    } catch (err) {
      setReplaceError(toAppError(err).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div ref={wrap} className="relative">
      <Button
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-busy={busy !== null}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {busy ? "Exporting…" : "Export"} <span aria-hidden="true">▾</span>
      </Button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label="Export as"
          className="absolute right-0 z-20 mt-1 w-44 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200 dark:bg-slate-800 dark:ring-slate-700"
          onKeyDown={(e) => {
            const items = [...(wrap.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
            const i = items.indexOf(document.activeElement as HTMLElement);
            if (e.key === "Escape") {
              e.preventDefault();
              setOpen(false);
              wrap.current?.querySelector<HTMLButtonElement>("button[aria-haspopup]")?.focus();
            } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              const n = items.length;
              items[(i + (e.key === "ArrowDown" ? 1 : n - 1)) % n]?.focus();
            }
          }}
        >
          {formats.map((f) => (
            <button
              key={f.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="flex w-full items-center justify-between px-3 py-1.5 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus:outline-none dark:hover:bg-slate-700 dark:focus:bg-slate-700"
              onClick={() => void start(f.id)}
            >
              {f.label}
              <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{f.ext}</span>
            </button>
          ))}
        </div>
      )}
      <Dialog
        open={replace !== null}
        title={`Replace ${replace ? baseName(replace.path) : ""}?`}
        onClose={() => busy === null && setReplace(null)}
        actions={
          <>
            <Button onClick={() => setReplace(null)} disabled={busy !== null} autoFocus>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => void confirmReplace()} disabled={busy !== null} aria-busy={busy !== null}>
              Replace
            </Button>
          </>
        }
      >
        <p>
          A file named “<strong className="break-all">{replace ? baseName(replace.path) : ""}</strong>” already exists in{" "}
          <span className="font-mono text-xs break-all">{replace ? replace.path.slice(0, replace.path.length - baseName(replace.path).length) || "." : ""}</span>.
          Replacing it overwrites its contents.
        </p>
        {replaceError && (
          <p role="alert" className="mt-3 font-medium text-red-700 dark:text-red-300">
            Not exported: {replaceError}
          </p>
        )}
      </Dialog>
    </div>
  );
}
