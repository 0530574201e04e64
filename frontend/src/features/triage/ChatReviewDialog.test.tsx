import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { TextReview } from "../../lib/api/types";
import { ChatReviewDialog } from "./ChatReviewDialog";

// Byte offsets: "café" is 5 bytes, so the e-mail starts at byte 11, UTF-16 index 10.
const text = "café mail bob@example.org from 10.0.0.7";
const review: TextReview = {
  id: "rv1",
  issueId: "i1",
  text,
  findings: [
    { index: 0, type: "email", rule: "email", start: 11, end: 26, value: "bob@example.org", placeholder: "[EMAIL-1]" },
    { index: 1, type: "ipv4", rule: "ipv4", start: 32, end: 40, value: "10.0.0.7", placeholder: "[IPV4-1]" },
  ],
};

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
  },
}));

function setup() {
  const onSend = vi.fn();
  const onCancel = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ChatReviewDialog review={review} sending={false} error={null} onCancel={onCancel} onSend={onSend} />
    </QueryClientProvider>,
  );
  return { onSend, onCancel };
}

describe("ChatReviewDialog", () => {
  it("decides nothing for the user: Send stays disabled until every finding is decided", async () => {
    const { onSend } = setup();
    const send = screen.getByRole("button", { name: "Send" });
    expect(send).toBeDisabled();
    expect(screen.getByText(/2 findings · 2 to decide/)).toBeInTheDocument();
    fireEvent.click(within(await screen.findByRole("group", { name: "Email address bob@example.org" })).getByRole("button", { name: "Keep" }));
    expect(send).toBeDisabled();
    fireEvent.click(send);
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.click(within(screen.getByRole("group", { name: "IPv4 address 10.0.0.7" })).getByRole("button", { name: "Redact" }));
    expect(send).toBeEnabled();
    expect(screen.getByLabelText("Message as it will be sent")).toHaveTextContent("café mail bob@example.org from [IPV4-1]");
    fireEvent.click(send);
    expect(onSend).toHaveBeenCalledWith(["keep", "redact"]);
  });

  it("redacts everything in one click", () => {
    const { onSend, onCancel } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Redact all" }));
    expect(screen.getByLabelText("Message as it will be sent")).toHaveTextContent("café mail [EMAIL-1] from [IPV4-1]");
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(onSend).toHaveBeenCalledWith(["redact", "redact"]);
    fireEvent.click(screen.getByRole("button", { name: "Back to editing" }));
    expect(onCancel).toHaveBeenCalled();
  });
});
