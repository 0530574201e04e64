import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { LogJob } from "../../lib/api/types";
import { JobProgress } from "./JobProgress";

const job = (patch: Partial<LogJob>): LogJob => ({
  id: "j",
  issueId: "i",
  kind: "ingest",
  phase: "reading",
  logId: "",
  done: false,
  cancelled: false,
  bytesDone: 0,
  total: 0,
  results: [],
  ...patch,
});

describe("JobProgress", () => {
  it("shows reading progress", () => {
    render(<JobProgress job={job({ bytesDone: 512, total: 2048 })} cancelling={false} onCancel={() => {}} />);
    expect(screen.getByText("Adding logs")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Adding logs" })).toHaveAttribute("aria-valuetext", "25%");
  });

  it("shows the scanning phase that follows reading", () => {
    render(<JobProgress job={job({ phase: "scanning", bytesDone: 900, total: 1000 })} cancelling={false} onCancel={() => {}} />);
    expect(screen.getByText("Scanning for secrets…")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Scanning for secrets" })).toHaveAttribute("aria-valuetext", "90%");
  });

  it("cancels", () => {
    const onCancel = vi.fn();
    render(<JobProgress job={job({})} cancelling={false} onCancel={onCancel} />);
    fireEvent.click(screen.getByRole("button", { name: "Cancel adding logs" }));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
