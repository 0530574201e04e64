import type { Locator } from "@playwright/test";
import { test, expect } from "./fixtures";
import { backend, newIncident } from "./helpers";

// The 5 Whys worked by hand against the real TriageService (no AI provider configured).

async function addStep(whys: Locator, q: string, a: string, evidence = "") {
  await whys.getByRole("button", { name: /^Add why \d+$/ }).click();
  const form = whys.getByRole("form", { name: /^New why \d+: edit$/ });
  await form.getByLabel("Question").fill(q);
  await form.getByLabel("Answer").fill(a);
  if (evidence) await form.getByLabel("Evidence").fill(evidence);
  await form.getByRole("button", { name: "Add step" }).click();
  await expect(form).toHaveCount(0);
  // Keyboard users continue where they were.
  await expect(whys.getByRole("button", { name: /^Add why \d+$/ })).toBeFocused();
}

const questions = (whys: Locator) => whys.getByTestId("why-question");

test("5 Whys by hand: add, edit, reorder, root cause, reload, delete; nothing typed is lost", async ({ page }) => {
  const id = await newIncident(page, "Checkout returns 502");
  const whys = page.getByRole("region", { name: "5 Whys", exact: true });
  await expect(whys.getByTestId("whys-progress")).toHaveText("No whys yet");

  await addStep(whys, "Why did checkout return 502?", "The API pods were restarting.", "kubectl: CrashLoopBackOff");
  await addStep(whys, "Why were the pods restarting?", "They ran out of memory.");
  await addStep(whys, "Why did they run out of memory?", "A cache had no size limit.");
  await expect(questions(whys)).toHaveText([
    "Why did checkout return 502?",
    "Why were the pods restarting?",
    "Why did they run out of memory?",
  ]);
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 3 of 5 · root cause not identified yet");
  await expect(whys.getByRole("listitem", { name: "Why 1" }).getByText("CrashLoopBackOff")).toBeVisible();

  // Edit why 2; a save the backend refuses keeps the text and says why.
  await whys.getByRole("button", { name: "Edit why 2" }).click();
  const edit = whys.getByRole("form", { name: "Why 2: edit" });
  await edit.getByLabel("Answer").fill("x".repeat(10001));
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByRole("alert")).toContainText("at most 10000 characters");
  await expect(edit.getByLabel("Answer")).toHaveValue("x".repeat(10001));
  await edit.getByLabel("Answer").fill("They ran out of memory (OOMKilled at 2 GiB).");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toHaveCount(0);
  await expect(whys.getByRole("button", { name: "Edit why 2" })).toBeFocused();
  await expect(whys.getByRole("listitem", { name: "Why 2" })).toContainText("OOMKilled at 2 GiB");

  // Reorder: why 3 moves above why 2.
  await whys.getByRole("button", { name: "Move why 3 up" }).click();
  await expect(whys.getByRole("button", { name: "Move why 2 up" })).toBeFocused();
  await expect(questions(whys)).toHaveText([
    "Why did checkout return 502?",
    "Why did they run out of memory?",
    "Why were the pods restarting?",
  ]);
  await expect(whys.getByRole("button", { name: "Move why 1 up" })).toBeDisabled();

  // Root cause: one per incident.
  await whys.getByRole("button", { name: "Mark as root cause (why 2)" }).click();
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 3 of 5 · root cause identified");
  await whys.getByRole("button", { name: "Mark as root cause (why 3)" }).click();
  await expect(whys.getByRole("button", { name: /^Unmark root cause/ })).toHaveCount(1);
  await expect(whys.getByRole("button", { name: "Unmark root cause (why 3)" })).toBeVisible();
  await whys.getByRole("button", { name: "Unmark root cause (why 3)" }).click();
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 3 of 5 · root cause not identified yet");
  await whys.getByRole("button", { name: "Mark as root cause (why 2)" }).click();
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 3 of 5 · root cause identified");

  // Reload: order, edits, level and root cause all come back from the database.
  await page.reload();
  await expect(questions(whys)).toHaveText([
    "Why did checkout return 502?",
    "Why did they run out of memory?",
    "Why were the pods restarting?",
  ]);
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 3 of 5 · root cause identified");
  await expect(whys.getByRole("listitem", { name: "Why 2" })).toContainText("Root cause");
  await expect(whys.getByRole("listitem", { name: "Why 3" })).toContainText("OOMKilled at 2 GiB");
  await expect(whys.getByRole("list", { name: "5-Whys progress" }).getByRole("listitem")).toHaveText([
    "Why 1 (answered)",
    "Why 2 (answered)",
    "Why 3 (answered)",
    "Why 4 (not yet)",
    "Why 5 (not yet)",
    "Root cause (identified)",
  ]);
  // Stored the right way round: the question as the question, the answer as the answer.
  const stored = await backend<{ order: number; question: string; answer: string; isRootCause: boolean; source: string }[]>(
    page,
    "TriageService",
    "ListSteps",
    id,
  );
  expect(stored.map((s) => [s.order, s.question, s.answer, s.isRootCause, s.source])).toEqual([
    [1, "Why did checkout return 502?", "The API pods were restarting.", false, "user"],
    [2, "Why did they run out of memory?", "A cache had no size limit.", true, "user"],
    [3, "Why were the pods restarting?", "They ran out of memory (OOMKilled at 2 GiB).", false, "user"],
  ]);

  // Delete why 1 (after confirming); the others move up.
  await whys.getByRole("button", { name: "Delete why 1" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete why 1?" });
  await expect(dialog).toContainText("Why did checkout return 502?");
  await dialog.getByRole("button", { name: "Delete why" }).click();
  await expect(questions(whys)).toHaveText(["Why did they run out of memory?", "Why were the pods restarting?"]);
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 2 of 5 · root cause identified");
  await page.reload();
  await expect(questions(whys)).toHaveText(["Why did they run out of memory?", "Why were the pods restarting?"]);

  // An unsaved new step survives leaving the page and coming back.
  await whys.getByRole("button", { name: "Add why 3" }).click();
  await whys.getByRole("form", { name: "New why 3: edit" }).getByLabel("Question").fill("Why was there no limit?");
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.goBack();
  const restored = whys.getByRole("form", { name: "New why 3: edit" });
  await expect(restored.getByLabel("Question")).toHaveValue("Why was there no limit?");
  await restored.getByRole("button", { name: "Add step" }).click();
  await expect(questions(whys)).toHaveCount(3);
});

test("contributing factors: add, edit, reorder, delete, persisted", async ({ page }) => {
  await newIncident(page, "Nightly batch missed its window");
  const factors = page.getByRole("region", { name: "Contributing factors", exact: true });
  await expect(factors).toContainText("No contributing factors yet.");
  const input = factors.getByLabel("New contributing factor");
  await input.fill("No alert on queue depth");
  await factors.getByRole("button", { name: "Add factor" }).click();
  await expect(input).toHaveValue("");
  await input.fill("Runbook out of date");
  await input.press("Enter");
  await input.fill("Single on-call engineer");
  await factors.getByRole("button", { name: "Add factor" }).click();
  const items = factors.getByRole("list", { name: "Contributing factors" }).getByRole("listitem");
  await expect(items).toHaveText([/No alert on queue depth/, /Runbook out of date/, /Single on-call engineer/]);

  await factors.getByRole("button", { name: "Edit contributing factor 2" }).click();
  await factors.getByLabel("Contributing factor 2").fill("Runbook did not cover the new scheduler");
  await factors.getByRole("button", { name: "Save" }).click();
  await factors.getByRole("button", { name: "Move contributing factor 3 up" }).click();
  await expect(items).toHaveText([/No alert on queue depth/, /Single on-call engineer/, /Runbook did not cover the new scheduler/]);
  // Keyboard: focus stays on the moved factor; at the top it moves to its "down" button.
  await expect(factors.getByRole("button", { name: "Move contributing factor 2 up" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(items).toHaveText([/Single on-call engineer/, /No alert on queue depth/, /Runbook did not cover the new scheduler/]);
  await expect(factors.getByRole("button", { name: "Move contributing factor 1 down" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(items).toHaveText([/No alert on queue depth/, /Single on-call engineer/, /Runbook did not cover the new scheduler/]);
  await expect(factors.getByRole("button", { name: "Move contributing factor 2 down" })).toBeFocused();

  await factors.getByRole("button", { name: "Delete contributing factor 1" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete factor" }).click();
  await expect(items).toHaveText([/Single on-call engineer/, /Runbook did not cover the new scheduler/]);

  await page.reload();
  await expect(items).toHaveText([/Single on-call engineer/, /Runbook did not cover the new scheduler/]);
});

test("cited log lines open the log viewer at that line; an AI step is marked as such", async ({ page }) => {
  const id = await newIncident(page, "Payments timing out");
  const log = Array.from({ length: 400 }, (_, i) => `2026-11-27T05:${String(i % 60).padStart(2, "0")}:00Z payments[7] request ${i + 1} ok`);
  log[41] = "2026-11-27T05:41:00Z payments[7] ERROR pool exhausted (kingfisher)";
  log[299] = "2026-11-27T06:00:00Z payments[7] WARN retry storm (heron)";
  await page.getByRole("button", { name: "Paste log" }).click();
  const paste = page.getByRole("dialog");
  await paste.getByLabel("Log name").fill("payments.log");
  await paste.getByLabel("Log text").fill(log.join("\n"));
  await paste.getByRole("button", { name: "Add log" }).click();
  await expect(page.getByRole("link", { name: "payments.log", exact: true })).toBeVisible();

  // By hand: cite line 300 of the log in a step.
  const whys = page.getByRole("region", { name: "5 Whys", exact: true });
  await whys.getByRole("button", { name: "Add why 1" }).click();
  const form = whys.getByRole("form", { name: "New why 1: edit" });
  await form.getByLabel("Question").fill("Why did payments time out?");
  await form.getByLabel("Line to cite").fill("300");
  await form.getByRole("button", { name: "Add citation" }).click();
  await expect(form.getByRole("button", { name: "Remove citation payments.log line 300" })).toBeVisible();
  await form.getByRole("button", { name: "Add step" }).click();
  await whys.getByRole("link", { name: "payments.log line 300" }).click();
  await expect(page).toHaveURL(/\/logs\/[^?]+\?line=300$/);
  await expect(page.getByTestId("log-line-300")).toContainText("retry storm (heron)");
  await expect(page.getByTestId("log-line-300").locator("xpath=..")).toHaveAttribute("data-active", "true");
  await expect(page.getByTestId("log-line-300")).toBeInViewport();

  // From a model's answer (applied by the real engine, as the chat does): badge + citation.
  await page.getByRole("link", { name: /Back to/ }).click();
  const detail = await backend<{ logFiles: { id: string }[] }>(page, "IncidentService", "Get", id);
  const logId = detail.logFiles[0]?.id ?? "";
  expect(logId).not.toBe("");
  const reply =
    "The pool ran dry.\n\n```triage\n" +
    JSON.stringify({
      why_level: 2,
      question: "Why was the connection pool exhausted?",
      answer: "Connections leaked on timeouts.",
      evidence: [`log:${logId}#L42 pool exhausted`],
      root_cause_reached: false,
    }) +
    "\n```\n";
  await backend(page, "TriageService", "ApplyReply", id, reply, "");
  // Coming back to the window re-reads the steps (no reload).
  await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
  const aiStep = whys.getByRole("listitem", { name: "Why 2" });
  await expect(aiStep).toContainText("Why was the connection pool exhausted?");
  await expect(aiStep.getByText("from AI", { exact: true })).toBeVisible();
  await expect(whys.getByRole("listitem", { name: "Why 1" }).getByText("from AI", { exact: true })).toHaveCount(0);
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 2 of 5 · root cause not identified yet");
  await aiStep.getByRole("link", { name: "payments.log line 42" }).click();
  await expect(page.getByTestId("log-line-42")).toContainText("pool exhausted (kingfisher)");
  await expect(page.getByTestId("log-line-42").locator("xpath=..")).toHaveAttribute("data-active", "true");
});
