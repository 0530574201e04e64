import { capitalize, severityStyles, statusStyles } from "../../lib/labels";

const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

export function SeverityBadge({ severity }: { severity: string }) {
  const cls = severityStyles[severity]?.badge ?? statusStyles.closed;
  return <span className={`${base} ${cls}`}>{capitalize(severity)}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const cls = statusStyles[status] ?? statusStyles.closed;
  return <span className={`${base} ${cls}`}>{capitalize(status)}</span>;
}

export function TagChip({ tag }: { tag: string }) {
  return (
    <span className="inline-flex items-center rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
      {tag}
    </span>
  );
}
