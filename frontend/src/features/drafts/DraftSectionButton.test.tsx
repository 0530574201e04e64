import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import type { Doc } from "../../lib/api/documents";
import { AppError } from "../../lib/api/errors";
import type { TextReview } from "../../lib/api/types";
import type { DraftsApi } from "../../lib/api/drafts";
import { DraftSectionButton } from "./DraftSectionButton";

const providers = vi.hoisted(() => ({ list: [] as { id: string }[] }));

vi.mock("../../lib/api/providers", () => ({
  providerKeys: { list: ["providers", "list"] },
  providersApi: { list: () => Promise.resolve(providers.list) },
}));

vi.mock("../../lib/api/client", () => ({
  api: {
    system: {
      meta: () =>
        Promise.resolve({ version: "t", severities: [], statuses: [], domains: [], piiTypes: [{ type: "email", label: "Email address", class: "personal" }] }),
    },
  },
  call: <T,>(fn: () => Promise<T>) => fn(),
}));

const PROMPT = 'Write the section "Lessons learned".\n\n## Summary\n\nMail alice@example.com\n';
const EMAIL_AT = PROMPT.indexOf("alice@");
const withEmail: TextReview = {
  id: "rv1",
  issueId: "i1",
  text: PROMPT,
  findings: [{ index: 0, type: "email", rule: "email", start: EMAIL_AT, end: EMAIL_AT + 17, value: "alice@example.com", placeholder: "[EMAIL-1]" }],
};

const applied: Doc = {
  id: "d1",
  issueId: "i1",
  docType: "rca",
  template: "rca",
  title: "RCA",
  version: 4,
  createdAt: "2026-01-01 00:00:00",
  updatedAt: "2026-01-01 00:00:00",
  publication: null,
  contentMd: "## Lessons learned\n\n- Cap caches.\n",
};

type FakeApi = { [K in keyof DraftsApi]: Mock<DraftsApi[K]> };

function fakeApi(over: Partial<FakeApi> = {}): FakeApi {
  const api: FakeApi = {
    sections: vi.fn<DraftsApi["sections"]>(() => Promise.resolve(["Summary", "Lessons learned"])),
    review: vi.fn<DraftsApi["review"]>(() => Promise.resolve(withEmail)),
    draft: vi.fn<DraftsApi["draft"]>(() => Promise.resolve({ section: "Lessons learned", text: "- **Cap** caches at [EMAIL-1]\n- <b>raw</b>" })),
    cancel: vi.fn<DraftsApi["cancel"]>(() => Promise.resolve()),
    apply: vi.fn<DraftsApi["apply"]>(() => Promise.resolve(applied)),
    ...over,
  };
  return api;
}

function setup(api: FakeApi, flush = vi.fn(() => Promise.resolve())) {
  const onApplied = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter>
        <DraftSectionButton docId="d1" issueId="i1" flush={flush} onApplied={onApplied} api={api} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { onApplied, flush };
}

const dialog = () => screen.getByRole("dialog", { name: "Draft a section with AI" });

async function compose(section: string, instruction: string) {
  fireEvent.click(screen.getByRole("button", { name: "Draft with AI" }));
  const select = await within(dialog()).findByLabelText("Section");
  fireEvent.change(select, { target: { value: section } });
  fireEvent.change(within(dialog()).getByLabelText("Instruction (optional)"), { target: { value: instruction } });
}

beforeEach(() => {
  providers.list = [{ id: "p1" }];
});

describe("DraftSectionButton", () => {
  it("saves first, reviews every finding before sending, shows the proposal, and inserts it", async () => {
    const api = fakeApi();
    const order: string[] = [];
    const flush = vi.fn(() => {
      order.push("flush");
      return Promise.resolve();
    });
    api.sections.mockImplementation(() => {
      order.push("sections");
      return Promise.resolve(["Summary", "Lessons learned"]);
    });
    const { onApplied } = setup(api, flush);
    await compose("Lessons learned", "  Be brief. ");
    expect(order).toEqual(["flush", "sections"]);

    fireEvent.click(within(dialog()).getByRole("button", { name: "Review and send" }));
    await within(dialog()).findByRole("list", { name: "Findings in the prompt" });
    expect(api.review).toHaveBeenCalledWith("d1", "Lessons learned", "Be brief.");
    const send = within(dialog()).getByRole("button", { name: "Send" });
    expect(send).toBeDisabled();
    expect(api.draft).not.toHaveBeenCalled();
    fireEvent.click(within(await screen.findByRole("group", { name: "Email address alice@example.com" })).getByRole("button", { name: "Redact" }));
    expect(within(dialog()).getByLabelText("Prompt as it will be sent")).toHaveTextContent("Mail [EMAIL-1]");
    expect(send).toBeEnabled();
    fireEvent.click(send);
    expect(api.draft).toHaveBeenCalledWith("d1", { section: "Lessons learned", reviewId: "rv1", decisions: ["redact"] });

    // Rendered (sanitized: no HTML elements from the text) and raw.
    const rendered = await within(dialog()).findByRole("region", { name: "Proposed text" });
    expect(within(rendered).getByText("Cap").tagName).toBe("STRONG");
    expect(rendered.querySelector("b")).toBeNull();
    expect(within(dialog()).getByRole("region", { name: "Proposed Markdown" })).toHaveTextContent("- **Cap** caches at [EMAIL-1]");
    expect(api.apply).not.toHaveBeenCalled();

    fireEvent.click(within(dialog()).getByRole("button", { name: "Insert into Lessons learned" }));
    await waitFor(() => expect(onApplied).toHaveBeenCalledWith(applied));
    expect(api.apply).toHaveBeenCalledWith("d1", "Lessons learned", "- **Cap** caches at [EMAIL-1]\n- <b>raw</b>");
    expect(flush).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("goes straight to the draft when the prompt has no findings, and Discard changes nothing", async () => {
    const api = fakeApi({ review: vi.fn<DraftsApi["review"]>(() => Promise.resolve({ ...withEmail, findings: [] })) });
    const { onApplied } = setup(api);
    await compose("Summary", "");
    fireEvent.click(within(dialog()).getByRole("button", { name: "Review and send" }));
    await within(dialog()).findByRole("region", { name: "Proposed text" });
    expect(api.draft).toHaveBeenCalledWith("d1", { section: "Summary", reviewId: "rv1", decisions: [] });
    fireEvent.click(within(dialog()).getByRole("button", { name: "Discard" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(api.apply).not.toHaveBeenCalled();
    expect(onApplied).not.toHaveBeenCalled();
  });

  it("shows a failed draft's message inline and keeps the section and instruction for a retry with a fresh review", async () => {
    const api = fakeApi({ review: vi.fn<DraftsApi["review"]>(() => Promise.resolve({ ...withEmail, findings: [] })) });
    api.draft.mockRejectedValueOnce(new AppError("upstream", "openai: the provider is overloaded"));
    setup(api);
    await compose("Lessons learned", "Three bullets");
    fireEvent.click(within(dialog()).getByRole("button", { name: "Review and send" }));
    expect(await within(dialog()).findByRole("alert")).toHaveTextContent("Not drafted: openai: the provider is overloaded");
    expect(within(dialog()).getByLabelText("Section")).toHaveValue("Lessons learned");
    expect(within(dialog()).getByLabelText("Instruction (optional)")).toHaveValue("Three bullets");
    fireEvent.click(within(dialog()).getByRole("button", { name: "Review and send" }));
    await within(dialog()).findByRole("region", { name: "Proposed text" });
    expect(api.review).toHaveBeenCalledTimes(2);
  });

  it("links to Settings when the backend says no provider is configured", async () => {
    const api = fakeApi({ review: vi.fn<DraftsApi["review"]>(() => Promise.resolve({ ...withEmail, findings: [] })) });
    api.draft.mockRejectedValueOnce(new AppError("invalid", "draft: no AI provider is configured: add one in Settings → AI providers to draft sections"));
    setup(api);
    await compose("Summary", "");
    fireEvent.click(within(dialog()).getByRole("button", { name: "Review and send" }));
    const alert = await within(dialog()).findByRole("alert");
    expect(within(alert).getByRole("link", { name: "Open Settings" })).toHaveAttribute("href", "/settings");
  });

  it("Stop cancels the running draft and says it was stopped", async () => {
    let reject: (e: unknown) => void = () => {};
    const api = fakeApi({
      review: vi.fn<DraftsApi["review"]>(() => Promise.resolve({ ...withEmail, findings: [] })),
      draft: vi.fn<DraftsApi["draft"]>(
        () =>
          new Promise<{ section: string; text: string }>((_, r) => {
            reject = r;
          }),
      ),
    });
    api.cancel.mockImplementation(() => {
      reject(new AppError("conflict", "documents: the draft was stopped"));
      return Promise.resolve();
    });
    setup(api);
    await compose("Summary", "x");
    fireEvent.click(within(dialog()).getByRole("button", { name: "Review and send" }));
    expect(await within(dialog()).findByText("Drafting “Summary”…")).toBeInTheDocument();
    await act(async () => {
      fireEvent.click(within(dialog()).getByRole("button", { name: "Stop" }));
    });
    expect(api.cancel).toHaveBeenCalledWith("d1");
    expect(await within(dialog()).findByText(/The draft was stopped/)).toBeInTheDocument();
    expect(within(dialog()).queryByRole("alert")).toBeNull();
    expect(within(dialog()).getByLabelText("Instruction (optional)")).toHaveValue("x");
  });

  it("without a provider the button stays, and the dialog explains and links to Settings", async () => {
    providers.list = [];
    const api = fakeApi();
    setup(api);
    fireEvent.click(screen.getByRole("button", { name: "Draft with AI" }));
    expect(await within(dialog()).findByText(/Drafting needs an AI provider/)).toBeInTheDocument();
    expect(within(dialog()).getByRole("link", { name: "Add a provider in Settings" })).toHaveAttribute("href", "/settings");
    expect(within(dialog()).queryByRole("button", { name: "Review and send" })).toBeNull();
    expect(api.review).not.toHaveBeenCalled();
  });

  it("does not read the document when the pending edits cannot be saved", async () => {
    const api = fakeApi();
    setup(api, vi.fn(() => Promise.reject(new AppError("storage", "disk full"))));
    fireEvent.click(screen.getByRole("button", { name: "Draft with AI" }));
    expect(await within(dialog()).findByRole("alert")).toHaveTextContent("disk full");
    expect(api.sections).not.toHaveBeenCalled();
  });
});
