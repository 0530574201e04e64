import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../lib/api/errors";
import { documentsApi, type ExportInput } from "../../lib/api/documents";
import { ExportMenu, baseName } from "./ExportMenu";

vi.mock("../../lib/api/documents", () => ({
  documentsApi: { chooseExportPath: vi.fn(), export: vi.fn() },
}));
vi.mock("../../lib/api/timeline", () => ({ timelineApi: {} }));

const api = vi.mocked(documentsApi);

function setup(flush: () => Promise<void>) {
  const order: string[] = [];
  const flushSpy = vi.fn(async () => {
    order.push("flush");
    await flush();
  });
  api.chooseExportPath.mockImplementation(async (_id, format) => {
    order.push(`choose ${format}`);
    return "/home/me/rca.pdf";
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ExportMenu docId="d1" issueId="i1" flush={flushSpy} />
    </QueryClientProvider>,
  );
  return { order, flushSpy };
}

async function choose(format: RegExp) {
  fireEvent.click(screen.getByRole("button", { name: /Export/ }));
  fireEvent.click(await screen.findByRole("menuitem", { name: format }));
}

beforeEach(() => {
  api.chooseExportPath.mockReset();
  api.export.mockReset();
});

describe("ExportMenu", () => {
  it("saves pending edits before asking where to export, then exports without overwriting", async () => {
    const { order } = setup(() => Promise.resolve());
    api.export.mockImplementation(async (_id: string, input: ExportInput) => {
      order.push(`export ${input.format} ${input.overwrite}`);
      return { path: input.path, format: input.format, bytes: 10, sha256: "x" };
    });
    await choose(/PDF/);
    await waitFor(() => expect(order).toEqual(["flush", "choose pdf", "export pdf false"]));
  });

  it("asks before replacing an existing file and replaces only when confirmed", async () => {
    setup(() => Promise.resolve());
    api.export.mockImplementation(async (_id: string, input: ExportInput) => {
      if (!input.overwrite) throw new AppError("exists", "file exists");
      return { path: input.path, format: input.format, bytes: 10, sha256: "x" };
    });
    await choose(/PDF/);
    const replace = await screen.findByRole("button", { name: "Replace" });
    expect(screen.getByText("Replace rca.pdf?")).toBeInTheDocument();
    fireEvent.click(replace);
    await waitFor(() => expect(api.export).toHaveBeenCalledTimes(2));
    expect(api.export.mock.calls[1]?.[1]).toEqual({ format: "pdf", path: "/home/me/rca.pdf", overwrite: true });
  });

  it("does nothing when the save dialog is cancelled", async () => {
    setup(() => Promise.resolve());
    api.chooseExportPath.mockResolvedValue("");
    await choose(/Markdown/);
    await waitFor(() => expect(api.chooseExportPath).toHaveBeenCalledWith("d1", "md"));
    expect(api.export).not.toHaveBeenCalled();
  });

  it("does not export an old version when the pending edits cannot be saved", async () => {
    const { flushSpy } = setup(() => Promise.reject(new Error("database is locked")));
    await choose(/HTML/);
    await waitFor(() => expect(flushSpy).toHaveBeenCalled());
    expect(api.chooseExportPath).not.toHaveBeenCalled();
    expect(api.export).not.toHaveBeenCalled();
  });
});

describe("baseName", () => {
  it("takes the last path element with either separator", () => {
    expect(baseName("/tmp/x/rca.md")).toBe("rca.md");
    expect(baseName("C:\\Users\\me\\rca.pdf")).toBe("rca.pdf");
    expect(baseName("rca.html")).toBe("rca.html");
  });
});
