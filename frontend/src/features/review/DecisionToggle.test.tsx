import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { DecisionToggle, stateOf } from "./DecisionToggle";

describe("DecisionToggle", () => {
  it("shows the decision as the pressed button and reports clicks", () => {
    const onDecide = vi.fn();
    render(<DecisionToggle label="IPv4 address 10.0.0.1" state="keep" onDecide={onDecide} />);
    const group = screen.getByRole("group", { name: "IPv4 address 10.0.0.1" });
    expect(within(group).getByRole("button", { name: "Keep" })).toHaveAttribute("aria-pressed", "true");
    expect(within(group).getByRole("button", { name: "Redact" })).toHaveAttribute("aria-pressed", "false");
    fireEvent.click(within(group).getByRole("button", { name: "Redact" }));
    expect(onDecide).toHaveBeenCalledWith("redact");
  });

  it("presses neither button when mixed or undecided", () => {
    render(<DecisionToggle label="x" state="mixed" onDecide={() => {}} />);
    for (const b of screen.getAllByRole("button")) expect(b).toHaveAttribute("aria-pressed", "false");
  });

  it("stateOf", () => {
    expect(stateOf(3, 0)).toBe("redact");
    expect(stateOf(0, 2)).toBe("keep");
    expect(stateOf(1, 1)).toBe("mixed");
  });
});
