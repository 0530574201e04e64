import { describe, expect, it } from "vitest";
import { headings, templateName } from "./sections";

describe("headings", () => {
  it("lists headings with their lines, skipping fenced code", () => {
    const md = ["# Checkout outage RCA", "", "## Summary", "text", "```sh", "# not a heading", "```", "### Detail ##", "#### too deep", "## Timeline", "~~~", "## inside tilde fence", "~~~", "#nospace"].join("\n");
    expect(headings(md, 3)).toEqual([
      { level: 1, text: "Checkout outage RCA", line: 1 },
      { level: 2, text: "Summary", line: 3 },
      { level: 3, text: "Detail", line: 8 },
      { level: 2, text: "Timeline", line: 10 },
    ]);
  });
  it("handles a long document", () => {
    const md = Array.from({ length: 5000 }, (_, i) => (i % 100 === 0 ? `## Section ${i / 100}` : `line ${i}`)).join("\n");
    const h = headings(md);
    expect(h).toHaveLength(50);
    expect(h[49]).toEqual({ level: 2, text: "Section 49", line: 4901 });
  });
});

describe("templateName", () => {
  it("uses the template's name, or a readable id", () => {
    expect(templateName([{ id: "rca", name: "Root cause analysis" }], "rca")).toBe("Root cause analysis");
    expect(templateName(undefined, "rca")).toBe("RCA");
    expect(templateName([], "google-sre")).toBe("Google sre");
    expect(templateName([], "")).toBe("—");
  });
});
