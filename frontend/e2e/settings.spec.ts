import { test, expect } from "./fixtures";

test("settings are stored by the backend and used by the app", async ({ page }) => {
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Theme").selectOption("dark");
  await page.getByLabel("Default severity").selectOption("critical");
  await page.getByLabel("Default domain").selectOption("Network");
  await page.getByLabel("Default assignee").fill("oncall-net");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText(/saved/i);

  // A fresh page load (new JS state, nothing in browser storage) gets them from the database.
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  // eslint-disable-next-line no-restricted-properties -- asserting that nothing is kept there
  expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
  await page.getByRole("link", { name: "New incident" }).click();
  await expect(page.getByLabel("Severity")).toHaveValue("critical");
  await expect(page.getByLabel("Domain")).toHaveValue("Network");
  await expect(page.getByLabel("Assignee")).toHaveValue("oncall-net");

  // The change is audited and the chain verifies.
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByText(/Verified: \d+ entries/)).toBeVisible();
});

test("keyboard: Ctrl+K focuses search from anywhere, n opens a new incident", async ({ page }) => {
  await page.keyboard.press("n");
  await expect(page.getByRole("heading", { level: 1, name: /New incident/i })).toBeVisible();
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.keyboard.press("Control+k");
  await expect(page.getByLabel("Search incidents")).toBeFocused();
});

test("the incident list filters by severity and tag", async ({ page }) => {
  const rows: { title: string; severity: string; tag: string }[] = [
    { title: "API gateway 502s", severity: "critical", tag: "edge" },
    { title: "Slow nightly backup", severity: "low", tag: "storage" },
    { title: "Cert expiring on mail relay", severity: "high", tag: "edge" },
  ];
  for (const r of rows) {
    await page.getByRole("link", { name: "New incident" }).click();
    await page.getByLabel("Title").fill(r.title);
    await page.getByLabel("Severity").selectOption(r.severity);
    await page.getByLabel("Tags").fill(r.tag);
    await page.getByLabel("Tags").press("Enter");
    await page.getByRole("button", { name: "Create incident" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(r.title);
  }
  await page.getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByTestId("list-range")).toContainText("3");

  await page.getByLabel("Tag filter").fill("edge");
  await expect(page.getByRole("link", { name: "Slow nightly backup" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "API gateway 502s" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Cert expiring on mail relay" })).toBeVisible();

  await page.getByRole("checkbox", { name: /critical/i }).check();
  await expect(page.getByRole("link", { name: "Cert expiring on mail relay" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "API gateway 502s" })).toBeVisible();
});
