import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, Input, Textarea } from "../../components/ui/Field";
import { onFileDrop } from "../../lib/api/runtime";
import type { LogFile, LogInfo } from "../../lib/api/types";
import { formatBytes, formatDateTime } from "../../lib/format";
import { toast } from "../../lib/toast";
import {
  useAddLogText,
  useAddLogs,
  useCancelLogJob,
  useDeleteLog,
  useLogInfos,
  useLogIngest,
  usePickLogFiles,
} from "./hooks";
import { setIngestError } from "./ingest";
import { JobProgress } from "./JobProgress";
import { LogReviewState } from "../review/LogReviewState";
import { useReviewSummaries } from "../review/hooks";

/** The incident's logs: add (files or pasted text), follow progress, open, remove. */
export function LogsSection({ issueId, logFiles }: { issueId: string; logFiles: readonly LogFile[] }) {
  const ingest = useLogIngest(issueId);
  const pick = usePickLogFiles();
  const add = useAddLogs(issueId);
  const cancel = useCancelLogJob(issueId);
  const [pasting, setPasting] = useState(false);
  const busy = ingest.job !== null || pick.isPending || add.isPending;

  // Files dropped on the section start the same ingest as the dialog. The handler is registered
  // once per mount; it reads the latest state through a ref.
  const dropRef = useRef<(paths: string[]) => void>(() => {});
  useEffect(() => {
    dropRef.current = (paths) => {
      if (paths.length === 0) return;
      if (busy) {
        toast.info("Logs are still being added: drop the files again when it has finished");
        return;
      }
      setIngestError(issueId, null);
      add.mutate(paths);
    };
  });
  useEffect(() => onFileDrop((paths) => dropRef.current(paths)), []);

  const addFiles = () => {
    if (busy) return;
    setIngestError(issueId, null);
    pick.mutate(undefined, {
      onSuccess: (paths) => {
        if (paths.length > 0) add.mutate(paths);
      },
      onError: (err) => setIngestError(issueId, err.message),
    });
  };

  return (
    <section
      aria-labelledby="logs-heading"
      data-testid="logs-drop-zone"
      className="log-drop-zone -mx-3 mt-8 rounded-lg border-2 border-dashed border-transparent px-2.5 py-2"
      style={{ ["--wails-drop-target" as string]: "drop" }}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="logs-heading" className="text-lg font-semibold">
          Logs
        </h2>
        <div className="flex flex-wrap gap-2">
          <Button onClick={addFiles} disabled={busy}>
            Add log files…
          </Button>
          <Button onClick={() => setPasting(true)} disabled={busy}>
            Paste log
          </Button>
        </div>
      </div>

      {ingest.job && (
        <JobProgress
          job={ingest.job}
          cancelling={ingest.cancelling}
          onCancel={() => {
            if (ingest.job) cancel.mutate(ingest.job.id);
          }}
        />
      )}
      {ingest.error && (
        <p
          role="alert"
          className="mt-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          No logs were added: {ingest.error}
        </p>
      )}

      <LogList issueId={issueId} logFiles={logFiles} />
      {/* Shown only while files are dragged over the section (where the platform supports dropping). */}
      <p className="log-drop-hint mt-2 text-sm font-medium text-blue-800 dark:text-blue-200">Drop the files to add them to this incident</p>

      <PasteDialog issueId={issueId} open={pasting} onClose={() => setPasting(false)} />
    </section>
  );
}

function textNotes(info: LogInfo | undefined): string {
  if (!info) return "";
  const notes: string[] = [];
  if (info.invalidUtf8 > 0) notes.push(`${info.invalidUtf8.toLocaleString()} invalid UTF-8 replaced`);
  if (info.splitLines > 0) notes.push(`${info.splitLines.toLocaleString()} long lines split`);
  return notes.join(" · ");
}

function LogList({ issueId, logFiles }: { issueId: string; logFiles: readonly LogFile[] }) {
  const infos = useLogInfos(logFiles.map((f) => f.id));
  const summaries = useReviewSummaries(logFiles.map((f) => f.id));
  const [removing, setRemoving] = useState<LogFile | null>(null);
  const remove = useDeleteLog(issueId);

  const close = () => {
    setRemoving(null);
    remove.reset();
  };

  if (logFiles.length === 0) {
    return <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">No logs yet. Add log files or paste a log.</p>;
  }
  return (
    <>
      <ul className="mt-3 divide-y divide-slate-200 rounded-md border border-slate-200 bg-white text-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {logFiles.map((f, i) => {
          const info = infos[i]?.data;
          const notes = textNotes(info);
          return (
            <li key={f.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-3 py-2">
              <div className="min-w-0 flex-1">
                <Link
                  to={`/incidents/${issueId}/logs/${f.id}`}
                  className="font-medium break-all text-blue-700 hover:underline dark:text-blue-300"
                >
                  {f.fileName}
                </Link>
                <div className="text-xs text-slate-500 dark:text-slate-400">
                  {formatBytes(f.fileSize)}
                  {info ? ` · ${info.lines.toLocaleString()} ${info.lines === 1 ? "line" : "lines"}` : ""}
                  {` · ${formatDateTime(f.uploadedAt)}`}
                  {notes && <span className="text-amber-700 dark:text-amber-300"> · {notes}</span>}
                </div>
              </div>
              <LogReviewState issueId={issueId} logId={f.id} fileName={f.fileName} summary={summaries[i]?.data} />
              <Button variant="ghost" onClick={() => setRemoving(f)} aria-label={`Remove log ${f.fileName}`}>
                Remove
              </Button>
            </li>
          );
        })}
      </ul>
      <Dialog
        open={removing !== null}
        title="Remove this log?"
        onClose={close}
        actions={
          <>
            <Button onClick={close} autoFocus>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={remove.isPending}
              onClick={() => {
                if (!removing) return;
                const name = removing.fileName;
                remove.mutate(removing.id, {
                  onSuccess: () => {
                    setRemoving(null);
                    toast.success(`Removed log “${name}”`);
                  },
                });
              }}
            >
              Remove log
            </Button>
          </>
        }
      >
        <p>
          “<strong className="break-all">{removing?.fileName}</strong>” will be removed from this incident. The original file on
          disk is not touched.
        </p>
        {remove.error && (
          <p role="alert" className="mt-3 font-medium text-red-700 dark:text-red-300">
            Not removed: {remove.error.message}
          </p>
        )}
      </Dialog>
    </>
  );
}

const DEFAULT_PASTE_NAME = "pasted.log";

function PasteDialog({ issueId, open, onClose }: { issueId: string; open: boolean; onClose: () => void }) {
  const add = useAddLogText(issueId);
  const [name, setName] = useState(DEFAULT_PASTE_NAME);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const nameId = useId();
  const textId = useId();

  const close = () => {
    if (add.isPending) return;
    setProblem(null);
    add.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (add.isPending) return;
    const n = name.trim();
    if (n === "") return setProblem("Give the log a name.");
    if (text.trim() === "") return setProblem("Paste some log text.");
    setProblem(null);
    add.mutate(
      { name: n, text },
      {
        onSuccess: () => {
          setName(DEFAULT_PASTE_NAME);
          setText("");
          add.reset();
          onClose();
        },
      },
    );
  };

  const formId = `${nameId}-form`;
  const message = problem ?? add.error?.message ?? null;
  return (
    <Dialog
      open={open}
      title="Paste a log"
      onClose={close}
      actions={
        <>
          <Button onClick={close} disabled={add.isPending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" disabled={add.isPending} aria-busy={add.isPending}>
            Add log
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="space-y-3">
        <Field id={nameId} label="Log name">
          <Input id={nameId} value={name} onChange={(e) => setName(e.target.value)} disabled={add.isPending} autoFocus />
        </Field>
        <Field id={textId} label="Log text">
          <Textarea
            id={textId}
            rows={10}
            value={text}
            onChange={(e) => setText(e.target.value)}
            disabled={add.isPending}
            spellCheck={false}
            className="font-mono text-xs"
          />
        </Field>
        {message && (
          <p role="alert" className="font-medium text-red-700 dark:text-red-300">
            {message}
          </p>
        )}
      </form>
    </Dialog>
  );
}
