import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test as base, expect } from "@playwright/test";
import { startServer, tempRoot } from "./fixtures";

// Uses its own servers (no per-test fixture server): the same data dir is opened twice.
base("a wrong database key is explained in the window and the database is left untouched", async ({ page }) => {
  const { root, remove } = tempRoot();
  try {
    const first = await startServer(root, { TFTSR_DB_KEY: "correct horse battery staple" });
    await page.goto(first.url + "/");
    await page.getByRole("link", { name: "New incident" }).click();
    await page.getByLabel("Title").fill("Kept safe across a wrong key");
    await page.getByRole("button", { name: "Create incident" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kept safe across a wrong key");
    await first.stop();

    const dbPath = join(first.dataDir, "tftsr.db");
    const before = readFileSync(dbPath);

    const wrong = await startServer(root, { TFTSR_DB_KEY: "wrong horse" });
    await page.goto(wrong.url + "/");
    await expect(page.getByRole("heading", { name: "TFTSR cannot open its database" })).toBeVisible();
    const alert = page.getByRole("alert");
    await expect(alert).toContainText(dbPath);
    await expect(alert).toContainText("TFTSR_DB_KEY");
    // No dead app behind the message: the navigation is not offered.
    await expect(page.getByRole("link", { name: "New incident" })).toHaveCount(0);
    await wrong.stop();
    expect(readFileSync(dbPath).equals(before), "the database file changed after a wrong key").toBe(true);

    // The right key still opens it, with the data intact.
    const again = await startServer(root, { TFTSR_DB_KEY: "correct horse battery staple" });
    await page.goto(again.url + "/#/incidents");
    await expect(page.getByRole("link", { name: "Kept safe across a wrong key" })).toBeVisible();
    await again.stop();
  } finally {
    remove();
  }
});
