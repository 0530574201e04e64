import { describe, expect, it } from "vitest";
import { previewParts, previewText, type TextSpan } from "./textRedaction";

const enc = new TextEncoder();
function span(text: string, value: string, placeholder: string): TextSpan {
  const i = text.indexOf(value);
  const start = enc.encode(text.slice(0, i)).length;
  return { start, end: start + enc.encode(value).length, placeholder };
}

describe("previewText", () => {
  const text = "🔥 用户 bob@example.com 从 10.0.0.7 (password=hunter2)";
  const findings = [span(text, "bob@example.com", "[EMAIL-1]"), span(text, "10.0.0.7", "[IPV4-1]"), span(text, "hunter2", "[PASSWORD-1]")];

  it("replaces redacted findings and keeps the others, on non-ASCII text", () => {
    expect(previewText(text, findings, ["redact", "keep", "redact"])).toBe("🔥 用户 [EMAIL-1] 从 10.0.0.7 (password=[PASSWORD-1])");
  });

  it("leaves undecided findings as they are, marked undecided", () => {
    const parts = previewParts(text, findings, [null, "redact", null]);
    expect(parts.filter((p) => p.finding >= 0).map((p) => [p.text, p.decision])).toEqual([
      ["bob@example.com", null],
      ["[IPV4-1]", "redact"],
      ["hunter2", null],
    ]);
  });

  it("returns text without findings unchanged", () => {
    expect(previewText("nothing here", [], [])).toBe("nothing here");
  });
});
