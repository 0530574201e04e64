import { useId, useState } from "react";
import { Link } from "react-router";
import { Button, buttonClass } from "../../components/ui/Button";
import { ErrorNotice, Loading } from "../../components/ui/States";
import type { Step, StepRef, StepUpdate } from "../../lib/api/triage";
import { useIncident } from "../incidents/hooks";
import { ConfirmDelete } from "./Confirm";
import { Factors } from "./Factors";
import { StepEditor, dropDraft, emptyDraft, hasDraft, type LogChoice, type StepDraft } from "./StepEditor";
import { WhysProgress } from "./WhysProgress";
import { useMoveFocus, type MoveFocus } from "./moveFocus";
import { moved, useAddStep, useDeleteStep, useMarkRootCause, useReorderSteps, useUpdateStep, useWhysState } from "./hooks";

export interface WhysPanelProps {
  issueId: string;
  /** Level of the "5 Whys" heading: 2 (default) on its own, 3 inside another section. */
  headingLevel?: 2 | 3;
}

/**
 * The incident's 5 Whys: progress, the steps (edit, add, delete, reorder, root cause), their
 * cited log lines and the contributing factors. Everything works by hand, with no AI provider.
 */
export function WhysPanel({ issueId, headingLevel = 2 }: WhysPanelProps) {
  const Heading = headingLevel === 3 ? "h3" : "h2";
  const Sub = headingLevel === 3 ? "h4" : "h3";
  const headingId = useId();
  const state = useWhysState(issueId);
  const detail = useIncident(issueId);
  const logs: LogChoice[] = (detail.data?.logFiles ?? []).map((l) => ({ id: l.id, fileName: l.fileName }));

  let body;
  if (state.error) body = <ErrorNotice error={state.error} />;
  else if (!state.data) body = <Loading label="Loading the 5 Whys…" />;
  else
    body = (
      <>
        <WhysProgress progress={state.data.progress} />
        <Steps issueId={issueId} steps={state.data.steps} logs={logs} subheading={Sub} />
        <Factors issueId={issueId} factors={state.data.factors} heading={Sub} />
      </>
    );

  return (
    <section aria-labelledby={headingId} data-testid="whys-panel" className="min-w-0">
      <Heading id={headingId} className="text-lg font-semibold">
        5 Whys
      </Heading>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Ask why the problem happened, then why that happened, until you reach the root cause.
      </p>
      {body}
    </section>
  );
}

function Steps({ issueId, steps, logs, subheading }: { issueId: string; steps: Step[]; logs: LogChoice[]; subheading: "h3" | "h4" }) {
  const reorder = useReorderSteps(issueId);
  const mark = useMarkRootCause(issueId);
  const remove = useDeleteStep(issueId);
  const [toDelete, setToDelete] = useState<Step | null>(null);
  const [focusMove, setFocusMove] = useState<MoveFocus | null>(null);
  const ids = steps.map((s) => s.id);

  return (
    <>
      {steps.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No whys yet. Start with the problem: “Why did … happen?” — write it below, or work it out in the Triage chat.
        </p>
      ) : (
        <ol aria-label="Whys" className="mt-4 space-y-3">
          {steps.map((s, i) => (
            <StepItem
              key={s.id}
              issueId={issueId}
              step={s}
              n={i + 1}
              first={i === 0}
              last={i === steps.length - 1}
              logs={logs}
              busy={mark.isPending}
              focusMove={focusMove}
              onMove={(d) => {
                const next = moved(ids, i, d);
                if (!next || reorder.isPending) return;
                setFocusMove((f) => ({ id: s.id, dir: d, seq: (f?.seq ?? 0) + 1 }));
                reorder.mutate(next);
              }}
              onRootCause={() => mark.mutate(s.isRootCause ? "" : s.id)}
              onDelete={() => {
                remove.reset();
                setToDelete(s);
              }}
            />
          ))}
        </ol>
      )}
      <AddStep issueId={issueId} next={steps.length + 1} logs={logs} heading={subheading} />
      <ConfirmDelete
        open={toDelete !== null}
        title={`Delete why ${toDelete?.order ?? ""}?`}
        confirmLabel="Delete why"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onClose={() => setToDelete(null)}
        onConfirm={() => {
          if (!toDelete) return;
          remove.mutate(toDelete.id, {
            onSuccess: () => {
              dropDraft(toDelete.id);
              setToDelete(null);
            },
          });
        }}
      >
        <p className="break-words">“{toDelete?.question}”</p>
        <p className="mt-2">
          Its answer and evidence are deleted too; the whys after it move up one level.
          {toDelete?.isRootCause && " It is marked as the root cause: the incident will have none."}
        </p>
      </ConfirmDelete>
    </>
  );
}

function sameRefs(a: StepRef[], b: StepRef[]) {
  return a.length === b.length && a.every((r, i) => r.logId === b[i]?.logId && r.line === b[i]?.line);
}

/** changes returns only the fields that differ from the stored step. */
export function changes(step: Step, d: StepDraft): StepUpdate {
  const out: StepUpdate = {};
  if (d.question.trim() !== step.question) out.question = d.question;
  if (d.answer !== step.answer) out.answer = d.answer;
  if (d.evidence !== step.evidence) out.evidence = d.evidence;
  if (!sameRefs(d.evidenceRefs, step.evidenceRefs)) out.evidenceRefs = d.evidenceRefs;
  return out;
}

function StepItem({
  issueId,
  step,
  n,
  first,
  last,
  logs,
  busy,
  focusMove,
  onMove,
  onRootCause,
  onDelete,
}: {
  issueId: string;
  step: Step;
  n: number;
  first: boolean;
  last: boolean;
  logs: LogChoice[];
  busy: boolean;
  focusMove: MoveFocus | null;
  onMove: (delta: -1 | 1) => void;
  onRootCause: () => void;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(() => hasDraft(step.id));
  // After Save / Cancel, the keyboard focus goes back to this step's Edit button.
  const [refocus, setRefocus] = useState(false);
  const close = () => {
    setEditing(false);
    setRefocus(true);
  };
  const update = useUpdateStep(issueId);
  const titleId = useId();
  const label = `Why ${n}`;
  const [upRef, downRef] = useMoveFocus(focusMove, step.id, first, last, n);

  const frame = step.isRootCause
    ? "border-emerald-400 ring-1 ring-emerald-400 dark:border-emerald-600 dark:ring-emerald-600"
    : editing
      ? "border-blue-300 dark:border-blue-800"
      : "border-slate-200 dark:border-slate-800";

  return (
    <li aria-labelledby={titleId} data-testid="why-step" className={`rounded-lg border bg-white p-4 dark:bg-slate-900 ${frame}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span
          id={titleId}
          className="rounded-md bg-blue-50 px-2 py-0.5 text-xs font-semibold text-blue-800 ring-1 ring-blue-200 ring-inset dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-900"
        >
          {label}
        </span>
        {step.source === "ai" && (
          <span
            className="rounded-full bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-800 ring-1 ring-violet-200 ring-inset dark:bg-violet-950 dark:text-violet-200 dark:ring-violet-900"
            title="Written by the AI model from a chat answer; you can edit it"
          >
            from AI
          </span>
        )}
        {step.isRootCause && (
          <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-semibold text-emerald-800 ring-1 ring-emerald-300 ring-inset dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800">
            Root cause{step.rootCauseBy === "ai" ? " (suggested by AI)" : ""}
          </span>
        )}
        {!editing && (
          <div className="ml-auto flex flex-wrap gap-1">
            <button
              type="button"
              ref={upRef}
              className={`${buttonClass("ghost")} px-2`}
              aria-label={`Move why ${n} up`}
              title="Move up"
              disabled={first}
              onClick={() => onMove(-1)}
            >
              ↑
            </button>
            <button
              type="button"
              ref={downRef}
              className={`${buttonClass("ghost")} px-2`}
              aria-label={`Move why ${n} down`}
              title="Move down"
              disabled={last}
              onClick={() => onMove(1)}
            >
              ↓
            </button>
            <Button variant="ghost" aria-label={`Edit why ${n}`} autoFocus={refocus} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              variant="ghost"
              aria-label={step.isRootCause ? `Unmark root cause (why ${n})` : `Mark as root cause (why ${n})`}
              aria-pressed={step.isRootCause}
              disabled={busy}
              onClick={onRootCause}
              className="text-emerald-800 dark:text-emerald-300"
            >
              {step.isRootCause ? "Unmark root cause" : "Mark as root cause"}
            </Button>
            <Button variant="ghost" aria-label={`Delete why ${n}`} onClick={onDelete} className="text-red-700 dark:text-red-300">
              Delete
            </Button>
          </div>
        )}
      </div>

      {editing ? (
        <div className="mt-3">
          <StepEditor
            draftKey={step.id}
            label={label}
            initial={{ question: step.question, answer: step.answer, evidence: step.evidence, evidenceRefs: step.evidenceRefs }}
            logs={logs}
            submitLabel="Save"
            pending={update.isPending}
            error={update.error?.message ?? null}
            onCancel={() => {
              dropDraft(step.id);
              update.reset();
              close();
            }}
            onSave={(d) => {
              const diff = changes(step, d);
              const done = () => {
                dropDraft(step.id);
                close();
              };
              if (Object.keys(diff).length === 0) {
                done();
                return;
              }
              update.mutate({ id: step.id, update: diff }, { onSuccess: done });
            }}
          />
        </div>
      ) : (
        <StepView issueId={issueId} step={step} logs={logs} />
      )}
    </li>
  );
}

/** readableEvidence shows a model's "log:<id>#L<n>" citations as "<file name>:<n>". */
export function readableEvidence(text: string, names: ReadonlyMap<string, string>): string {
  return text.replace(/log:([A-Za-z0-9-]+)#L(\d+)/g, (all, id: string, line: string) => {
    const name = names.get(id);
    return name === undefined ? all : `${name}:${line}`;
  });
}

function StepView({ issueId, step, logs }: { issueId: string; step: Step; logs: LogChoice[] }) {
  const names = new Map(logs.map((l) => [l.id, l.fileName]));
  return (
    <div className="mt-2 space-y-2 text-sm">
      <p className="font-medium break-words" data-testid="why-question">
        {step.question}
      </p>
      {step.answer ? (
        <p className="break-words whitespace-pre-wrap text-slate-800 dark:text-slate-200" data-testid="why-answer">
          {step.answer}
        </p>
      ) : (
        <p className="text-slate-500 italic dark:text-slate-400">No answer yet.</p>
      )}
      {step.evidence && (
        <div>
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Evidence</p>
          <p className="mt-0.5 rounded bg-slate-50 p-2 font-mono text-xs break-words whitespace-pre-wrap dark:bg-slate-950">
            {readableEvidence(step.evidence, names)}
          </p>
        </div>
      )}
      {step.evidenceRefs.length > 0 && (
        <div>
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Cited lines</p>
          <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
            {step.evidenceRefs.map((r) => {
              const name = names.get(r.logId);
              return (
                <li key={`${r.logId}:${r.line}`}>
                  {name !== undefined ? (
                    <Link
                      to={`/incidents/${encodeURIComponent(issueId)}/logs/${encodeURIComponent(r.logId)}?line=${r.line}`}
                      title="Open in the log viewer at this line"
                      className="font-mono text-xs text-blue-700 hover:underline dark:text-blue-300"
                    >
                      {name} line {r.line}
                    </Link>
                  ) : (
                    <span className="font-mono text-xs text-slate-500 dark:text-slate-400" title="The log is no longer attached">
                      removed log, line {r.line}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}

function AddStep({ issueId, next, logs, heading: Heading }: { issueId: string; next: number; logs: LogChoice[]; heading: "h3" | "h4" }) {
  const key = `new:${issueId}`;
  const [open, setOpen] = useState(() => hasDraft(key));
  // After adding or cancelling, the keyboard focus goes back to the "Add why" button.
  const [refocus, setRefocus] = useState(false);
  const close = () => {
    setOpen(false);
    setRefocus(true);
  };
  const add = useAddStep(issueId);
  const label = `Why ${next}`;

  if (!open) {
    return (
      <div className="mt-3">
        <Button onClick={() => setOpen(true)} autoFocus={refocus}>
          <span aria-hidden="true">+</span> Add why {next}
        </Button>
      </div>
    );
  }
  return (
    <div className="mt-3 rounded-lg border border-blue-300 bg-white p-4 dark:border-blue-800 dark:bg-slate-900">
      <Heading className="mb-2 text-sm font-semibold">New step: {label}</Heading>
      <StepEditor
        draftKey={key}
        label={`New ${label.toLowerCase()}`}
        initial={emptyDraft}
        logs={logs}
        submitLabel="Add step"
        pending={add.isPending}
        error={add.error?.message ?? null}
        onCancel={() => {
          dropDraft(key);
          add.reset();
          close();
        }}
        onSave={(d) =>
          add.mutate(
            { ...d, question: d.question.trim() },
            {
              onSuccess: () => {
                dropDraft(key);
                add.reset();
                close();
              },
            },
          )
        }
      />
    </div>
  );
}
