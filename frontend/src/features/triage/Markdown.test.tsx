import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ChatMarkdown, MAX_LIVE_MARKDOWN, pieces, splitBlocks } from "./Markdown";

describe("ChatMarkdown", () => {
  it("renders Markdown and GFM tables", () => {
    const { container } = render(<ChatMarkdown text={"# Title\n\n**bold** and `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\nls\n```"} />);
    expect(container.querySelector("strong")?.textContent).toBe("bold");
    expect(container.querySelector("table td")?.textContent).toBe("1");
    expect(container.querySelector("pre code")?.textContent).toBe("ls\n");
  });

  it("shows raw HTML as text and never creates its elements", () => {
    const text = 'Look: <img src=x onerror=alert(1)> and <script>alert(2)</script>\n\n<div onclick="x()">block</div>\n\n<iframe src="https://evil.example"></iframe>';
    const { container } = render(<ChatMarkdown text={text} />);
    for (const tag of ["img", "script", "iframe", "div[onclick]"]) expect(container.querySelector(tag), tag).toBeNull();
    expect(container.querySelectorAll("[onerror], [onclick]")).toHaveLength(0);
    expect(container.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(container.textContent).toContain("<script>");
  });

  it("does not load Markdown images and shows links with their address instead of navigating", () => {
    const { container } = render(<ChatMarkdown text={"![diagram](https://tracker.example/p.png) see [docs](https://docs.example/x) or [bad](javascript:alert(1))"} />);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("a")).toBeNull();
    expect(container.textContent).toContain("[image: diagram <https://tracker.example/p.png>]");
    expect(container.textContent).toContain("docs<https://docs.example/x>");
    expect(container.textContent).not.toContain("javascript:");
  });
});

describe("splitBlocks", () => {
  it("cuts at blank lines outside code fences only", () => {
    const text = "para one\nstill one\n\n```sh\nls\n\npwd\n```\n\n~~~\na\n\nb\n~~~\n\n- item\n\nlast";
    expect(splitBlocks(text)).toEqual(["para one\nstill one", "```sh\nls\n\npwd\n```", "~~~\na\n\nb\n~~~", "- item", "last"]);
  });
  it("keeps an unclosed fence (a streaming answer) in one block", () => {
    expect(splitBlocks("intro\n\n```\ncode\n\nmore")).toEqual(["intro", "```\ncode\n\nmore"]);
  });
  it("renders the same text as one parse for ordinary answers", () => {
    const text = "# Title\n\nSome **bold**.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx\n\ny\n```";
    const { container } = render(<ChatMarkdown text={text} />);
    expect(container.querySelectorAll("h3, table, pre, strong")).toHaveLength(4);
    expect(container.querySelector("pre")?.textContent).toBe("x\n\ny\n");
  });
});

describe("streaming", () => {
  it("cuts pieces that stay the same as the text grows", () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(" ");
    const a = pieces(words.slice(0, 5000));
    const b = pieces(words);
    expect(a.join("")).toBe(words.slice(0, 5000));
    expect(b.join("")).toBe(words);
    expect(b.slice(0, a.length - 1)).toEqual(a.slice(0, -1));
  });
  it("shows a long streaming block as plain text, and Markdown once finished", () => {
    const long = "**bold** " + "word ".repeat(MAX_LIVE_MARKDOWN / 5 + 10);
    const live = render(<ChatMarkdown text={"# Head\n\n" + long} streaming />);
    expect(live.container.querySelector("h3")?.textContent).toBe("Head");
    expect(live.container.querySelector("[data-testid=streaming-plain]")?.textContent).toContain("**bold**");
    const done = render(<ChatMarkdown text={"# Head\n\n" + long} />);
    expect(done.container.querySelector("strong")?.textContent).toBe("bold");
    expect(done.container.querySelector("[data-testid=streaming-plain]")).toBeNull();
  });
});
