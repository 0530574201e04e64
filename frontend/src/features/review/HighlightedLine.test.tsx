import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../lib/api/types";
import { FindingLine } from "./HighlightedLine";

const enc = new TextEncoder();
const types = [
  { type: "email", label: "Email address", class: "personal" },
  { type: "ipv4", label: "IPv4 address", class: "network" },
];

function finding(id: string, type: string, text: string, value: string, decision: string): Finding {
  const i = text.indexOf(value);
  const start = enc.encode(text.slice(0, i)).length;
  return { id, type, rule: type, line: 4, start, endLine: 4, end: start + enc.encode(value).length, value, placeholder: `[${type.toUpperCase()}-1]`, decision, allowlisted: false };
}

describe("FindingLine", () => {
  const text = "用户 🚀 bob@example.org from 10.0.0.7 failed";
  const findings = [finding("a", "email", text, "bob@example.org", "redact"), finding("b", "ipv4", text, "10.0.0.7", "keep")];

  it("highlights findings at their byte offsets on non-ASCII text, styled by decision", () => {
    const { container } = render(<FindingLine n={4} text={text} findings={findings} query="" types={types} />);
    const marks = [...container.querySelectorAll("mark[data-finding]")];
    expect(marks.map((m) => [m.textContent, m.getAttribute("data-decision")])).toEqual([
      ["bob@example.org", "redact"],
      ["10.0.0.7", "keep"],
    ]);
    expect(marks[0]?.getAttribute("title")).toBe("Email address: redacted as [EMAIL-1]");
    expect(marks[1]?.getAttribute("title")).toContain("kept");
    expect(container).toHaveTextContent(text);
  });

  it("marks search matches inside and outside findings", () => {
    const { container } = render(<FindingLine n={4} text={text} findings={findings} query="example" types={types} />);
    const hits = [...container.querySelectorAll("mark[data-search]")];
    expect(hits.map((m) => m.textContent)).toEqual(["example"]);
    expect(hits[0]?.closest("mark[data-finding]")?.getAttribute("data-finding")).toBe("a");
  });
});
