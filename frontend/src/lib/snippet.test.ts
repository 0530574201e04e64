import { describe, expect, it } from "vitest";
import { splitSnippet, stripMarkers } from "./snippet";

const S = "\u0002";
const E = "\u0003";

describe("splitSnippet", () => {
  const cases: { name: string; in: string; want: { text: string; match: boolean }[] }[] = [
    { name: "no markers", in: "plain text", want: [{ text: "plain text", match: false }] },
    { name: "empty", in: "", want: [] },
    {
      name: "one match in the middle",
      in: `after the ${S}zebrafish${E} deploy`,
      want: [
        { text: "after the ", match: false },
        { text: "zebrafish", match: true },
        { text: " deploy", match: false },
      ],
    },
    {
      name: "matches at both ends",
      in: `${S}disk${E} full on ${S}db${E}`,
      want: [
        { text: "disk", match: true },
        { text: " full on ", match: false },
        { text: "db", match: true },
      ],
    },
    { name: "unterminated start highlights to the end", in: `abc ${S}def`, want: [{ text: "abc ", match: false }, { text: "def", match: true }] },
    { name: "stray end marker is dropped", in: `abc${E} def`, want: [{ text: "abc def", match: false }] },
    { name: "nested start markers", in: `${S}a${S}b${E}c`, want: [{ text: "ab", match: true }, { text: "c", match: false }] },
    { name: "empty match is omitted", in: `a${S}${E}b`, want: [{ text: "ab", match: false }] },
    {
      name: "HTML stays text",
      in: `<b>x</b> ${S}<script>alert(1)</script>${E}`,
      want: [
        { text: "<b>x</b> ", match: false },
        { text: "<script>alert(1)</script>", match: true },
      ],
    },
    { name: "non-ASCII", in: `Ünïcödé ${S}日本${E} 🚀`, want: [{ text: "Ünïcödé ", match: false }, { text: "日本", match: true }, { text: " 🚀", match: false }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(splitSnippet(c.in)).toEqual(c.want);
    });
  }
});

describe("stripMarkers", () => {
  it("removes both markers", () => {
    expect(stripMarkers(`a ${S}b${E} c${E}`)).toBe("a b c");
  });
});
