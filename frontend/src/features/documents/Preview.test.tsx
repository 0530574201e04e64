import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Preview, blockKeys, shownBlocks } from "./Preview";

describe("Preview", () => {
  it("renders tables, code blocks and task lists", () => {
    const md = [
      "## Action items",
      "",
      "- [x] Roll back the deploy",
      "- [ ] Cap the cache",
      "",
      "| Metric | Value |",
      "| --- | --- |",
      "| Time to detect | 5m 00s |",
      "",
      "```go",
      "cache := lru.New(512)",
      "```",
    ].join("\n");
    const { container } = render(<Preview text={md} />);
    const boxes = [...container.querySelectorAll<HTMLInputElement>("input[type=checkbox]")];
    expect(boxes.map((b) => b.checked)).toEqual([true, false]);
    expect(boxes.every((b) => b.disabled)).toBe(true);
    expect([...container.querySelectorAll("td")].map((td) => td.textContent)).toEqual(["Time to detect", "5m 00s"]);
    expect(container.querySelector("pre code")?.textContent).toBe("cache := lru.New(512)\n");
  });

  it("shows raw HTML as text and does not make links that navigate", () => {
    const md = "<script>alert(1)</script> <b onclick=x()>bold?</b>\n\nSee [the runbook](https://wiki.example/runbook) and ![graph](https://grafana.example/p.png)";
    const { container } = render(<Preview text={md} />);
    expect(container.querySelector("script, b, a, img")).toBeNull();
    expect(container.textContent).toContain("<script>alert(1)</script>");
    expect(container.textContent).toContain("the runbook<https://wiki.example/runbook>");
  });

  it("says when there is nothing to show", () => {
    const { container } = render(<Preview text={"  \n"} />);
    expect(container.textContent).toBe("Nothing to preview yet.");
  });
});

describe("shownBlocks", () => {
  it("counts the blocks that fit in the budget, at least one", () => {
    const blocks = ["a".repeat(10), "b".repeat(10), "c".repeat(10)];
    expect(shownBlocks(blocks, 25)).toBe(2);
    expect(shownBlocks(blocks, 30)).toBe(3);
    expect(shownBlocks(blocks, 5)).toBe(1);
    expect(shownBlocks([], 5)).toBe(0);
  });
});

describe("a long document", () => {
  it("renders every block in the end, the first ones at once", async () => {
    const md = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} ` + "word ".repeat(20)).join("\n\n");
    const { container, findByText } = render(<Preview text={md} />);
    expect(container.textContent).toContain("Paragraph 0 ");
    expect(container.textContent).not.toContain("Paragraph 399 ");
    expect(container.textContent).toContain("Rendering the rest of the document…");
    await findByText(/Paragraph 399 /, {}, { timeout: 5000 });
    expect(container.textContent).not.toContain("Rendering the rest");
  });
});

describe("blockKeys", () => {
  it("keeps the keys of unchanged blocks when one is inserted, and tells repeated blocks apart", () => {
    const before = blockKeys(["# A", "para", "---", "para", "tail"]);
    const after = blockKeys(["# A", "para", "NEW", "---", "para", "tail"]);
    expect(new Set(before).size).toBe(5);
    // Every block of before keeps its key after the insertion.
    expect(before.every((k) => after.includes(k))).toBe(true);
    expect(after.filter((k) => !before.includes(k))).toEqual(["0\u0000NEW"]);
  });
});
