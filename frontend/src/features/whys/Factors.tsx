import { useId, useState, type FormEvent } from "react";
import { Button, buttonClass } from "../../components/ui/Button";
import { Textarea } from "../../components/ui/Field";
import type { Factor } from "../../lib/api/triage";
import { ConfirmDelete } from "./Confirm";
import { useMoveFocus, type MoveFocus } from "./moveFocus";
import { moved, useAddFactor, useDeleteFactor, useReorderFactors, useUpdateFactor } from "./hooks";

// Unsaved factor text (in memory, for this session): factor id, or "new:<issue id>".
const drafts = new Map<string, string>();

/** The incident's contributing factors: add, edit, delete, reorder. */
export function Factors({ issueId, factors, heading: Heading = "h3" }: { issueId: string; factors: Factor[]; heading?: "h3" | "h4" }) {
  const headingId = useId();
  const reorder = useReorderFactors(issueId);
  const remove = useDeleteFactor(issueId);
  const [toDelete, setToDelete] = useState<Factor | null>(null);
  const [focusMove, setFocusMove] = useState<MoveFocus | null>(null);
  const ids = factors.map((f) => f.id);

  const move = (i: number, delta: -1 | 1) => {
    const next = moved(ids, i, delta);
    const id = ids[i];
    if (!next || id === undefined || reorder.isPending) return;
    setFocusMove((f) => ({ id, dir: delta, seq: (f?.seq ?? 0) + 1 }));
    reorder.mutate(next);
  };

  return (
    <section aria-labelledby={headingId} className="mt-6">
      <Heading id={headingId} className="text-base font-semibold">
        Contributing factors
      </Heading>
      <p className="text-sm text-slate-600 dark:text-slate-400">Conditions that made the incident possible or worse, besides the root cause.</p>
      {factors.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">No contributing factors yet.</p>
      ) : (
        <ol aria-label="Contributing factors" className="mt-2 space-y-2">
          {factors.map((f, i) => (
            <FactorItem
              key={f.id}
              issueId={issueId}
              factor={f}
              n={i + 1}
              first={i === 0}
              last={i === factors.length - 1}
              focusMove={focusMove}
              onMove={(d) => move(i, d)}
              onDelete={() => {
                remove.reset();
                setToDelete(f);
              }}
            />
          ))}
        </ol>
      )}
      <AddFactor issueId={issueId} />
      <ConfirmDelete
        open={toDelete !== null}
        title="Delete this contributing factor?"
        confirmLabel="Delete factor"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onClose={() => setToDelete(null)}
        onConfirm={() => {
          if (!toDelete) return;
          remove.mutate(toDelete.id, {
            onSuccess: () => {
              drafts.delete(toDelete.id);
              setToDelete(null);
            },
          });
        }}
      >
        <p className="break-words whitespace-pre-wrap">“{toDelete?.text}”</p>
      </ConfirmDelete>
    </section>
  );
}

function FactorItem({
  issueId,
  factor,
  n,
  first,
  last,
  focusMove,
  onMove,
  onDelete,
}: {
  issueId: string;
  factor: Factor;
  n: number;
  first: boolean;
  last: boolean;
  focusMove: MoveFocus | null;
  onMove: (delta: -1 | 1) => void;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(() => drafts.has(factor.id));
  const update = useUpdateFactor(issueId);
  const name = `contributing factor ${n}`;
  const [upRef, downRef] = useMoveFocus(focusMove, factor.id, first, last, n);

  if (editing) {
    return (
      <li className="rounded-md border border-blue-300 bg-white p-3 dark:border-blue-800 dark:bg-slate-900">
        <FactorForm
          draftKey={factor.id}
          initial={factor.text}
          label={`Contributing factor ${n}`}
          submitLabel="Save"
          pending={update.isPending}
          error={update.error?.message ?? null}
          onCancel={() => {
            drafts.delete(factor.id);
            update.reset();
            setEditing(false);
          }}
          onSave={(text) => {
            if (text === factor.text) {
              drafts.delete(factor.id);
              setEditing(false);
              return;
            }
            update.mutate(
              { id: factor.id, text },
              {
                onSuccess: () => {
                  drafts.delete(factor.id);
                  setEditing(false);
                },
              },
            );
          }}
        />
      </li>
    );
  }
  return (
    <li
      data-testid="factor"
      className="flex flex-wrap items-start gap-x-3 gap-y-1 rounded-md border border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900"
    >
      <span className="mt-0.5 w-5 shrink-0 text-right text-sm text-slate-500 tabular-nums dark:text-slate-400">{n}.</span>
      <p className="min-w-[12rem] flex-1 text-sm break-words whitespace-pre-wrap">{factor.text}</p>
      <div className="ml-auto flex shrink-0 gap-1">
        <button
          type="button"
          ref={upRef}
          className={`${buttonClass("ghost")} px-2`}
          aria-label={`Move ${name} up`}
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
          aria-label={`Move ${name} down`}
          title="Move down"
          disabled={last}
          onClick={() => onMove(1)}
        >
          ↓
        </button>
        <Button variant="ghost" aria-label={`Edit ${name}`} onClick={() => setEditing(true)}>
          Edit
        </Button>
        <Button variant="ghost" aria-label={`Delete ${name}`} onClick={onDelete} className="text-red-700 dark:text-red-300">
          Delete
        </Button>
      </div>
    </li>
  );
}

function FactorForm({
  draftKey,
  initial,
  label,
  submitLabel,
  pending,
  error,
  onSave,
  onCancel,
}: {
  draftKey: string;
  initial: string;
  label: string;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSave: (text: string) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [text, setText] = useState(() => drafts.get(draftKey) ?? initial);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (pending) return;
    const t = text.trim();
    if (t === "") {
      setProblem("Write the factor first.");
      return;
    }
    setProblem(null);
    onSave(t);
  };
  const message = problem ?? (error ? `Not saved: ${error} Your text is kept.` : null);
  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-2"
      onKeyDown={(e) => {
        if (e.key === "Escape" && onCancel && !pending) {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        } else if (e.key === "Enter" && !e.shiftKey) {
          // Enter saves; Shift+Enter starts a new line.
          e.preventDefault();
          submit();
        }
      }}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <div className={onCancel ? "" : "flex items-start gap-2"}>
        <Textarea
          id={id}
          rows={onCancel ? 2 : 1}
          value={text}
          placeholder={onCancel ? undefined : "e.g. No alert on connection-pool saturation"}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
            if (e.target.value === initial) drafts.delete(draftKey);
            else drafts.set(draftKey, e.target.value);
          }}
          disabled={pending}
          aria-invalid={message !== null}
          autoFocus={onCancel !== undefined}
          className={onCancel ? "" : "min-h-[2.125rem] flex-1"}
        />
        {!onCancel && (
          <Button type="submit" disabled={pending} aria-busy={pending} className="shrink-0">
            {submitLabel}
          </Button>
        )}
      </div>
      {message && (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {message}
        </p>
      )}
      {onCancel && (
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={pending} aria-busy={pending}>
            {submitLabel}
          </Button>
          <Button onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        </div>
      )}
    </form>
  );
}

function AddFactor({ issueId }: { issueId: string }) {
  const add = useAddFactor(issueId);
  const key = `new:${issueId}`;
  // Remounted after each add so the field starts empty.
  const [round, setRound] = useState(0);
  return (
    <div className="mt-3">
      <FactorForm
        key={round}
        draftKey={key}
        initial=""
        label="New contributing factor"
        submitLabel="Add factor"
        pending={add.isPending}
        error={add.error?.message ?? null}
        onSave={(text) =>
          add.mutate(text, {
            onSuccess: () => {
              drafts.delete(key);
              add.reset();
              setRound((r) => r + 1);
            },
          })
        }
      />
    </div>
  );
}
