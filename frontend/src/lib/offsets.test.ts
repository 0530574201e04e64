import { describe, expect, it } from "vitest";
import { byteSpanToUtf16, utf16Offset, utf16Offsets, utf8Length } from "./offsets";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** The backend's view: the UTF-8 bytes [start, end) of text, decoded. */
function byteSlice(text: string, start: number, end: number): string {
  return dec.decode(enc.encode(text).slice(start, end));
}

/** Byte offsets of the first occurrence of needle, as the Go backend computes them. */
function byteSpan(text: string, needle: string): [number, number] {
  const b = enc.encode(text);
  const n = enc.encode(needle);
  outer: for (let i = 0; i + n.length <= b.length; i++) {
    for (let j = 0; j < n.length; j++) if (b[i + j] !== n[j]) continue outer;
    return [i, i + n.length];
  }
  throw new Error(`${needle} not in ${text}`);
}

describe("utf8Length", () => {
  const cases: { name: string; text: string }[] = [
    { name: "empty", text: "" },
    { name: "ASCII", text: "user=alice ip=10.0.0.1" },
    { name: "Latin-1", text: "café naïve" },
    { name: "CJK", text: "用户 登录 失败" },
    { name: "emoji (surrogate pairs)", text: "🔥 deploy 🚀✅" },
    { name: "combining marks", text: "e\u0301 n\u0303 a\u0308" },
  ];
  for (const c of cases) {
    it(c.name, () => expect(utf8Length(c.text)).toBe(enc.encode(c.text).length));
  }
  it("counts a lone surrogate as U+FFFD (3 bytes)", () => expect(utf8Length("a\ud800b")).toBe(5));
});

describe("byteSpanToUtf16 round-trips the backend's spans", () => {
  const cases: { name: string; text: string; value: string }[] = [
    { name: "ASCII", text: "login failed for alice@example.com from 10.0.0.1", value: "alice@example.com" },
    { name: "CJK before the value", text: "用户登录失败 email=bob@example.org 时间", value: "bob@example.org" },
    { name: "emoji before the value", text: "🔥🔥 alert: token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 🚀", value: "ghp_abcdefghijklmnopqrstuvwxyz0123456789" },
    { name: "combining marks before the value", text: "Jose\u0301 n\u0303 logged in from 192.168.1.20", value: "192.168.1.20" },
    { name: "value at line end", text: "ñ connect from 203.0.113.9", value: "203.0.113.9" },
    { name: "value at line start", text: "10.1.2.3 — 用户", value: "10.1.2.3" },
    { name: "value containing non-ASCII", text: "name=Zoë Ünal, id 7", value: "Zoë Ünal" },
    { name: "value that is an emoji", text: "a 😀 b", value: "😀" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [bs, be] = byteSpan(c.text, c.value);
      expect(byteSlice(c.text, bs, be)).toBe(c.value);
      const [s, e] = byteSpanToUtf16(c.text, bs, be);
      expect(c.text.slice(s, e)).toBe(c.value);
    });
  }

  it("maps the end of the line to the string length", () => {
    const text = "x 🚀 用";
    expect(utf16Offset(text, utf8Length(text))).toBe(text.length);
  });

  it("clamps offsets past the end and below zero", () => {
    expect(utf16Offset("abc", 99)).toBe(3);
    expect(utf16Offset("abc", -4)).toBe(0);
  });

  it("rounds an offset inside a character down, or up for ends", () => {
    // "é" is bytes 1..3 of "xé".
    expect(utf16Offset("xéy", 2)).toBe(1);
    expect(utf16Offset("xéy", 2, true)).toBe(2);
    // Inside a 4-byte emoji (2 UTF-16 units).
    expect(utf16Offset("a😀b", 3)).toBe(1);
    expect(utf16Offset("a😀b", 3, true)).toBe(3);
  });

  it("converts many offsets in any order", () => {
    const text = "ü 😀 用 z";
    const bytes = [0, 2, 3, 7, 8, 11, 12, 13];
    const want = bytes.map((b) => dec.decode(enc.encode(text).slice(0, b)).length);
    expect(utf16Offsets(text, [...bytes].reverse())).toEqual([...want].reverse());
  });
});
