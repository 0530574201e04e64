import { useState } from "react";
import { Button } from "../../../components/ui/Button";
import { ErrorNotice, Loading } from "../../../components/ui/States";
import { useProviderKinds, useProviders } from "./hooks";
import { ProviderForm } from "./ProviderForm";
import { ProviderList } from "./ProviderList";

/** Settings → AI providers: the list, and the add/edit form below it. */
export function ProvidersSection() {
  const kinds = useProviderKinds();
  const list = useProviders();
  // "new", the id of the provider being edited, or null when the form is closed.
  const [editing, setEditing] = useState<string | null>(null);

  const intro = (
    <div className="mb-4 space-y-2 text-sm text-slate-600 dark:text-slate-400">
      <p>
        <strong className="font-semibold text-slate-800 dark:text-slate-200">TFTSR works without any AI provider:</strong> the 5
        Whys can be worked by hand, and nothing leaves this machine.
      </p>
      <p>
        A provider adds suggestions from a model. Only text that passed the privacy review is sent to it. API keys are stored
        encrypted and are never shown again.
      </p>
    </div>
  );

  const error = list.error ?? kinds.error;
  if (error) {
    return (
      <>
        {intro}
        <ErrorNotice error={error} />
      </>
    );
  }
  if (!list.data || !kinds.data) {
    return (
      <>
        {intro}
        <Loading />
      </>
    );
  }

  const providers = list.data;
  const editingProvider = editing && editing !== "new" ? providers.find((p) => p.id === editing) : undefined;
  const formOpen = editing === "new" || editingProvider !== undefined;

  return (
    <>
      {intro}
      <div className="space-y-4">
        {providers.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            No AI provider is configured.
          </p>
        ) : (
          <ProviderList
            providers={providers}
            kinds={kinds.data}
            editingId={editingProvider?.id}
            onEdit={(id) => setEditing(id)}
            onDeleted={(id) => setEditing((cur) => (cur === id ? null : cur))}
          />
        )}
        {formOpen ? (
          <ProviderForm
            key={editing ?? "none"}
            kinds={kinds.data}
            provider={editingProvider}
            onSaved={(p) => setEditing(p.id)}
            onClose={() => setEditing(null)}
          />
        ) : (
          <Button variant="primary" onClick={() => setEditing("new")}>
            Add AI provider
          </Button>
        )}
      </div>
    </>
  );
}
