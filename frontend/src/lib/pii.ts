// How finding types and review states are shown: labels from Meta, one colour per class.
import type { PIIType, ReviewSummary } from "./api/types";

export type PIIClass = "secret" | "credential" | "financial" | "personal" | "network";

export const piiClasses: readonly { id: PIIClass; label: string }[] = [
  { id: "secret", label: "Secrets" },
  { id: "credential", label: "Credentials" },
  { id: "financial", label: "Financial" },
  { id: "personal", label: "Personal" },
  { id: "network", label: "Network" },
];

interface ClassStyle {
  /** A small colour dot. */
  dot: string;
  /** A finding that will be redacted: filled. */
  redact: string;
  /** A finding that is kept: outlined only. */
  keep: string;
}

// Full class names (Tailwind only generates classes it can see in the source).
export const classStyles: Record<PIIClass, ClassStyle> = {
  secret: {
    dot: "bg-red-500",
    redact: "bg-red-200 text-red-950 ring-1 ring-red-400 dark:bg-red-900/70 dark:text-red-50 dark:ring-red-600",
    keep: "underline decoration-red-500 decoration-dashed decoration-2 underline-offset-2",
  },
  credential: {
    dot: "bg-orange-500",
    redact: "bg-orange-200 text-orange-950 ring-1 ring-orange-400 dark:bg-orange-900/70 dark:text-orange-50 dark:ring-orange-600",
    keep: "underline decoration-orange-500 decoration-dashed decoration-2 underline-offset-2",
  },
  financial: {
    dot: "bg-violet-500",
    redact: "bg-violet-200 text-violet-950 ring-1 ring-violet-400 dark:bg-violet-900/70 dark:text-violet-50 dark:ring-violet-600",
    keep: "underline decoration-violet-500 decoration-dashed decoration-2 underline-offset-2",
  },
  personal: {
    dot: "bg-sky-500",
    redact: "bg-sky-200 text-sky-950 ring-1 ring-sky-400 dark:bg-sky-900/70 dark:text-sky-50 dark:ring-sky-600",
    keep: "underline decoration-sky-500 decoration-dashed decoration-2 underline-offset-2",
  },
  network: {
    dot: "bg-teal-500",
    redact: "bg-teal-200 text-teal-950 ring-1 ring-teal-400 dark:bg-teal-900/70 dark:text-teal-50 dark:ring-teal-600",
    keep: "underline decoration-teal-500 decoration-dashed decoration-2 underline-offset-2",
  },
};

function isClass(c: string): c is PIIClass {
  return piiClasses.some((x) => x.id === c);
}

export interface TypeInfo {
  label: string;
  cls: PIIClass;
}

/** typeInfo finds a type's label and class; unknown types get their id and the "secret" look. */
export function typeInfo(types: readonly PIIType[] | undefined, type: string): TypeInfo {
  const t = types?.find((x) => x.type === type);
  return { label: t?.label || type, cls: t && isClass(t.class) ? t.class : "secret" };
}

/** groupTypes groups the types by class, classes in their fixed order, types in Meta's order. */
export function groupTypes(types: readonly PIIType[]): { cls: PIIClass; label: string; types: PIIType[] }[] {
  return piiClasses
    .map((c) => ({ cls: c.id, label: c.label, types: types.filter((t) => (isClass(t.class) ? t.class : "secret") === c.id) }))
    .filter((g) => g.types.length > 0);
}

export type RedactionState =
  | { kind: "not-scanned" }
  | { kind: "no-findings" }
  | { kind: "to-review"; redact: number; total: number }
  | { kind: "applied" }
  | { kind: "pending"; redact: number; total: number };

/** redactionState is the one-line state of a log shown in lists. */
export function redactionState(s: ReviewSummary): RedactionState {
  if (!s.scanned) return { kind: "not-scanned" };
  if (s.applied) return s.pending ? { kind: "pending", redact: s.redact, total: s.total } : { kind: "applied" };
  if (s.total === 0) return { kind: "no-findings" };
  return { kind: "to-review", redact: s.redact, total: s.total };
}

export function redactionStateText(st: RedactionState): string {
  switch (st.kind) {
    case "not-scanned":
      return "Not reviewed";
    case "no-findings":
      return "No findings";
    case "to-review":
      return `${st.redact.toLocaleString()} to redact`;
    case "applied":
      return "Applied";
    case "pending":
      return "Changes pending";
  }
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
export const findingsText = (n: number) => plural(n, "finding", "findings");
