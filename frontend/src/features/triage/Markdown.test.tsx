import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ChatMarkdown } from "./Markdown";

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
