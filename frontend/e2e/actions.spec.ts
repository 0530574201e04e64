import { mkdirSync } from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { newIncident } from "./helpers";

// An incident's action items against the real ActionService: add, inline edits that save on
// Enter / leaving the field, reorder with the keyboard, delete, and a refused save that keeps
// what was typed. Screenshots go to /tmp/issue5/shots for looking at.
const SHOTS = process.env.TFTSR_SHOTS ?? "/tmp/issue5/shots";

type StoredItem = { id: string; title: string; owner: string; dueDate: string; priority: string; status: string; position: number };

function listItems(page: Page, issueId: string): Promise<StoredItem[]> {
  return page.evaluate(
    (id) =>
      (window as unknown as { go: { app: { ActionService: { List: (id: string) => Promise<StoredItem[]> } } } }).go.app.ActionService.List(id),
    issueId,
  );
}

async function addItem(section: Locator, item: { title: string; owner?: string; due?: string; priority?: string }) {
  const form = section.getByRole("form", { name: "Add an action item" });
  await form.getByLabel("New action item").fill(item.title);
  if (item.owner) await form.getByLabel("Owner").fill(item.owner);
  if (item.due) await form.getByLabel("Due date").fill(item.due);
  if (item.priority) await form.getByLabel("Priority").selectOption({ label: item.priority });
  await form.getByRole("button", { name: "Add", exact: true }).click();
  await expect(section.getByRole("listitem", { name: new RegExp(`: ${item.title}$`) })).toBeVisible();
  // Ready for the next one: the title is empty and focused.
  await expect(form.getByLabel("New action item")).toHaveValue("");
  await expect(form.getByLabel("New action item")).toBeFocused();
}

const titles = (section: Locator) => section.getByRole("list", { name: "Action items" }).getByRole("listitem").getByLabel("Title");

/** The titles as shown, in order (inputs: their values). */
function expectTitles(section: Locator, want: string[]) {
  return expect.poll(() => titles(section).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(want);
}

test("action items: add three, edit inline, reorder, delete; all persisted", async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  const issueId = await newIncident(page, "Checkout latency after deploy");
  const section = page.getByRole("region", { name: "Action items" });
  await expect(section).toContainText("No action items yet");
  await expect(section).toContainText("keep this incident from happening again");

  await addItem(section, { title: "Add a p99 latency alert", owner: "Ana", due: "2026-12-15", priority: "High" });
  await addItem(section, { title: "Load-test the checkout before deploys" });
  await addItem(section, { title: "Write the connection-pool runbook", owner: "Bo", due: "2020-01-10" });
  await expectTitles(section, ["Add a p99 latency alert", "Load-test the checkout before deploys", "Write the connection-pool runbook"]);

  // An open item past its due date is marked overdue.
  const runbook = section.getByRole("listitem", { name: /Write the connection-pool runbook/ });
  await expect(runbook).toHaveAttribute("data-overdue", "true");
  await expect(runbook.getByTestId("action-overdue")).toContainText(/Overdue by \d+ (days|months|years)/);
  await expect(section.getByTestId("action-items-summary")).toHaveText("3 items · 3 to do · 1 overdue");

  // Inline edits: text saves on Enter or on leaving the field, choices at once.
  const second = section.getByRole("listitem", { name: /Load-test the checkout/ });
  await second.getByLabel("Owner").fill("Chen");
  await second.getByLabel("Owner").press("Enter");
  await second.getByLabel("Due date").fill("2027-01-31");
  await second.getByLabel("Due date").press("Enter");
  await second.getByLabel("Priority").selectOption({ label: "Critical" });
  await second.getByLabel("Status").selectOption({ label: "In progress" });
  await expect(second).not.toHaveAttribute("aria-busy", "true");
  await expect
    .poll(async () => (await listItems(page, issueId)).map((it) => [it.title, it.owner, it.dueDate, it.priority, it.status]))
    .toEqual([
      ["Add a p99 latency alert", "Ana", "2026-12-15", "high", "open"],
      ["Load-test the checkout before deploys", "Chen", "2027-01-31", "critical", "in_progress"],
      ["Write the connection-pool runbook", "Bo", "2020-01-10", "medium", "open"],
    ]);

  // Done items are not overdue.
  await runbook.getByLabel("Status").selectOption({ label: "Done" });
  await expect(runbook).toHaveAttribute("data-overdue", "false");
  await expect(section.getByTestId("action-items-summary")).toHaveText("3 items · 2 to do");
  await runbook.getByLabel("Status").selectOption({ label: "Open" });
  await expect(runbook).toHaveAttribute("data-overdue", "true");

  // Escape goes back to the stored text without saving.
  await second.getByLabel("Owner").fill("Nobody");
  await second.getByLabel("Owner").press("Escape");
  await expect(second.getByLabel("Owner")).toHaveValue("Chen");
  await second.getByLabel("Owner").blur();
  await page.screenshot({ path: `${SHOTS}/actions-incident.png`, fullPage: true });
  await section.screenshot({ path: `${SHOTS}/actions-section.png` });

  // Reorder with the keyboard: focus stays on the moved item's buttons.
  const list = section.getByRole("list", { name: "Action items" });
  await list.getByRole("button", { name: "Move action item 3 up" }).focus();
  await page.keyboard.press("Enter");
  await expectTitles(section, ["Add a p99 latency alert", "Write the connection-pool runbook", "Load-test the checkout before deploys"]);
  await expect(list.getByRole("button", { name: "Move action item 2 up" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expectTitles(section, ["Write the connection-pool runbook", "Add a p99 latency alert", "Load-test the checkout before deploys"]);
  // At the top the "up" button is disabled: focus moved to "down".
  await expect(list.getByRole("button", { name: "Move action item 1 up" })).toBeDisabled();
  await expect(list.getByRole("button", { name: "Move action item 1 down" })).toBeFocused();
  await expect
    .poll(async () => (await listItems(page, issueId)).map((it) => `${it.position} ${it.title}`))
    .toEqual(["1 Write the connection-pool runbook", "2 Add a p99 latency alert", "3 Load-test the checkout before deploys"]);

  // Delete asks first; Cancel keeps the item.
  await list.getByRole("button", { name: "Delete action item 2" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this action item?" });
  await expect(dialog).toContainText("“Add a p99 latency alert” (Ana)");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(titles(section)).toHaveCount(3);
  await list.getByRole("button", { name: "Delete action item 2" }).click();
  await dialog.getByRole("button", { name: "Delete action item" }).click();
  await expect(dialog).toBeHidden();
  await expectTitles(section, ["Write the connection-pool runbook", "Load-test the checkout before deploys"]);

  // Everything is in the database: a fresh page load shows the same.
  await page.reload();
  await expectTitles(section, ["Write the connection-pool runbook", "Load-test the checkout before deploys"]);
  const loadTest = section.getByRole("listitem", { name: /Load-test the checkout/ });
  await expect(loadTest.getByLabel("Owner")).toHaveValue("Chen");
  await expect(loadTest.getByLabel("Due date")).toHaveValue("2027-01-31");
  await expect(loadTest.getByLabel("Priority")).toHaveValue("critical");
  await expect(loadTest.getByLabel("Status")).toHaveValue("in_progress");
  expect((await listItems(page, issueId)).map((it) => `${it.position} ${it.title}`)).toEqual([
    "1 Write the connection-pool runbook",
    "2 Load-test the checkout before deploys",
  ]);
});

test("action items: a refused save keeps the typed text and says why; Escape restores", async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  const issueId = await newIncident(page, "Queue backlog");
  const section = page.getByRole("region", { name: "Action items" });

  // The add form asks for a title and keeps the rest.
  const form = section.getByRole("form", { name: "Add an action item" });
  await form.getByLabel("Owner").fill("Dana");
  await form.getByRole("button", { name: "Add", exact: true }).click();
  await expect(form.getByRole("alert")).toHaveText("Give the action item a title.");
  await expect(form.getByLabel("Owner")).toHaveValue("Dana");
  await form.getByLabel("New action item").fill("Autoscale the consumers");
  await form.getByRole("button", { name: "Add", exact: true }).click();
  // Found by its id: its name follows the title, which is edited below.
  const id = (await listItems(page, issueId))[0]?.id ?? "";
  const row = section.locator(`li[data-id="${id}"]`);
  await expect(row).toHaveAccessibleName("Action item 1: Autoscale the consumers");
  await expect(row.getByLabel("Owner")).toHaveValue("Dana");

  // An empty title is refused by the backend: the row says why, the field stays empty for fixing.
  const title = row.getByLabel("Title");
  await title.fill("");
  await title.press("Enter");
  await expect(row.getByRole("alert")).toContainText("Title is required");
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(title).toHaveValue("");
  expect((await listItems(page, issueId))[0]?.title).toBe("Autoscale the consumers");

  await page.screenshot({ path: `${SHOTS}/actions-error.png`, clip: (await section.boundingBox()) ?? undefined });

  // Fixing it saves and clears the error.
  await title.fill("Autoscale the queue consumers");
  await title.press("Enter");
  await expect(row.getByRole("alert")).toHaveCount(0);
  await expect.poll(async () => (await listItems(page, issueId))[0]?.title).toBe("Autoscale the queue consumers");

  // Escape after a refused save goes back to the stored title.
  await title.fill("");
  await title.press("Enter");
  await expect(row.getByRole("alert")).toContainText("Title is required");
  await title.press("Escape");
  await expect(title).toHaveValue("Autoscale the queue consumers");
  await expect(row.getByRole("alert")).toHaveCount(0);
});

test("action items: card layout in a narrow window", async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  // A narrow window: the section switches to cards (the same controls and names).
  await page.setViewportSize({ width: 760, height: 900 });
  await newIncident(page, "Narrow layout");
  const section = page.getByRole("region", { name: "Action items" });
  await addItem(section, { title: "Rotate the leaked key", owner: "Eve", due: "2020-02-02", priority: "Critical" });
  await addItem(section, { title: "Add a secret scanner to CI", owner: "Finn" });
  const row = section.getByRole("listitem", { name: /Rotate the leaked key/ });
  await expect(row).toHaveAttribute("data-overdue", "true");
  await row.getByLabel("Owner").fill("Eve Adams");
  await row.getByLabel("Owner").press("Enter");
  await expect(row).not.toHaveAttribute("aria-busy", "true");
  await section.screenshot({ path: `${SHOTS}/actions-narrow.png` });

  // The same in the dark theme.
  await page.evaluate(async () => {
    const s = (window as unknown as { go: { app: { SettingsService: { Get: () => Promise<object>; Update: (s: object) => Promise<unknown> } } } }).go.app
      .SettingsService;
    await s.Update({ ...(await s.Get()), theme: "dark" });
  });
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.setViewportSize({ width: 1440, height: 900 });
  await section.screenshot({ path: `${SHOTS}/actions-dark.png` });
  await page.setViewportSize({ width: 760, height: 900 });
  await section.screenshot({ path: `${SHOTS}/actions-narrow-dark.png` });
});

test("action items: edited in the document editor's side panel, seen on the incident", async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  const issueId = await newIncident(page, "Payments timeouts");
  const section = page.getByRole("region", { name: "Action items" });
  await addItem(section, { title: "Raise the gateway timeout alarm", owner: "Gil", due: "2020-03-03" });

  // Generate a document and open its Action items panel (the compact layout).
  await page.getByRole("button", { name: "New document…" }).click();
  await page.getByRole("dialog", { name: "New document" }).getByRole("button", { name: "Generate" }).click();
  await expect(page.getByRole("button", { name: "Publish to Confluence" })).toBeVisible();
  await page.getByRole("button", { name: "Action items", exact: true }).click();
  const panel = page.getByRole("complementary", { name: "Action items" });
  const compact = panel.getByRole("region", { name: "Action items" });
  await expect(compact).toHaveAttribute("data-compact", "true");
  const row = compact.getByRole("listitem", { name: /Raise the gateway timeout alarm/ });
  await expect(row).toHaveAttribute("data-overdue", "true");

  // Add in the panel (the form opens from its button), edit the status there.
  await compact.getByRole("button", { name: "+ Add action item" }).click();
  await compact.getByLabel("New action item").fill("Document the retry budget");
  await compact.getByRole("button", { name: "Add", exact: true }).click();
  await expect(compact.getByRole("listitem", { name: /Document the retry budget/ })).toBeVisible();
  await row.getByLabel("Status").selectOption({ label: "Done" });
  await expect(row).toHaveAttribute("data-overdue", "false");
  await panel.screenshot({ path: `${SHOTS}/actions-compact.png` });

  await expect.poll(async () => (await listItems(page, issueId)).map((it) => `${it.title}: ${it.status}`)).toEqual([
    "Raise the gateway timeout alarm: done",
    "Document the retry budget: open",
  ]);
  // The document's table is a snapshot: "Update from incident" rewrites that one section.
  const docId = decodeURIComponent(/documents\/([^/?#]+)/.exec(page.url())?.[1] ?? "");
  const content = () =>
    page.evaluate(async (id) => {
      const go = (window as unknown as { go: { app: { DocumentService: { Get: (id: string) => Promise<{ contentMd: string }> } } } }).go;
      return (await go.app.DocumentService.Get(id)).contentMd;
    }, docId);
  expect(await content()).not.toContain("Document the retry budget");
  await page.getByRole("button", { name: "Update from incident" }).click();
  const dialog = page.getByRole("dialog", { name: "Update a section from the incident" });
  await expect(dialog.getByLabel("Section")).toHaveValue("Action items");
  await expect(dialog.getByRole("option", { name: "Lessons learned" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Update section" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(content).toContain("| Document the retry budget | — |");
  expect(await content()).toMatch(/\| Raise the gateway timeout alarm \| Gil \| 2020-03-03 \| Medium \| Done \|/);

  // Back on the incident: the same items.
  await page.goto(`${page.url().split("#")[0]}#/incidents/${encodeURIComponent(issueId)}`);
  await expectTitles(section, ["Raise the gateway timeout alarm", "Document the retry budget"]);
  await expect(section.getByRole("listitem", { name: /Raise the gateway/ }).getByLabel("Status")).toHaveValue("done");
});
