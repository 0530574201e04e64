import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useNavigate } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Doc, SaveInput } from "../../lib/api/documents";
import { DocumentPage } from "./DocumentPage";

// An in-memory DocumentService: every save stores a new version, unless failNext is set.
const fake = vi.hoisted(() => ({
  doc: null as unknown as Doc,
  saves: [] as SaveInput[],
  failNext: 0,
}));

vi.mock("../../lib/api/documents", () => ({
  documentsApi: {
    get: () => Promise.resolve({ ...fake.doc }),
    templates: () => Promise.resolve([{ id: "rca", name: "Root cause analysis", description: "", docType: "rca", sections: [] }]),
    save: (_id: string, input: SaveInput) => {
      fake.saves.push(input);
      if (fake.failNext > 0) {
        fake.failNext--;
        return Promise.reject(new Error("database is locked"));
      }
      fake.doc = { ...fake.doc, ...input, version: fake.doc.version + 1 };
      return Promise.resolve({ ...fake.doc });
    },
  },
  subscribeConfluenceWait: () => () => {},
  openExternal: () => true,
}));
vi.mock("../../lib/api/confluence", () => ({
  confluenceApi: { get: () => Promise.resolve({ configured: false }) },
  confluenceKeys: { settings: ["confluence"] },
}));
// CodeMirror needs a real layout engine: a textarea stands in for it (same props).
vi.mock("./MarkdownEditor", () => ({
  default: ({ value, onChange, onBlur, label }: { value: string; onChange: (v: string) => void; onBlur: () => void; label: string }) => (
    <textarea aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} />
  ),
}));
vi.mock("../actions/ActionItemsSection", () => ({ ActionItemsSection: () => null }));
vi.mock("../drafts/DraftSectionButton", () => ({ DraftSectionButton: () => null }));
vi.mock("../incidents/hooks", () => ({ useIncident: () => ({ data: { issue: { title: "Checkout returns 502" } } }) }));

function Away() {
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => void navigate("/incidents/i1/documents/d1")}>
      Back to the document
    </button>
  );
}

function Leave() {
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => void navigate("/elsewhere")}>
      Leave
    </button>
  );
}

function setup() {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={["/incidents/i1/documents/d1"]}>
        <Routes>
          <Route
            path="/incidents/:id/documents/:docId"
            element={
              <>
                <Leave />
                <DocumentPage />
              </>
            }
          />
          <Route path="/elsewhere" element={<Away />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const editor = () => screen.findByRole("textbox", { name: "Document text (Markdown)" });
const status = () => screen.getByTestId("save-status");

beforeEach(() => {
  fake.doc = {
    id: "d1",
    issueId: "i1",
    docType: "rca",
    template: "rca",
    title: "RCA: Checkout returns 502",
    version: 1,
    createdAt: "2026-11-27 10:00:00",
    updatedAt: "2026-11-27 10:00:00",
    publication: null,
    contentMd: "# RCA\n\nStored text.",
  };
  fake.saves = [];
  fake.failNext = 0;
});

describe("DocumentPage", () => {
  it("autosaves typed text after a pause and shows the saved version", async () => {
    setup();
    fireEvent.change(await editor(), { target: { value: "# RCA\n\nStored text. Typed." } });
    expect(status()).toHaveTextContent("Unsaved changes");
    expect(screen.getByTestId("document-preview")).toHaveTextContent("Stored text. Typed.");
    await waitFor(() => expect(status()).toHaveTextContent("Saved · version 2"), { timeout: 3000 });
    expect(fake.saves).toEqual([{ title: "RCA: Checkout returns 502", contentMd: "# RCA\n\nStored text. Typed." }]);
  });

  it("keeps the text when a save fails, says why, and saves on Retry", async () => {
    setup();
    fake.failNext = 1;
    const ed = await editor();
    fireEvent.change(ed, { target: { value: "Precious words." } });
    fireEvent.blur(ed); // saves at once
    await waitFor(() => expect(status()).toHaveTextContent("Not saved: database is locked — Retry"));
    expect(ed).toHaveValue("Precious words.");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(status()).toHaveTextContent("Saved · version 2"));
    expect(fake.doc.contentMd).toBe("Precious words.");
  });

  it("saves when leaving the page; a failed save is offered back when the document opens again", async () => {
    setup();
    fake.failNext = 5;
    fireEvent.change(await editor(), { target: { value: "Typed, then left at once." } });
    fireEvent.click(screen.getByRole("button", { name: "Leave" }));
    await waitFor(() => expect(fake.saves.at(-1)?.contentMd).toBe("Typed, then left at once."));
    fake.failNext = 0;
    fireEvent.click(screen.getByRole("button", { name: "Back to the document" }));
    const ed = await editor();
    expect(ed).toHaveValue("# RCA\n\nStored text.");
    expect(screen.getByRole("alert")).toHaveTextContent("Unsaved edits from");
    fireEvent.click(screen.getByRole("button", { name: "Restore my edits" }));
    expect(ed).toHaveValue("Typed, then left at once.");
    await waitFor(() => expect(fake.doc.contentMd).toBe("Typed, then left at once."), { timeout: 3000 });
    // Restored edits are a version of their own, never merged over what was saved since.
    expect(fake.saves.at(-1)?.newVersion).toBe(true);
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
  });

  it("saves the title like the text", async () => {
    setup();
    await editor();
    const title = screen.getByRole("textbox", { name: "Document title" });
    fireEvent.change(title, { target: { value: "RCA: checkout 502s in EU" } });
    await act(async () => {
      fireEvent.blur(title);
    });
    await waitFor(() => expect(fake.doc.title).toBe("RCA: checkout 502s in EU"));
  });
});
