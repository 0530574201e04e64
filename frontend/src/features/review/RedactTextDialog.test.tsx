import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TextReview } from "../../lib/api/types";
import { RedactTextButton } from "./RedactTextDialog";

const text = "mail bob@example.org from 10.0.0.7";
const review: TextReview = {
  id: "rv1",
  issueId: "i1",
  text,
  findings: [
    { index: 0, type: "email", rule: "email", start: 5, end: 20, value: "bob@example.org", placeholder: "[EMAIL-1]" },
    { index: 1, type: "ipv4", rule: "ipv4", start: 26, end: 34, value: "10.0.0.7", placeholder: "[IPV4-1]" },
  ],
};

const approveText = vi.fn();
const writeText = vi.fn();

vi.mock("../../lib/api/client", () => ({
  api: {
    system: {
      meta: () =>
        Promise.resolve({
          version: "t",
          severities: [],
          statuses: [],
          domains: [],
          piiTypes: [
            { type: "email", label: "Email address", class: "personal" },
            { type: "ipv4", label: "IPv4 address", class: "network" },
          ],
        }),
    },
    egress: {
      reviewText: (_issue: string, t: string) => Promise.resolve(t === text ? review : { id: "rv2", issueId: "i1", text: t, findings: [] }),
      approveText: (...args: unknown[]) => approveText(...args),
    },
  },
}));

function setup() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <RedactTextButton issueId="i1" />
    </QueryClientProvider>,
  );
  fireEvent.click(screen.getByRole("button", { name: "Redact text for sharing" }));
}

beforeEach(() => {
  approveText.mockReset();
  writeText.mockReset();
  writeText.mockResolvedValue(undefined);
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
});

describe("RedactTextDialog", () => {
  it("keeps approval disabled until every finding is decided, then sends one decision per finding", async () => {
    setup();
    fireEvent.change(screen.getByLabelText("Text to share"), { target: { value: text } });
    fireEvent.click(screen.getByRole("button", { name: "Check" }));
    const list = await screen.findByRole("list", { name: "Findings in the text" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(2);
    const approve = screen.getByRole("button", { name: "Approve and copy" });
    expect(approve).toBeDisabled();
    // Nothing is pre-decided.
    for (const b of within(list).getAllByRole("button")) expect(b).toHaveAttribute("aria-pressed", "false");

    fireEvent.click(within(screen.getByRole("group", { name: "IPv4 address 10.0.0.7" })).getByRole("button", { name: "Keep" }));
    expect(approve).toBeDisabled();
    fireEvent.click(within(screen.getByRole("group", { name: "Email address bob@example.org" })).getByRole("button", { name: "Redact" }));
    expect(approve).toBeEnabled();
    expect(screen.getByLabelText("After redaction")).toHaveTextContent("mail [EMAIL-1] from 10.0.0.7");

    approveText.mockResolvedValue({ text: "mail [EMAIL-1] from 10.0.0.7", sha256: "ab".repeat(32), bytes: 28, kept: 1, redacted: 1 });
    fireEvent.click(approve);
    await screen.findByText(/Copied/);
    expect(approveText).toHaveBeenCalledWith("rv1", ["redact", "keep"], "clipboard");
    expect(writeText).toHaveBeenCalledWith("mail [EMAIL-1] from 10.0.0.7");
    expect(screen.getByLabelText("Approved text")).toHaveTextContent("mail [EMAIL-1] from 10.0.0.7");
  });

  it("Redact all decides every finding in one click", async () => {
    setup();
    fireEvent.change(screen.getByLabelText("Text to share"), { target: { value: text } });
    fireEvent.click(screen.getByRole("button", { name: "Check" }));
    await screen.findByRole("list", { name: "Findings in the text" });
    fireEvent.click(screen.getByRole("button", { name: "Redact all" }));
    expect(screen.getByRole("button", { name: "Approve and copy" })).toBeEnabled();
    expect(screen.getByLabelText("After redaction")).toHaveTextContent("mail [EMAIL-1] from [IPV4-1]");
  });

  it("approves text without findings directly, and says so when the clipboard refuses", async () => {
    writeText.mockRejectedValue(new Error("denied"));
    approveText.mockResolvedValue({ text: "all quiet", sha256: "cd".repeat(32), bytes: 9, kept: 0, redacted: 0 });
    setup();
    fireEvent.change(screen.getByLabelText("Text to share"), { target: { value: "all quiet" } });
    fireEvent.click(screen.getByRole("button", { name: "Check" }));
    await screen.findByText(/No secrets or personal data found/);
    fireEvent.click(screen.getByRole("button", { name: "Approve and copy" }));
    await waitFor(() => expect(screen.getByText(/not copied: denied/)).toBeInTheDocument());
    expect(approveText).toHaveBeenCalledWith("rv2", [], "clipboard");
  });
});
