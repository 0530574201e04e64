import { describe, expect, it } from "vitest";
import { charCount, formatBytes, formatDateTime, formatDuration, formatRelative, parseUtc } from "./format";

describe("parseUtc", () => {
  it("reads the backend format as UTC", () => {
    expect(parseUtc("2026-03-01 14:05:09")?.toISOString()).toBe("2026-03-01T14:05:09.000Z");
  });
  it("accepts a T separator", () => {
    expect(parseUtc("2026-03-01T14:05:09")?.toISOString()).toBe("2026-03-01T14:05:09.000Z");
  });
  it.each(["", "yesterday", "2026-03-01"])("returns null for %j", (s) => {
    expect(parseUtc(s)).toBeNull();
  });
  it("returns null for undefined", () => {
    expect(parseUtc(undefined)).toBeNull();
  });
});

describe("formatDateTime", () => {
  it("shows a dash when unset", () => {
    expect(formatDateTime("")).toBe("—");
  });
  it("shows local time", () => {
    const s = "2026-03-01 14:05:09";
    const want = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(
      new Date(Date.UTC(2026, 2, 1, 14, 5, 9)),
    );
    expect(formatDateTime(s)).toBe(want);
  });
});

describe("formatRelative", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const cases: [string, number, string][] = [
    ["seconds", 10_000, "just now"],
    ["a minute", 60_000, "1 min ago"],
    ["minutes", 25 * 60_000, "25 min ago"],
    ["hours", 3 * 3_600_000, "3 h ago"],
    ["one day", 24 * 3_600_000, "yesterday"],
    ["days", 5 * 86_400_000, "5 days ago"],
    ["small clock skew", -20_000, "just now"],
  ];
  it.each(cases)("%s", (_name, ms, want) => {
    expect(formatRelative(ago(ms), now)).toBe(want);
  });
  it("falls back to a date after a month", () => {
    const d = ago(60 * 86_400_000);
    expect(formatRelative(d, now)).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(d));
  });
});

describe("formatDuration", () => {
  const cases: [number, string][] = [
    [0, "0 s"],
    [45_000, "45 s"],
    [60_000, "1 min"],
    [12 * 60_000, "12 min"],
    [3 * 3_600_000, "3 h"],
    [3 * 3_600_000 + 20 * 60_000, "3 h 20 min"],
    [2 * 86_400_000, "2 d"],
    [2 * 86_400_000 + 4 * 3_600_000 + 59_000, "2 d 4 h"],
    [-1, "—"],
    [Number.NaN, "—"],
  ];
  it.each(cases)("%d ms → %s", (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });
});

describe("charCount", () => {
  it("counts code points like the backend", () => {
    expect(charCount("abc")).toBe(3);
    expect(charCount("🚀🚀")).toBe(2);
    expect(charCount("日本")).toBe(2);
  });
});

describe("parseUtc with a zone", () => {
  it("honours an explicit offset", () => {
    expect(parseUtc("2026-03-01T16:05:09.5+02:00")?.toISOString()).toBe("2026-03-01T14:05:09.500Z");
  });
  it("reads Z as UTC", () => {
    expect(parseUtc("2026-03-01T14:05:09Z")?.toISOString()).toBe("2026-03-01T14:05:09.000Z");
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1023, "1023 B"],
    [1024, "1 KB"],
    [1536, "1.5 KB"],
    [10 * 1024 - 1, "10 KB"],
    [12 * 1024 * 1024, "12 MB"],
    [3.25 * 1024 ** 3, "3.3 GB"],
    [5 * 1024 ** 5, "5120 TB"],
  ])("formats %d as %s", (n, want) => {
    expect(formatBytes(n)).toBe(want);
  });
  it("shows a dash for nonsense", () => {
    expect(formatBytes(-1)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
  });
});
