// Helpers for showing a line diff (docs.Diff) compactly: unchanged runs far from a change are
// folded, so a one-line edit in a 5,000-line document shows a few lines, not all of them.
import type { DiffLine } from "../../lib/api/documents";

export type DiffRow =
  | { kind: "line"; line: DiffLine }
  /** count unchanged lines folded away, starting at old/new line numbers oldFrom/newFrom. */
  | { kind: "fold"; count: number; oldFrom: number; newFrom: number };

/** foldUnchanged keeps `context` unchanged lines around each change and folds the rest. */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): DiffRow[] {
  const rows: DiffRow[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line) break;
    if (line.op !== "equal") {
      rows.push({ kind: "line", line });
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j]?.op === "equal") j++;
    // The run of unchanged lines is [i, j).
    const keepBefore = i === 0 ? 0 : context; // after a change
    const keepAfter = j === lines.length ? 0 : context; // before a change
    const run = j - i;
    if (run <= keepBefore + keepAfter + 1) {
      for (let k = i; k < j; k++) rows.push({ kind: "line", line: lines[k] as DiffLine });
    } else {
      for (let k = i; k < i + keepBefore; k++) rows.push({ kind: "line", line: lines[k] as DiffLine });
      const first = lines[i + keepBefore] as DiffLine;
      rows.push({ kind: "fold", count: run - keepBefore - keepAfter, oldFrom: first.old, newFrom: first.new });
      for (let k = j - keepAfter; k < j; k++) rows.push({ kind: "line", line: lines[k] as DiffLine });
    }
    i = j;
  }
  return rows;
}

/** The gutter sign of a diff line. */
export function gutterSign(op: string): "+" | "−" | " " {
  return op === "insert" ? "+" : op === "delete" ? "−" : " ";
}

/** countChanges counts inserted and deleted lines. */
export function countChanges(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.op === "insert") added++;
    else if (l.op === "delete") removed++;
  }
  return { added, removed };
}

/** changeSummary: "+3 −1", or "No differences". */
export function changeSummary(added: number, removed: number): string {
  if (added === 0 && removed === 0) return "No differences";
  return `+${added.toLocaleString()} −${removed.toLocaleString()}`;
}
