import { useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { SeverityBadge, StatusBadge, TagChip } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { ErrorNotice, Loading } from "../../components/ui/States";
import { useMeta } from "../../lib/api/hooks";
import type { Detail, Issue, Meta, UpdateInput } from "../../lib/api/types";
import { formatDateTime } from "../../lib/format";
import { capitalize, nextStatusActions } from "../../lib/labels";
import { sameTags } from "../../lib/tags";
import { toast } from "../../lib/toast";
import { useDeleteIncident, useIncident, useSetStatus, useUpdateIncident } from "./hooks";
import { FormError, IncidentFields, clientProblem, withPendingTags, type IncidentFormValues } from "./IncidentFields";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { LogsSection } from "../logs/LogsSection";
import { RedactTextButton } from "../review/RedactTextDialog";
import { Fact } from "../../components/ui/Fact";
import { TimelineSection } from "../timeline/TimelineSection";
import { TriageSection } from "../triage/TriageSection";
import { DocumentsSection } from "../documents/DocumentsSection";
import { ActionItemsSection } from "../actions/ActionItemsSection";

// Unsaved edits survive leaving the page (in memory only, for this session), per incident.
const editDrafts = new Map<string, IncidentFormValues>();

export function IncidentPage() {
  const { id = "" } = useParams();
  const detail = useIncident(id);
  const meta = useMeta();
  useDocumentTitle(detail.data?.issue.title ?? "Incident");

  if (detail.error) {
    return (
      <div className="max-w-3xl">
        <h1 className="mb-4 text-2xl font-semibold">Incident</h1>
        <ErrorNotice error={detail.error}>
          {detail.error.code === "not_found" && <p className="mt-1">It may have been deleted.</p>}
        </ErrorNotice>
      </div>
    );
  }
  if (meta.error) return <ErrorNotice error={meta.error} />;
  if (!detail.data || !meta.data) return <Loading />;
  // Keyed by id: moving to another incident starts from a clean slate (no stale edit form).
  return <IncidentView key={id} detail={detail.data} meta={meta.data} />;
}

function IncidentView({ detail, meta }: { detail: Detail; meta: Meta }) {
  const issue = detail.issue;
  const navigate = useNavigate();
  const [editing, setEditing] = useState(() => editDrafts.has(issue.id));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const setStatus = useSetStatus(issue.id);
  const remove = useDeleteIncident(issue.id, () => {
    setConfirmDelete(false);
    editDrafts.delete(issue.id);
    toast.success(`Incident “${issue.title}” deleted`);
    void navigate("/incidents");
  });

  const changeStatus = (to: string) => {
    setStatus.mutate(to, {
      onSuccess: (updated) => toast.success(`Status changed to ${capitalize(updated.status)}`),
    });
  };

  return (
    <article className="max-w-4xl">
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{issue.title}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <SeverityBadge severity={issue.severity} />
            <span data-testid="incident-status">
              <StatusBadge status={issue.status} />
            </span>
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          <RedactTextButton issueId={issue.id} />
          {!editing && (
            <Button onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          <Button variant="danger" onClick={() => setConfirmDelete(true)} disabled={remove.isPending}>
            Delete
          </Button>
        </div>
      </header>

      <section aria-labelledby="status-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="status-heading" className="text-sm font-semibold text-slate-600 dark:text-slate-400">
          Status
        </h2>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          {nextStatusActions(issue.status).map((a) => (
            <Button
              key={a.to}
              variant={a.to === "open" ? "secondary" : "primary"}
              disabled={setStatus.isPending}
              onClick={() => changeStatus(a.to)}
            >
              {a.label}
            </Button>
          ))}
          {issue.resolvedAt && (
            <span className="text-sm text-slate-600 dark:text-slate-400">Resolved {formatDateTime(issue.resolvedAt)}</span>
          )}
        </div>
      </section>

      {editing ? (
        <EditForm issue={issue} meta={meta} onDone={() => setEditing(false)} />
      ) : (
        <IssueFacts issue={issue} />
      )}

      <TriageSection issueId={issue.id} logFiles={detail.logFiles ?? []} />

      <ActionItemsSection issueId={issue.id} />

      <DocumentsSection issueId={issue.id} />

      <Attachments detail={detail} />

      <Dialog
        open={confirmDelete}
        title="Delete this incident?"
        onClose={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
        actions={
          <>
            <Button
              onClick={() => {
                setConfirmDelete(false);
                remove.reset();
              }}
              autoFocus
            >
              Cancel
            </Button>
            <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Delete incident
            </Button>
          </>
        }
      >
        <p>
          “<strong className="break-words">{issue.title}</strong>” and everything attached to it will be deleted. This cannot be
          undone.
        </p>
        {remove.error && (
          <p role="alert" className="mt-3 font-medium text-red-700 dark:text-red-300">
            Not deleted: {remove.error.message}
          </p>
        )}
      </Dialog>
    </article>
  );
}

function IssueFacts({ issue }: { issue: Issue }) {
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4 dark:border-slate-800 dark:bg-slate-900">
        <Fact label="Domain">{issue.domain || "—"}</Fact>
        <Fact label="Assignee">{issue.assignedTo || "Unassigned"}</Fact>
        <Fact label="Source">{issue.source === "cli" ? "Command line" : "App"}</Fact>
        <Fact label="Created">{formatDateTime(issue.createdAt)}</Fact>
        <Fact label="Updated">{formatDateTime(issue.updatedAt)}</Fact>
        <Fact label="Resolved">{formatDateTime(issue.resolvedAt)}</Fact>
        <div className="col-span-2">
          <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Tags</dt>
          <dd className="mt-1 flex flex-wrap gap-1">
            {issue.tags.length === 0 ? <span className="text-sm">—</span> : issue.tags.map((t) => <TagChip key={t} tag={t} />)}
          </dd>
        </div>
      </dl>
      <section>
        <h2 className="text-lg font-semibold">
          Description
        </h2>
        {issue.description ? (
          <p className="mt-2 text-sm whitespace-pre-wrap break-words">{issue.description}</p>
        ) : (
          <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">No description.</p>
        )}
      </section>
    </div>
  );
}

function toValues(issue: Issue): IncidentFormValues {
  return {
    title: issue.title,
    description: issue.description,
    severity: issue.severity,
    domain: issue.domain,
    assignedTo: issue.assignedTo,
    tags: [...issue.tags],
    pendingTag: "",
  };
}

/** changedFields returns only what differs from the stored issue. */
function changedFields(issue: Issue, v: IncidentFormValues, tags: string[]): UpdateInput {
  const out: UpdateInput = {};
  if (v.title !== issue.title) out.title = v.title;
  if (v.description !== issue.description) out.description = v.description;
  if (v.severity !== issue.severity) out.severity = v.severity;
  if (v.domain !== issue.domain) out.domain = v.domain;
  if (v.assignedTo !== issue.assignedTo) out.assignedTo = v.assignedTo;
  if (!sameTags(tags, issue.tags)) out.tags = tags;
  return out;
}

function EditForm({ issue, meta, onDone }: { issue: Issue; meta: Meta; onDone: () => void }) {
  const update = useUpdateIncident(issue.id);
  const [restored] = useState(() => editDrafts.has(issue.id));
  const [values, setValues] = useState<IncidentFormValues>(() => editDrafts.get(issue.id) ?? toValues(issue));
  const [problem, setProblem] = useState<string | null>(null);

  const change = (patch: Partial<IncidentFormValues>) =>
    setValues((v) => {
      const next = { ...v, ...patch };
      editDrafts.set(issue.id, next);
      return next;
    });

  const finish = () => {
    editDrafts.delete(issue.id);
    onDone();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    const tags = withPendingTags(values);
    if (values.pendingTag !== "") change({ tags, pendingTag: "" });
    const bad = clientProblem(values);
    setProblem(bad);
    if (bad) return;
    const changes = changedFields(issue, values, tags);
    if (Object.keys(changes).length === 0) {
      finish();
      return;
    }
    update.reset();
    update.mutate(changes, {
      onSuccess: () => {
        toast.success("Changes saved");
        finish();
      },
    });
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Edit incident"
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !update.isPending) {
          e.preventDefault();
          finish();
        }
      }}
    >
      {restored && (
        <p className="text-sm text-amber-800 dark:text-amber-200">Your unsaved edits were restored.</p>
      )}
      <IncidentFields
        idPrefix="edit"
        values={values}
        onChange={change}
        meta={meta}
        disabled={update.isPending}
      />
      <FormError message={problem ?? update.error?.message ?? null} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={update.isPending} aria-busy={update.isPending}>
          Save
        </Button>
        <Button onClick={finish} disabled={update.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function Attachments({ detail }: { detail: Detail }) {
  return (
    <>
      <LogsSection issueId={detail.issue.id} logFiles={detail.logFiles ?? []} />
      <TimelineSection issueId={detail.issue.id} />
    </>
  );
}
