import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Highlight } from "./Highlight";

describe("Highlight", () => {
  it("renders matches as <mark> elements", () => {
    const { container } = render(<Highlight snippet={"p99 after the \u0002zebrafish\u0003 deploy"} />);
    const marks = container.querySelectorAll("mark");
    expect(marks).toHaveLength(1);
    expect(marks[0]).toHaveTextContent("zebrafish");
    expect(container).toHaveTextContent("p99 after the zebrafish deploy");
  });

  it("renders text without markers with no <mark>", () => {
    const { container } = render(<Highlight snippet="nothing to see" />);
    expect(container.querySelectorAll("mark")).toHaveLength(0);
    expect(container).toHaveTextContent("nothing to see");
  });

  it("never turns snippet text into HTML", () => {
    const { container } = render(<Highlight snippet={'<img src=x onerror="alert(1)"> \u0002<b>bold</b>\u0003'} />);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("mark")).toHaveTextContent("<b>bold</b>");
  });

  it("is safe with unbalanced markers", () => {
    const { container } = render(<Highlight snippet={"a\u0003b\u0002c"} />);
    expect(container).toHaveTextContent("abc");
    expect(container.querySelector("mark")).toHaveTextContent("c");
  });
});
