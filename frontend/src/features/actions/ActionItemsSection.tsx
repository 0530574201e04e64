import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Button, buttonClass } from "../../components/ui/Button";
import { Input, Select, controlClass } from "../../components/ui/Field";
import { ErrorNotice, Loading } from "../../components/ui/States";
import type { ActionItem, ActionOptions, ActionUpdate } from "../../lib/api/actions";
import { toAppError } from "../../lib/api/errors";
import { ConfirmDelete } from "../whys/Confirm";
import { useMoveFocus, type MoveFocus } from "../whys/moveFocus";
import { useActionItems, useActionOptions, useAddAction, useDeleteAction, useReorderActions, useUpdateAction } from "./hooks";
import {
  defaultOptions,
  emptyDraft,
  isOverdue,
  localDate,
  moveId,
  overdueText,
  plainMessage,
  priorityLabel,
  statusLabel,
  summary,
  toInput,
  type Draft,
} from "./model";

export interface ActionItemsSectionProps {
  issueId: string;
  /** The narrow layout of the document editor's side panel. */
  compact?: boolean;
}

// Layout of a row: a table-like grid on a wide page, a small card in a narrow one (the section
// is a size container) and always a card in compact mode.
const wideRow =
  "@4xl:grid-cols-[4.5rem_minmax(12rem,1fr)_9rem_9.5rem_7rem_8rem_2rem] @4xl:items-start @4xl:gap-x-2 @4xl:rounded-none @4xl:border-0 @4xl:border-b @4xl:px-1 @4xl:py-1.5";
const cardRow = "grid-cols-[auto_minmax(0,1fr)_minmax(0,1fr)] gap-x-2 gap-y-1.5 rounded-lg border px-2.5 py-2";
// Inputs of a row read as a table: faint borders, stronger on hover, the usual focus ring.
const quietControl =
  "border-slate-200! bg-transparent! shadow-none! hover:border-slate-400! focus:border-blue-600! dark:border-slate-800! dark:hover:border-slate-600! dark:focus:border-blue-400!";

/**
 * The incident's action items: what will be done so this does not happen again, by whom and by
 * when. Every field saves on its own (Enter or leaving the field; a choice at once); a failed
 * save keeps what was typed and says why beside the row.
 */
export function ActionItemsSection({ issueId, compact = false }: ActionItemsSectionProps) {
  const headingId = useId();
  const items = useActionItems(issueId);
  const options = useActionOptions();
  const today = localDate(new Date());
  const opts: ActionOptions = options.data ?? defaultOptions;

  return (
    <section
      aria-labelledby={headingId}
      data-testid="action-items"
      data-compact={compact ? "true" : "false"}
      className={compact ? "text-sm" : "@container mt-8"}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h2 id={headingId} className={compact ? "text-base font-semibold" : "text-lg font-semibold"}>
          Action items
        </h2>
        {items.data && items.data.length > 0 && (
          <p data-testid="action-items-summary" className="text-sm text-slate-600 dark:text-slate-400">
            {summary(items.data, today)}
          </p>
        )}
      </div>

      {items.error ? (
        <div className="mt-3">
          <ErrorNotice error={items.error} />
        </div>
      ) : !items.data ? (
        <Loading label="Loading the action items…" />
      ) : items.data.length === 0 ? (
        <p className="mt-3 rounded-md border border-dashed border-slate-300 p-3 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No action items yet. Action items are the follow-ups that keep this incident from happening again: what will be done, who owns
          it and by when. They are listed in the RCA and post-mortem documents.
        </p>
      ) : (
        <ItemList issueId={issueId} items={items.data} options={opts} today={today} compact={compact} />
      )}

      <AddForm issueId={issueId} options={opts} compact={compact} />
    </section>
  );
}

function ItemList({
  issueId,
  items,
  options,
  today,
  compact,
}: {
  issueId: string;
  items: ActionItem[];
  options: ActionOptions;
  today: string;
  compact: boolean;
}) {
  const reorder = useReorderActions(issueId);
  const remove = useDeleteAction(issueId);
  const [toDelete, setToDelete] = useState<ActionItem | null>(null);
  const [focusMove, setFocusMove] = useState<MoveFocus | null>(null);
  const ids = items.map((it) => it.id);

  return (
    <>
      {!compact && (
        <div
          aria-hidden="true"
          className="mt-3 hidden grid-cols-[4.5rem_minmax(12rem,1fr)_9rem_9.5rem_7rem_8rem_2rem] gap-x-2 border-b border-slate-200 px-1 pb-1 text-xs font-medium text-slate-500 @4xl:grid dark:border-slate-800 dark:text-slate-400"
        >
          <span>Order</span>
          <span className="pl-2.5">Title</span>
          <span className="pl-2.5">Owner</span>
          <span className="pl-2.5">Due</span>
          <span className="pl-2.5">Priority</span>
          <span className="pl-2.5">Status</span>
          <span />
        </div>
      )}
      <ol aria-label="Action items" className={compact ? "mt-2 space-y-2" : "mt-3 space-y-2 @4xl:mt-0 @4xl:space-y-0"}>
        {items.map((it, i) => (
          <ActionRow
            key={it.id}
            issueId={issueId}
            item={it}
            n={i + 1}
            first={i === 0}
            last={i === items.length - 1}
            options={options}
            today={today}
            compact={compact}
            focusMove={focusMove}
            onMove={(d) => {
              const next = moveId(ids, i, d);
              if (!next) return;
              setFocusMove((f) => ({ id: it.id, dir: d, seq: (f?.seq ?? 0) + 1 }));
              reorder.mutate(next);
            }}
            onDelete={() => {
              remove.reset();
              setToDelete(it);
            }}
          />
        ))}
      </ol>
      {reorder.error && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700 dark:text-red-300">
          Order not saved: {plainMessage(reorder.error.message)}
        </p>
      )}
      <ConfirmDelete
        open={toDelete !== null}
        title="Delete this action item?"
        confirmLabel="Delete action item"
        pending={remove.isPending}
        error={remove.error ? plainMessage(remove.error.message) : null}
        onClose={() => setToDelete(null)}
        onConfirm={() => {
          if (!toDelete) return;
          remove.mutate(toDelete.id, { onSuccess: () => setToDelete(null) });
        }}
      >
        <p className="break-words">
          “{toDelete?.title}”{toDelete?.owner ? ` (${toDelete.owner})` : ""}. It is removed from this incident; documents already
          generated keep their text.
        </p>
      </ConfirmDelete>
    </>
  );
}

type FieldName = keyof Required<ActionUpdate>;

/**
 * useInlineField holds one field's unsaved text. The text stays until the save succeeds, so a
 * refused value (an empty title, say) is still there to fix, with the reason; Escape goes back
 * to the stored value.
 */
function useInlineField(saved: string, send: (v: string) => Promise<unknown>) {
  const [draft, setDraftState] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const draftRef = useRef<string | null>(null);
  const inflight = useRef<string | null>(null);
  // Saves of one field run one after the other, so quick changes end with the last one stored.
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  const setDraft = (v: string | null) => {
    draftRef.current = v;
    setDraftState(v);
  };
  const commit = (value?: string) => {
    const v = value ?? draftRef.current;
    if (v === null) return;
    if (v === saved) {
      setDraft(null);
      setError(null);
      return;
    }
    // Enter then leaving the field: one save.
    if (inflight.current === v) return;
    inflight.current = v;
    setSaving(true);
    const next = chain.current.catch(() => undefined).then(() => send(v));
    chain.current = next;
    next
      .then(
        () => {
          // Typed on while it was saving: keep the newer text for the next save.
          if (draftRef.current === v) setDraft(null);
          setError(null);
        },
        (err: unknown) => setError(plainMessage(toAppError(err).message)),
      )
      .finally(() => {
        inflight.current = null;
        setSaving(false);
      });
  };
  const cancel = () => {
    setDraft(null);
    setError(null);
  };
  return { value: draft ?? saved, dirty: draft !== null && draft !== saved, setDraft, commit, cancel, error, saving };
}

type InlineField = ReturnType<typeof useInlineField>;

const fieldLabels: Record<FieldName, string> = {
  title: "Title",
  owner: "Owner",
  dueDate: "Due date",
  priority: "Priority",
  status: "Status",
};

interface ActionRowProps {
  issueId: string;
  item: ActionItem;
  n: number;
  first: boolean;
  last: boolean;
  options: ActionOptions;
  today: string;
  compact: boolean;
  focusMove: MoveFocus | null;
  onMove: (delta: -1 | 1) => void;
  onDelete: () => void;
}

function ActionRow({ issueId, item, n, first, last, options, today, compact, focusMove, onMove, onDelete }: ActionRowProps) {
  const update = useUpdateAction(issueId);
  const errorId = useId();
  const send = (name: FieldName) => (v: string) => update.mutateAsync({ id: item.id, update: { [name]: v } });
  const fields: Record<FieldName, InlineField> = {
    title: useInlineField(item.title, send("title")),
    owner: useInlineField(item.owner, send("owner")),
    dueDate: useInlineField(item.dueDate, send("dueDate")),
    priority: useInlineField(item.priority, send("priority")),
    status: useInlineField(item.status, send("status")),
  };
  const [upRef, downRef] = useMoveFocus(focusMove, item.id, first, last, n);

  const overdue = isOverdue(item, today);
  const closed = item.status === "done" || item.status === "wont_do";
  const errors = (Object.keys(fields) as FieldName[]).filter((f) => fields[f].error);

  const textProps = (name: FieldName, f: InlineField) => ({
    "aria-label": fieldLabels[name],
    "aria-invalid": f.error ? true : undefined,
    "aria-describedby": f.error ? errorId : undefined,
    value: f.value,
    onChange: (e: { target: { value: string } }) => f.setDraft(e.target.value),
    onBlur: () => f.commit(),
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === "Enter") {
        e.preventDefault();
        f.commit();
      } else if (e.key === "Escape" && (f.dirty || f.error)) {
        // Back to the stored value; an Escape with nothing to undo is left to dialogs around.
        e.preventDefault();
        e.stopPropagation();
        f.cancel();
      }
    },
    "data-dirty": f.dirty ? "true" : undefined,
  });
  const selectProps = (name: FieldName, f: InlineField) => ({
    "aria-label": fieldLabels[name],
    "aria-invalid": f.error ? true : undefined,
    "aria-describedby": f.error ? errorId : undefined,
    value: f.value,
    onChange: (e: { target: { value: string } }) => {
      f.setDraft(e.target.value);
      f.commit(e.target.value);
    },
  });
  const at = (card: string, wide: string) => (compact ? card : `${card} ${wide}`);
  const invalidRing = (f: InlineField) => (f.error ? "ring-2 ring-red-500/80 dark:ring-red-400/80" : "");

  const frame = overdue
    ? "border-red-300 border-l-4 border-l-red-500 bg-red-50/40 dark:border-red-900 dark:border-l-red-500 dark:bg-red-950/20"
    : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900";
  const wideFrame = compact ? "" : overdue ? "@4xl:border-l-4 @4xl:border-l-red-500" : "@4xl:bg-transparent @4xl:dark:bg-transparent";

  const moveButtons = (
    <div className={`flex flex-col items-center ${compact ? "" : "@4xl:flex-row @4xl:gap-0.5"}`}>
      <span
        aria-hidden="true"
        className="w-5 text-center text-xs font-semibold text-slate-500 tabular-nums dark:text-slate-400"
        data-testid="action-position"
      >
        {n}
      </span>
      <button
        type="button"
        ref={upRef}
        className={`${buttonClass("ghost")} px-1.5! py-1!`}
        aria-label={`Move action item ${n} up`}
        title="Move up"
        disabled={first}
        onClick={() => onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        ref={downRef}
        className={`${buttonClass("ghost")} px-1.5! py-1!`}
        aria-label={`Move action item ${n} down`}
        title="Move down"
        disabled={last}
        onClick={() => onMove(1)}
      >
        ↓
      </button>
    </div>
  );

  const deleteButton = (
    <button
      type="button"
      className={`${buttonClass("ghost")} px-1.5! py-1! text-slate-500! hover:text-red-700! dark:text-slate-400! dark:hover:text-red-300!`}
      aria-label={`Delete action item ${n}`}
      title="Delete"
      onClick={onDelete}
    >
      <TrashIcon />
    </button>
  );

  const title = (
    <Input
      {...textProps("title", fields.title)}
      maxLength={500}
      autoComplete="off"
      placeholder="What will be done"
      title={fields.title.value}
      className={`${quietControl} ${invalidRing(fields.title)} font-medium ${closed ? "text-slate-500! line-through decoration-slate-400 dark:text-slate-400!" : ""}`}
    />
  );
  const owner = (
    <Input
      {...textProps("owner", fields.owner)}
      maxLength={200}
      autoComplete="off"
      placeholder="No owner"
      className={`${quietControl} ${invalidRing(fields.owner)}`}
    />
  );
  const due = (
    <div>
      <Input
        {...textProps("dueDate", fields.dueDate)}
        type="date"
        className={`${quietControl} ${invalidRing(fields.dueDate)} tabular-nums ${overdue ? "font-semibold text-red-800! dark:text-red-300!" : ""}`}
      />
      {overdue && (
        <span
          data-testid="action-overdue"
          className="mt-0.5 ml-1 inline-block rounded-full bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800 dark:bg-red-900/60 dark:text-red-200"
        >
          {overdueText(item.dueDate, today)}
        </span>
      )}
    </div>
  );
  const priority = (
    <Select {...selectProps("priority", fields.priority)} className={`${quietControl} ${invalidRing(fields.priority)} ${priorityTone[fields.priority.value] ?? ""}`}>
      {withCurrent(options.priorities, fields.priority.value).map((p) => (
        <option key={p} value={p}>
          {priorityLabel(p)}
        </option>
      ))}
    </Select>
  );
  const status = (
    <Select {...selectProps("status", fields.status)} className={`${quietControl} ${invalidRing(fields.status)} ${statusTone[fields.status.value] ?? ""}`}>
      {withCurrent(options.statuses, fields.status.value).map((s) => (
        <option key={s} value={s}>
          {statusLabel(s)}
        </option>
      ))}
    </Select>
  );

  const errorLine = errors.length > 0 && (
    <div id={errorId} role="alert" className={at("col-[1/-1] row-[4] text-xs font-medium text-red-700 dark:text-red-300", "@4xl:row-[2] @4xl:pl-[4.5rem]")}>
      {errors.map((f) => (
        <p key={f}>
          Not saved ({fieldLabels[f].toLowerCase()}): {fields[f].error} <span className="font-normal">— fix it, or press Escape in the field to undo.</span>
        </p>
      ))}
    </div>
  );

  // One set of controls, placed by the grid: a card (order | title, delete | the other fields two
  // by two) or, on a wide page, one table-like line.
  return (
    <li
      aria-label={`Action item ${n}: ${item.title}`}
      data-testid="action-item"
      data-id={item.id}
      data-overdue={overdue ? "true" : "false"}
      aria-busy={Object.values(fields).some((f) => f.saving) || undefined}
      className={`grid ${cardRow} ${compact ? "" : wideRow} ${frame} ${wideFrame}`}
    >
      <div className={at("col-[1] row-[1/span_2] self-start", "@4xl:row-[1] @4xl:pt-1")}>{moveButtons}</div>
      <div className={at("col-[2/span_2] row-[1] min-w-0", "@4xl:col-[2]")}>{title}</div>
      <div className={at("col-[1] row-[3] self-center justify-self-center", "@4xl:col-[7] @4xl:row-[1] @4xl:self-start @4xl:pt-1")}>{deleteButton}</div>
      <div className={at("col-[2] row-[2] min-w-0", "@4xl:col-[3] @4xl:row-[1]")}>{owner}</div>
      <div className={at("col-[3] row-[2] min-w-0", "@4xl:col-[4] @4xl:row-[1]")}>{due}</div>
      <div className={at("col-[2] row-[3] min-w-0", "@4xl:col-[5] @4xl:row-[1]")}>{priority}</div>
      <div className={at("col-[3] row-[3] min-w-0", "@4xl:col-[6] @4xl:row-[1]")}>{status}</div>
      {errorLine}
    </li>
  );
}

// A stored value the options do not list (an older version's) stays selectable.
const withCurrent = (list: string[], current: string) => (current && !list.includes(current) ? [...list, current] : list);

const priorityTone: Record<string, string> = {
  critical: "font-semibold text-red-800! dark:text-red-300!",
  high: "text-amber-800! dark:text-amber-300!",
};

const statusTone: Record<string, string> = {
  in_progress: "text-blue-800! dark:text-blue-300!",
  done: "text-emerald-800! dark:text-emerald-300!",
  wont_do: "text-slate-500! dark:text-slate-400!",
};

function TrashIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="h-4 w-4">
      <path d="M4 6h12M8 6V4h4v2M6 6l.7 10h6.6L14 6M8.5 9v4.5M11.5 9v4.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The add form: a row under the list (a button that opens it in compact mode). */
function AddForm({ issueId, options, compact }: { issueId: string; options: ActionOptions; compact: boolean }) {
  const add = useAddAction(issueId);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [open, setOpen] = useState(!compact);
  const [problem, setProblem] = useState<string | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), owner: useId(), due: useId(), priority: useId(), error: useId() };
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  if (!open) {
    return (
      <Button className="mt-2" onClick={() => setOpen(true)}>
        + Add action item
      </Button>
    );
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (add.isPending) return;
    const checked = toInput(draft);
    setProblem(checked.error ?? null);
    if (checked.error) {
      titleRef.current?.focus();
      return;
    }
    add.reset();
    add.mutate(checked.input, {
      onSuccess: () => {
        setDraft(emptyDraft());
        titleRef.current?.focus();
      },
    });
  };
  const message = problem ?? (add.error ? plainMessage(add.error.message) : null);
  const lbl = "block text-xs font-medium text-slate-600 dark:text-slate-400";

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Add an action item"
      onKeyDown={(e) => {
        if (compact && e.key === "Escape") {
          e.stopPropagation();
          setOpen(false);
        }
      }}
      className={`mt-3 grid gap-2 rounded-lg border border-dashed border-slate-300 p-2.5 dark:border-slate-700 ${
        compact ? "grid-cols-2" : "grid-cols-2 @2xl:grid-cols-[minmax(12rem,1fr)_10rem_9.5rem_7.5rem_auto] @2xl:items-end"
      }`}
    >
      <div className={compact ? "col-span-2" : "col-span-2 @2xl:col-span-1"}>
        <label htmlFor={ids.title} className={lbl}>
          New action item
        </label>
        <Input
          id={ids.title}
          ref={titleRef}
          className="mt-0.5"
          value={draft.title}
          onChange={(e) => {
            set({ title: e.target.value });
            if (problem) setProblem(null);
          }}
          placeholder="What will be done, e.g. Alert on connection pool saturation"
          maxLength={500}
          autoComplete="off"
          autoFocus={compact}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? ids.error : undefined}
        />
      </div>
      <div>
        <label htmlFor={ids.owner} className={lbl}>
          Owner
        </label>
        <Input id={ids.owner} className="mt-0.5" value={draft.owner} onChange={(e) => set({ owner: e.target.value })} maxLength={200} autoComplete="off" />
      </div>
      <div>
        <label htmlFor={ids.due} className={lbl}>
          Due date
        </label>
        <Input id={ids.due} type="date" className="mt-0.5" value={draft.dueDate} onChange={(e) => set({ dueDate: e.target.value })} />
      </div>
      <div>
        <label htmlFor={ids.priority} className={lbl}>
          Priority
        </label>
        <select id={ids.priority} className={`${controlClass} mt-0.5`} value={draft.priority} onChange={(e) => set({ priority: e.target.value })}>
          {options.priorities.map((p) => (
            <option key={p} value={p}>
              {priorityLabel(p)}
            </option>
          ))}
        </select>
      </div>
      <div className={`flex items-end gap-2 ${compact ? "" : "@2xl:col-span-1"}`}>
        <Button type="submit" variant="primary" disabled={add.isPending} aria-busy={add.isPending}>
          Add
        </Button>
        {compact && (
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        )}
      </div>
      {message && (
        <p id={ids.error} role="alert" className="col-span-full text-sm font-medium text-red-700 dark:text-red-300">
          {problem ? message : `Not added: ${message}`}
        </p>
      )}
    </form>
  );
}
