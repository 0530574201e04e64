import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import {
  FAKE_CONFLUENCE,
  aiEnqueue,
  confluenceDelete,
  confluenceFail,
  confluencePages,
  confluenceRequests,
  docsTest,
  expect,
  type FakeConfluencePage,
  type Server,
} from "./fixtures";
import { addFakeProvider, backend, newIncident } from "./helpers";

// RCA and post-mortem documents in the browser, over the real Go services: generated from a
// triaged incident, edited in the Markdown editor (autosave, history, restore), exported to files
// through the (scripted) save dialog, and published to a fake Confluence Cloud site configured in
// Settings like a user would.

type StoredDoc = { id: string; title: string; version: number; contentMd: string; publication: { pageId: string; url: string; pageVersion: number } | null };

const storedDoc = (page: Page, docId: string) => backend<StoredDoc>(page, "DocumentService", "Get", docId);

const ROOT_CAUSE = "The product cache was deployed without a size limit or eviction policy.";
const ROOT_ANSWER = "The in-process product cache has no size limit.";
const WHYS = [
  {
    ask: "Checkout has returned HTTP 502 since 09:14. What should we look at first?",
    q: "Why does checkout return HTTP 502?",
    a: "The API pods are restarting in a CrashLoopBackOff.",
  },
  { ask: "kubectl describe says OOMKilled. Why?", q: "Why are the API pods restarting?", a: "The containers exceed their memory limit and are OOMKilled." },
  {
    ask: "The heap is mostly the product cache. Is that the cause?",
    q: "Why do the containers exceed their memory limit?",
    a: ROOT_ANSWER,
    rootCause: ROOT_CAUSE,
  },
];

/** Triages the incident with the fake AI to a root cause, through the chat (as triage-flow.spec.ts). */
async function triage(page: Page, server: Server) {
  const section = page.getByTestId("triage-section");
  const answers = page.locator('[data-testid="chat-message"][data-role="assistant"]');
  for (const [i, w] of WHYS.entries()) {
    await aiEnqueue(server, [
      {
        chunks: [
          "Looking at it.\n\n",
          "```triage\n" +
            JSON.stringify({
              why_level: i + 1,
              question: w.q,
              answer: w.a,
              evidence: ["kubectl describe pod api-7f9c: Last State OOMKilled"],
              root_cause_reached: Boolean(w.rootCause),
              root_cause: w.rootCause ?? "",
              confidence: 0.7,
              next_question: w.rootCause ? "" : "Why is that?",
            }) +
            "\n```\n",
        ],
      },
    ]);
    await page.getByRole("textbox", { name: "Message to the assistant" }).fill(w.ask);
    await section.getByRole("button", { name: "Send", exact: true }).click();
    await expect(answers).toHaveCount(i + 1);
    await expect(answers.nth(i)).toHaveAttribute("data-status", "complete");
  }
  await expect(page.getByRole("region", { name: "5 Whys", exact: true }).getByTestId("whys-progress")).toHaveText("Why 3 of 5 · root cause identified");
}

async function addActionItem(page: Page, title: string, owner: string) {
  const section = page.getByRole("region", { name: "Action items" });
  // The add form: the one with the "New action item" field.
  const form = section.getByRole("form").filter({ has: page.getByLabel("New action item", { exact: true }) });
  await form.getByLabel("New action item").fill(title);
  await form.getByLabel("Owner").fill(owner);
  await form.getByRole("button", { name: "Add", exact: true }).click();
  await expect(section.getByRole("listitem", { name: new RegExp(`: ${title}$`) })).toBeVisible();
}

/** Generates a document from the incident page; returns its id (the editor is open). */
async function generate(page: Page, template = "Root cause analysis"): Promise<string> {
  const docs = page.getByTestId("documents-section");
  await docs.getByRole("button", { name: "New document…" }).click();
  const dialog = page.getByRole("dialog", { name: "New document" });
  await dialog.getByRole("radio", { name: new RegExp(`^${template}`) }).check();
  await expect(dialog.getByRole("list", { name: "Sections" }).getByRole("listitem").first()).toBeVisible();
  await dialog.getByRole("button", { name: "Generate" }).click();
  await expect(page).toHaveURL(/#\/incidents\/[^/]+\/documents\/[^/]+$/);
  await expect(editor(page)).toBeVisible();
  await expect(saveStatus(page)).toHaveText("Saved · version 1");
  const m = /\/documents\/([^/?#]+)$/.exec(page.url());
  if (!m?.[1]) throw new Error(`no document id in ${page.url()}`);
  return decodeURIComponent(m[1]);
}

const editor = (page: Page) => page.getByRole("textbox", { name: "Document text (Markdown)" });
const preview = (page: Page) => page.getByTestId("document-preview");
const saveStatus = (page: Page) => page.getByTestId("save-status");

/** Types at the end of the document, as a user would. */
async function typeAtEnd(page: Page, text: string) {
  await editor(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText(text);
}

async function waitSaved(page: Page, version: number) {
  await expect(saveStatus(page)).toHaveText(`Saved · version ${version}`);
}

/** Exports through the Export menu; the save dialog "chooses" path. */
async function exportAs(page: Page, server: Server, format: "Markdown" | "HTML" | "PDF", path: string) {
  server.saveAs(path);
  await page.getByRole("button", { name: "Export" }).click();
  await page.getByRole("menuitem", { name: new RegExp(`^${format}`) }).click();
}

/** Configures Confluence in Settings → Confluence, as a user would. */
async function configureConfluence(page: Page, server: Server & { confluenceURL: string; confluenceParentId: string }) {
  await page.getByRole("link", { name: "Settings" }).click();
  const form = page.getByRole("form", { name: "Confluence settings" });
  await form.getByRole("radio", { name: /^Cloud/ }).check();
  await form.getByLabel("Base URL", { exact: true }).fill(server.confluenceURL);
  await form.getByLabel("Email", { exact: true }).fill(FAKE_CONFLUENCE.email);
  await form.getByLabel("API token", { exact: true }).fill(FAKE_CONFLUENCE.token);
  await form.getByLabel("Space key", { exact: true }).fill("OPS");
  await form.getByLabel("Parent page id (optional)").fill(server.confluenceParentId);
  await form.getByRole("button", { name: "Save", exact: true }).click();
  await expect(form.getByTestId("confluence-state")).toContainText("Configured");
}

async function openDocument(page: Page, server: Server, issueId: string, docId: string) {
  await page.goto(`${server.url}/#/incidents/${encodeURIComponent(issueId)}/documents/${encodeURIComponent(docId)}`);
  await expect(editor(page)).toBeVisible();
}

const publishButton = (page: Page) => page.getByRole("button", { name: "Publish to Confluence" });
const publishResult = (page: Page) => page.getByTestId("publish-result");

/** The pages published by the app (the fake also holds the parent page it started with). */
async function publishedPages(server: Server & { confluenceParentId: string }): Promise<FakeConfluencePage[]> {
  return (await confluencePages(server)).filter((p) => p.id !== server.confluenceParentId);
}

/** The one page published by the app. */
async function onlyPage(server: Server & { confluenceParentId: string }): Promise<FakeConfluencePage> {
  const pages = await publishedPages(server);
  expect(pages.map((p) => p.title)).toHaveLength(1);
  return pages[0] as FakeConfluencePage;
}

docsTest(
  "triage → action item → RCA → edit → export PDF → publish → edit → publish again: Confluence holds version 2 and the app links to it",
  async ({ page, server }) => {
    docsTest.setTimeout(120_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await addFakeProvider(page, server.aiURL);
    const issueId = await newIncident(page, "Checkout returns 502", "Kubernetes");
    await triage(page, server);
    await addActionItem(page, "Cap the product cache at 512 MiB", "alice");

    // Generate the RCA: filled from the incident.
    const docId = await generate(page);
    await expect(page.getByLabel("Document title")).toHaveValue("RCA: Checkout returns 502");
    await expect(preview(page).getByRole("heading", { name: "Root cause", exact: true })).toBeVisible();
    await expect(preview(page)).toContainText(ROOT_ANSWER);
    await expect(preview(page)).toContainText("Cap the product cache at 512 MiB");
    await expect(preview(page)).toContainText(WHYS[0]?.q ?? "?");

    // Edit: autosaved as version 2; the preview follows.
    const EDIT1 = "Follow-up: cache_size_limit → 512 MiB is now enforced in every region.";
    await typeAtEnd(page, `\n\n${EDIT1}\n`);
    await expect(preview(page)).toContainText(EDIT1);
    await waitSaved(page, 2);
    expect((await storedDoc(page, docId)).contentMd).toContain(EDIT1);

    // Export PDF right after typing (export is never disabled by editing): the pending edit is
    // saved first, then exported.
    const EDIT2 = "Reviewed by the on-call team.";
    await typeAtEnd(page, `\n${EDIT2}\n`);
    const pdf = join(server.root, "checkout-rca.pdf");
    await exportAs(page, server, "PDF", pdf);
    await expect(page.getByTestId("toast-success").filter({ hasText: pdf })).toBeVisible();
    expect(existsSync(pdf)).toBe(true);
    expect(readFileSync(pdf).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Saved into the same edit version (consecutive saves extend it), which the export sealed.
    await waitSaved(page, 2);
    expect((await storedDoc(page, docId)).contentMd).toContain(EDIT2);

    // Before Confluence is set up, the button explains where to do it.
    await publishButton(page).click();
    const explain = page.getByRole("dialog", { name: "Confluence is not set up" });
    await expect(explain).toContainText("Settings → Confluence");
    await explain.getByRole("link", { name: "Open Settings" }).click();
    await expect(page.getByRole("form", { name: "Confluence settings" })).toBeVisible();
    await configureConfluence(page, server);
    await openDocument(page, server, issueId, docId);

    // Publish: version 1 of a new page in OPS under the parent, with the edits.
    await publishButton(page).click();
    await expect(publishResult(page)).toContainText("Published version 1");
    const first = await onlyPage(server);
    expect(first.version).toBe(1);
    expect(first.spaceKey).toBe("OPS");
    expect(first.parentId).toBe(server.confluenceParentId);
    expect(first.title).toBe("RCA: Checkout returns 502");
    expect(first.body).toContain("Follow-up: cache_size_limit → 512 MiB");
    expect(first.body).toContain("Cap the product cache at 512 MiB");
    await expect(publishResult(page).getByRole("link", { name: /Open the page in Confluence/ })).toHaveAttribute("href", first.url);
    // Cloud: Basic auth on every API request.
    const reqs = await confluenceRequests(server);
    expect(reqs.length).toBeGreaterThan(0);
    for (const r of reqs) expect(r.auth, `${r.method} ${r.path}`).toBe("basic");

    // Edit again and publish again: the same page, version 2.
    const EDIT3 = "Second review: the eviction policy is LRU.";
    await typeAtEnd(page, `\n${EDIT3}\n`);
    await waitSaved(page, 3); // a new version: version 2 was exported and published
    await publishButton(page).click();
    await expect(publishResult(page)).toContainText("Published version 2");
    const second = await onlyPage(server);
    expect(second.id).toBe(first.id);
    expect(second.version).toBe(2);
    expect(second.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(second.body).toContain(EDIT3);
    expect(second.versions[0]?.body).not.toContain(EDIT3);
    const link = page.getByTestId("publication").getByRole("link", { name: /Published v2/ });
    await expect(link).toHaveAttribute("href", second.url);

    // The document records where it went; the incident lists it with the link.
    const stored = await storedDoc(page, docId);
    expect(stored.publication?.pageId).toBe(first.id);
    expect(stored.publication?.pageVersion).toBe(2);
    await page.getByRole("link", { name: /← Checkout returns 502/ }).click();
    const row = page.getByTestId("documents-section").getByTestId("document-row");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("RCA: Checkout returns 502");
    await expect(row.getByRole("link", { name: /Published v2/ })).toHaveAttribute("href", second.url);
    // Generated, exported and published are on the incident's timeline.
    const timeline = page.getByRole("region", { name: "Timeline", exact: true });
    await expect(timeline.getByRole("listitem").filter({ hasText: /generated/i }).first()).toBeVisible();
    await expect(timeline.getByRole("listitem").filter({ hasText: /exported/i }).first()).toBeVisible();
    await expect(timeline.getByRole("listitem").filter({ hasText: /published/i }).first()).toBeVisible();
  },
);

docsTest("export asks before replacing an existing file", async ({ page, server }) => {
  await newIncident(page, "Disk full on db1");
  const docId = await generate(page);
  const file = join(server.root, "rca.md");
  writeFileSync(file, "precious notes");

  await exportAs(page, server, "Markdown", file);
  const dialog = page.getByRole("dialog", { name: "Replace rca.md?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  expect(readFileSync(file, "utf8")).toBe("precious notes");

  await exportAs(page, server, "Markdown", file);
  await page.getByRole("dialog", { name: "Replace rca.md?" }).getByRole("button", { name: "Replace" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: file })).toBeVisible();
  expect(readFileSync(file, "utf8")).toBe((await storedDoc(page, docId)).contentMd);

  // Export right after typing (the original app's export broke after the first keystroke): the
  // file has what was just typed, saved first.
  const TYPED = "Typed a moment before exporting: naïve → ok, 東京, emoji 🚀.";
  await typeAtEnd(page, `\n${TYPED}\n`);
  const fresh = join(server.root, "fresh.md");
  await exportAs(page, server, "Markdown", fresh);
  await expect(page.getByTestId("toast-success").filter({ hasText: fresh })).toBeVisible();
  expect(readFileSync(fresh, "utf8")).toContain(TYPED);
  expect((await storedDoc(page, docId)).contentMd).toContain(TYPED);

  // Cancelling the save dialog does nothing.
  const untouched = join(server.root, "never.html");
  await exportAs(page, server, "HTML", "");
  await expect(page.getByRole("button", { name: "Export" })).toBeEnabled();
  expect(existsSync(untouched)).toBe(false);
});

docsTest("history: diff against the current version, restore an earlier one; delete the document", async ({ page }) => {
  const issueId = await newIncident(page, "Queue backlog");
  const docId = await generate(page);
  const ADDED = "A line added in version 2.";
  await typeAtEnd(page, `\n${ADDED}\n`);
  await waitSaved(page, 2);

  await page.getByRole("button", { name: "History" }).click();
  const history = page.getByRole("complementary", { name: "History" });
  const versions = history.getByRole("list", { name: "Versions" });
  await expect(versions.getByRole("button")).toHaveCount(2);
  await expect(versions.getByRole("button", { name: "Version 2 (current)" })).toContainText("Edited");
  await versions.getByRole("button", { name: "Version 1" }).click();
  const diff = history.getByRole("table", { name: "Changes from version 1 to version 2" });
  await expect(diff.locator('tr[data-op="insert"]').filter({ hasText: ADDED })).toHaveCount(1);
  await expect(history.getByTestId("diff-counts")).toHaveText(/\+\d+ −0/);

  await history.getByRole("button", { name: "Restore this version" }).click();
  await page.getByRole("dialog", { name: "Restore version 1?" }).getByRole("button", { name: "Restore version 1" }).click();
  await waitSaved(page, 3);
  await expect(preview(page)).not.toContainText(ADDED);
  await expect(versions.getByRole("button", { name: "Version 3 (current)" })).toContainText("Restored");
  expect((await storedDoc(page, docId)).contentMd).not.toContain(ADDED);
  // Nothing was lost: version 2 is still there.
  await expect(versions.getByRole("button")).toHaveCount(3);

  // Deleting the document (after confirming) takes it off the incident.
  await page.getByRole("button", { name: "Delete this document" }).click();
  await page.getByRole("dialog", { name: "Delete this document?" }).getByRole("button", { name: "Delete document" }).click();
  await expect(page.getByTestId("documents-section")).toContainText("No documents yet");
  expect(await backend<unknown[]>(page, "DocumentService", "List", issueId)).toEqual([]);
});

docsTest("autosave: typed text survives a reload and leaving the page at once", async ({ page, server }) => {
  const issueId = await newIncident(page, "Login latency");
  const docId = await generate(page);
  const TYPED = "Typed before a reload.";
  await typeAtEnd(page, `\n${TYPED}\n`);
  await waitSaved(page, 2);
  await page.reload();
  await expect(preview(page)).toContainText(TYPED);
  await waitSaved(page, 2);

  // Leaving right after typing (before the autosave's delay) still saves.
  const QUICK = "Typed just before leaving.";
  await typeAtEnd(page, `\n${QUICK}\n`);
  await page.getByRole("link", { name: /← Login latency/ }).click();
  await expect(page.getByTestId("documents-section")).toBeVisible();
  await expect.poll(async () => (await storedDoc(page, docId)).contentMd).toContain(QUICK);
  await openDocument(page, server, issueId, docId);
  await expect(preview(page)).toContainText(QUICK);
  // Saves within a few minutes of each other extend the same edit version.
  await waitSaved(page, 2);
});

docsTest("the window knows about unsaved text (it asks before closing) until the save succeeds", async ({ page, server }) => {
  await newIncident(page, "Queue backlog");
  const docId = await generate(page);
  const unsaved = async (): Promise<string[]> => (await (await page.request.get(`${server.url}/e2e/window/unsaved`)).json()) as string[];
  expect(await unsaved()).toEqual([]);
  // A refused save (an empty title) keeps the text and keeps the window asking.
  await page.getByLabel("Document title").fill("");
  await typeAtEnd(page, "\nNot saved yet.\n");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "error");
  await expect.poll(unsaved).toEqual([docId]);
  await page.getByLabel("Document title").fill("RCA: Queue backlog");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await expect.poll(unsaved).toEqual([]);
  await expect.poll(async () => (await storedDoc(page, docId)).contentMd).toContain("Not saved yet.");
});

docsTest("a finding in the document is reviewed before publishing: only the placeholder reaches Confluence", async ({ page, server }) => {
  const issueId = await newIncident(page, "Payment webhook errors");
  const docId = await generate(page);
  const EMAIL = "bob.jones@example.org";
  await typeAtEnd(page, `\nEscalated to ${EMAIL} at 03:10.\n`);
  await waitSaved(page, 2);
  await configureConfluence(page, server);
  await openDocument(page, server, issueId, docId);

  await publishButton(page).click();
  const dialog = page.getByRole("dialog", { name: "Review before publishing" });
  await expect(dialog).toBeVisible();
  const publish = dialog.getByRole("button", { name: "Publish", exact: true });
  await expect(publish).toBeDisabled(); // nothing is pre-decided
  const findings = dialog.getByRole("list", { name: "Findings in the document" });
  const finding = findings.getByRole("listitem").filter({ hasText: EMAIL });
  await expect(finding).toHaveCount(1);
  const placeholder = (await finding.locator(".font-mono").first().textContent())?.trim() ?? "";
  expect(placeholder).not.toBe("");
  await dialog.getByRole("button", { name: "Redact all" }).click();
  await expect(publish).toBeEnabled();
  await publish.click();
  await expect(publishResult(page)).toContainText("Published version 1");

  const p = await onlyPage(server);
  expect(p.body).toContain(placeholder);
  expect(p.body).not.toContain(EMAIL);
  for (const r of await confluenceRequests(server)) expect(r.body).not.toContain(EMAIL);
  // The local document keeps the value.
  expect((await storedDoc(page, docId)).contentMd).toContain(EMAIL);
});

docsTest("Confluence asks to wait (429): the wait is shown, then the page is published", async ({ page, server }) => {
  const issueId = await newIncident(page, "Rate limited publish");
  const docId = await generate(page);
  await configureConfluence(page, server);
  await openDocument(page, server, issueId, docId);
  await confluenceFail(server, { op: "create", status: 429, retryAfter: "2", times: 1 });
  await publishButton(page).click();
  await expect(page.getByTestId("publish-progress")).toContainText(/Confluence asked us to wait: retrying in [12] s…/);
  await expect(publishResult(page)).toContainText("Published version 1", { timeout: 15_000 });
  expect((await onlyPage(server)).version).toBe(1);
});

docsTest("a page deleted in Confluence is created again after asking", async ({ page, server }) => {
  const issueId = await newIncident(page, "Deleted page");
  const docId = await generate(page);
  await configureConfluence(page, server);
  await openDocument(page, server, issueId, docId);
  await publishButton(page).click();
  await expect(publishResult(page)).toContainText("Published version 1");
  const first = await onlyPage(server);
  await confluenceDelete(server, first.id);
  expect(await publishedPages(server)).toHaveLength(0);

  await typeAtEnd(page, "\nAfter the page was deleted.\n");
  await waitSaved(page, 2);
  await publishButton(page).click();
  const ask = page.getByRole("dialog", { name: "The page was deleted in Confluence" });
  await expect(ask).toContainText("Create it again?");
  await ask.getByRole("button", { name: "Create it again" }).click();
  await expect(publishResult(page)).toContainText("Published version 1");
  const again = await onlyPage(server);
  expect(again.id).not.toBe(first.id);
  expect(again.body).toContain("After the page was deleted.");
  await expect(page.getByTestId("publication").getByRole("link")).toHaveAttribute("href", again.url);
  expect((await storedDoc(page, docId)).publication?.pageId).toBe(again.id);
});

docsTest("refused credentials: the error is shown and the document is unchanged", async ({ page, server }) => {
  const issueId = await newIncident(page, "Auth failure");
  const docId = await generate(page);
  await configureConfluence(page, server);
  await openDocument(page, server, issueId, docId);
  const before = await storedDoc(page, docId);
  await confluenceFail(server, { op: "any", status: 401, times: 10 });
  await publishButton(page).click();
  const error = page.getByTestId("publish-error");
  await expect(error).toContainText("Not published:");
  await expect(error).toContainText("The document itself is unchanged.");
  await expect(error.getByRole("link", { name: "Open Settings" })).toBeVisible();
  expect(await publishedPages(server)).toHaveLength(0);
  const after = await storedDoc(page, docId);
  expect(after.contentMd).toBe(before.contentMd);
  expect(after.version).toBe(before.version);
  expect(after.publication).toBeNull();
  await waitSaved(page, before.version);
});
