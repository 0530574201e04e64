// Pure helpers of the action items UI: labels, overdue, reordering, the add form's input.
import type { ActionInput, ActionItem } from "../../lib/api/actions";

export const priorityLabels: Record<string, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};

export const statusLabels: Record<string, string> = {
  open: "Open",
  in_progress: "In progress",
  done: "Done",
  wont_do: "Won’t do",
};

/** Used until ActionService.Options answers (the backend's lists, in display order). */
export const defaultOptions = {
  priorities: ["critical", "high", "medium", "low"],
  statuses: ["open", "in_progress", "done", "wont_do"],
};

const fallbackLabel = (v: string) => (v ? v.charAt(0).toUpperCase() + v.slice(1).replace(/_/g, " ") : v);

export const priorityLabel = (p: string): string => priorityLabels[p] ?? fallbackLabel(p);
export const statusLabel = (s: string): string => statusLabels[s] ?? fallbackLabel(s);

/** Statuses that still need doing: only these can be overdue. */
const pending = new Set(["open", "in_progress"]);

/** localDate is d as YYYY-MM-DD in the local time zone (due dates are calendar days). */
export function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * isOverdue: the item is still to do and its due date is before today (due today is not
 * overdue). today is the local date as YYYY-MM-DD.
 */
export function isOverdue(item: Pick<ActionItem, "dueDate" | "status">, today: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(item.dueDate) && pending.has(item.status) && item.dueDate < today;
}

/** daysLate is how many whole days the due date is before today (0 when not before, or unparseable). */
export function daysLate(dueDate: string, today: string): number {
  const day = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  };
  const d = (day(today) - day(dueDate)) / 86_400_000;
  return Number.isFinite(d) && d > 0 ? Math.round(d) : 0;
}

/** overdueText: "Overdue by 1 day", "Overdue by 12 days", then in months and years. */
export function overdueText(dueDate: string, today: string): string {
  const n = daysLate(dueDate, today);
  const unit = (k: number, one: string) => `${k} ${one}${k === 1 ? "" : "s"}`;
  if (n <= 60) return `Overdue by ${unit(n, "day")}`;
  if (n < 730) return `Overdue by ${unit(Math.floor(n / 30), "month")}`;
  return `Overdue by ${unit(Math.floor(n / 365), "year")}`;
}

/**
 * moveId returns ids with the one at index moved by delta (−1 up, +1 down), or null when it
 * cannot move (already first or last, or no such index). The result holds exactly the same ids,
 * which is what ActionService.Reorder requires.
 */
export function moveId(ids: readonly string[], index: number, delta: -1 | 1): string[] | null {
  const to = index + delta;
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return null;
  const next = [...ids];
  const [id] = next.splice(index, 1) as [string];
  next.splice(to, 0, id);
  return next;
}

/** inOrder puts items in the order of ids (items missing from ids keep their place at the end). */
export function inOrder<T extends { id: string }>(items: readonly T[], ids: readonly string[]): T[] {
  const byId = new Map(items.map((it) => [it.id, it]));
  const out: T[] = [];
  for (const id of ids) {
    const it = byId.get(id);
    if (it) {
      out.push(it);
      byId.delete(id);
    }
  }
  return [...out, ...byId.values()];
}

/** The add form's fields as typed. */
export interface Draft {
  title: string;
  owner: string;
  dueDate: string;
  priority: string;
}

export const emptyDraft = (): Draft => ({ title: "", owner: "", dueDate: "", priority: "medium" });

/**
 * toInput trims the typed fields into the backend's input (new items are open). Only what the
 * browser can say for sure is checked here (a title is needed); the backend validates the rest.
 */
export function toInput(d: Draft): { input: ActionInput; error?: string } {
  const input: ActionInput = {
    title: d.title.trim(),
    owner: d.owner.trim(),
    dueDate: d.dueDate.trim(),
    priority: d.priority || "medium",
    status: "open",
  };
  if (input.title === "") return { input, error: "Give the action item a title." };
  return { input };
}

/**
 * plainMessage drops the Go packages' context prefixes ("actions: update: actions: …") from a
 * backend message and starts it with a capital.
 */
export function plainMessage(message: string): string {
  const m = message.replace(/^(?:(?:actions|add|update|delete|reorder|list): )+/i, "");
  return m ? m.charAt(0).toUpperCase() + m.slice(1) : message;
}

/** summary: "3 action items · 1 overdue" for the section's heading line. */
export function summary(items: readonly Pick<ActionItem, "dueDate" | "status">[], today: string): string {
  const n = items.length;
  const open = items.filter((it) => pending.has(it.status)).length;
  const overdue = items.filter((it) => isOverdue(it, today)).length;
  const parts = [`${n} ${n === 1 ? "item" : "items"}`];
  if (n > 0) parts.push(`${open} to do`);
  if (overdue > 0) parts.push(`${overdue} overdue`);
  return parts.join(" · ");
}
