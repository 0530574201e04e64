import { useId, useState, type FormEvent } from "react";
import { Button } from "../../components/ui/Button";
import { Field, Input, Select, Textarea, labelClass } from "../../components/ui/Field";
import type { StepRef } from "../../lib/api/triage";

export interface StepDraft {
  question: string;
  answer: string;
  evidence: string;
  evidenceRefs: StepRef[];
}

export const emptyDraft: StepDraft = { question: "", answer: "", evidence: "", evidenceRefs: [] };

/** A log of the incident that can be cited. */
export interface LogChoice {
  id: string;
  fileName: string;
}

// Unsaved step edits survive re-renders, refetches and leaving the page (in memory only, for
// this session): keyed by step id, or "new:<issue id>" for the step being added.
const drafts = new Map<string, StepDraft>();

export function hasDraft(key: string): boolean {
  return drafts.has(key);
}

export function dropDraft(key: string) {
  drafts.delete(key);
}

interface StepEditorProps {
  /** Where the unsaved text is kept. */
  draftKey: string;
  initial: StepDraft;
  /** "Why 3": names the fields for assistive technology. */
  label: string;
  logs: LogChoice[];
  submitLabel: string;
  pending: boolean;
  /** The last save's failure, shown beside the form; the text stays. */
  error: string | null;
  onSave: (draft: StepDraft) => void;
  onCancel: () => void;
}

/** The form of one step: question, answer, evidence and cited log lines, with Save / Cancel. */
export function StepEditor({ draftKey, initial, label, logs, submitLabel, pending, error, onSave, onCancel }: StepEditorProps) {
  const id = useId();
  const [values, setValues] = useState<StepDraft>(() => drafts.get(draftKey) ?? initial);
  const [restored] = useState(() => drafts.has(draftKey));
  const [problem, setProblem] = useState<string | null>(null);

  const change = (patch: Partial<StepDraft>) =>
    setValues((v) => {
      const next = { ...v, ...patch };
      drafts.set(draftKey, next);
      return next;
    });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (pending) return;
    if (values.question.trim() === "") {
      setProblem("Write the question (“Why …?”) first.");
      return;
    }
    setProblem(null);
    onSave(values);
  };

  const message = problem ?? (error ? `Not saved: ${error} Your text is kept.` : null);
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`${label}: edit`}
      className="space-y-3"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !pending) {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          submit();
        }
      }}
    >
      {restored && <p className="text-sm text-amber-800 dark:text-amber-200">Your unsaved edits were restored.</p>}
      <Field id={`${id}-q`} label="Question">
        <Input
          id={`${id}-q`}
          value={values.question}
          onChange={(e) => change({ question: e.target.value })}
          placeholder="Why did …?"
          maxLength={1000}
          disabled={pending}
          aria-invalid={problem !== null}
          autoFocus
        />
      </Field>
      <Field id={`${id}-a`} label="Answer">
        <Textarea
          id={`${id}-a`}
          rows={3}
          value={values.answer}
          onChange={(e) => change({ answer: e.target.value })}
          placeholder="Because …"
          disabled={pending}
        />
      </Field>
      <Field id={`${id}-e`} label="Evidence" hint="What shows it: log excerpts, metrics, links.">
        <Textarea
          id={`${id}-e`}
          rows={2}
          value={values.evidence}
          onChange={(e) => change({ evidence: e.target.value })}
          disabled={pending}
          className="font-mono text-xs"
        />
      </Field>
      <CitationEditor refs={values.evidenceRefs} logs={logs} disabled={pending} onChange={(evidenceRefs) => change({ evidenceRefs })} />
      {message && (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {message}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <span className="text-xs text-slate-500 dark:text-slate-400">Ctrl+Enter saves · Esc cancels</span>
      </div>
    </form>
  );
}

function sameRef(a: StepRef, b: StepRef) {
  return a.logId === b.logId && a.line === b.line;
}

/** The cited log lines of a step: add (log + line) and remove. */
function CitationEditor({
  refs,
  logs,
  disabled,
  onChange,
}: {
  refs: StepRef[];
  logs: LogChoice[];
  disabled: boolean;
  onChange: (refs: StepRef[]) => void;
}) {
  const id = useId();
  const [logId, setLogId] = useState("");
  const [line, setLine] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const names = new Map(logs.map((l) => [l.id, l.fileName]));
  const chosen = logs.some((l) => l.id === logId) ? logId : (logs[0]?.id ?? "");

  const add = () => {
    const n = Number(line.trim());
    if (!Number.isInteger(n) || n < 1) {
      setProblem("Enter a line number of 1 or more.");
      return;
    }
    setProblem(null);
    const ref = { logId: chosen, line: n };
    if (!refs.some((r) => sameRef(r, ref))) onChange([...refs, ref]);
    setLine("");
  };

  return (
    <fieldset>
      <legend className={labelClass}>Cited log lines</legend>
      {refs.length > 0 && (
        <ul className="mt-1 flex flex-wrap gap-1.5">
          {refs.map((r) => {
            const name = `${names.get(r.logId) ?? "removed log"} line ${r.line}`;
            return (
              <li
                key={`${r.logId}:${r.line}`}
                className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300"
              >
                {name}
                <button
                  type="button"
                  disabled={disabled}
                  onClick={() => onChange(refs.filter((x) => !sameRef(x, r)))}
                  aria-label={`Remove citation ${name}`}
                  className="rounded-full px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-slate-700 dark:hover:text-slate-100"
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {logs.length === 0 ? (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Add a log to this incident to cite its lines.</p>
      ) : (
        <div className="mt-1 flex flex-wrap items-end gap-2">
          <div className="w-56">
            <label htmlFor={`${id}-log`} className="sr-only">
              Log to cite
            </label>
            <Select id={`${id}-log`} value={chosen} onChange={(e) => setLogId(e.target.value)} disabled={disabled}>
              {logs.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.fileName}
                </option>
              ))}
            </Select>
          </div>
          <div className="w-28">
            <label htmlFor={`${id}-line`} className="sr-only">
              Line to cite
            </label>
            <Input
              id={`${id}-line`}
              inputMode="numeric"
              placeholder="Line"
              value={line}
              onChange={(e) => {
                setLine(e.target.value);
                setProblem(null);
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
                  e.preventDefault();
                  add();
                }
              }}
              disabled={disabled}
              aria-invalid={problem !== null}
            />
          </div>
          <Button onClick={add} disabled={disabled}>
            Add citation
          </Button>
        </div>
      )}
      {problem && <p className="mt-1 text-xs font-medium text-red-700 dark:text-red-300">{problem}</p>}
    </fieldset>
  );
}
