import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { TagInput } from "./TagInput";

function Harness({ initial = [] as string[] }) {
  const [tags, setTags] = useState(initial);
  const [pending, setPending] = useState("");
  return (
    <>
      <label htmlFor="tags">Tags</label>
      <TagInput id="tags" tags={tags} onChange={setTags} pending={pending} onPendingChange={setPending} />
      <output data-testid="tags">{JSON.stringify(tags)}</output>
    </>
  );
}

const tagsOf = () => JSON.parse(screen.getByTestId("tags").textContent ?? "[]") as string[];

describe("TagInput", () => {
  it("adds a chip on Enter and clears the box", () => {
    render(<Harness />);
    const input = screen.getByLabelText("Tags");
    fireEvent.change(input, { target: { value: "payments" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(tagsOf()).toEqual(["payments"]);
    expect(input).toHaveValue("");
  });

  it("adds chips when a comma is typed and keeps the rest", () => {
    render(<Harness />);
    const input = screen.getByLabelText("Tags");
    fireEvent.change(input, { target: { value: "a, b,c" } });
    expect(tagsOf()).toEqual(["a", "b"]);
    expect(input).toHaveValue("c");
  });

  it("removes a chip with its button", () => {
    render(<Harness initial={["x", "y"]} />);
    fireEvent.click(screen.getByRole("button", { name: "Remove tag x" }));
    expect(tagsOf()).toEqual(["y"]);
  });

  it("keeps text it would not turn into a tag", () => {
    render(<Harness />);
    const input = screen.getByLabelText("Tags");
    fireEvent.change(input, { target: { value: "bad tag!" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(tagsOf()).toEqual(["bad tag!"]);
  });
});
