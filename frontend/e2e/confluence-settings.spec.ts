import { mkdirSync } from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { FAKE_CONFLUENCE, confluenceFail, confluencePages, confluenceRequests, docsTest as test, expect } from "./fixtures";

// Settings → Confluence against the real ConfluenceService and the fake Confluence Cloud site of
// the e2e server: Save tests the connection and stores only what passed; the token is write-only.
const SHOTS = process.env.TFTSR_SHOTS ?? "/tmp/issue5/shots";
const WRONG_TOKEN = "wrong-confluence-token-9876";

type Stored = { configured: boolean; baseUrl: string; deployment: string; email: string; spaceKey: string; parentId: string; tokenSet: boolean; tokenHint: string };

function storedSettings(page: Page): Promise<Stored> {
  return page.evaluate(() =>
    (window as unknown as { go: { app: { ConfluenceService: { Get: () => Promise<Stored> } } } }).go.app.ConfluenceService.Get(),
  );
}

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole("link", { name: "Settings" }).click();
  const section = page.getByRole("region", { name: "Confluence" });
  await expect(section.getByRole("form", { name: "Confluence settings" })).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  return section.getByRole("form", { name: "Confluence settings" });
}

/** The id of the fake's existing "Incident reports" page (ids are assigned by the fake). */
async function parentPageId(server: { url: string }): Promise<string> {
  const page = (await confluencePages(server)).find((p) => p.title === FAKE_CONFLUENCE.parentTitle);
  if (!page) throw new Error(`the fake Confluence has no page "${FAKE_CONFLUENCE.parentTitle}"`);
  return page.id;
}

/** Asserts that text appears nowhere on the page: not in its markup, not in any field's value. */
async function expectNowhere(page: Page, text: string) {
  expect(await page.content()).not.toContain(text);
  const values = await page.locator("input, textarea, select").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(values.join("\n")).not.toContain(text);
}

test("Confluence settings: a wrong token is refused and nothing stored; the right one connects; the token is never shown", async ({
  page,
  server,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 1000 });
  const parentId = await parentPageId(server);
  const form = await openSettings(page);
  await expect(form.getByTestId("confluence-state")).toContainText("Not configured");
  await expect(form.getByRole("radio", { name: /Cloud/ })).toBeChecked();
  await expect(form.getByText("Atlassian account email and an API token from id.atlassian.com")).toBeVisible();
  await expect(form.getByRole("button", { name: "Test connection" })).toHaveCount(0);

  // Browser-side checks first: nothing is sent.
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByLabel("Base URL")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Space key")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("API token")).toHaveAttribute("aria-invalid", "true");
  expect(await confluenceRequests(server)).toEqual([]);

  // A wrong token: Confluence refuses it, the error is at the token, nothing is stored.
  await form.getByLabel("Base URL").fill(server.confluenceURL);
  await form.getByLabel("Email").fill(FAKE_CONFLUENCE.email);
  await form.getByLabel("API token").fill(WRONG_TOKEN);
  await form.getByLabel("Space key").fill("OPS");
  await form.getByLabel("Parent page id (optional)").fill(parentId);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByTestId("confluence-token-error")).toContainText(/wrong email or API token/i);
  await expect(form.getByLabel("API token")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByTestId("confluence-save-error")).toContainText("Nothing was stored");
  expect((await storedSettings(page)).configured).toBe(false);
  const tried = await confluenceRequests(server);
  expect(tried.length).toBeGreaterThan(0);
  expect(tried.every((r) => r.auth === "basic")).toBe(true);
  await form.screenshot({ path: `${SHOTS}/confluence-wrong-token.png` });

  // The right token: the connection check passes and names the user, space and parent.
  await form.getByLabel("API token").fill(FAKE_CONFLUENCE.token);
  await form.getByRole("button", { name: "Save" }).click();
  const result = form.getByTestId("confluence-result");
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText(/^✓Connected as .+ · space Operations \(OPS\) · under “Incident reports”$/);
  await expect(form.getByTestId("confluence-state")).toContainText("Configured");
  await expect(form.getByTestId("confluence-token-state")).toHaveText("Token set (…1234)");
  await expect(form.getByTestId("confluence-save-error")).toHaveCount(0);
  await expectNowhere(page, FAKE_CONFLUENCE.token);
  const stored = await storedSettings(page);
  expect(stored).toMatchObject({ configured: true, deployment: "cloud", email: FAKE_CONFLUENCE.email, spaceKey: "OPS", parentId, tokenSet: true, tokenHint: "1234" });
  expect(JSON.stringify(stored)).not.toContain(FAKE_CONFLUENCE.token);
  await form.screenshot({ path: `${SHOTS}/confluence-connected.png` });

  // A fresh page load: the settings are there, the token only as its hint.
  await page.reload();
  const again = await openSettings(page);
  await expect(again.getByTestId("confluence-token-state")).toHaveText("Token set (…1234)");
  await expect(again.getByLabel("Base URL")).toHaveValue(stored.baseUrl);
  await expect(again.getByLabel("Email")).toHaveValue(FAKE_CONFLUENCE.email);
  await expect(again.getByLabel("Space key")).toHaveValue("OPS");
  await expect(again.getByLabel("Parent page id (optional)")).toHaveValue(parentId);
  await expect(again.locator('input[type="password"]')).toHaveCount(0);
  await expectNowhere(page, FAKE_CONFLUENCE.token);

  // Test connection checks the stored settings.
  await again.getByRole("button", { name: "Test connection" }).click();
  await expect(again.getByTestId("confluence-result")).toContainText("space Operations (OPS)");

  // An unknown space: refused at the space key; the stored settings are unchanged.
  await again.getByLabel("Space key").fill("NOPE");
  await again.getByRole("button", { name: "Save" }).click();
  await expect(again.getByTestId("confluence-space-error")).toContainText(/not found/i);
  await expect(again.getByLabel("Space key")).toHaveAttribute("aria-invalid", "true");
  expect((await storedSettings(page)).spaceKey).toBe("OPS");

  // Another space with the kept token: saved (the token is not sent again by the UI).
  await again.getByLabel("Space key").fill("ENG");
  await again.getByLabel("Parent page id (optional)").fill("");
  await again.getByRole("button", { name: "Save" }).click();
  await expect(again.getByTestId("confluence-result")).toContainText("space Engineering (ENG)");
  expect(await storedSettings(page)).toMatchObject({ spaceKey: "ENG", parentId: "", tokenHint: "1234" });

  // Replace the token, then change your mind: the stored one is kept.
  await again.getByRole("button", { name: "Replace token" }).click();
  await expect(again.getByLabel("New API token")).toHaveValue("");
  await expect(again.getByLabel("New API token")).toHaveAttribute("type", "password");
  await again.getByRole("button", { name: "Keep the stored token" }).click();
  await expect(again.getByTestId("confluence-token-state")).toHaveText("Token set (…1234)");

  // For looking at: the configured form in the dark theme.
  await page.evaluate(async () => {
    const s = (window as unknown as { go: { app: { SettingsService: { Get: () => Promise<object>; Update: (s: object) => Promise<unknown> } } } }).go.app
      .SettingsService;
    await s.Update({ ...(await s.Get()), theme: "dark" });
  });
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  const dark = await openSettings(page);
  await dark.getByRole("button", { name: "Test connection" }).click();
  await expect(dark.getByTestId("confluence-result")).toContainText("space Engineering (ENG)");
  await dark.screenshot({ path: `${SHOTS}/confluence-dark.png` });
});

test("Confluence settings: Data Center asks for a personal access token; a server error is shown; Remove forgets everything", async ({
  page,
  server,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 1000 });
  const form = await openSettings(page);
  await form.getByLabel("Base URL").fill(server.confluenceURL);
  await form.getByLabel("Email").fill(FAKE_CONFLUENCE.email);
  await form.getByLabel("API token").fill(FAKE_CONFLUENCE.token);
  await form.getByLabel("Space key").fill("OPS");

  // Confluence failing: the message is shown above the buttons, nothing is stored.
  await confluenceFail(server, { op: "user", status: 500 });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByTestId("confluence-save-error")).toContainText("HTTP 500");
  expect((await storedSettings(page)).configured).toBe(false);

  // Confluence asks to wait (429, Retry-After: 1): the check shows it is working, then passes.
  await confluenceFail(server, { op: "user", status: 429, retryAfter: "1" });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByTestId("confluence-checking")).toHaveText("Checking the connection…");
  await expect(form.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect(form.getByTestId("confluence-result")).toContainText("space Operations (OPS)");
  await expect(form.getByTestId("confluence-checking")).toHaveCount(0);

  // Data Center: no email; a personal access token is needed (the stored Cloud token is not one).
  await form.getByRole("radio", { name: /Data Center/ }).check();
  await expect(form.getByLabel("Email")).toHaveCount(0);
  const pat = form.getByLabel("Personal access token");
  await expect(pat).toBeVisible();
  await expect(pat).toHaveValue("");
  await expect(pat).toHaveAttribute("type", "password");
  await expect(form.getByText(/The stored token is for Cloud/)).toBeVisible();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(pat).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByTestId("confluence-token-error")).toContainText("personal access token");
  await form.screenshot({ path: `${SHOTS}/confluence-datacenter.png` });

  // Back to Cloud: the stored token can be kept again.
  await form.getByRole("radio", { name: /Cloud/ }).check();
  await expect(form.getByTestId("confluence-token-state")).toHaveText("Token set (…1234)");

  // Remove asks first, then forgets the settings and the token.
  await form.getByRole("button", { name: "Remove" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the Confluence settings?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect((await storedSettings(page)).configured).toBe(true);
  await form.getByRole("button", { name: "Remove" }).click();
  await dialog.getByRole("button", { name: "Remove" }).click();
  await expect(dialog).toBeHidden();
  await expect(form.getByTestId("confluence-state")).toContainText("Not configured");
  await expect(form.getByLabel("Base URL")).toHaveValue("");
  await expect(form.getByLabel("API token")).toHaveValue("");
  expect(await storedSettings(page)).toMatchObject({ configured: false, tokenSet: false });
  await page.reload();
  const after = await openSettings(page);
  await expect(after.getByTestId("confluence-state")).toContainText("Not configured");
});
