import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { Button } from "../../components/ui/Button";
import { ErrorNotice, Loading, PageHeader } from "../../components/ui/States";
import { useMeta, useSettings } from "../../lib/api/hooks";
import type { Meta, Settings } from "../../lib/api/types";
import { toast } from "../../lib/toast";
import { useCreateIncident } from "./hooks";
import { FormError, IncidentFields, clientProblem, withPendingTags, type IncidentFormValues } from "./IncidentFields";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

// What was typed survives leaving the page (in memory only, for this session) until it is created.
let draft: IncidentFormValues | null = null;

function emptyValues(settings: Settings, meta: Meta): IncidentFormValues {
  return {
    title: "",
    description: "",
    severity: meta.severities.includes(settings.defaultSeverity) ? settings.defaultSeverity : "medium",
    domain: settings.defaultDomain,
    assignedTo: settings.defaultAssignee,
    tags: [],
    pendingTag: "",
  };
}

export function NewIncidentPage() {
  useDocumentTitle("New incident");
  const meta = useMeta();
  const settings = useSettings();
  return (
    <div className="max-w-3xl">
      <PageHeader title="New incident" />
      {meta.error ? (
        <ErrorNotice error={meta.error} />
      ) : settings.error ? (
        <ErrorNotice error={settings.error} />
      ) : meta.data && settings.data ? (
        <NewIncidentForm meta={meta.data} settings={settings.data} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

function NewIncidentForm({ meta, settings }: { meta: Meta; settings: Settings }) {
  const navigate = useNavigate();
  const create = useCreateIncident();
  const [values, setValues] = useState<IncidentFormValues>(() => draft ?? emptyValues(settings, meta));
  const [problem, setProblem] = useState<string | null>(null);

  const update = (patch: Partial<IncidentFormValues>) => {
    setValues((v) => {
      const next = { ...v, ...patch };
      draft = next;
      return next;
    });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (create.isPending) return;
    // Text left in the tag box counts as a tag: nothing typed is dropped.
    const tags = withPendingTags(values);
    if (tags.length !== values.tags.length || values.pendingTag !== "") update({ tags, pendingTag: "" });
    const bad = clientProblem(values);
    setProblem(bad);
    if (bad) return;
    create.reset();
    create.mutate(
      {
        title: values.title,
        description: values.description,
        severity: values.severity,
        domain: values.domain,
        assignedTo: values.assignedTo,
        tags,
        source: "gui",
      },
      {
        onSuccess: (issue) => {
          draft = null;
          toast.success(`Incident “${issue.title}” created`);
          void navigate(`/incidents/${encodeURIComponent(issue.id)}`);
        },
      },
    );
  };

  const onClear = () => {
    draft = null;
    create.reset();
    setProblem(null);
    setValues(emptyValues(settings, meta));
  };

  const dirty = values.title !== "" || values.description !== "" || values.tags.length > 0 || values.pendingTag !== "";

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="New incident">
      <IncidentFields idPrefix="new" values={values} onChange={update} meta={meta} disabled={create.isPending} />
      <FormError message={problem ?? create.error?.message ?? null} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={create.isPending} aria-busy={create.isPending}>
          Create incident
        </Button>
        {dirty && (
          <Button variant="ghost" onClick={onClear} disabled={create.isPending}>
            Clear form
          </Button>
        )}
      </div>
    </form>
  );
}
