import { describe, expect, it } from "vitest";
import type { DiffLine } from "../../lib/api/documents";
import { changeSummary, countChanges, foldUnchanged, gutterSign } from "./diff";

function equalRun(from: number, n: number): DiffLine[] {
  return Array.from({ length: n }, (_, i) => ({ op: "equal", text: `line ${from + i}`, old: from + i, new: from + i }));
}

describe("foldUnchanged", () => {
  it("keeps three lines of context around a change and folds the rest", () => {
    const lines: DiffLine[] = [
      ...equalRun(1, 10),
      { op: "delete", text: "old 11", old: 11, new: 0 },
      { op: "insert", text: "new 11", old: 0, new: 11 },
      ...equalRun(12, 10),
    ];
    const rows = foldUnchanged(lines, 3);
    expect(rows.map((r) => (r.kind === "fold" ? `fold ${r.count} @${r.oldFrom}` : `${r.line.op} ${r.line.text}`))).toEqual([
      "fold 7 @1",
      "equal line 8",
      "equal line 9",
      "equal line 10",
      "delete old 11",
      "insert new 11",
      "equal line 12",
      "equal line 13",
      "equal line 14",
      "fold 7 @15",
    ]);
  });

  it("does not fold a run that is barely longer than its context", () => {
    const lines: DiffLine[] = [
      { op: "insert", text: "a", old: 0, new: 1 },
      ...equalRun(1, 7),
      { op: "insert", text: "b", old: 0, new: 9 },
    ];
    expect(foldUnchanged(lines, 3).every((r) => r.kind === "line")).toBe(true);
    expect(foldUnchanged(lines, 3)).toHaveLength(9);
  });

  it("folds between two distant changes, keeping context on both sides", () => {
    const lines: DiffLine[] = [{ op: "insert", text: "top", old: 0, new: 1 }, ...equalRun(1, 20), { op: "delete", text: "bottom", old: 21, new: 0 }];
    const rows = foldUnchanged(lines, 2);
    expect(rows).toHaveLength(1 + 2 + 1 + 2 + 1);
    expect(rows[3]).toEqual({ kind: "fold", count: 16, oldFrom: 3, newFrom: 3 });
  });

  it("shows nothing but a fold for identical versions", () => {
    expect(foldUnchanged(equalRun(1, 50))).toEqual([{ kind: "fold", count: 50, oldFrom: 1, newFrom: 1 }]);
  });
});

describe("gutters and counts", () => {
  it("marks insertions and deletions", () => {
    expect(["insert", "delete", "equal"].map(gutterSign)).toEqual(["+", "−", " "]);
  });
  it("counts and summarises changes", () => {
    const lines: DiffLine[] = [
      { op: "insert", text: "a", old: 0, new: 1 },
      { op: "insert", text: "b", old: 0, new: 2 },
      { op: "delete", text: "c", old: 1, new: 0 },
      { op: "equal", text: "d", old: 2, new: 3 },
    ];
    expect(countChanges(lines)).toEqual({ added: 2, removed: 1 });
    expect(changeSummary(2, 1)).toBe("+2 −1");
    expect(changeSummary(0, 0)).toBe("No differences");
  });
});
