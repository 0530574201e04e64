import { useId, useState } from "react";
import { Button } from "../../../components/ui/Button";
import { Dialog } from "../../../components/ui/Dialog";
import type { KindInfo, Provider } from "../../../lib/api/providers";
import { toast } from "../../../lib/toast";
import { keyLabel } from "./form";
import { useDeleteProvider, useSetDefaultProvider, useTestProvider } from "./hooks";
import { TestOutcome } from "./TestOutcome";

interface ProviderListProps {
  providers: readonly Provider[];
  kinds: readonly KindInfo[];
  /** The provider open in the form, if any. */
  editingId: string | undefined;
  onEdit: (id: string) => void;
  onDeleted: (id: string) => void;
}

export function ProviderList({ providers, kinds, editingId, onEdit, onDeleted }: ProviderListProps) {
  const [confirm, setConfirm] = useState<Provider | null>(null);
  const remove = useDeleteProvider();

  const onDelete = () => {
    if (!confirm || remove.isPending) return;
    const p = confirm;
    remove.mutate(p.id, {
      onSuccess: () => {
        toast.success(`Deleted ${p.name}`);
        setConfirm(null);
        onDeleted(p.id);
      },
    });
  };

  return (
    <>
      <ul
        aria-label="AI providers"
        className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
      >
        {providers.map((p) => (
          <ProviderRow
            key={p.id}
            provider={p}
            kind={kinds.find((k) => k.kind === p.kind)}
            editing={p.id === editingId}
            onEdit={() => onEdit(p.id)}
            onDelete={() => {
              remove.reset();
              setConfirm(p);
            }}
          />
        ))}
      </ul>
      <Dialog
        open={confirm !== null}
        title={confirm ? `Delete ${confirm.name}?` : "Delete provider?"}
        onClose={() => setConfirm(null)}
        actions={
          <>
            <Button onClick={() => setConfirm(null)}>Cancel</Button>
            <Button variant="danger" onClick={onDelete} disabled={remove.isPending} aria-busy={remove.isPending}>
              Delete provider
            </Button>
          </>
        }
      >
        <p>
          Its settings and stored API key are removed. Incidents that used it go back to the default provider; their
          conversations are kept.
        </p>
        {confirm?.isDefault && providers.length > 1 && (
          <p className="mt-2">It is the default: the oldest remaining provider becomes the default.</p>
        )}
        {remove.error && (
          <p role="alert" className="mt-2 font-medium text-red-700 dark:text-red-300">
            {remove.error.message}
          </p>
        )}
      </Dialog>
    </>
  );
}

function ProviderRow({
  provider: p,
  kind,
  editing,
  onEdit,
  onDelete,
}: {
  provider: Provider;
  kind: KindInfo | undefined;
  editing: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const test = useTestProvider();
  const setDefault = useSetDefaultProvider();
  const nameId = useId();
  const baseUrl = p.baseUrl || kind?.defaultBaseUrl || "";
  return (
    <li aria-labelledby={nameId} className={`space-y-2 px-4 py-3 ${editing ? "bg-blue-50/60 dark:bg-blue-950/30" : ""}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <span id={nameId} className="font-medium break-all">
              {p.name}
            </span>
            {p.isDefault && (
              <span className="inline-flex items-center rounded-full bg-blue-50 px-2 py-0.5 text-xs font-medium text-blue-800 ring-1 ring-blue-200 ring-inset dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-800">
                Default
              </span>
            )}
          </div>
          <div className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
            {kind?.label ?? p.kind} · {p.model ? <span className="font-mono">{p.model}</span> : "no model chosen"}
          </div>
          <div className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
            {baseUrl && <span className="font-mono break-all">{baseUrl}</span>}
            {baseUrl && " · "}
            {keyLabel(p)}
          </div>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <Button onClick={() => test.mutate(p.id)} disabled={test.isPending} aria-busy={test.isPending} aria-label={`Test ${p.name}`}>
            Test
          </Button>
          <Button onClick={onEdit} aria-pressed={editing} aria-label={`Edit ${p.name}`}>
            Edit
          </Button>
          {!p.isDefault && (
            <Button
              onClick={() => setDefault.mutate(p.id, { onSuccess: () => toast.success(`${p.name} is now the default provider`) })}
              disabled={setDefault.isPending}
              aria-label={`Set as default: ${p.name}`}
            >
              Set as default
            </Button>
          )}
          <Button variant="ghost" className="text-red-700! dark:text-red-300!" onClick={onDelete} aria-label={`Delete ${p.name}`}>
            Delete
          </Button>
        </div>
      </div>
      {(test.isPending || test.data || test.error) && <TestOutcome result={test.data} error={test.error} pending={test.isPending} />}
    </li>
  );
}
