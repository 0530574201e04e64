import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

// PII review and redaction of logs, end to end: the built UI over the real Go services and a real
// encrypted database. Assertions about what was stored are made against the backend (its bound
// methods through the test bridge), never only against the DOM.

const EMAIL = "alice.smith@example.com";
const IP = "203.0.113.45";
const PASSWORD = "Sup3rS3cret!";
const AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const CARD = "4111 1111 1111 1111";
const PEM_BODY = "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ";

/** A realistic log with planted values; non-ASCII text before values checks byte offsets. */
const LOG = [
  `2026-11-27T05:00:01Z auth[311]: login ok for ${EMAIL} from ${IP}`,
  `2026-11-27T05:00:02Z api[42]: 用户 🚀 GET /health 200 client=${IP}`,
  `2026-11-27T05:00:03Z db[7]: connect retry password=${PASSWORD} host=db1`,
  `2026-11-27T05:00:04Z deploy[9]: using AWS key ${AWS_KEY} region=eu-west-1`,
  `2026-11-27T05:00:05Z api[42]: Authorization token ${JWT}`,
  `2026-11-27T05:00:06Z billing[3]: charge failed card=${CARD} amount=42.00`,
  `2026-11-27T05:00:07Z deploy[9]: loaded key`,
  `-----BEGIN RSA PRIVATE KEY-----`,
  PEM_BODY,
  `-----END RSA PRIVATE KEY-----`,
  `2026-11-27T05:00:08Z api[42]: shutdown complete`,
].join("\n") + "\n";

type Line = { n: number; text: string };
type Finding = { type: string; value: string; placeholder: string; decision: string; line: number };

declare global {
  interface Window {
    __tftsrDropFiles: (paths: string[]) => void;
    // The test bridge's window.go: any bound method, returning what the Go method returns.
    go: { app: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> };
  }
}

/** Calls a bound Go method through the page's bridge (the same path the UI uses). */
function backend<T>(page: Page, service: string, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([s, m, a]) => {
      const fn = window.go.app[s]?.[m];
      if (!fn) throw new Error(`no bound method ${s}.${m}`);
      return fn(...a);
    },
    [service, method, args] as [string, string, unknown[]],
  ) as Promise<T>;
}

async function newIncident(page: Page, title: string) {
  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
}

async function pasteLog(page: Page, name: string, text: string) {
  await page.getByRole("button", { name: "Paste log" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Log name").fill(name);
  await dialog.getByLabel("Log text").fill(text);
  await dialog.getByRole("button", { name: "Add log" }).click();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
}

function logIdOf(page: Page): string {
  const m = /\/logs\/([^/?#]+)/.exec(page.url());
  if (!m?.[1]) throw new Error(`no log id in ${page.url()}`);
  return m[1];
}

test("review a log: keep one value, redact the rest, apply; the stored redacted text is checked", async ({ page, server }) => {
  const file = join(server.root, "app.log");
  writeFileSync(file, LOG);
  await newIncident(page, "Checkout outage with leaked secrets");
  server.pick([file]);
  await page.getByRole("button", { name: "Add log files…" }).click();
  await expect(page.getByRole("status")).toContainText("Added 1 log");
  await expect(page.getByText(/\d+ to redact/)).toBeVisible();
  await page.getByRole("link", { name: "Review app.log" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("app.log");
  const logId = logIdOf(page);

  // Counts by type, with their labels from Meta.
  const byType = page.getByRole("list", { name: "Findings by type" });
  for (const label of ["Email address", "IPv4 address", "Password", "AWS access key ID", "JSON Web Token", "Credit card number"]) {
    await expect(byType.getByRole("button", { name: new RegExp(`^${label}`) })).toBeVisible();
  }
  // A multi-line finding (a PEM block) is highlighted on each of its lines.
  for (const n of [8, 9, 10]) await expect(page.getByTestId(`log-line-${n}`).locator("mark[data-type=private_key]")).toHaveCount(1);
  await expect(page.getByTestId("log-line-9").locator("mark[data-type=private_key]")).toHaveText(PEM_BODY);
  // Highlights in the viewer, at the right place on a line with CJK and emoji before the value.
  await expect(page.getByTestId("log-line-2").locator("mark[data-type=ipv4]")).toHaveText(IP);
  await expect(page.getByTestId("log-line-1").locator("mark[data-type=email]")).toHaveText(EMAIL);

  // Redact everything, then keep the IPv4 value (both occurrences).
  await page.getByRole("button", { name: "Redact all", exact: true }).click();
  const ipGroup = page.getByRole("group", { name: `IPv4 address ${IP}`, exact: true });
  await ipGroup.getByRole("button", { name: "Keep" }).click();
  await expect(ipGroup.getByRole("button", { name: "Keep" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("log-line-2").locator("mark[data-type=ipv4]")).toHaveAttribute("data-decision", "keep");
  await expect(page.getByTestId("log-line-1").locator("mark[data-type=email]")).toHaveAttribute("data-decision", "redact");

  // A single finding: open the list, go to it, and check its decision there.
  await page.getByRole("tab", { name: "Each finding" }).click();
  const each = page.getByRole("list", { name: "Each finding" });
  await page.getByLabel("Decision").selectOption("keep");
  await expect(each.getByRole("listitem")).toHaveCount(2);
  await expect(each).toContainText(IP);
  await page.getByLabel("Decision").selectOption("");
  await page.getByRole("button", { name: "Show Password on line 3 in the log" }).click();
  await expect(page.getByTestId("log-line-3").locator("mark[data-type=password]")).toBeInViewport();
  await expect(page.getByRole("group", { name: `Password ${PASSWORD} on line 3`, exact: true }).getByRole("button", { name: "Redact" })).toHaveAttribute("aria-pressed", "true");

  // Preview with the current decisions.
  await page.getByRole("radio", { name: "After redaction" }).check();
  await expect(page.getByTestId("log-line-1")).toContainText(IP);
  await expect(page.getByTestId("log-line-1")).not.toContainText(EMAIL);
  await expect(page.getByTestId("log-line-1")).toContainText(/\[EMAIL-\d+\]/i);
  // A placeholder reveals its original, locally.
  await page.getByTestId("log-line-1").getByRole("button", { name: /\[EMAIL-\d+\]/i }).click();
  await expect(page.getByTestId("log-line-1").locator("[data-revealed]")).toHaveText(EMAIL);

  // Apply, with its job.
  await expect(page.getByText("Not applied yet")).toBeVisible();
  await page.getByRole("button", { name: "Apply redaction" }).click();
  await expect(page.getByText(/Redaction applied · sha256/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Apply redaction" })).toBeDisabled();

  // From the backend: the applied text contains none of the redacted values and the kept one.
  const summary = await backend<{ applied: boolean; pending: boolean; appliedSha256: string }>(page, "ReviewService", "Summary", logId);
  expect(summary).toMatchObject({ applied: true, pending: false });
  const lines = await backend<Line[]>(page, "ReviewService", "Redacted", logId, 1, 1000);
  const text = lines.map((l) => l.text).join("\n");
  for (const secret of [EMAIL, PASSWORD, AWS_KEY, JWT, CARD, "4111", PEM_BODY, "BEGIN RSA PRIVATE KEY"]) {
    expect(text, `redacted value ${secret} in the applied text`).not.toContain(secret);
  }
  expect(text.split(IP).length - 1, "the kept IPv4 address, both occurrences").toBe(2);
  expect(text).toContain("shutdown complete");
  expect([text, text + "\n"].map((t) => createHash("sha256").update(t).digest("hex"))).toContain(summary.appliedSha256);
  await expect(page.getByText(/Redaction applied · sha256/)).toContainText(summary.appliedSha256.slice(0, 12));

  // Placeholders are consistent: each redacted value appears as the placeholder the backend
  // reports for it, and distinct values get distinct placeholders.
  const page1 = await backend<{ total: number; items: Finding[] }>(page, "ReviewService", "Findings", logId, {
    type: "",
    value: "",
    decision: "",
    offset: 0,
    limit: 1000,
  });
  const redacted = page1.items.filter((f) => f.decision === "redact");
  expect(redacted.map((f) => f.type).sort()).toEqual(expect.arrayContaining(["aws_access_key", "credit_card", "email", "password", "private_key"]));
  const placeholders = new Map<string, string>();
  for (const f of redacted) {
    expect(text).toContain(f.placeholder);
    placeholders.set(f.value, f.placeholder);
  }
  expect(new Set(placeholders.values()).size).toBe(placeholders.size);
  expect(page1.items.filter((f) => f.decision === "keep").map((f) => f.value)).toEqual([IP, IP]);

  // The applied version can be shown; a changed decision is pending until applied again.
  await page.getByRole("radio", { name: "Applied" }).check();
  await expect(page.getByTestId("log-line-4")).not.toContainText(AWS_KEY);
  await page.getByRole("tab", { name: "By value" }).click();
  await page.getByRole("group", { name: `IPv4 address ${IP}`, exact: true }).getByRole("button", { name: "Redact" }).click();
  await expect(page.getByText("Changes not applied yet")).toBeVisible();
  await page.getByRole("link", { name: /Back to/ }).click();
  await expect(page.getByTestId(`review-state-${logId}`)).toContainText("Changes pending");
});

test("a finding type switched off in Settings is not found by a rescan", async ({ page }) => {
  await newIncident(page, "Mail relay errors");
  await pasteLog(page, "relay.log", `relay: bounce for bob@example.org from 198.51.100.7\nrelay: retry 198.51.100.7\n`);
  await page.getByRole("link", { name: "Review relay.log" }).click();
  const logId = logIdOf(page);
  const byType = page.getByRole("list", { name: "Findings by type" });
  await expect(byType.getByRole("button", { name: /^Email address/ })).toBeVisible();

  await page.getByRole("link", { name: "Settings" }).click();
  const sw = page.getByRole("switch", { name: "Email address" });
  await expect(sw).toBeChecked();
  await sw.uncheck();
  await page.getByRole("button", { name: "Save privacy settings" }).click();
  await expect(page.getByRole("status")).toContainText("Privacy settings saved");
  const settings = await backend<{ disabledPiiTypes: string[] }>(page, "SettingsService", "Get");
  expect(settings.disabledPiiTypes).toEqual(["email"]);

  await page.goBack();
  await expect(page.getByText("Privacy settings changed since the scan")).toBeVisible();
  await page.getByRole("button", { name: "Rescan" }).click();
  await expect(page.getByRole("status")).toContainText("Scan finished");
  await expect(byType.getByRole("button", { name: /^IPv4 address/ })).toBeVisible();
  await expect(byType.getByRole("button", { name: /^Email address/ })).toHaveCount(0);
  const emails = await backend<{ total: number }>(page, "ReviewService", "Findings", logId, { type: "email", value: "", decision: "", offset: 0, limit: 10 });
  expect(emails.total).toBe(0);
  await expect(page.getByText("Privacy settings changed since the scan")).toHaveCount(0);
});

test("files dropped on the logs section are added", async ({ page, server }) => {
  const file = join(server.root, "dropped.log");
  writeFileSync(file, `kernel: eth0 link up\nsshd[1]: Accepted password for carol from 192.0.2.10\n`);
  await newIncident(page, "Bastion access");
  const zone = page.getByTestId("logs-drop-zone");
  expect(await zone.evaluate((el) => getComputedStyle(el).getPropertyValue("--wails-drop-target").trim())).toBe("drop");
  // While files are dragged over it, Wails marks the zone active: it shows where to drop.
  await expect(page.getByText("Drop the files to add them to this incident")).toBeHidden();
  await zone.evaluate((el) => el.classList.add("wails-drop-target-active"));
  await expect(page.getByText("Drop the files to add them to this incident")).toBeVisible();
  await zone.evaluate((el) => el.classList.remove("wails-drop-target-active"));
  await page.evaluate((p) => window.__tftsrDropFiles(p), [file]);
  await expect(page.getByRole("status")).toContainText("Added 1 log");
  await expect(page.getByRole("link", { name: "dropped.log", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "dropped.log", exact: true }).click();
  await expect(page.getByTestId("log-line-2")).toContainText("Accepted password for carol");
});

test("redact text for sharing: every finding decided before approval, the copied text is redacted", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await newIncident(page, "Share with vendor");
  const before = await backend<{ audit: { ok: boolean; entries: number } }>(page, "SystemService", "Security");

  await page.getByRole("button", { name: "Redact text for sharing" }).click();
  const dialog = page.getByRole("dialog", { name: "Redact text for sharing" });
  await dialog.getByLabel("Text to share").fill(`User ${EMAIL} at ${IP} failed with password=${PASSWORD}`);
  await dialog.getByRole("button", { name: "Check" }).click();
  const findings = dialog.getByRole("list", { name: "Findings in the text" });
  await expect(findings.getByRole("listitem")).toHaveCount(3);
  await expect(findings).toContainText(/\[EMAIL-\d+\]/i);
  const approveBtn = dialog.getByRole("button", { name: "Approve and copy" });
  await expect(approveBtn).toBeDisabled();

  // Nothing is pre-decided: deciding two of three still leaves approval disabled.
  await dialog.getByRole("group", { name: `Email address ${EMAIL}`, exact: true }).getByRole("button", { name: "Redact" }).click();
  await dialog.getByRole("group", { name: `IPv4 address ${IP}`, exact: true }).getByRole("button", { name: "Keep" }).click();
  await expect(approveBtn).toBeDisabled();
  await dialog.getByRole("group", { name: `Password ${PASSWORD}`, exact: true }).getByRole("button", { name: "Redact" }).click();
  await expect(dialog.getByLabel("After redaction")).not.toContainText(EMAIL);
  await expect(approveBtn).toBeEnabled();
  await approveBtn.click();

  await expect(dialog.getByRole("status")).toContainText(/Copied · sha256/);
  const shown = (await dialog.getByLabel("Approved text").textContent()) ?? "";
  expect(shown).not.toContain(EMAIL);
  expect(shown).not.toContain(PASSWORD);
  expect(shown).toContain(IP);
  expect(shown).toMatch(/^User \[EMAIL-\d+\] at 203\.0\.113\.45 failed with password=\[PASSWORD-\d+\]$/i);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
  const after = await backend<{ audit: { ok: boolean; entries: number } }>(page, "SystemService", "Security");
  expect(after.audit.ok).toBe(true);
  expect(after.audit.entries).toBeGreaterThan(before.audit.entries);

  // Text without findings is approved directly.
  await dialog.getByRole("button", { name: "Redact other text" }).click();
  await dialog.getByLabel("Text to share").fill("The deploy at noon rolled back cleanly.");
  await dialog.getByRole("button", { name: "Check" }).click();
  await expect(dialog.getByText("No secrets or personal data found")).toBeVisible();
  await dialog.getByRole("button", { name: "Approve and copy" }).click();
  await expect(dialog.getByLabel("Approved text")).toHaveText("The deploy at noon rolled back cleanly.");
});

test("allow a value everywhere from the review; it is kept, listed in Settings, and can be removed", async ({ page }) => {
  await newIncident(page, "Noisy monitoring host");
  await pasteLog(page, "mon.log", `check ok from monitor@example.net\ncheck failed for ops@example.net\n`);
  await page.getByRole("link", { name: "Review mon.log" }).click();
  const logId = logIdOf(page);
  const values = page.getByRole("list", { name: "Values" });
  const row = values.getByRole("listitem").filter({ hasText: "monitor@example.net" });
  await row.getByText("Allowlist").click();
  await row.getByRole("button", { name: "Allow everywhere" }).click();
  await expect(row.getByText("allowlisted")).toBeVisible();
  await expect(page.getByRole("group", { name: "Email address monitor@example.net", exact: true }).getByRole("button", { name: "Keep" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const kept = await backend<{ items: Finding[] }>(page, "ReviewService", "Findings", logId, { type: "", value: "monitor@example.net", decision: "", offset: 0, limit: 10 });
  expect(kept.items.map((f) => f.decision)).toEqual(["keep"]);
  expect((await backend<{ issueId: string; value: string }[]>(page, "ReviewService", "Allowlist", "")).map((e) => [e.issueId, e.value])).toEqual([
    ["", "monitor@example.net"],
  ]);

  await page.getByRole("link", { name: "Settings" }).click();
  const list = page.getByRole("list", { name: "Allowed everywhere" });
  await expect(list).toContainText("monitor@example.net");
  await list.getByRole("button", { name: "Remove monitor@example.net from the allowlist" }).click();
  await expect(page.getByText("No values are allowed everywhere.")).toBeVisible();
  expect(await backend<unknown[]>(page, "ReviewService", "Allowlist", "")).toEqual([]);
});
