import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test, expect } from "./fixtures";

test("create, edit, change status, find by search and delete an incident", async ({ page, server }) => {
  // Create.
  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill("Checkout latency spike on payments-api");
  await page.getByLabel("Description").fill("p99 latency rose to 4s after the zebrafish deploy; connection pool exhausted.");
  await page.getByLabel("Severity").selectOption("high");
  await page.getByLabel("Domain").selectOption("Kubernetes");
  await page.getByLabel("Assignee").fill("alice");
  const tags = page.getByLabel("Tags");
  await tags.fill("payments");
  await tags.press("Enter");
  await tags.fill("latency");
  await tags.press("Enter");
  await page.getByRole("button", { name: "Create incident" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Checkout latency spike on payments-api");
  await expect(page.getByTestId("incident-status")).toContainText(/open/i);
  await expect(page.getByText("Kubernetes")).toBeVisible();
  await expect(page.getByText("payments", { exact: true })).toBeVisible();

  // Edit inline: only the changed fields are sent; the page shows the stored values.
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Title").fill("Checkout latency spike on payments-api (eu-west)");
  await page.getByLabel("Severity").selectOption("critical");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Checkout latency spike on payments-api (eu-west)");
  await expect(page.getByText(/critical/i).first()).toBeVisible();

  // Status: open → investigating → resolved → closed → reopened.
  await page.getByRole("button", { name: "Start investigating" }).click();
  await expect(page.getByTestId("incident-status")).toContainText(/investigating/i);
  await page.getByRole("button", { name: "Mark resolved" }).click();
  await expect(page.getByTestId("incident-status")).toContainText(/resolved/i);
  await page.getByRole("button", { name: "Close", exact: true }).click();
  await expect(page.getByTestId("incident-status")).toContainText(/closed/i);
  await page.getByRole("button", { name: "Reopen" }).click();
  await expect(page.getByTestId("incident-status")).toContainText(/open/i);

  // The edit survives a full reload: it is in the database, not in the page.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Checkout latency spike on payments-api (eu-west)");

  // Search: a prefix of a word in the description finds it, with the match highlighted.
  await page.getByRole("link", { name: "Incidents" }).click();
  await page.getByLabel("Search incidents").fill("zebraf");
  const hit = page.getByRole("link", { name: /Checkout latency spike/ });
  await expect(hit).toBeVisible();
  await expect(page.locator("mark").filter({ hasText: /zebrafish/i }).first()).toBeVisible();

  // Delete after confirmation.
  await hit.click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Checkout latency spike on payments-api (eu-west)");
  await dialog.getByRole("button", { name: "Delete incident" }).click();
  await expect(page.getByRole("status")).toContainText(/deleted/i);
  await page.getByRole("link", { name: "Incidents" }).click();
  await page.getByLabel("Search incidents").fill("zebrafish");
  await expect(page.getByRole("link", { name: /Checkout latency spike/ })).toHaveCount(0);

  // Nothing readable on disk: the database file is encrypted.
  const db = readFileSync(join(server.dataDir, "tftsr.db"));
  expect(db.subarray(0, 15).toString("latin1")).not.toBe("SQLite format 3");
  expect(readdirSync(server.dataDir).filter((f) => f.endsWith(".plain") || f.endsWith(".bak"))).toEqual([]);
});

test("bad input shows a clear error and loses nothing typed", async ({ page }) => {
  await page.getByRole("link", { name: "New incident" }).click();
  // Over-long title: refused with the limit named, text kept.
  const long = "x".repeat(301);
  await page.getByLabel("Title").fill(long);
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByRole("alert")).toContainText("300");
  await expect(page.getByLabel("Title")).toHaveValue(long);

  // A malformed tag is refused by the backend; its message is shown and nothing typed is lost.
  await page.getByLabel("Title").fill("VPN drops every 30 minutes");
  await page.getByLabel("Description").fill("Users on the Berlin office lose the tunnel; rekey suspected.");
  const tags = page.getByLabel("Tags");
  await tags.fill("bad tag!");
  await tags.press("Enter");
  await page.getByRole("button", { name: "Create incident" }).click();

  await expect(page.getByRole("alert")).toContainText(/tag/i);
  // Everything typed is still there.
  await expect(page.getByLabel("Title")).toHaveValue("VPN drops every 30 minutes");
  await expect(page.getByLabel("Description")).toHaveValue("Users on the Berlin office lose the tunnel; rekey suspected.");
  // Nothing was stored.
  await page.getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("link", { name: /VPN drops/ })).toHaveCount(0);
});

test("dashboard figures and the security page come from the backend", async ({ page, server }) => {
  const incidents: { title: string; severity: string }[] = [
    { title: "Disk full on db-01", severity: "critical" },
    { title: "Printer queue stuck", severity: "low" },
  ];
  for (const { title, severity } of incidents) {
    await page.getByRole("link", { name: "New incident" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Severity").selectOption(severity);
    await page.getByRole("button", { name: "Create incident" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  }
  await page.getByRole("button", { name: "Start investigating" }).click();
  await page.getByRole("button", { name: "Mark resolved" }).click();
  await expect(page.getByTestId("incident-status")).toContainText(/resolved/i);

  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("open-critical")).toContainText("1");
  await expect(page.getByTestId("open-low")).toContainText("0");
  await expect(page.getByTestId("resolved-7d")).toContainText("1");
  await expect(page.getByRole("link", { name: "Disk full on db-01" })).toBeVisible();

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("tab", { name: "Security" }).or(page.getByRole("heading", { name: "Security" })).first().click();
  await expect(page.getByText(server.dataDir, { exact: false }).first()).toBeVisible();
  await expect(page.getByText(/key file/i).first()).toBeVisible();
  await expect(page.getByText(/Verified: \d+ entries/)).toBeVisible();
});
