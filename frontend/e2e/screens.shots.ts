import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { test, expect, docsTest, FAKE_CONFLUENCE, confluenceFail, type Server } from "./fixtures";

// Screenshots of the review UI in both themes, for looking at (not a test suite):
//   E2E_SERVER=… npx playwright test --config e2e/screenshots.config.ts
const OUT = fileURLToPath(new URL("../../build/e2e/screens", import.meta.url));
const LOG = [
  "2026-11-27T05:00:01Z auth[311]: login ok for alice.smith@example.com from 203.0.113.45",
  "2026-11-27T05:00:02Z api[42]: 用户 🚀 GET /health 200 client=203.0.113.45",
  "2026-11-27T05:00:03Z db[7]: connect retry password=Sup3rS3cret! host=db1",
  "2026-11-27T05:00:04Z deploy[9]: using AWS key AKIAIOSFODNN7EXAMPLE region=eu-west-1",
  "2026-11-27T05:00:05Z api[42]: Authorization token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
  "2026-11-27T05:00:06Z billing[3]: charge failed card=4111 1111 1111 1111 amount=42.00",
  ...Array.from({ length: 60 }, (_, i) => `2026-11-27T05:01:${String(i).padStart(2, "0")}Z api[42]: request ${i} from 10.0.${i % 4}.${i + 1} user=svc-${i % 3}`),
].join("\n");

async function shots(page: Page, server: { root: string; pick: (p: string[]) => void }, theme: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.evaluate((t) => (window as unknown as { go: { app: { SettingsService: { Get: () => Promise<Record<string, unknown>>; Update: (s: unknown) => Promise<unknown> } } } }).go.app.SettingsService.Get().then((s) => (window as unknown as { go: { app: { SettingsService: { Update: (s: unknown) => Promise<unknown> } } } }).go.app.SettingsService.Update({ ...s, theme: t })), theme);
  await page.reload();
  const file = join(server.root, "app.log");
  writeFileSync(file, LOG);
  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill("Checkout outage with leaked secrets");
  await page.getByRole("button", { name: "Create incident" }).click();
  server.pick([file]);
  await page.getByRole("button", { name: "Add log files…" }).click();
  await expect(page.getByText(/to redact/)).toBeVisible();
  await page.screenshot({ path: `${OUT}/${theme}-incident.png`, fullPage: true });
  await page.getByTestId("logs-drop-zone").evaluate((el) => el.classList.add("wails-drop-target-active"));
  await page.getByTestId("logs-drop-zone").screenshot({ path: `${OUT}/${theme}-drop-active.png` });
  await page.getByTestId("logs-drop-zone").evaluate((el) => el.classList.remove("wails-drop-target-active"));
  await page.getByRole("link", { name: "Review app.log" }).click();
  await expect(page.getByRole("list", { name: "Findings by type" })).toBeVisible();
  await page.getByRole("group", { name: "IPv4 address 203.0.113.45", exact: true }).getByRole("button", { name: "Keep" }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}/${theme}-review.png` });
  await page.getByRole("tab", { name: "Each finding" }).click();
  await page.getByRole("radio", { name: "After redaction" }).check();
  await page.getByTestId("log-line-1").getByRole("button", { name: /EMAIL/ }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}/${theme}-preview.png` });
  await page.getByRole("button", { name: "Apply redaction" }).click();
  await expect(page.getByText(/Redaction applied · sha256/)).toBeVisible();
  await page.screenshot({ path: `${OUT}/${theme}-applied.png` });
  await page.getByRole("link", { name: /Back to/ }).click();
  await page.getByRole("button", { name: "Redact text for sharing" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Text to share").fill("User bob@example.org at 198.51.100.7 failed with password=hunter22 and token ghp_abcdefghijklmnopqrstuvwxyz0123456789");
  await dialog.getByRole("button", { name: "Check" }).click();
  await dialog.getByRole("group", { name: /Email address/ }).getByRole("button", { name: "Redact" }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/${theme}-text-dialog.png` });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("heading", { name: "Privacy" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/${theme}-settings.png`, fullPage: true });
}

test("screens light", async ({ page, server }) => shots(page, server, "light"));
test("screens dark", async ({ page, server }) => shots(page, server, "dark"));

// The documents screens: the incident's Documents section, the template picker, the editor wide
// and narrow, history with a diff, the replace question, the publish review and its result.
const SETTINGS = (t: string) =>
  (window as unknown as { go: { app: { SettingsService: { Get: () => Promise<Record<string, unknown>>; Update: (s: unknown) => Promise<unknown> } } } }).go.app.SettingsService.Get().then((s) =>
    (window as unknown as { go: { app: { SettingsService: { Update: (s: unknown) => Promise<unknown> } } } }).go.app.SettingsService.Update({ ...s, theme: t }),
  );

async function docShots(page: Page, server: Server & { confluenceURL: string }, theme: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.evaluate(SETTINGS, theme);
  await page.reload();
  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill("Checkout returns 502");
  await page.getByLabel("Description").fill("Checkout returned HTTP 502 for EU users from 09:14 to 09:52.");
  await page.getByRole("button", { name: "Create incident" }).click();
  await page.getByTestId("documents-section").getByRole("button", { name: "New document…" }).click();
  const dialog = page.getByRole("dialog", { name: "New document" });
  await dialog.getByRole("radio", { name: /^Root cause analysis/ }).check();
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${OUT}/${theme}-doc-new.png` });
  await dialog.getByRole("button", { name: "Generate" }).click();
  const editor = page.getByRole("textbox", { name: "Document text (Markdown)" });
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText(
    "\n## Notes\n\n- [x] Rolled back `orders_api` → v41\n- [ ] Cap the cache\n\n| Region | Errors |\n| --- | --- |\n| EU | 100% |\n\n```go\ncache := lru.New(512) // MiB\n```\n\n<b>raw html</b> and [runbook](https://wiki.example/rb)\n",
  );
  await expect(page.getByTestId("save-status")).toHaveText("Saved · version 2");
  await page.screenshot({ path: `${OUT}/${theme}-doc-editor.png` });
  await page.getByTestId("document-preview").getByText("raw html", { exact: false }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/${theme}-doc-preview-end.png` });
  await page.getByRole("button", { name: "History" }).click();
  await page.getByRole("list", { name: "Versions" }).getByRole("button", { name: "Version 1" }).click();
  await expect(page.getByTestId("diff-counts")).toBeVisible();
  await page.screenshot({ path: `${OUT}/${theme}-doc-history.png` });
  await page.getByRole("tab", { name: "Action items" }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/${theme}-doc-actions.png` });
  await page.getByRole("button", { name: "Close the side panel" }).click();
  await page.setViewportSize({ width: 1000, height: 800 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/${theme}-doc-narrow.png` });
  await page.getByRole("tab", { name: "Preview" }).click();
  await page.screenshot({ path: `${OUT}/${theme}-doc-narrow-preview.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
  const file = `${server.root}/exists.md`;
  writeFileSync(file, "x");
  server.saveAs(file);
  await page.getByRole("button", { name: "Export" }).click();
  await page.screenshot({ path: `${OUT}/${theme}-doc-export-menu.png` });
  await page.getByRole("menuitem", { name: /^Markdown/ }).click();
  await expect(page.getByRole("dialog", { name: "Replace exists.md?" })).toBeVisible();
  await page.screenshot({ path: `${OUT}/${theme}-doc-replace.png` });
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Publish to Confluence" }).click();
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${OUT}/${theme}-doc-not-configured.png` });
  await page.getByRole("link", { name: "Open Settings" }).click();
  const form = page.getByRole("form", { name: "Confluence settings" });
  await form.getByLabel("Base URL", { exact: true }).fill(server.confluenceURL);
  await form.getByLabel("Email", { exact: true }).fill(FAKE_CONFLUENCE.email);
  await form.getByLabel("API token", { exact: true }).fill(FAKE_CONFLUENCE.token);
  await form.getByLabel("Space key", { exact: true }).fill("OPS");
  await form.getByRole("button", { name: "Save", exact: true }).click();
  await expect(form.getByTestId("confluence-state")).toContainText("Configured");
  await page.goBack();
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("\nEscalated to bob.jones@example.org.\n");
  await expect(page.getByTestId("save-status")).toHaveText("Saved · version 3");
  await page.getByRole("button", { name: "Publish to Confluence" }).click();
  const review = page.getByRole("dialog", { name: "Review before publishing" });
  await expect(review).toBeVisible();
  await page.screenshot({ path: `${OUT}/${theme}-doc-publish-review.png` });
  await review.getByRole("button", { name: "Redact all" }).click();
  await confluenceFail(server, { op: "create", status: 429, retryAfter: "3", times: 1 });
  await review.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-progress")).toContainText("wait");
  await page.screenshot({ path: `${OUT}/${theme}-doc-publish-wait.png` });
  await expect(page.getByTestId("publish-result")).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: `${OUT}/${theme}-doc-published.png` });
  await confluenceFail(server, { op: "any", status: 401, times: 5 });
  await page.getByRole("button", { name: "Publish to Confluence" }).click();
  await page.getByRole("dialog", { name: "Review before publishing" }).getByRole("button", { name: "Redact all" }).click();
  await page.getByRole("dialog", { name: "Review before publishing" }).getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-error")).toBeVisible();
  await page.screenshot({ path: `${OUT}/${theme}-doc-publish-error.png` });
  await page.getByRole("link", { name: /← Checkout returns 502/ }).click();
  await page.getByTestId("documents-section").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/${theme}-doc-list.png` });
}

docsTest("document screens light", async ({ page, server }) => docShots(page, server, "light"));
docsTest("document screens dark", async ({ page, server }) => docShots(page, server, "dark"));
