import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Button } from "../../components/ui/Button";
import { Field, Input, Select, Textarea } from "../../components/ui/Field";
import { ErrorNotice, Loading } from "../../components/ui/States";
import type { MetricDuration, TimelineEvent, TimelineMetrics, UserEventKind } from "../../lib/api/timeline";
import { formatDateTime, parseUtc } from "../../lib/format";
import { ConfirmDelete } from "../whys/Confirm";
import { useAddEvent, useDeleteEvent, useTimeline, useTimelineMetrics, useUpdateEvent } from "./hooks";
import { kindDot, kindLabel, metricReason, metricValue, userKinds, type MetricName } from "./labels";
import { dateToLocalInput, localInputToUtc, utcToLocalInput, zoneLabel } from "./time";

export interface TimelineSectionProps {
  issueId: string;
}

interface EventDraft {
  kind: UserEventKind;
  time: string;
  title: string;
  detail: string;
}

// Unsaved event forms (in memory, for this session): event id, or "new:<issue id>".
const drafts = new Map<string, EventDraft>();

/**
 * The incident's timeline: what TFTSR recorded (read-only, time correctable) and the user's
 * events (impact started, detected, mitigated, resolved, notes), with TTD / TTM / TTR.
 */
export function TimelineSection({ issueId }: TimelineSectionProps) {
  const headingId = useId();
  const events = useTimeline(issueId);
  const metrics = useTimelineMetrics(issueId);
  const newKey = `new:${issueId}`;
  const [adding, setAdding] = useState<EventDraft | null>(() => drafts.get(newKey) ?? null);
  // After adding or cancelling, the keyboard focus goes back to the quick button used.
  const [refocus, setRefocus] = useState<UserEventKind | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (adding !== null || refocus === null) return;
    sectionRef.current?.querySelector<HTMLButtonElement>(`button[data-quick="${refocus}"]`)?.focus();
  }, [adding, refocus]);

  const start = (kind: UserEventKind) => {
    const d: EventDraft = { kind, time: dateToLocalInput(new Date()), title: "", detail: "" };
    drafts.set(newKey, d);
    setAdding(d);
  };

  return (
    <section ref={sectionRef} aria-labelledby={headingId} data-testid="timeline-section" className="@container mt-8">
      <h2 id={headingId} className="text-lg font-semibold">
        Timeline
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">Times are in your time zone ({zoneLabel()}).</p>

      {metrics.error ? <ErrorNotice error={metrics.error} /> : <Metrics metrics={metrics.data} />}

      <div role="group" aria-label="Add event" className="mt-4 flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium text-slate-700 dark:text-slate-300">Add:</span>
        {userKinds.map((k) => (
          <Button key={k.kind} data-quick={k.kind} onClick={() => start(k.kind)} disabled={adding !== null}>
            <span aria-hidden="true" className={`h-2 w-2 rounded-full ${kindDot[k.kind] ?? ""}`} />
            {k.label}
          </Button>
        ))}
      </div>
      {adding && (
        <AddEventForm
          key={`${adding.kind}:${adding.time}`}
          issueId={issueId}
          draftKey={newKey}
          initial={adding}
          onDone={() => {
            drafts.delete(newKey);
            setRefocus(adding.kind);
            setAdding(null);
          }}
        />
      )}

      {events.error ? (
        <div className="mt-4">
          <ErrorNotice error={events.error} />
        </div>
      ) : !events.data ? (
        <Loading label="Loading the timeline…" />
      ) : events.data.length === 0 ? (
        <p className="mt-4 text-sm text-slate-500 dark:text-slate-400">No events yet.</p>
      ) : (
        <EventList issueId={issueId} events={events.data} />
      )}
    </section>
  );
}

const metricDefs: { key: keyof Omit<TimelineMetrics, "issueId">; abbr: string; label: string; end: MetricName }[] = [
  { key: "timeToDetect", abbr: "TTD", label: "Time to detect", end: "detected" },
  { key: "timeToMitigate", abbr: "TTM", label: "Time to mitigate", end: "mitigated" },
  { key: "timeToResolve", abbr: "TTR", label: "Time to resolve", end: "resolved" },
];

function Metrics({ metrics }: { metrics: TimelineMetrics | undefined }) {
  return (
    <dl className="mt-3 grid grid-cols-3 gap-2 @lg:gap-3">
      {metricDefs.map((m) => {
        const d: MetricDuration | undefined = metrics?.[m.key];
        return (
          <div
            key={m.key}
            data-testid={`metric-${m.abbr.toLowerCase()}`}
            className="rounded-lg border border-slate-200 bg-white p-2.5 @lg:p-3 dark:border-slate-800 dark:bg-slate-900"
          >
            <dt className="text-sm text-slate-600 dark:text-slate-400">
              <span className="sr-only @lg:not-sr-only">{m.label} </span>
              <abbr title={m.label} className="text-xs no-underline @max-lg:text-sm @max-lg:font-medium">
                <span className="@max-lg:hidden">(</span>
                {m.abbr}
                <span className="@max-lg:hidden">)</span>
              </abbr>
            </dt>
            <dd className="mt-0.5 text-xl font-semibold tabular-nums @lg:text-2xl" data-testid={`metric-${m.abbr.toLowerCase()}-value`}>
              {d ? metricValue(d) : "…"}
            </dd>
            {d && (
              <dd
                className={`mt-0.5 text-xs ${d.status === "invalid" ? "font-medium text-amber-800 dark:text-amber-300" : "text-slate-500 dark:text-slate-400"}`}
              >
                {metricReason(d, m.end)}
              </dd>
            )}
          </div>
        );
      })}
    </dl>
  );
}

function EventList({ issueId, events }: { issueId: string; events: TimelineEvent[] }) {
  const remove = useDeleteEvent(issueId);
  const [toDelete, setToDelete] = useState<TimelineEvent | null>(null);
  return (
    <>
      <ol aria-label="Timeline events" className="mt-4 ml-1.5 border-l-2 border-slate-200 dark:border-slate-800">
        {events.map((ev) => (
          <EventItem
            key={ev.id}
            issueId={issueId}
            event={ev}
            onDelete={() => {
              remove.reset();
              setToDelete(ev);
            }}
          />
        ))}
      </ol>
      <ConfirmDelete
        open={toDelete !== null}
        title="Delete this event?"
        confirmLabel="Delete event"
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
        <p>
          “{toDelete?.title}” at {formatDateTime(toDelete?.occurredAt)}. The response times are recomputed without it.
        </p>
      </ConfirmDelete>
    </>
  );
}

function EventItem({ issueId, event, onDelete }: { issueId: string; event: TimelineEvent; onDelete: () => void }) {
  const system = event.source === "system";
  const [editing, setEditing] = useState(() => drafts.has(event.id));
  // After Save / Cancel, the keyboard focus goes back to the button that opened the form.
  const [refocus, setRefocus] = useState(false);
  const at = parseUtc(event.occurredAt);
  const label = kindLabel(event.kind);

  return (
    <li
      data-testid="timeline-event"
      data-source={event.source}
      data-kind={event.kind}
      className="relative -ml-px py-2 pl-6"
    >
      <span
        aria-hidden="true"
        className={`absolute top-4 -left-[7px] h-3 w-3 rounded-full ring-2 ring-white dark:ring-slate-950 ${
          system ? "border-2 border-slate-400 bg-white dark:border-slate-500 dark:bg-slate-950" : (kindDot[event.kind] ?? "bg-slate-400")
        }`}
      />
      <div
        className={
          system
            ? "rounded-md px-3 py-1.5 text-slate-600 dark:text-slate-400"
            : "rounded-md border border-slate-200 bg-white px-3 py-2 shadow-xs dark:border-slate-800 dark:bg-slate-900"
        }
      >
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <time dateTime={at?.toISOString()} className="text-xs text-slate-500 tabular-nums dark:text-slate-400">
            {formatDateTime(event.occurredAt)}
          </time>
          <span className={system ? "text-sm" : "text-sm font-semibold text-slate-900 dark:text-slate-100"}>{event.title}</span>
          {system ? (
            <span
              title="Recorded by TFTSR: read-only, only its time can be corrected"
              className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-600 dark:bg-slate-800 dark:text-slate-400"
            >
              System
            </span>
          ) : (
            event.title !== label && <span className="text-xs text-slate-500 dark:text-slate-400">{label}</span>
          )}
          {!editing && (
            <span className="ml-auto flex gap-1">
              {system ? (
                <Button variant="ghost" className="px-2 py-0.5 text-xs" aria-label={`Correct the time of “${event.title}”`} autoFocus={refocus} onClick={() => setEditing(true)}>
                  Correct time
                </Button>
              ) : (
                <>
                  <Button variant="ghost" className="px-2 py-0.5 text-xs" aria-label={`Edit event “${event.title}”`} autoFocus={refocus} onClick={() => setEditing(true)}>
                    Edit
                  </Button>
                  <Button
                    variant="ghost"
                    className="px-2 py-0.5 text-xs text-red-700 dark:text-red-300"
                    aria-label={`Delete event “${event.title}”`}
                    onClick={onDelete}
                  >
                    Delete
                  </Button>
                </>
              )}
            </span>
          )}
        </div>
        {event.detail && !editing && <p className="mt-0.5 text-xs break-words whitespace-pre-wrap">{event.detail}</p>}
        {editing && (
          <EditEventForm
            issueId={issueId}
            event={event}
            onDone={() => {
              drafts.delete(event.id);
              setEditing(false);
              setRefocus(true);
            }}
          />
        )}
      </div>
    </li>
  );
}

function AddEventForm({ issueId, draftKey, initial, onDone }: { issueId: string; draftKey: string; initial: EventDraft; onDone: () => void }) {
  const add = useAddEvent(issueId);
  return (
    <div className="mt-3 rounded-lg border border-blue-300 bg-white p-4 dark:border-blue-800 dark:bg-slate-900">
      <EventForm
        draftKey={draftKey}
        initial={initial}
        systemEvent={false}
        heading="New event"
        submitLabel="Add event"
        pending={add.isPending}
        error={add.error?.message ?? null}
        onCancel={() => {
          add.reset();
          onDone();
        }}
        onSave={(d, utc) =>
          add.mutate({ kind: d.kind, title: d.title.trim(), detail: d.detail, occurredAt: utc }, { onSuccess: onDone })
        }
      />
    </div>
  );
}

function EditEventForm({ issueId, event, onDone }: { issueId: string; event: TimelineEvent; onDone: () => void }) {
  const update = useUpdateEvent(issueId);
  const system = event.source === "system";
  const initial: EventDraft = {
    kind: (userKinds.find((k) => k.kind === event.kind)?.kind ?? "note"),
    time: utcToLocalInput(event.occurredAt),
    title: event.title,
    detail: event.detail,
  };
  return (
    <div className="mt-2">
      <EventForm
        draftKey={event.id}
        initial={initial}
        systemEvent={system}
        heading={system ? `Correct the time of “${event.title}”` : `Edit “${event.title}”`}
        submitLabel="Save"
        pending={update.isPending}
        error={update.error?.message ?? null}
        onCancel={() => {
          update.reset();
          onDone();
        }}
        onSave={(d, utc) => {
          const u: { kind?: UserEventKind; title?: string; detail?: string; occurredAt?: string } = {};
          if (utc !== event.occurredAt) u.occurredAt = utc;
          if (!system) {
            if (d.kind !== event.kind) u.kind = d.kind;
            // The default title follows the kind: "Detected" becomes "Mitigated" with it.
            const title = d.kind !== event.kind && d.title.trim() === kindLabel(event.kind) ? "" : d.title.trim();
            if (title !== event.title) u.title = title;
            if (d.detail !== event.detail) u.detail = d.detail;
          }
          if (Object.keys(u).length === 0) {
            onDone();
            return;
          }
          update.mutate({ id: event.id, update: u }, { onSuccess: onDone });
        }}
      />
    </div>
  );
}

function EventForm({
  draftKey,
  initial,
  systemEvent,
  heading,
  submitLabel,
  pending,
  error,
  onSave,
  onCancel,
}: {
  draftKey: string;
  initial: EventDraft;
  systemEvent: boolean;
  heading: string;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSave: (d: EventDraft, utc: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [values, setValues] = useState<EventDraft>(() => drafts.get(draftKey) ?? initial);
  const [problem, setProblem] = useState<string | null>(null);
  const change = (patch: Partial<EventDraft>) =>
    setValues((v) => {
      const next = { ...v, ...patch };
      drafts.set(draftKey, next);
      return next;
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const utc = localInputToUtc(values.time);
    if (utc === null) {
      setProblem("Enter a complete date and time.");
      return;
    }
    setProblem(null);
    onSave(values, utc);
  };
  const message = problem ?? (error ? `Not saved: ${error} Your entry is kept.` : null);
  const kindText = kindLabel(values.kind);

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={heading}
      className="space-y-3"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !pending) {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div className="grid grid-cols-1 gap-3 @md:grid-cols-2 @3xl:grid-cols-[12rem_16rem_1fr]">
        {!systemEvent && (
          <Field id={`${id}-kind`} label="Kind">
            <Select id={`${id}-kind`} value={values.kind} onChange={(e) => change({ kind: e.target.value as UserEventKind })} disabled={pending}>
              {userKinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field id={`${id}-time`} label="When (local time)">
          <Input
            id={`${id}-time`}
            type="datetime-local"
            step={1}
            value={values.time}
            onChange={(e) => {
              change({ time: e.target.value });
              setProblem(null);
            }}
            disabled={pending}
            aria-invalid={problem !== null}
            required
            autoFocus={systemEvent}
          />
        </Field>
        {!systemEvent && (
          <Field id={`${id}-title`} label="Title" className="@md:col-span-2 @3xl:col-span-1">
            <Input
              id={`${id}-title`}
              value={values.title}
              placeholder={kindText}
              maxLength={300}
              onChange={(e) => change({ title: e.target.value })}
              disabled={pending}
              autoFocus
            />
          </Field>
        )}
      </div>
      {!systemEvent && (
        <Field id={`${id}-detail`} label="Detail">
          <Textarea id={`${id}-detail`} rows={2} value={values.detail} onChange={(e) => change({ detail: e.target.value })} disabled={pending} />
        </Field>
      )}
      {message && (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
