import { describe, expect, it } from "vitest";
import { segmentLine, splitPlaceholders, type SpanLike } from "./segments";

const enc = new TextEncoder();

interface F extends SpanLike {
  id: string;
}

/** A finding of `value` on line n, with byte offsets as the backend computes them. */
function at(id: string, n: number, text: string, value: string): F {
  const i = text.indexOf(value);
  if (i < 0) throw new Error(`${value} not in ${text}`);
  const start = enc.encode(text.slice(0, i)).length;
  return { id, line: n, start, endLine: n, end: start + enc.encode(value).length };
}

const view = (segs: { text: string; finding: F | null }[]) => segs.map((s) => [s.text, s.finding?.id ?? null]);

describe("segmentLine", () => {
  it("gives the whole line when nothing touches it", () => {
    expect(view(segmentLine(3, "plain text", [at("a", 2, "x", "x")]))).toEqual([["plain text", null]]);
    expect(segmentLine(1, "", [])).toEqual([]);
  });

  it("splits around findings on a non-ASCII line", () => {
    const text = "🔥 用户 alice@example.com 从 10.0.0.1";
    const segs = segmentLine(1, text, [at("ip", 1, text, "10.0.0.1"), at("mail", 1, text, "alice@example.com")]);
    expect(view(segs)).toEqual([
      ["🔥 用户 ", null],
      ["alice@example.com", "mail"],
      [" 从 ", null],
      ["10.0.0.1", "ip"],
    ]);
  });

  it("keeps adjacent findings apart without a gap", () => {
    const text = "k=abcdef";
    const a = { id: "a", line: 1, start: 2, endLine: 1, end: 5 };
    const b = { id: "b", line: 1, start: 5, endLine: 1, end: 8 };
    expect(view(segmentLine(1, text, [b, a]))).toEqual([
      ["k=", null],
      ["abc", "a"],
      ["def", "b"],
    ]);
  });

  it("clips overlapping findings so no text is lost or repeated", () => {
    const text = "0123456789";
    const a = { id: "a", line: 1, start: 2, endLine: 1, end: 6 };
    const b = { id: "b", line: 1, start: 4, endLine: 1, end: 8 };
    const inner = { id: "inner", line: 1, start: 3, endLine: 1, end: 5 };
    const segs = segmentLine(1, text, [b, inner, a]);
    expect(view(segs)).toEqual([
      ["01", null],
      ["2345", "a"],
      ["67", "b"],
      ["89", null],
    ]);
    expect(segs.map((s) => s.text).join("")).toBe(text);
  });

  it("covers the lines of a multi-line finding", () => {
    const pem = { id: "pem", line: 2, start: 6, endLine: 4, end: 25 };
    const l2 = "key = -----BEGIN PRIVATE KEY-----";
    const l3 = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";
    const l4 = "-----END PRIVATE KEY----- trailing";
    expect(view(segmentLine(2, l2, [pem]))).toEqual([
      ["key = ", null],
      ["-----BEGIN PRIVATE KEY-----", "pem"],
    ]);
    expect(view(segmentLine(3, l3, [pem]))).toEqual([[l3, "pem"]]);
    expect(view(segmentLine(4, l4, [pem]))).toEqual([
      ["-----END PRIVATE KEY-----", "pem"],
      [" trailing", null],
    ]);
    expect(view(segmentLine(5, "after", [pem]))).toEqual([["after", null]]);
  });

  it("handles a finding at the end of the line", () => {
    const text = "é from 203.0.113.9";
    expect(view(segmentLine(7, text, [at("ip", 7, text, "203.0.113.9")]))).toEqual([
      ["é from ", null],
      ["203.0.113.9", "ip"],
    ]);
  });

  it("clamps a finding that runs past the text (a stale page)", () => {
    const f = { id: "x", line: 1, start: 2, endLine: 1, end: 99 };
    expect(view(segmentLine(1, "abcd", [f]))).toEqual([
      ["ab", null],
      ["cd", "x"],
    ]);
  });
});

describe("splitPlaceholders", () => {
  it("finds placeholders in redacted text", () => {
    expect(splitPlaceholders("from [IPV4-1] user [EMAIL-12] key [AWS_ACCESS_KEY-3].")).toEqual([
      { text: "from ", placeholder: false },
      { text: "[IPV4-1]", placeholder: true },
      { text: " user ", placeholder: false },
      { text: "[EMAIL-12]", placeholder: true },
      { text: " key ", placeholder: false },
      { text: "[AWS_ACCESS_KEY-3]", placeholder: true },
      { text: ".", placeholder: false },
    ]);
  });
  it("leaves other brackets alone", () => {
    expect(splitPlaceholders("[INFO] [pid 42] [x-]")).toEqual([{ text: "[INFO] [pid 42] [x-]", placeholder: false }]);
  });
});
