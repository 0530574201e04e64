import { useId, useState } from "react";
import { Link } from "react-router";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Input, labelClass } from "../../components/ui/Field";
import type { ChatAttachment } from "../../lib/api/chat";
import type { LogFile } from "../../lib/api/types";
import { redactionState, redactionStateText } from "../../lib/pii";
import { useLogInfos } from "../logs/hooks";
import { useReviewSummaries } from "../review/hooks";
import { lineRange } from "./model";

/**
 * Chooses lines of one of the incident's logs to send with the next message. Only logs whose
 * redaction is applied can be attached: the lines sent come from the applied redacted version.
 */
export function AttachLogDialog({
  issueId,
  logFiles,
  onAttach,
  onClose,
}: {
  issueId: string;
  logFiles: readonly LogFile[];
  onAttach: (a: ChatAttachment) => void;
  onClose: () => void;
}) {
  const ids = logFiles.map((f) => f.id);
  const summaries = useReviewSummaries(ids);
  const infos = useLogInfos(ids);
  const [chosen, setChosen] = useState<string>("");
  const [from, setFrom] = useState("1");
  const [to, setTo] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const fromId = useId();
  const toId = useId();
  const groupId = useId();

  const idx = ids.indexOf(chosen);
  const lines = idx >= 0 ? (infos[idx]?.data?.lines ?? 0) : 0;

  const choose = (id: string) => {
    setChosen(id);
    setProblem(null);
    const n = infos[ids.indexOf(id)]?.data?.lines ?? 0;
    setFrom("1");
    setTo(String(Math.max(1, Math.min(n, 50))));
  };

  const attach = () => {
    if (!chosen) {
      setProblem("Choose a log.");
      return;
    }
    const r = lineRange(from, to, lines);
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    onAttach({ logId: chosen, from: r.from, count: r.count });
  };

  return (
    <Dialog
      open
      title="Attach log lines"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={attach} disabled={!chosen}>
            Attach
          </Button>
        </>
      }
    >
      <p className="text-slate-600 dark:text-slate-400">
        The lines are sent with your next message, from the log’s applied redacted version.
      </p>
      {logFiles.length === 0 ? (
        <p className="mt-3">This incident has no logs yet.</p>
      ) : (
        <fieldset className="mt-3">
          <legend id={groupId} className={labelClass}>
            Log
          </legend>
          <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
            {logFiles.map((f, i) => {
              const s = summaries[i]?.data;
              const st = s ? redactionState(s) : null;
              const usable = !!s?.applied;
              const n = infos[i]?.data?.lines;
              return (
                <li key={f.id} className="px-3 py-2">
                  <label className={`flex items-start gap-2 ${usable ? "cursor-pointer" : "opacity-70"}`}>
                    <input
                      type="radio"
                      name={groupId}
                      value={f.id}
                      checked={chosen === f.id}
                      disabled={!usable}
                      onChange={() => choose(f.id)}
                      className="mt-1"
                    />
                    <span className="min-w-0">
                      <span className="block font-medium break-all">{f.fileName}</span>
                      <span className="block text-xs text-slate-500 dark:text-slate-400">
                        {n !== undefined ? `${n.toLocaleString()} ${n === 1 ? "line" : "lines"} · ` : ""}
                        {st ? redactionStateText(st) : "…"}
                        {s && !usable && " · apply its redaction before attaching it"}
                        {st?.kind === "pending" && " · the applied version is sent"}
                      </span>
                    </span>
                  </label>
                  {s && !usable && (
                    <Link
                      to={`/incidents/${issueId}/logs/${f.id}`}
                      className="ml-6 text-xs font-medium text-blue-700 hover:underline dark:text-blue-300"
                      aria-label={`Review ${f.fileName}`}
                    >
                      Review it
                    </Link>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      {chosen && (
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor={fromId} className={labelClass}>
              First line
            </label>
            <Input id={fromId} inputMode="numeric" value={from} onChange={(e) => setFrom(e.target.value)} className="mt-1 w-28" />
          </div>
          <div>
            <label htmlFor={toId} className={labelClass}>
              Last line
            </label>
            <Input id={toId} inputMode="numeric" value={to} onChange={(e) => setTo(e.target.value)} className="mt-1 w-28" />
          </div>
          {lines > 0 && <p className="pb-2 text-xs text-slate-500 dark:text-slate-400">of {lines.toLocaleString()}</p>}
        </div>
      )}
      {problem && (
        <p role="alert" className="mt-3 font-medium text-red-700 dark:text-red-300">
          {problem}
        </p>
      )}
    </Dialog>
  );
}
