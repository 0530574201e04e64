import type { Locator } from "@playwright/test";
import { test, expect } from "./fixtures";
import { backend, newIncident } from "./helpers";

// The incident timeline and response metrics against the real TimelineService. The browser runs
// in New York time so the local ↔ UTC conversion is exercised (the backend stores UTC).
test.use({ timezoneId: "America/New_York" });

/** Adds an event with a quick button, at a local time "YYYY-MM-DDTHH:MM:SS". */
async function addEvent(timeline: Locator, button: string, local: string, title = "") {
  await timeline.getByRole("group", { name: "Add event" }).getByRole("button", { name: button, exact: true }).click();
  const form = timeline.getByRole("form", { name: "New event" });
  await expect(form.getByLabel("Kind")).toHaveValue(button === "Impact started" ? "impact.started" : button.toLowerCase());
  if (title) await form.getByLabel("Title").fill(title);
  await form.getByLabel("When (local time)").fill(local);
  await form.getByRole("button", { name: "Add event" }).click();
  await expect(form).toHaveCount(0);
  await expect(timeline.getByRole("group", { name: "Add event" }).getByRole("button", { name: button, exact: true })).toBeFocused();
}

type StoredEvent = { kind: string; title: string; occurredAt: string; source: string };

test("timeline: system events, user events in local time, TTD/TTM/TTR, invalid order, status event", async ({ page }) => {
  const id = await newIncident(page, "Search latency spike");
  const timeline = page.getByRole("region", { name: "Timeline", exact: true });
  const events = timeline.getByRole("list", { name: "Timeline events" }).getByRole("listitem");
  await expect(timeline).toContainText("America/New_York");

  // What TFTSR recorded is listed, read-only (its time may be corrected, it cannot be deleted).
  const created = events.filter({ hasText: "Incident created" });
  await expect(created).toHaveAttribute("data-source", "system");
  await expect(created.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await expect(created.getByRole("button", { name: "Correct the time of “Incident created”" })).toBeVisible();
  for (const id of ["ttd", "ttm", "ttr"]) await expect(timeline.getByTestId(`metric-${id}-value`)).toHaveText("—");
  await expect(timeline.getByTestId("metric-ttd")).toContainText("Needs “Impact started” and “Detected” events");

  // The quick buttons start from now (local time).
  await timeline.getByRole("group", { name: "Add event" }).getByRole("button", { name: "Detected", exact: true }).click();
  const now = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}T${String(d.getHours()).padStart(2, "0")}`;
  });
  await expect(timeline.getByLabel("When (local time)")).toHaveValue(new RegExp(`^${now}:\\d\\d(:\\d\\d)?$`));
  await timeline.getByRole("form", { name: "New event" }).getByRole("button", { name: "Cancel" }).click();

  await addEvent(timeline, "Impact started", "2026-06-15T09:00:00");
  await expect(timeline.getByTestId("metric-ttd")).toContainText("Needs a “Detected” event");
  await addEvent(timeline, "Detected", "2026-06-15T09:10:00", "Pager alert: p99 > 2 s");
  await addEvent(timeline, "Mitigated", "2026-06-15T09:40:00");
  await addEvent(timeline, "Resolved", "2026-06-15T10:30:00");
  await expect(timeline.getByTestId("metric-ttd-value")).toHaveText("10 min");
  await expect(timeline.getByTestId("metric-ttm-value")).toHaveText("40 min");
  await expect(timeline.getByTestId("metric-ttr-value")).toHaveText("1 h 30 min");

  // Stored as UTC (New York is UTC−4 in June); listed in time order.
  const stored = await backend<StoredEvent[]>(page, "TimelineService", "List", id);
  expect(stored.filter((e) => e.source === "user").map((e) => [e.kind, e.title, e.occurredAt])).toEqual([
    ["impact.started", "Impact started", "2026-06-15 13:00:00"],
    ["detected", "Pager alert: p99 > 2 s", "2026-06-15 13:10:00"],
    ["mitigated", "Mitigated", "2026-06-15 13:40:00"],
    ["resolved", "Resolved", "2026-06-15 14:30:00"],
  ]);
  await expect(events.first()).toContainText("Impact started");
  const detected = events.filter({ hasText: "Pager alert" });
  await expect(detected).toHaveAttribute("data-source", "user");

  // Mitigated before impact started: TTM is not a number, and says why.
  await events.filter({ hasText: "Mitigated" }).getByRole("button", { name: "Edit event “Mitigated”" }).click();
  const edit = timeline.getByRole("form", { name: "Edit “Mitigated”" });
  await expect(edit.getByLabel("When (local time)")).toHaveValue(/^2026-06-15T09:40(:00)?$/); // Chromium drops ":00"
  await edit.getByLabel("When (local time)").fill("2026-06-15T08:50:00");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(timeline.getByTestId("metric-ttm-value")).toHaveText("—");
  await expect(timeline.getByTestId("metric-ttm")).toContainText("Mitigated");
  await expect(timeline.getByTestId("metric-ttm")).toContainText("before impact started");
  await expect(events.first()).toContainText("Mitigated");
  await events.filter({ hasText: "Mitigated" }).getByRole("button", { name: "Edit event “Mitigated”" }).click();
  await timeline.getByRole("form", { name: "Edit “Mitigated”" }).getByLabel("When (local time)").fill("2026-06-15T09:40:00");
  await timeline.getByRole("form", { name: "Edit “Mitigated”" }).getByRole("button", { name: "Save" }).click();
  await expect(timeline.getByTestId("metric-ttm-value")).toHaveText("40 min");

  // A time too far in the future is refused; the form keeps what was typed.
  await addEvent(timeline, "Note", "2026-06-15T09:20:00", "Rolled back search-api to v41");
  const note = events.filter({ hasText: "Rolled back search-api to v41" });
  await note.getByRole("button", { name: "Edit event “Rolled back search-api to v41”" }).click();
  const noteForm = timeline.getByRole("form", { name: "Edit “Rolled back search-api to v41”" });
  await noteForm.getByLabel("Detail").fill("v42 had the slow query");
  await noteForm.getByLabel("When (local time)").fill("2099-01-01T00:00:00");
  await noteForm.getByRole("button", { name: "Save" }).click();
  await expect(noteForm.getByRole("alert")).toContainText("in the future");
  await expect(noteForm.getByLabel("Detail")).toHaveValue("v42 had the slow query");
  await noteForm.getByLabel("When (local time)").fill("2026-06-15T09:20:00");
  await noteForm.getByRole("button", { name: "Save" }).click();
  await expect(note).toContainText("v42 had the slow query");
  await note.getByRole("button", { name: "Delete event “Rolled back search-api to v41”" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete event" }).click();
  await expect(note).toHaveCount(0);

  // A status change through the existing UI is recorded by the backend and shows up.
  await page.getByRole("button", { name: "Start investigating" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("Investigating");
  const status = events.filter({ hasText: "Status changed from open to investigating" });
  await expect(status).toHaveAttribute("data-source", "system");

  await page.reload();
  await expect(timeline.getByTestId("metric-ttr-value")).toHaveText("1 h 30 min");
  await expect(events.filter({ hasText: "Pager alert: p99 > 2 s" })).toHaveCount(1);
});

test("dashboard shows mean and median TTD / TTM / TTR from the timelines", async ({ page }) => {
  await newIncident(page, "Incident A");
  const timeline = page.getByRole("region", { name: "Timeline", exact: true });
  await addEvent(timeline, "Impact started", "2026-06-15T09:00:00");
  await addEvent(timeline, "Detected", "2026-06-15T09:10:00");
  await addEvent(timeline, "Mitigated", "2026-06-15T09:40:00");
  await addEvent(timeline, "Resolved", "2026-06-15T10:30:00");
  // Two more incidents through the bridge: TTD 20 min and 60 min; TTM unknown for both.
  for (const [title, ttd] of [["Incident B", 20], ["Incident C", 60]] as const) {
    const issue = await backend<{ id: string }>(page, "IncidentService", "Create", { title, severity: "medium", tags: [] });
    await backend(page, "TimelineService", "Add", issue.id, { kind: "impact.started", title: "", detail: "", occurredAt: "2026-06-16T10:00:00Z" });
    await backend(page, "TimelineService", "Add", issue.id, {
      kind: "detected",
      title: "",
      detail: "",
      occurredAt: new Date(Date.parse("2026-06-16T10:00:00Z") + ttd * 60_000).toISOString().replace(/\.000Z$/, "Z"),
    });
  }
  // One with mitigation before impact: left out of TTM and counted as such.
  const bad = await backend<{ id: string }>(page, "IncidentService", "Create", { title: "Incident D", severity: "low", tags: [] });
  await backend(page, "TimelineService", "Add", bad.id, { kind: "impact.started", title: "", detail: "", occurredAt: "2026-06-17 10:00:00" });
  await backend(page, "TimelineService", "Add", bad.id, { kind: "mitigated", title: "", detail: "", occurredAt: "2026-06-17 09:00:00" });

  await page.getByRole("link", { name: "Dashboard" }).click();
  const times = page.getByRole("region", { name: "Response times", exact: true });
  await expect(times.getByTestId("response-ttd-mean")).toHaveText("30 min");
  await expect(times.getByTestId("response-ttd-median")).toHaveText("20 min");
  await expect(times.getByTestId("response-ttd")).toContainText("Over 3 incidents");
  await expect(times.getByTestId("response-ttm-mean")).toHaveText("40 min");
  await expect(times.getByTestId("response-ttm")).toContainText("1 left out");
  await expect(times.getByTestId("response-ttr-mean")).toHaveText("1 h 30 min");
  await expect(times.getByTestId("response-ttr-median")).toHaveText("1 h 30 min");
  await expect(times.getByTestId("response-ttr")).toContainText("Over 1 incident");
});
