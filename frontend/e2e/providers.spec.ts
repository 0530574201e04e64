import type { Page } from "@playwright/test";
import { FAKE_AI_KEY, aiTest as test, expect } from "./fixtures";

// Settings → AI providers, end to end: the built UI over the real ProviderService (validation,
// sealed keys in the encrypted database, connection test, model list) and the fake
// OpenAI-compatible provider of the e2e server.

const WRONG_KEY = "sk-wrong-key-000000";

async function openSettings(page: Page) {
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "AI providers" })).toBeVisible();
}

async function addProvider(page: Page, p: { name: string; baseUrl: string; key?: string }) {
  await page.getByRole("button", { name: "Add AI provider" }).click();
  const form = page.getByRole("form", { name: "New AI provider" });
  await form.getByLabel("Name").fill(p.name);
  await form.getByLabel("Kind").selectOption({ label: "OpenAI or compatible" });
  await form.getByLabel("Base URL").fill(p.baseUrl);
  if (p.key !== undefined) await form.getByLabel("API key").fill(p.key);
  await form.getByRole("button", { name: "Add provider" }).click();
  const edit = page.getByRole("form", { name: `Edit provider ${p.name}` });
  await expect(edit).toBeVisible();
  return edit;
}

/** Asserts that text appears nowhere on the page: not in its markup, not in any field's value. */
async function expectNowhere(page: Page, text: string) {
  expect(await page.content()).not.toContain(text);
  const values = await page.locator("input, textarea, select").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(values.join("\n")).not.toContain(text);
}

/** The providers as the backend lists them, through the page's bridge. */
function listProviders(page: Page): Promise<unknown[]> {
  return page.evaluate(() =>
    (window as unknown as { go: { app: { ProviderService: { List: () => Promise<unknown[]> } } } }).go.app.ProviderService.List(),
  );
}

test("an OpenAI-compatible provider is added, tested and its models loaded; its key is never shown", async ({ page, server }) => {
  await openSettings(page);
  await expect(page.getByText(/TFTSR works without any AI provider/)).toBeVisible();
  await expect(page.getByText("No AI provider is configured.")).toBeVisible();

  const form = await addProvider(page, { name: "Local fake", baseUrl: server.aiURL, key: FAKE_AI_KEY });
  await expect(page.getByRole("status").filter({ hasText: "Added Local fake" })).toBeVisible();
  await expect(form.getByTestId("provider-key-state")).toHaveText("Key set (…cdef)");
  const row = page.getByRole("listitem", { name: "Local fake" });
  await expect(row).toContainText("Default");
  await expect(row).toContainText("Key set (…cdef)");
  // The key is in no field, no text, and not in what the backend lists.
  await expectNowhere(page, FAKE_AI_KEY);
  expect(JSON.stringify(await listProviders(page))).not.toContain(FAKE_AI_KEY);

  await form.getByRole("button", { name: "Test connection" }).click();
  const result = form.getByTestId("provider-test-result");
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("Connected: 2 models available");
  await expect(result).toContainText(/2 models · \d+(\.\d)? m?s/);

  await form.getByRole("button", { name: "Load models" }).click();
  const models = form.getByRole("combobox", { name: "Loaded models" });
  await expect(models.getByRole("option")).toHaveText(["Choose one of 2 models…", "test-model", "test-model-large"]);
  await models.selectOption("test-model-large");
  await expect(form.getByLabel("Model", { exact: true })).toHaveValue("test-model-large");
  await form.getByLabel("Temperature").fill("0.4");
  await form.getByRole("button", { name: "Save provider" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved Local fake" })).toBeVisible();
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(result).toContainText('"test-model-large" among them');

  // Stored in the database: a fresh page load shows it, still without the key.
  await page.reload();
  await openSettings(page);
  await expect(row).toContainText("test-model-large");
  await row.getByRole("button", { name: "Edit Local fake" }).click();
  await expect(form.getByLabel("Temperature")).toHaveValue("0.4");
  await expect(form.getByTestId("provider-key-state")).toHaveText("Key set (…cdef)");
  await expectNowhere(page, FAKE_AI_KEY);
});

test("a replaced wrong key is refused by the provider; invalid settings and duplicate names are refused beside the form", async ({
  page,
  server,
}) => {
  await openSettings(page);
  const form = await addProvider(page, { name: "Local fake", baseUrl: server.aiURL, key: FAKE_AI_KEY });

  await form.getByRole("button", { name: "Replace key" }).click();
  const keyInput = form.getByLabel("New API key");
  await expect(keyInput).toHaveValue("");
  await expect(keyInput).toHaveAttribute("type", "password");
  await keyInput.fill(WRONG_KEY);
  await form.getByRole("button", { name: "Save provider" }).click();
  await expect(form.getByTestId("provider-key-state")).toHaveText("Key set (…0000)");
  await expectNowhere(page, WRONG_KEY);

  await form.getByRole("button", { name: "Test connection" }).click();
  const result = form.getByTestId("provider-test-result");
  await expect(result).toHaveAttribute("data-ok", "false");
  await expect(result).toContainText("Test failed");
  await expect(result).toContainText(/API key was refused/);

  // A base URL with credentials in it: refused by the backend, shown next to the form.
  await form.getByLabel("Base URL").fill(server.aiURL.replace("http://", "http://user:pass@"));
  await form.getByRole("button", { name: "Save provider" }).click();
  await expect(form.getByRole("alert")).toContainText("must not contain a user name or password");
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("listitem", { name: "Local fake" })).not.toContainText("user:pass");

  // The same name twice: shown at the name field.
  await page.getByRole("button", { name: "Add AI provider" }).click();
  const second = page.getByRole("form", { name: "New AI provider" });
  await second.getByLabel("Name").fill("Local fake");
  await second.getByRole("button", { name: "Add provider" }).click();
  await expect(second.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(second.getByText(/already exists/)).toBeVisible();

  // Clearing the key: the provider then has none, and the fake refuses it.
  await second.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Edit Local fake" }).click();
  await form.getByRole("button", { name: "Clear key" }).click();
  await form.getByRole("button", { name: "Save provider" }).click();
  await expect(page.getByRole("listitem", { name: "Local fake" })).toContainText("No key");
  await expect(form.getByLabel("API key")).toHaveValue("");
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(result).toHaveAttribute("data-ok", "false");
});

test("set as default and delete with confirmation", async ({ page, server }) => {
  await openSettings(page);
  await addProvider(page, { name: "First", baseUrl: server.aiURL, key: FAKE_AI_KEY });
  await page.getByRole("button", { name: "Close" }).click();
  await addProvider(page, { name: "Second", baseUrl: server.aiURL });
  await page.getByRole("button", { name: "Close" }).click();

  const first = page.getByRole("listitem", { name: "First" });
  const second = page.getByRole("listitem", { name: "Second" });
  await expect(first).toContainText("Default");
  await expect(second).not.toContainText("Default");
  await expect(second).toContainText("No key");

  await second.getByRole("button", { name: "Set as default: Second" }).click();
  await expect(second).toContainText("Default");
  await expect(first).not.toContainText("Default");
  // The default is listed first.
  await expect(page.getByRole("list", { name: "AI providers" }).getByRole("listitem").first()).toHaveAccessibleName("Second");

  // Cancel keeps it.
  await second.getByRole("button", { name: "Delete Second" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Second?" });
  await expect(dialog).toContainText("the oldest remaining provider becomes the default");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(second).toBeVisible();

  await second.getByRole("button", { name: "Delete Second" }).click();
  await dialog.getByRole("button", { name: "Delete provider" }).click();
  await expect(second).toHaveCount(0);
  await expect(first).toContainText("Default");

  await first.getByRole("button", { name: "Delete First" }).click();
  await page.getByRole("dialog", { name: "Delete First?" }).getByRole("button", { name: "Delete provider" }).click();
  await expect(page.getByText("No AI provider is configured.")).toBeVisible();
  expect(await listProviders(page)).toEqual([]);
});
