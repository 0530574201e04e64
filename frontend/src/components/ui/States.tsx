import type { ReactNode } from "react";
import type { AppError } from "../../lib/api/errors";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return <p className="py-6 text-sm text-slate-500 dark:text-slate-400">{label}</p>;
}

export function ErrorNotice({ error, children }: { error: AppError | Error; children?: ReactNode }) {
  return (
    <div className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      <p>{error.message}</p>
      {children}
    </div>
  );
}

export function PageHeader({ title, actions }: { title: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
      <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
