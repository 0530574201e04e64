import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../lib/api/errors";
import type { MetricDuration, TimelineEvent, TimelineMetrics } from "../../lib/api/timeline";
import { TimelineSection } from "./TimelineSection";
import { localInputToUtc } from "./time";

// A small fake of our own API module (unit tests only; the E2E specs use the real backend).
const fake = vi.hoisted(() => ({ list: vi.fn(), metrics: vi.fn(), add: vi.fn(), update: vi.fn(), remove: vi.fn() }));
vi.mock("../../lib/api/timeline", () => ({ timelineApi: fake }));

function ev(id: string, patch: Partial<TimelineEvent>): TimelineEvent {
  return {
    id,
    issueId: "i1",
    kind: "note",
    title: "Note",
    detail: "",
    occurredAt: "2026-06-15 13:00:00",
    source: "user",
    seq: 1,
    createdAt: "2026-06-15 13:00:00",
    updatedAt: "2026-06-15 13:00:00",
    editable: true,
    ...patch,
  };
}

const unknown: MetricDuration = { status: "unknown", ms: 0, from: "", to: "", reason: "no impact started and no detected event" };

function metrics(patch: Partial<TimelineMetrics> = {}): TimelineMetrics {
  return { issueId: "i1", timeToDetect: unknown, timeToMitigate: unknown, timeToResolve: unknown, ...patch };
}

function setup(events: TimelineEvent[], m: TimelineMetrics = metrics()) {
  fake.list.mockResolvedValue(events);
  fake.metrics.mockResolvedValue(m);
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <TimelineSection issueId="i1" />
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  for (const f of Object.values(fake)) f.mockReset();
});

describe("TimelineSection", () => {
  it("shows the metrics, and '—' with the reason when unknown or invalid", async () => {
    setup([], metrics({
      timeToDetect: { status: "ok", ms: 10 * 60_000, from: "2026-06-15 13:00:00", to: "2026-06-15 13:10:00", reason: "" },
      timeToMitigate: {
        status: "invalid",
        ms: 0,
        from: "2026-06-15 13:00:00",
        to: "2026-06-15 12:50:00",
        reason: "mitigated (2026-06-15 12:50:00) is before impact started (2026-06-15 13:00:00)",
      },
      timeToResolve: { status: "unknown", ms: 0, from: "2026-06-15 13:00:00", to: "", reason: "no resolved event" },
    }));
    expect(await screen.findByText("10 min")).toBeInTheDocument();
    expect(screen.getByTestId("metric-ttm-value")).toHaveTextContent("—");
    expect(screen.getByTestId("metric-ttm")).toHaveTextContent(/Mitigated \(.+\) before impact started \(.+\)/);
    expect(screen.getByTestId("metric-ttr-value")).toHaveTextContent("—");
    expect(screen.getByTestId("metric-ttr")).toHaveTextContent("Needs a “Resolved” event");
  });

  it("lists system events read-only (time correction only) and user events editable", async () => {
    setup([
      ev("s1", { kind: "incident.created", title: "Incident created", source: "system" }),
      ev("u1", { kind: "detected", title: "Pager alert", occurredAt: "2026-06-15 13:10:00" }),
    ]);
    const items = await screen.findAllByTestId("timeline-event");
    expect(items).toHaveLength(2);
    const [sys, user] = items as [HTMLElement, HTMLElement];
    expect(sys).toHaveAttribute("data-source", "system");
    expect(within(sys).getByText("System")).toBeInTheDocument();
    expect(within(sys).queryByRole("button", { name: /Delete/ })).toBeNull();
    expect(within(sys).getByRole("button", { name: "Correct the time of “Incident created”" })).toBeInTheDocument();
    expect(within(user).getByRole("button", { name: "Delete event “Pager alert”" })).toBeInTheDocument();

    // Correcting a system event's time sends only occurredAt.
    fireEvent.click(within(sys).getByRole("button", { name: "Correct the time of “Incident created”" }));
    const form = screen.getByRole("form", { name: "Correct the time of “Incident created”" });
    expect(within(form).queryByLabelText("Title")).toBeNull();
    fireEvent.change(within(form).getByLabelText("When (local time)"), { target: { value: "2026-06-15T08:00:00" } });
    fake.update.mockResolvedValueOnce(ev("s1", {}));
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.update).toHaveBeenCalledWith("s1", { occurredAt: localInputToUtc("2026-06-15T08:00:00") }));
  });

  it("quick buttons open the form with the kind and now, and send UTC", async () => {
    setup([]);
    const before = Date.now();
    fireEvent.click(await screen.findByRole("button", { name: "Mitigated" }));
    const form = screen.getByRole("form", { name: "New event" });
    expect(within(form).getByLabelText("Kind")).toHaveValue("mitigated");
    const shown = (within(form).getByLabelText("When (local time)") as HTMLInputElement).value;
    const utc = localInputToUtc(shown) as string;
    const at = Date.parse(utc.replace(" ", "T") + "Z");
    expect(Math.abs(at - before)).toBeLessThan(5_000);

    fake.add.mockRejectedValueOnce(new AppError("invalid", "timeline: time is in the future."));
    fireEvent.change(within(form).getByLabelText("Title"), { target: { value: "Rolled back" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add event" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Not saved: timeline: time is in the future. Your entry is kept.");
    expect(within(form).getByLabelText("Title")).toHaveValue("Rolled back");
    expect(fake.add).toHaveBeenCalledWith("i1", { kind: "mitigated", title: "Rolled back", detail: "", occurredAt: utc });
  });

  it("refuses an empty time before calling the backend", async () => {
    setup([]);
    fireEvent.click(await screen.findByRole("button", { name: "Resolved" }));
    const form = screen.getByRole("form", { name: "New event" });
    fireEvent.change(within(form).getByLabelText("When (local time)"), { target: { value: "" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add event" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("Enter a complete date and time.");
    expect(fake.add).not.toHaveBeenCalled();
  });
});
