import { describe, expect, it } from "vitest";
import { addTags, parseTags, sameTags } from "./tags";

describe("parseTags", () => {
  const cases: [string, string[]][] = [
    ["payments", ["payments"]],
    ["payments, latency", ["payments", "latency"]],
    [" a ,, b ,", ["a", "b"]],
    ["", []],
    ["   ", []],
    // Spaces and punctuation are kept: the backend decides what a valid tag is.
    ["bad tag!", ["bad tag!"]],
  ];
  it.each(cases)("%j", (input, want) => {
    expect(parseTags(input)).toEqual(want);
  });
});

describe("addTags", () => {
  it("appends in order and drops duplicates", () => {
    expect(addTags(["a", "b"], ["b", "c", "c"])).toEqual(["a", "b", "c"]);
  });
  it("does not modify the input", () => {
    const existing = ["a"];
    addTags(existing, ["b"]);
    expect(existing).toEqual(["a"]);
  });
});

describe("sameTags", () => {
  it("compares order and content", () => {
    expect(sameTags(["a", "b"], ["a", "b"])).toBe(true);
    expect(sameTags(["a", "b"], ["b", "a"])).toBe(false);
    expect(sameTags(["a"], ["a", "b"])).toBe(false);
  });
});
