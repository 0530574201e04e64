import { describe, expect, it } from "vitest";
import { daysLate, inOrder, isOverdue, overdueText, localDate, moveId, plainMessage, priorityLabel, statusLabel, summary, toInput } from "./model";

describe("isOverdue", () => {
  const today = "2026-11-27";
  it.each([
    { name: "open, due yesterday", dueDate: "2026-11-26", status: "open", want: true },
    { name: "in progress, due last year", dueDate: "2025-12-31", status: "in_progress", want: true },
    { name: "open, due today", dueDate: "2026-11-27", status: "open", want: false },
    { name: "open, due tomorrow", dueDate: "2026-11-28", status: "open", want: false },
    { name: "done, due yesterday", dueDate: "2026-11-26", status: "done", want: false },
    { name: "won't do, due yesterday", dueDate: "2026-11-26", status: "wont_do", want: false },
    { name: "open, no due date", dueDate: "", status: "open", want: false },
    { name: "open, malformed date", dueDate: "26/11/2026", status: "open", want: false },
  ])("$name → $want", ({ dueDate, status, want }) => {
    expect(isOverdue({ dueDate, status }, today)).toBe(want);
  });
});

describe("localDate", () => {
  it("formats the local calendar day with zero padding", () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
    expect(localDate(new Date(2026, 11, 31, 0, 0))).toBe("2026-12-31");
  });
});

describe("moveId", () => {
  const ids = ["a", "b", "c"];
  it.each([
    { name: "first down", index: 0, delta: 1 as const, want: ["b", "a", "c"] },
    { name: "last up", index: 2, delta: -1 as const, want: ["a", "c", "b"] },
    { name: "middle up", index: 1, delta: -1 as const, want: ["b", "a", "c"] },
    { name: "middle down", index: 1, delta: 1 as const, want: ["a", "c", "b"] },
    { name: "first up", index: 0, delta: -1 as const, want: null },
    { name: "last down", index: 2, delta: 1 as const, want: null },
    { name: "out of range", index: 5, delta: -1 as const, want: null },
  ])("$name", ({ index, delta, want }) => {
    const got = moveId(ids, index, delta);
    expect(got).toEqual(want);
    if (got) expect([...got].sort()).toEqual([...ids].sort());
  });
  it("does not change its input", () => {
    const input = ["a", "b"];
    moveId(input, 0, 1);
    expect(input).toEqual(["a", "b"]);
  });
});

describe("inOrder", () => {
  it("orders by ids and keeps unknown items at the end", () => {
    const items = [{ id: "a" }, { id: "b" }, { id: "c" }];
    expect(inOrder(items, ["c", "a"]).map((i) => i.id)).toEqual(["c", "a", "b"]);
    expect(inOrder(items, ["x", "b", "a", "c"]).map((i) => i.id)).toEqual(["b", "a", "c"]);
  });
});

describe("toInput", () => {
  it("trims the fields and makes new items open", () => {
    expect(toInput({ title: "  Add alerting ", owner: " Ana ", dueDate: " 2026-12-01 ", priority: "high" })).toEqual({
      input: { title: "Add alerting", owner: "Ana", dueDate: "2026-12-01", priority: "high", status: "open" },
    });
  });
  it("asks for a title", () => {
    expect(toInput({ title: "   ", owner: "Ana", dueDate: "", priority: "" }).error).toBe("Give the action item a title.");
  });
  it("defaults the priority to medium", () => {
    expect(toInput({ title: "x", owner: "", dueDate: "", priority: "" }).input.priority).toBe("medium");
  });
});

describe("labels", () => {
  it("reads statuses and priorities", () => {
    expect(statusLabel("in_progress")).toBe("In progress");
    expect(statusLabel("wont_do")).toBe("Won’t do");
    expect(priorityLabel("critical")).toBe("Critical");
    expect(statusLabel("blocked_upstream")).toBe("Blocked upstream");
  });
});

describe("plainMessage", () => {
  it("drops the package prefixes", () => {
    expect(plainMessage("actions: update: actions: title is required")).toBe("Title is required");
    expect(plainMessage("actions: add: actions: due date must be a date as YYYY-MM-DD, got \"x\"")).toBe(
      'Due date must be a date as YYYY-MM-DD, got "x"',
    );
    expect(plainMessage("database is locked")).toBe("Database is locked");
  });
});

describe("summary", () => {
  it("counts items, those to do and the overdue ones", () => {
    const today = "2026-11-27";
    expect(summary([], today)).toBe("0 items");
    expect(
      summary(
        [
          { dueDate: "2026-11-01", status: "open" },
          { dueDate: "", status: "in_progress" },
          { dueDate: "2026-11-01", status: "done" },
        ],
        today,
      ),
    ).toBe("3 items · 2 to do · 1 overdue");
  });
});

describe("daysLate", () => {
  it.each([
    { due: "2026-11-26", today: "2026-11-27", want: 1 },
    { due: "2026-10-28", today: "2026-11-27", want: 30 },
    // Across a daylight-saving change (calendar days, not 24 h periods in local time).
    { due: "2026-03-28", today: "2026-03-30", want: 2 },
    { due: "2026-11-27", today: "2026-11-27", want: 0 },
    { due: "2026-11-28", today: "2026-11-27", want: 0 },
    { due: "", today: "2026-11-27", want: 0 },
  ])("$due to $today: $want", ({ due, today, want }) => {
    expect(daysLate(due, today)).toBe(want);
  });
  it("reads as text", () => {
    expect(overdueText("2026-11-26", "2026-11-27")).toBe("Overdue by 1 day");
    expect(overdueText("2026-11-20", "2026-11-27")).toBe("Overdue by 7 days");
    expect(overdueText("2026-09-28", "2026-11-27")).toBe("Overdue by 60 days");
    expect(overdueText("2026-09-27", "2026-11-27")).toBe("Overdue by 2 months");
    expect(overdueText("2025-11-27", "2026-11-27")).toBe("Overdue by 12 months");
    expect(overdueText("2020-01-10", "2026-11-27")).toBe("Overdue by 6 years");
  });
});
