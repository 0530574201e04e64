import { gzipSync } from "node:zlib";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test, expect } from "./fixtures";

async function newIncident(page: import("@playwright/test").Page, title: string) {
  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
}

test("add log files through the dialog, browse them, search, go to line, remove", async ({ page, server }) => {
  const dir = join(server.root, "userlogs");
  mkdirSync(dir);
  const lines = Array.from({ length: 20000 }, (_, i) => `2026-11-27T05:${String(i % 60).padStart(2, "0")}:00Z app[${i}] request ${i + 1} handled`);
  lines[14999] = "2026-11-27T06:00:00Z app ERROR connection pool exhausted (zebrafish)";
  const plain = join(dir, "app.log");
  writeFileSync(plain, lines.join("\n") + "\n");
  const gz = join(dir, "nginx.log.gz");
  writeFileSync(gz, gzipSync(Buffer.from('10.0.0.1 - - "GET / HTTP/1.1" 200\n10.0.0.2 - - "GET /health HTTP/1.1" 200\n')));
  const originalBytes = readFileSync(plain);

  await newIncident(page, "Checkout errors after deploy");
  await expect(page.getByText("No logs yet. Add log files or paste a log.")).toBeVisible();
  server.pick([plain, gz]);
  await page.getByRole("button", { name: "Add log files…" }).click();
  await expect(page.getByRole("status")).toContainText(/Added 2 logs?/);
  await expect(page.getByRole("link", { name: "app.log", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "nginx.log.gz", exact: true })).toBeVisible();

  // Viewer: first screen, go to line, search.
  await page.getByRole("link", { name: "app.log", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("app.log");
  await expect(page.getByTestId("log-line-1")).toContainText("request 1 handled");
  await page.getByLabel("Go to line").fill("12345");
  await page.getByLabel("Go to line").press("Enter");
  await expect(page.getByTestId("log-line-12345")).toContainText("request 12345 handled");
  await page.getByLabel("Search in log").fill("zebrafish");
  await page.getByLabel("Search in log").press("Enter");
  await expect(page.getByText("1 match")).toBeVisible();
  await expect(page.getByTestId("log-line-15000")).toContainText("connection pool exhausted");
  await expect(page.locator("mark").filter({ hasText: "zebrafish" })).toBeVisible();

  // Remove one log; the user's file is untouched.
  await page.getByRole("link", { name: /Back to/ }).click();
  await page.getByRole("button", { name: "Remove log nginx.log.gz" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove log" }).click();
  await expect(page.getByRole("link", { name: "nginx.log.gz", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "app.log", exact: true })).toBeVisible();
  expect(readFileSync(plain).equals(originalBytes)).toBe(true);

  // The content is inside the encrypted database, not in plaintext anywhere in the data dir
  // (database, WAL, anything else), and nothing was written next to the user's files.
  for (const f of readdirSync(server.dataDir)) {
    expect(readFileSync(join(server.dataDir, f)).includes("zebrafish"), `plaintext log content in ${f}`).toBe(false);
  }
  expect(readdirSync(dir).sort()).toEqual(["app.log", "nginx.log.gz"]);
  await page.reload();
  await expect(page.getByRole("link", { name: "app.log", exact: true })).toBeVisible();
});

test("paste a log; a binary file is refused with a clear message and nothing is added", async ({ page, server }) => {
  await newIncident(page, "VPN flaps");
  await page.getByRole("button", { name: "Paste log" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Log name").fill("vpn.log");
  await dialog.getByLabel("Log text").fill("Nov 27 05:00:01 gw1 charon: rekeying IKE_SA\nNov 27 05:00:02 gw1 charon: tunnel down");
  await dialog.getByRole("button", { name: "Add log" }).click();
  await expect(page.getByRole("link", { name: "vpn.log", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "vpn.log", exact: true }).click();
  await expect(page.getByTestId("log-line-2")).toContainText("tunnel down");
  await page.getByRole("link", { name: /Back to/ }).click();

  const bin = join(server.root, "core.dump");
  writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]));
  server.pick([bin]);
  await page.getByRole("button", { name: "Add log files…" }).click();
  await expect(page.getByRole("alert")).toContainText("core.dump");
  await expect(page.getByRole("link", { name: "core.dump", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "vpn.log", exact: true })).toBeVisible();
});
