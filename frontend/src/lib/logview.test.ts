import { describe, expect, it } from "vitest";
import {
  LINES_PAGE_SIZE,
  pageOfLine,
  pageSpan,
  pagesForLines,
  parseLineNumber,
  scrollScale,
  scrollTopForLine,
  splitByQuery,
  stepMatch,
} from "./logview";

describe("page math", () => {
  it("maps 1-based lines to 0-based pages of 500", () => {
    expect(LINES_PAGE_SIZE).toBe(500);
    expect(pageOfLine(1)).toBe(0);
    expect(pageOfLine(500)).toBe(0);
    expect(pageOfLine(501)).toBe(1);
    expect(pageOfLine(12345)).toBe(24);
    expect(pageOfLine(5_000_000)).toBe(9999);
  });
  it("gives each page's first line and count, short at the end", () => {
    expect(pageSpan(0, 20000)).toEqual({ from: 1, count: 500 });
    expect(pageSpan(24, 20000)).toEqual({ from: 12001, count: 500 });
    expect(pageSpan(2, 1100)).toEqual({ from: 1001, count: 100 });
    expect(pageSpan(3, 1100)).toEqual({ from: 1501, count: 0 });
  });
  it("lists the pages covering a range of lines", () => {
    expect(pagesForLines(1, 40)).toEqual([0]);
    expect(pagesForLines(480, 530)).toEqual([0, 1]);
    expect(pagesForLines(10, 5)).toEqual([]);
  });
});

describe("scroll scaling", () => {
  it("is 1:1 when the content fits", () => {
    expect(scrollScale(400_000, 600)).toEqual({ physical: 400_000, ratio: 1 });
  });
  it("compresses huge logs so both ends line up", () => {
    const rows = 5_000_000;
    const s = scrollScale(rows * 20, 600, 10_000_000);
    expect(s.physical).toBe(10_000_000);
    // The last physical scroll position shows the last screenful.
    expect((s.physical - 600) * s.ratio).toBeCloseTo(rows * 20 - 600, 3);
  });
  it("centres a target line and clamps at the edges", () => {
    const one = scrollScale(20000 * 20, 600);
    expect(scrollTopForLine(1, 20, 20000, 600, one)).toBe(0);
    expect(scrollTopForLine(1001, 20, 20000, 600, one)).toBe(1000 * 20 - 290);
    expect(scrollTopForLine(20000, 20, 20000, 600, one)).toBe(20000 * 20 - 600);
    const big = scrollScale(5_000_000 * 20, 600);
    expect(scrollTopForLine(5_000_000, 20, 5_000_000, 600, big)).toBeCloseTo(big.physical - 600, 3);
  });
});

describe("splitByQuery", () => {
  it("marks every case-insensitive match", () => {
    expect(splitByQuery("Error: disk error, ERROR!", "error")).toEqual([
      { text: "Error", match: true },
      { text: ": disk ", match: false },
      { text: "error", match: true },
      { text: ", ", match: false },
      { text: "ERROR", match: true },
      { text: "!", match: false },
    ]);
  });
  it("treats the query literally", () => {
    expect(splitByQuery("a.b a*b (x)", "(x)")).toEqual([
      { text: "a.b a*b ", match: false },
      { text: "(x)", match: true },
    ]);
    expect(splitByQuery("axb", ".")).toEqual([{ text: "axb", match: false }]);
  });
  it("returns the line unchanged for an empty query or no match", () => {
    expect(splitByQuery("hello", "")).toEqual([{ text: "hello", match: false }]);
    expect(splitByQuery("hello", "zebra")).toEqual([{ text: "hello", match: false }]);
    expect(splitByQuery("", "x")).toEqual([]);
  });
  it("handles a whole-line match", () => {
    expect(splitByQuery("zebrafish", "ZEBRAFISH")).toEqual([{ text: "zebrafish", match: true }]);
  });
});

describe("parseLineNumber", () => {
  it.each([
    ["12345", 20000, 12345],
    [" 1 ", 10, 1],
    ["1,000", 5000, 1000],
    ["0", 10, null],
    ["11", 10, null],
    ["abc", 10, null],
    ["1.5", 10, null],
    ["", 10, null],
  ])("%j of %d → %j", (input, total, want) => {
    expect(parseLineNumber(input, total)).toBe(want);
  });
});

describe("stepMatch", () => {
  it("cycles forwards and backwards", () => {
    expect(stepMatch(-1, 3, 1)).toBe(0);
    expect(stepMatch(-1, 3, -1)).toBe(2);
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});
