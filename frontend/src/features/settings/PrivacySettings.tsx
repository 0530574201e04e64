import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Button } from "../../components/ui/Button";
import { ErrorNotice, Loading } from "../../components/ui/States";
import type { PIIType, Settings } from "../../lib/api/types";
import { classStyles, groupTypes, typeInfo } from "../../lib/pii";
import { toast } from "../../lib/toast";
import { useAllowlist, useAllowlistRemove } from "../review/hooks";
import { useUpdateSettings } from "./hooks";

/** Which finding types are detected (enforced by the backend on every scan). */
export function PrivacyForm({ saved, types }: { saved: Settings; types: readonly PIIType[] }) {
  const qc = useQueryClient();
  const update = useUpdateSettings();
  const [disabled, setDisabled] = useState<ReadonlySet<string>>(() => new Set(saved.disabledPiiTypes ?? []));
  const savedSet = new Set(saved.disabledPiiTypes ?? []);
  const dirty = disabled.size !== savedSet.size || [...disabled].some((t) => !savedSet.has(t));

  const toggle = (type: string, on: boolean) =>
    setDisabled((cur) => {
      const next = new Set(cur);
      if (on) next.delete(type);
      else next.add(type);
      return next;
    });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    update.mutate(
      { ...saved, disabledPiiTypes: types.map((t) => t.type).filter((t) => disabled.has(t)) },
      {
        onSuccess: (s) => {
          setDisabled(new Set(s.disabledPiiTypes ?? []));
          toast.success("Privacy settings saved");
          // Every log's "settings changed since the scan" flag may have changed.
          void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === "log" && q.queryKey[2] === "review" });
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Finding types" className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Types that are off are not looked for. Changes apply to new scans; logs scanned before offer a rescan.
      </p>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {groupTypes(types).map((g) => (
          <fieldset key={g.cls} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <legend className="flex items-center gap-2 px-1 text-sm font-semibold">
              <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-full ${classStyles[g.cls].dot}`} />
              {g.label}
            </legend>
            <ul className="space-y-1">
              {g.types.map((t) => (
                <li key={t.type}>
                  <Switch label={t.label} on={!disabled.has(t.type)} onChange={(on) => toggle(t.type, on)} />
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
      </div>
      {update.error && (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {update.error.message}
        </p>
      )}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={update.isPending || !dirty} aria-busy={update.isPending}>
          Save privacy settings
        </Button>
        {dirty && <span className="text-sm text-slate-600 dark:text-slate-400">Unsaved changes</span>}
      </div>
    </form>
  );
}

function Switch({ label, on, onChange }: { label: string; on: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="flex cursor-pointer items-center justify-between gap-3 rounded px-1 py-1 text-sm hover:bg-slate-50 dark:hover:bg-slate-800">
      <span>{label}</span>
      <span className="relative inline-flex shrink-0">
        <input
          type="checkbox"
          role="switch"
          checked={on}
          onChange={(e) => onChange(e.target.checked)}
          className="peer absolute inset-0 z-10 cursor-pointer appearance-none opacity-0"
        />
        <span
          aria-hidden="true"
          className="relative h-5 w-9 shrink-0 rounded-full bg-slate-300 transition-colors peer-checked:bg-blue-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-600 after:absolute after:top-0.5 after:left-0.5 after:h-4 after:w-4 after:rounded-full after:bg-white after:shadow after:transition-transform peer-checked:after:translate-x-4 dark:bg-slate-600 dark:peer-checked:bg-blue-500"
        />
      </span>
    </label>
  );
}

/** Values never redacted in any incident. */
export function GlobalAllowlist({ types }: { types: readonly PIIType[] | undefined }) {
  const list = useAllowlist("");
  const remove = useAllowlistRemove();
  if (list.error) return <ErrorNotice error={list.error} />;
  if (!list.data) return <Loading />;
  const global = list.data.filter((e) => e.issueId === "");
  if (global.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No values are allowed everywhere. Use “Allow everywhere” on a value while reviewing a log.
      </p>
    );
  }
  return (
    <ul aria-label="Allowed everywhere" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {global.map((e) => (
        <li key={e.id} className="flex items-center justify-between gap-3 px-3 py-2">
          <div className="min-w-0">
            <div className="truncate font-mono text-sm" title={e.value}>
              {e.value}
            </div>
            <div className="text-xs text-slate-500 dark:text-slate-400">{e.type ? typeInfo(types, e.type).label : "Any type"}</div>
          </div>
          <Button
            variant="ghost"
            disabled={remove.isPending}
            onClick={() => remove.mutate(e.id, { onSuccess: () => toast.success("Removed from the allowlist") })}
            aria-label={`Remove ${e.value} from the allowlist`}
          >
            Remove
          </Button>
        </li>
      ))}
    </ul>
  );
}
