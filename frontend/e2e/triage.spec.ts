import type { Page } from "@playwright/test";
import { FAKE_AI_KEY, aiEnqueue, aiRelease, aiRequests, aiTest as test, expect, type FakeAIReply, type Server } from "./fixtures";

// The incident's Triage chat, end to end: the built UI over the real Go services (review gate,
// chat runner, 5-Whys engine, encrypted database) and the fake OpenAI-compatible provider of the
// e2e server. What reached the provider is read back from the fake (GET /e2e/ai/requests); what
// was stored is read from the backend through the page's bridge.

const EMAIL = "alice@example.com";

// The fake reports turns as {role, text}; accept Go's field names too.
type Turn = { role?: string; text?: string; Role?: string; Text?: string };
type Message = { id: string; role: string; content: string; display: string; status: string; error: string; report: { whyLevel: number } | null; attachments: { logId: string; from: number; count: number }[] };
type ChatState = { messages: Message[]; draft: string; provider: { id: string } | null };

declare global {
  interface Window {
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

function at<T>(a: readonly T[], i: number): T {
  const v = a.at(i);
  if (v === undefined) throw new Error(`no item ${i} of ${a.length}`);
  return v;
}

const enqueue = (server: Server, ...replies: FakeAIReply[]) => aiEnqueue(server, replies);
const release = (server: Server) => aiRelease(server);
const requests = (server: Server) => aiRequests(server);

const turns = (r: { turns: unknown }) => ((r.turns ?? []) as Turn[]);
const turnText = (t: Turn) => t.text ?? t.Text ?? "";
const turnRole = (t: Turn) => t.role ?? t.Role ?? "";

/** A provider for the fake AI, created through the real backend (its settings UI is tested elsewhere). */
async function addProvider(page: Page, server: { aiURL: string }) {
  await backend(page, "ProviderService", "Create", {
    name: "Fake OpenAI",
    kind: "openai",
    baseUrl: server.aiURL,
    model: "test-model",
    apiKey: FAKE_AI_KEY,
    temperature: null,
    maxTokens: 0,
    contextWindow: 0,
    apiVersion: "",
    custom: null,
  });
}

async function newIncident(page: Page, title: string): Promise<string> {
  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const m = /\/incidents\/([^/?#]+)/.exec(page.url());
  if (!m?.[1]) throw new Error(`no incident id in ${page.url()}`);
  return m[1];
}

const triageBlock = (level: number, question: string, answer: string, rootCause = "") =>
  "```triage\n" +
  JSON.stringify({
    why_level: level,
    question,
    answer,
    evidence: ["HTTP 500 on the pay endpoint since 09:14"],
    root_cause_reached: rootCause !== "",
    root_cause: rootCause,
    confidence: 0.6,
    next_question: rootCause ? "" : "Why is the connection pool exhausted?",
  }) +
  "\n```\n";

const composer = (page: Page) => page.getByRole("textbox", { name: "Message to the assistant" });
const conversation = (page: Page) => page.getByRole("list", { name: "Conversation" });
const answers = (page: Page) => page.locator('[data-testid="chat-message"][data-role="assistant"]');
const userMessages = (page: Page) => page.locator('[data-testid="chat-message"][data-role="user"]');

/** Sends a message that has no findings (no review dialog). */
async function sendPlain(page: Page, text: string) {
  await composer(page).fill(text);
  await page.getByTestId("triage-section").getByRole("button", { name: "Send", exact: true }).click();
  await expect(userMessages(page).last()).toContainText(text);
}

test("typed text is reviewed, only the placeholder reaches the provider, and the answer streams as Markdown with its Why card", async ({ page, server }) => {
  await addProvider(page, server);
  const issueId = await newIncident(page, "Checkout returns HTTP 500");
  const section = page.getByTestId("triage-section");
  await expect(section.getByRole("heading", { name: "Triage" })).toBeVisible();
  await expect(section.getByText("Fake OpenAI · test-model · default")).toBeVisible();

  await enqueue(server, {
    chunks: [
      "The payment service ",
      "returns **HTTP 500** because its database connection pool is exhausted.\n\n",
      "Check next:\n\n- the pool size\n- `max_connections` on the database\n\n",
      triageBlock(1, "Why does checkout fail?", "The payment service cannot get a database connection."),
    ],
    inputTokens: 321,
    outputTokens: 45,
  });

  const typed = `Checkout fails for ${EMAIL} since 09:14: HTTP 500 on the pay endpoint`;
  await composer(page).fill(typed);
  await composer(page).press("Control+Enter");

  // The review: the email is listed and undecided; nothing is sent until it is decided.
  const dialog = page.getByRole("dialog", { name: "Review before sending" });
  await expect(dialog).toBeVisible();
  // Going back to editing loses nothing (and keeps it as the draft).
  await dialog.getByRole("button", { name: "Back to editing" }).click();
  await expect(dialog).toBeHidden();
  await expect(composer(page)).toHaveValue(typed);
  await expect.poll(async () => (await backend<ChatState>(page, "ChatService", "State", issueId)).draft).toBe(typed);
  await composer(page).press("Control+Enter");
  await expect(dialog).toBeVisible();
  const group = dialog.getByRole("group", { name: `Email address ${EMAIL}` });
  await expect(group).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Send" })).toBeDisabled();
  expect(await requests(server)).toHaveLength(0);
  await group.getByRole("button", { name: "Redact" }).click();
  await expect(dialog.getByLabel("Message as it will be sent")).not.toContainText(EMAIL);
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(dialog).toBeHidden();

  // The user's message as it was sent (the placeholder), then the answer rendered as Markdown.
  await expect(userMessages(page)).toHaveCount(1);
  await expect(userMessages(page).first()).toContainText(/\[EMAIL-\d+\]/);
  await expect(userMessages(page).first()).not.toContainText(EMAIL);
  const answer = answers(page).first();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(answer.locator("strong")).toHaveText("HTTP 500");
  await expect(answer.locator("ul").first().locator("li")).toHaveText(["the pool size", "max_connections on the database"]);
  await expect(answer.locator("code").first()).toHaveText("max_connections");
  await expect(answer).not.toContainText("```");
  await expect(answer).not.toContainText("why_level");
  await expect(composer(page)).toHaveValue("");

  // The Why-1 card from the report the backend parsed.
  const card = answer.getByRole("region", { name: "Why 1" });
  await expect(card).toBeVisible();
  await expect(card).toContainText("Why does checkout fail?");
  await expect(card).toContainText("The payment service cannot get a database connection.");
  await expect(card).toContainText("HTTP 500 on the pay endpoint since 09:14");
  await expect(card).toContainText("Root cause not reached yet");
  await expect(card).toContainText(/Added to the 5 Whys as step 1/);
  await expect(answer).toContainText("321 in · 45 out tokens");

  // What reached the provider: the system prompt and the placeholder, never the address.
  const reqs = await requests(server);
  expect(reqs).toHaveLength(1);
  const req = at(reqs, 0);
  expect(req.body).not.toContain(EMAIL);
  expect(req.body).toMatch(/\[EMAIL-\d+\]/);
  expect(req.system).toContain("5-Whys protocol");
  expect(req.system).toContain("triage");
  expect(req.model).toBe("test-model");
  const lastTurn = at(turns(req), -1);
  expect(turnRole(lastTurn)).toBe("user");
  expect(turnText(lastTurn)).toMatch(/^Checkout fails for \[EMAIL-\d+\] since 09:14/);

  // Copy puts the answer's prose (without the triage block) on the clipboard.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await answer.getByRole("button", { name: "Copy answer" }).click();
  await expect(page.getByText("Copied", { exact: true })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain("returns **HTTP 500** because");
  expect(copied).not.toContain("why_level");

  // Stored: the approved text and the parsed report.
  const st = await backend<ChatState>(page, "ChatService", "State", issueId);
  expect(st.messages.map((m) => [m.role, m.status])).toEqual([
    ["user", "complete"],
    ["assistant", "complete"],
  ]);
  expect(at(st.messages, 0).content).not.toContain(EMAIL);
  expect(at(st.messages, 1).report?.whyLevel).toBe(1);
});

test("Stop keeps the partial answer marked stopped; Regenerate replaces it", async ({ page, server }) => {
  await addProvider(page, server);
  const issueId = await newIncident(page, "Intermittent login failures");
  await enqueue(server, { chunks: ["Partial answer: start with ", "the database logs."], hold: true });
  await sendPlain(page, "What should I check first?");

  const answer = answers(page).first();
  // Shown through the chat:stream events: the runner stores no text before a 1 s checkpoint.
  await expect(answer).toContainText("Partial answer: start with", { timeout: 900 });
  await expect(answer).toHaveAttribute("data-status", "streaming");
  await answer.getByRole("button", { name: "Stop" }).click();
  await expect(answer).toHaveAttribute("data-status", "stopped");
  await expect(answer.getByTestId("answer-stopped")).toContainText("Stopped");
  await expect(answer).toContainText("Partial answer: start with");
  await expect(answer).not.toContainText("the database logs.");
  let st = await backend<ChatState>(page, "ChatService", "State", issueId);
  expect(st.messages.at(-1)).toMatchObject({ role: "assistant", status: "stopped", content: "Partial answer: start with " });

  await enqueue(server, { chunks: ["Look at the **authentication** service logs first.\n\n", triageBlock(1, "Why do logins fail?", "The auth service times out.")] });
  await answer.getByRole("button", { name: "Regenerate" }).click();
  await expect(answers(page)).toHaveCount(1);
  await expect(answers(page).first()).toHaveAttribute("data-status", "complete");
  await expect(answers(page).first()).toContainText("Look at the authentication service logs first.");
  await expect(conversation(page)).not.toContainText("Partial answer");
  await expect(answers(page).first().getByRole("region", { name: "Why 1" })).toBeVisible();

  st = await backend<ChatState>(page, "ChatService", "State", issueId);
  expect(st.messages.map((m) => [m.role, m.status])).toEqual([
    ["user", "complete"],
    ["assistant", "complete"],
  ]);
  // The regenerated answer was asked for with the same conversation (the stopped one left out).
  const reqs = await requests(server);
  expect(reqs).toHaveLength(2);
  expect(turns(at(reqs, 1)).map(turnText)).toEqual(["What should I check first?"]);
  await release(server);
});

test("a failing provider shows a clear error, keeps the typed message, and Retry answers", async ({ page, server }) => {
  await addProvider(page, server);
  const issueId = await newIncident(page, "Disk full on db1");
  await enqueue(server, { fail: "server" });
  await sendPlain(page, "Why did the disk fill up overnight?");

  const failed = answers(page).first();
  await expect(failed).toHaveAttribute("data-status", "failed");
  await expect(failed.getByTestId("answer-failed")).toContainText("The assistant could not answer.");
  await expect(failed.getByTestId("answer-failed")).toContainText(/500|server/i);
  await expect(userMessages(page)).toHaveCount(1);
  await expect(userMessages(page).first()).toContainText("Why did the disk fill up overnight?");
  const st = await backend<ChatState>(page, "ChatService", "State", issueId);
  expect(st.messages.map((m) => [m.role, m.status])).toEqual([
    ["user", "complete"],
    ["assistant", "failed"],
  ]);
  expect(at(st.messages, 0).content).toBe("Why did the disk fill up overnight?");

  await enqueue(server, { chunks: ["Log rotation stopped, so the logs grew without bound."] });
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(answers(page)).toHaveCount(1);
  await expect(answers(page).first()).toHaveAttribute("data-status", "complete");
  await expect(answers(page).first()).toContainText("Log rotation stopped");
});

test("rate limited: the wait is shown, then the answer arrives", async ({ page, server }) => {
  await addProvider(page, server);
  await newIncident(page, "API gateway slow");
  await enqueue(server, { fail: "rate", retryAfter: "2" }, { chunks: ["Retried answer."] });
  await sendPlain(page, "Why is the gateway slow?");
  await expect(answers(page).first()).toContainText(/Rate limited — retrying in \d s/);
  await expect(answers(page).first()).toHaveAttribute("data-status", "complete", { timeout: 15_000 });
  await expect(answers(page).first()).toContainText("Retried answer.");
  await expect(answers(page).first()).not.toContainText("Rate limited");
  expect(await requests(server)).toHaveLength(2);
});

test("after a reload the conversation and a half-typed draft are still there", async ({ page, server }) => {
  await addProvider(page, server);
  const issueId = await newIncident(page, "Queue backlog");
  await enqueue(server, { chunks: ["The consumers are **paused**.\n\n", triageBlock(1, "Why is the queue growing?", "The consumers are paused.")] });
  await sendPlain(page, "Why is the queue growing?");
  await expect(answers(page).first()).toHaveAttribute("data-status", "complete");

  const draft = "Half-typed: the consumers were paused by the deploy at";
  await composer(page).fill(draft);
  // Saved once typing pauses (debounced), in the database.
  await expect.poll(async () => (await backend<ChatState>(page, "ChatService", "State", issueId)).draft).toBe(draft);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Queue backlog");
  await expect(userMessages(page)).toHaveCount(1);
  await expect(userMessages(page).first()).toContainText("Why is the queue growing?");
  await expect(answers(page).first().locator("strong")).toHaveText("paused");
  await expect(answers(page).first().getByRole("region", { name: "Why 1" })).toBeVisible();
  await expect(composer(page)).toHaveValue(draft);

  // Sending clears the draft, also after a reload.
  await enqueue(server, { chunks: ["Noted."] });
  await page.getByTestId("triage-section").getByRole("button", { name: "Send", exact: true }).click();
  await expect(answers(page)).toHaveCount(2);
  await expect(answers(page).last()).toHaveAttribute("data-status", "complete");
  await expect(composer(page)).toHaveValue("");
  await page.reload();
  await expect(userMessages(page)).toHaveCount(2);
  await expect(composer(page)).toHaveValue("");
  expect((await backend<ChatState>(page, "ChatService", "State", issueId)).draft).toBe("");
});

test("HTML in an answer is shown as text and never becomes elements", async ({ page, server }) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await addProvider(page, server);
  await newIncident(page, "Suspicious answer");
  await enqueue(server, {
    chunks: [
      "Try this: <img src=x onerror=alert(1)> and ",
      "<script>window.__pwned = 1; alert(2)</script> then **restart**.\n\n",
      '<iframe src="about:blank"></iframe>\n\n![tracker](http://127.0.0.1:9/t.png) [docs](javascript:alert(3))',
    ],
  });
  await sendPlain(page, "What should I run?");
  const answer = answers(page).first();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(answer.locator("strong")).toHaveText("restart");
  await expect(answer).toContainText("<img src=x onerror=alert(1)>");
  await expect(answer).toContainText("<script>");
  for (const sel of ["img", "script", "iframe", "a", "[onerror]"]) await expect(conversation(page).locator(sel), sel).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test("log lines of an applied log are attached and sent from the redacted version", async ({ page, server }) => {
  await addProvider(page, server);
  await newIncident(page, "Payment errors");
  await page.getByRole("button", { name: "Paste log" }).click();
  const paste = page.getByRole("dialog");
  await paste.getByLabel("Log name").fill("pay.log");
  await paste.getByLabel("Log text").fill(["09:14:01 pay[7]: start", `09:14:02 pay[7]: refund for ${EMAIL} failed`, "09:14:03 pay[7]: db pool exhausted (50/50)", "09:14:04 pay[7]: stop"].join("\n"));
  await paste.getByRole("button", { name: "Add log" }).click();
  await expect(page.getByRole("link", { name: "pay.log", exact: true })).toBeVisible();

  // Not applied yet: it cannot be attached.
  await page.getByRole("button", { name: "Attach log lines…" }).click();
  let dialog = page.getByRole("dialog", { name: "Attach log lines" });
  await expect(dialog.getByRole("radio", { name: /pay\.log/ })).toBeDisabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("link", { name: "Review pay.log" }).click();
  await page.getByRole("button", { name: "Redact all", exact: true }).click();
  await page.getByRole("button", { name: "Apply redaction" }).click();
  await expect(page.getByText(/Redaction applied · sha256/)).toBeVisible();
  await page.getByRole("link", { name: /Back to/ }).click();

  await page.getByRole("button", { name: "Attach log lines…" }).click();
  dialog = page.getByRole("dialog", { name: "Attach log lines" });
  await dialog.getByRole("radio", { name: /pay\.log/ }).check();
  await dialog.getByLabel("First line").fill("2");
  await dialog.getByLabel("Last line").fill("9");
  await dialog.getByRole("button", { name: "Attach" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The log has 4 lines.");
  await dialog.getByLabel("Last line").fill("3");
  await dialog.getByRole("button", { name: "Attach" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("list", { name: "Log lines to send" })).toContainText("pay.log, lines 2–3");

  await enqueue(server, { chunks: ["The pool is exhausted."] });
  await sendPlain(page, "Here are the lines around the failure.");
  await expect(answers(page).first()).toHaveAttribute("data-status", "complete");
  await expect(userMessages(page).first()).toContainText("pay.log, lines 2–3");
  await expect(page.getByRole("list", { name: "Log lines to send" })).toHaveCount(0);

  const reqs = await requests(server);
  expect(reqs).toHaveLength(1);
  expect(at(reqs, 0).body).toContain("db pool exhausted (50/50)");
  expect(at(reqs, 0).body).not.toContain(EMAIL);
  expect(at(reqs, 0).body).not.toContain("09:14:04 pay[7]: stop");
});

test("a one-click summary of the applied redacted logs is sent instead of raw text", async ({ page, server }) => {
  await addProvider(page, server);
  await newIncident(page, "Checkout errors");
  await page.getByRole("button", { name: "Paste log" }).click();
  const paste = page.getByRole("dialog");
  await paste.getByLabel("Log name").fill("checkout.log");
  await paste
    .getByLabel("Log text")
    .fill(["2026-11-27T09:14:01Z INFO start", `2026-11-27T09:14:02Z ERROR refund for ${EMAIL} failed`, "2026-11-27T09:14:03Z WARN pool at 90%", "2026-11-27T09:14:04Z INFO stop"].join("\n"));
  await paste.getByRole("button", { name: "Add log" }).click();
  await expect(page.getByRole("link", { name: "checkout.log", exact: true })).toBeVisible();
  // Nothing applied yet: no summary can be attached.
  await expect(page.getByRole("button", { name: "Attach log summary" })).toBeDisabled();

  await page.getByRole("link", { name: "Review checkout.log" }).click();
  await page.getByRole("button", { name: "Redact all", exact: true }).click();
  await page.getByRole("button", { name: "Apply redaction" }).click();
  await expect(page.getByText(/Redaction applied · sha256/)).toBeVisible();
  await page.getByRole("link", { name: /Back to/ }).click();

  await page.getByRole("button", { name: "Attach log summary" }).click();
  await expect(page.getByRole("list", { name: "Log lines to send" })).toContainText("summary of the redacted logs");
  await expect(page.getByRole("button", { name: "Attach log summary" })).toBeDisabled();
  await enqueue(server, { chunks: ["The refunds fail."] });
  await sendPlain(page, "What stands out?");
  await expect(answers(page).first()).toHaveAttribute("data-status", "complete");

  const body = at(await requests(server), 0).body;
  expect(body).toContain("Log 1: 4 lines, 1 error lines, 1 warning lines, from 2026-11-27T09:14:01Z to 2026-11-27T09:14:04Z.");
  expect(body).toContain("[EMAIL-1]");
  expect(body).not.toContain(EMAIL);
  expect(body).not.toContain("checkout.log");
});

test("the list follows a streaming answer unless the user scrolled up", async ({ page, server }) => {
  await addProvider(page, server);
  await newIncident(page, "Long answers");
  const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of the first part of the answer.`).join("\n\n") + "\n\n";
  await enqueue(server, { chunks: [long, "Last words of the answer."], hold: true });
  await sendPlain(page, "Explain everything.");
  const box = page.getByTestId("chat-scroll");
  const atEnd = () => box.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight <= 48);
  await expect(answers(page).first()).toContainText("Paragraph 40 of the first part");
  await expect.poll(atEnd).toBe(true);

  // Scrolled up while it streams: the rest arrives without moving the view.
  await box.evaluate((el) => {
    el.scrollTop = 0;
    el.dispatchEvent(new Event("scroll"));
  });
  await release(server);
  await expect(answers(page).first()).toHaveAttribute("data-status", "complete");
  await expect(answers(page).first()).toContainText("Last words of the answer.");
  expect(await box.evaluate((el) => el.scrollTop)).toBe(0);
  await page.getByRole("button", { name: "Jump to newest" }).click();
  await expect.poll(atEnd).toBe(true);
});

test("without a provider the view says the 5 Whys can be worked by hand and links to Settings", async ({ page }) => {
  await newIncident(page, "No assistant here");
  const empty = page.getByTestId("chat-no-provider");
  await expect(empty).toContainText("No AI provider is set up.");
  await expect(empty).toContainText("work the 5 Whys by hand");
  await expect(page.getByRole("textbox", { name: "Message to the assistant" })).toHaveCount(0);
  await empty.getByRole("link", { name: "Add a provider in Settings" }).click();
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
});
