import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../lib/api/errors";
import type { Step, WhysState } from "../../lib/api/triage";
import { WhysPanel, readableEvidence } from "./WhysPanel";
import { invalidateWhys, whysKeys } from "./hooks";

// A small fake of our own API module (unit tests only; the E2E specs use the real backend).
const fake = vi.hoisted(() => ({
  state: vi.fn(),
  addStep: vi.fn(),
  updateStep: vi.fn(),
  deleteStep: vi.fn(),
  reorderSteps: vi.fn(),
  markRootCause: vi.fn(),
  addFactor: vi.fn(),
  updateFactor: vi.fn(),
  deleteFactor: vi.fn(),
  reorderFactors: vi.fn(),
}));

vi.mock("../../lib/api/triage", () => ({ triageApi: fake, MAX_WHY_LEVEL: 5 }));
vi.mock("../../lib/api/client", () => ({
  api: {
    incidents: {
      get: () =>
        Promise.resolve({
          issue: { id: "i1", title: "t" },
          logFiles: [{ id: "log-1", fileName: "api.log" }],
          resolutionSteps: [],
          conversations: [],
        }),
    },
  },
}));

function step(id: string, order: number, patch: Partial<Step> = {}): Step {
  return {
    id,
    issueId: "i1",
    order,
    question: `Question ${id}?`,
    answer: `Answer ${id}.`,
    evidence: "",
    evidenceRefs: [],
    isRootCause: false,
    rootCauseBy: "",
    source: "user",
    messageId: "",
    createdAt: "2026-11-27 10:00:00",
    updatedAt: "2026-11-27 10:00:00",
    ...patch,
  };
}

function state(steps: Step[], progress?: WhysState["progress"]): WhysState {
  return {
    steps,
    factors: [],
    progress: progress ?? { level: Math.min(steps.length, 5), steps: steps.length, rootCauseFound: steps.some((s) => s.isRootCause) },
  };
}

function setup(initial: WhysState) {
  fake.state.mockResolvedValue(initial);
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter>
        <WhysPanel issueId="i1" />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return qc;
}

beforeEach(() => {
  for (const f of Object.values(fake)) f.mockReset();
});

describe("WhysPanel", () => {
  it("shows the progress the backend reports, not one guessed from the steps", async () => {
    // Three steps, root cause on the second: the bar says what Progress says.
    setup(state([step("a", 1), step("b", 2, { isRootCause: true, rootCauseBy: "user" }), step("c", 3)]));
    expect(await screen.findByTestId("whys-progress")).toHaveTextContent("Why 3 of 5 · root cause identified");
    const bar = screen.getByRole("list", { name: "5-Whys progress" });
    expect(within(bar).getByText("Why 3")).toHaveTextContent("(answered)");
    expect(within(bar).getByText("Why 4")).toHaveTextContent("(not yet)");
    expect(within(bar).getByText("Root cause")).toHaveTextContent("(identified)");
    expect(screen.getByRole("listitem", { name: "Why 2" })).toHaveTextContent("Root cause");
  });

  it("says so when there are no steps", async () => {
    setup(state([]));
    expect(await screen.findByTestId("whys-progress")).toHaveTextContent("No whys yet");
    expect(screen.getByRole("button", { name: "Add why 1" })).toBeInTheDocument();
  });

  it("shows more than five steps as level 5 with the count", async () => {
    setup(state(["a", "b", "c", "d", "e", "f"].map((id, i) => step(id, i + 1)), { level: 5, steps: 6, rootCauseFound: false }));
    expect(await screen.findByTestId("whys-progress")).toHaveTextContent("Why 5 of 5 (6 steps) · root cause not identified yet");
    expect(screen.getByRole("button", { name: "Add why 7" })).toBeInTheDocument();
  });

  it("marks steps written by the model with a 'from AI' badge", async () => {
    setup(state([step("a", 1), step("b", 2, { source: "ai" })]));
    const ai = await screen.findByRole("listitem", { name: "Why 2" });
    expect(within(ai).getByText("from AI")).toBeInTheDocument();
    expect(within(screen.getByRole("listitem", { name: "Why 1" })).queryByText("from AI")).toBeNull();
  });

  it("keeps an edit when the save fails, shows why, and sends only what changed", async () => {
    setup(state([step("a", 1)]));
    fireEvent.click(await screen.findByRole("button", { name: "Edit why 1" }));
    const form = screen.getByRole("form", { name: "Why 1: edit" });
    fireEvent.change(within(form).getByLabelText("Answer"), { target: { value: "Because the cache grew." } });
    fake.updateStep.mockRejectedValueOnce(new AppError("invalid", "triage: answer is too long."));
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Not saved: triage: answer is too long. Your text is kept.");
    expect(within(form).getByLabelText("Answer")).toHaveValue("Because the cache grew.");

    fake.updateStep.mockResolvedValueOnce(step("a", 1, { answer: "Because the cache grew." }));
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Why 1: edit" })).toBeNull());
    expect(fake.updateStep).toHaveBeenLastCalledWith("a", { answer: "Because the cache grew." });
  });

  it("refuses an empty question before calling the backend", async () => {
    setup(state([]));
    fireEvent.click(await screen.findByRole("button", { name: "Add why 1" }));
    const form = screen.getByRole("form", { name: "New why 1: edit" });
    fireEvent.click(within(form).getByRole("button", { name: "Add step" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("Write the question");
    expect(fake.addStep).not.toHaveBeenCalled();
    fireEvent.change(within(form).getByLabelText("Question"), { target: { value: "  Why did it fail?  " } });
    fireEvent.change(within(form).getByLabelText("Line to cite"), { target: { value: "42" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add citation" }));
    fake.addStep.mockResolvedValueOnce(step("n", 1));
    fireEvent.click(within(form).getByRole("button", { name: "Add step" }));
    await waitFor(() =>
      expect(fake.addStep).toHaveBeenCalledWith("i1", {
        question: "Why did it fail?",
        answer: "",
        evidence: "",
        evidenceRefs: [{ logId: "log-1", line: 42 }],
      }),
    );
  });

  it("reorders with the up/down buttons (ids in the new order) and disables them at the edges", async () => {
    setup(state([step("a", 1), step("b", 2), step("c", 3)]));
    expect(await screen.findByRole("button", { name: "Move why 1 up" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Move why 3 down" })).toBeDisabled();
    fake.reorderSteps.mockResolvedValueOnce([step("a", 1), step("c", 2), step("b", 3)]);
    fireEvent.click(screen.getByRole("button", { name: "Move why 3 up" }));
    await waitFor(() => expect(fake.reorderSteps).toHaveBeenCalledWith("i1", ["a", "c", "b"]));
  });

  it("marks one root cause and clears it with an empty id", async () => {
    setup(state([step("a", 1), step("b", 2, { isRootCause: true })]));
    fake.markRootCause.mockResolvedValue([step("a", 1, { isRootCause: true }), step("b", 2)]);
    fireEvent.click(await screen.findByRole("button", { name: "Mark as root cause (why 1)" }));
    await waitFor(() => expect(fake.markRootCause).toHaveBeenCalledWith("i1", "a"));
    fake.state.mockResolvedValue(state([step("a", 1), step("b", 2, { isRootCause: true })]));
    fireEvent.click(await screen.findByRole("button", { name: "Unmark root cause (why 2)" }));
    await waitFor(() => expect(fake.markRootCause).toHaveBeenCalledWith("i1", ""));
  });

  it("deletes a step only after confirmation", async () => {
    setup(state([step("a", 1)]));
    fireEvent.click(await screen.findByRole("button", { name: "Delete why 1" }));
    expect(fake.deleteStep).not.toHaveBeenCalled();
    const dialog = screen.getByRole("dialog", { name: "Delete why 1?" });
    fake.deleteStep.mockResolvedValueOnce(undefined);
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete why" }));
    await waitFor(() => expect(fake.deleteStep).toHaveBeenCalledWith("a"));
  });

  it("links cited lines to the log viewer at that line", async () => {
    setup(state([step("a", 1, { evidenceRefs: [{ logId: "log-1", line: 42 }] })]));
    const link = await screen.findByRole("link", { name: "api.log line 42" });
    expect(link).toHaveAttribute("href", "/incidents/i1/logs/log-1?line=42");
  });

  it("re-reads the state when the chat invalidates it", async () => {
    const qc = setup(state([step("a", 1)]));
    await screen.findByRole("listitem", { name: "Why 1" });
    fake.state.mockResolvedValue(state([step("a", 1), step("b", 2, { source: "ai" })]));
    await invalidateWhys(qc, "i1");
    expect(await screen.findByRole("listitem", { name: "Why 2" })).toBeInTheDocument();
    expect(whysKeys.state("i1")).toEqual(["incident", "i1", "whys"]);
  });
});

describe("readableEvidence", () => {
  it("names cited logs and leaves unknown ones alone", () => {
    const names = new Map([["0190-ab", "api.log"]]);
    expect(readableEvidence("see log:0190-ab#L42 and log:zz#L1", names)).toBe("see api.log:42 and log:zz#L1");
  });
});
