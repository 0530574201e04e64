import type { Page } from "@playwright/test";
import { aiEnqueue, aiRelease, aiRequests, docsTest as test, expect } from "./fixtures";
import { addFakeProvider, backend, newIncident } from "./helpers";

// "Draft with AI" on the document page, end to end: the prompt (the saved document and the
// instruction) goes through the egress review, only what the user decided reaches the fake AI
// provider, and its answer enters the document only when inserted.

type StoredDoc = { id: string; version: number; contentMd: string };
const storedDoc = (page: Page, docId: string) => backend<StoredDoc>(page, "DocumentService", "Get", docId);

const editor = (page: Page) => page.getByRole("textbox", { name: "Document text (Markdown)" });
const preview = (page: Page) => page.getByTestId("document-preview");
const draftDialog = (page: Page) => page.getByRole("dialog", { name: "Draft a section with AI" });

/** Generates an RCA from the incident page; returns its id (the editor is open). */
async function generateRCA(page: Page): Promise<string> {
  await page.getByTestId("documents-section").getByRole("button", { name: "New document…" }).click();
  const dialog = page.getByRole("dialog", { name: "New document" });
  await dialog.getByRole("radio", { name: /^Root cause analysis/ }).check();
  await dialog.getByRole("button", { name: "Generate" }).click();
  await expect(page).toHaveURL(/#\/incidents\/[^/]+\/documents\/[^/]+$/);
  await expect(editor(page)).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("Saved · version 1");
  const m = /\/documents\/([^/?#]+)$/.exec(page.url());
  if (!m?.[1]) throw new Error(`no document id in ${page.url()}`);
  return decodeURIComponent(m[1]);
}

/** Types a new paragraph at the top of a section's body, through the editor's "Jump to section". */
async function typeInSection(page: Page, heading: string, text: string) {
  const jump = page.getByLabel("Jump to section");
  const value = await jump.locator("option", { hasText: heading }).first().getAttribute("value");
  if (!value) throw new Error(`no section ${heading} in the outline`);
  await jump.selectOption(value);
  await page.keyboard.press("End");
  await page.keyboard.insertText(`\n\n${text}`);
}

/** Opens the dialog and asks for a draft of section; the review (if any) or the draft follows. */
async function requestDraft(page: Page, section: string, instruction: string) {
  await page.getByRole("button", { name: "Draft with AI" }).click();
  const dialog = draftDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Section").selectOption(section);
  await dialog.getByLabel("Instruction (optional)").fill(instruction);
  await dialog.getByRole("button", { name: "Review and send" }).click();
}

const EMAIL = "alice.oncall@example.com";
const LESSONS = [
  "- Every in-process cache needs a **size limit** and an eviction policy.",
  "- Alert on container memory above 80% of the limit, before the OOM killer acts.",
].join("\n");

test("a drafted section is reviewed before sending, shown for acceptance, and inserted as a new version", async ({ page, server }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await addFakeProvider(page, server.aiURL);
  await newIncident(page, "Checkout returns 502");
  const docId = await generateRCA(page);

  // Typed but not necessarily saved yet: drafting saves it first, so the prompt holds it.
  await typeInSection(page, "Summary", `Reported by ${EMAIL} at 09:20.`);
  await requestDraft(page, "Lessons learned", "Two bullet points.");

  const dialog = draftDialog(page);
  await expect(dialog.getByRole("list", { name: "Findings in the prompt" })).toContainText(EMAIL);
  const send = dialog.getByRole("button", { name: "Send", exact: true });
  await expect(send).toBeDisabled(); // nothing is decided for the user
  expect(await aiRequests(server)).toHaveLength(0);
  await dialog.getByRole("group", { name: `Email address ${EMAIL}` }).getByRole("button", { name: "Redact" }).click();
  await expect(dialog.getByLabel("Prompt as it will be sent")).toContainText("Reported by [EMAIL-1] at 09:20.");
  await expect(dialog.getByLabel("Prompt as it will be sent")).toContainText("Two bullet points.");

  await aiEnqueue(server, [{ chunks: ["## Lessons learned\n\n", LESSONS] }]);
  await expect(send).toBeEnabled();
  await send.click();

  // The proposal: rendered (sanitized Markdown) and raw; the document is not changed yet.
  const proposed = dialog.getByRole("region", { name: "Proposed text" });
  await expect(proposed.locator("strong", { hasText: "size limit" })).toBeVisible();
  await expect(dialog.getByRole("region", { name: "Proposed Markdown" })).toContainText("- Every in-process cache needs a **size limit**");
  const before = await storedDoc(page, docId);
  expect(before.contentMd).toContain(`Reported by ${EMAIL} at 09:20.`);
  expect(before.contentMd).not.toContain("size limit");

  // Only the placeholder reached the provider.
  const reqs = await aiRequests(server);
  expect(reqs).toHaveLength(1);
  const sent = JSON.stringify(reqs[0]);
  expect(sent).not.toContain(EMAIL);
  expect(sent).toContain("Reported by [EMAIL-1] at 09:20.");
  expect(sent).toContain("Two bullet points.");

  await dialog.getByRole("button", { name: "Insert into Lessons learned" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/Draft inserted into “Lessons learned”/)).toBeVisible();
  await expect(editor(page)).toContainText("Alert on container memory above 80% of the limit");
  await expect(preview(page).locator("strong", { hasText: "size limit" })).toBeVisible();

  const after = await storedDoc(page, docId);
  expect(after.version).toBeGreaterThan(before.version);
  expect(after.contentMd).toContain(`## Lessons learned\n\n${LESSONS}\n`);
  expect(after.contentMd).not.toContain("Not written yet");
  // The rest of the document is as it was (the heading the model repeated is not doubled).
  expect(after.contentMd.split("## Lessons learned")).toHaveLength(2);
  expect(after.contentMd).toContain(`Reported by ${EMAIL} at 09:20.`);
  await expect(page.getByTestId("save-status")).toHaveText(`Saved · version ${after.version}`);
});

test("Discard leaves the document unchanged, and Stop cancels a running draft so it can be retried", async ({ page, server }) => {
  await addFakeProvider(page, server.aiURL);
  await newIncident(page, "VPN flaps");
  const docId = await generateRCA(page);
  const start = await storedDoc(page, docId);
  const dialog = draftDialog(page);

  // Discard: no findings in this document, so the draft is sent straight away.
  await aiEnqueue(server, [{ chunks: ["Nothing learned yet."] }]);
  await requestDraft(page, "Lessons learned", "");
  await expect(dialog.getByRole("region", { name: "Proposed text" })).toContainText("Nothing learned yet.");
  await dialog.getByRole("button", { name: "Discard" }).click();
  await expect(dialog).toBeHidden();
  const discarded = await storedDoc(page, docId);
  expect(discarded).toMatchObject({ version: start.version, contentMd: start.contentMd });
  await expect(editor(page)).not.toContainText("Nothing learned yet.");

  // Stop: the provider holds its answer after the first chunk.
  await aiEnqueue(server, [{ chunks: ["Half an ans", "wer."], hold: true }]);
  await requestDraft(page, "Root cause", "Keep it short.");
  await expect(dialog.getByText("Drafting “Root cause”…")).toBeVisible();
  await expect.poll(async () => (await aiRequests(server)).length).toBe(2);
  await dialog.getByRole("button", { name: "Stop" }).click();
  await expect(dialog.getByText(/The draft was stopped/)).toBeVisible();
  await aiRelease(server);
  // The dialog kept what was asked, for a retry.
  await expect(dialog.getByLabel("Section")).toHaveValue("Root cause");
  await expect(dialog.getByLabel("Instruction (optional)")).toHaveValue("Keep it short.");
  expect((await storedDoc(page, docId)).contentMd).toBe(start.contentMd);

  // The retry is reviewed again (review ids are single use) and completes.
  await aiEnqueue(server, [{ chunks: ["The cache had no size limit."] }]);
  await dialog.getByRole("button", { name: "Review and send" }).click();
  await expect(dialog.getByRole("region", { name: "Proposed text" })).toContainText("The cache had no size limit.");
  expect(await aiRequests(server)).toHaveLength(3);
  await dialog.getByRole("button", { name: "Discard" }).click();
  expect((await storedDoc(page, docId)).contentMd).toBe(start.contentMd);
});

test("without an AI provider the button explains that drafting needs one and links to Settings", async ({ page, server }) => {
  await newIncident(page, "Disk full on db-1");
  const docId = await generateRCA(page);
  const start = await storedDoc(page, docId);
  await page.getByRole("button", { name: "Draft with AI" }).click();
  const dialog = draftDialog(page);
  await expect(dialog.getByText("Drafting needs an AI provider, and none is set up.")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Review and send" })).toHaveCount(0);
  await dialog.getByRole("link", { name: "Add a provider in Settings" }).click();
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  expect(await aiRequests(server)).toHaveLength(0);
  expect((await storedDoc(page, docId)).contentMd).toBe(start.contentMd);
});

