// Display names, colours and allowed status transitions.

export function capitalize(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

export const severityStyles: Record<string, { badge: string; bar: string }> = {
  critical: {
    badge: "bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-950 dark:text-red-200 dark:ring-red-400/40",
    bar: "bg-red-600",
  },
  high: {
    badge: "bg-orange-100 text-orange-800 ring-orange-600/30 dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-400/40",
    bar: "bg-orange-500",
  },
  medium: {
    badge: "bg-amber-100 text-amber-800 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/40",
    bar: "bg-amber-400",
  },
  low: {
    badge: "bg-sky-100 text-sky-800 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-400/40",
    bar: "bg-sky-500",
  },
};

export const statusStyles: Record<string, string> = {
  open: "bg-blue-100 text-blue-800 ring-blue-600/30 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-400/40",
  investigating:
    "bg-violet-100 text-violet-800 ring-violet-600/30 dark:bg-violet-950 dark:text-violet-200 dark:ring-violet-400/40",
  resolved:
    "bg-emerald-100 text-emerald-800 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-400/40",
  closed: "bg-slate-200 text-slate-700 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-400/40",
};

export interface StatusAction {
  to: string;
  label: string;
}

/** nextStatusActions lists the status changes offered from `status`. */
export function nextStatusActions(status: string): StatusAction[] {
  switch (status) {
    case "open":
      return [{ to: "investigating", label: "Start investigating" }];
    case "investigating":
      return [{ to: "resolved", label: "Mark resolved" }];
    case "resolved":
      return [
        { to: "closed", label: "Close" },
        { to: "open", label: "Reopen" },
      ];
    case "closed":
      return [{ to: "open", label: "Reopen" }];
    default:
      return [];
  }
}
