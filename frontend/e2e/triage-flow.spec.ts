import type { Locator, Page } from "@playwright/test";
import { aiEnqueue, aiRequests, aiTest, expect, restart, test, type FakeAIRequest, type Server } from "./fixtures";
import { addFakeProvider, backend, newIncident } from "./helpers";

// The whole triage flow in the browser, over the real Go services (chat runner, 5-Whys engine,
// timeline, encrypted database): an incident is triaged to a root cause through the GUI with a
// scripted OpenAI-compatible fake, one step is edited by hand, the backend is restarted over the
// same data, and everything is still there. Then the same 5 Whys by hand, with no provider.

const composer = (page: Page) => page.getByRole("textbox", { name: "Message to the assistant" });
const answers = (page: Page) => page.locator('[data-testid="chat-message"][data-role="assistant"]');
const userMessages = (page: Page) => page.locator('[data-testid="chat-message"][data-role="user"]');
const whysPanel = (page: Page) => page.getByRole("region", { name: "5 Whys", exact: true });
const timelineEvents = (page: Page) =>
  page.getByRole("region", { name: "Timeline", exact: true }).getByRole("list", { name: "Timeline events" }).getByRole("listitem");

/** Sends a message with no findings (no review dialog) through the composer and its Send button. */
async function send(page: Page, text: string) {
  await composer(page).fill(text);
  await page.getByTestId("triage-section").getByRole("button", { name: "Send", exact: true }).click();
  await expect(userMessages(page).last()).toContainText(text);
}

type Why = { q: string; a: string; prose: string; ask: string; rootCause?: string };

// The conversation: three questions from the engineer, three answers from the model, each with
// its triage block; the third reaches the root cause.
const WHYS: Why[] = [
  {
    ask: "Checkout has returned HTTP 502 since 09:14. What should we look at first?",
    prose: "The **API pods** are restarting in a loop, so the load balancer has no healthy upstream.",
    q: "Why does checkout return HTTP 502?",
    a: "The API pods are restarting in a CrashLoopBackOff.",
  },
  {
    ask: "kubectl describe says the last state was OOMKilled. Why would that be?",
    prose: "They are **killed for memory**: the container exceeds its 2 GiB limit after a few minutes.",
    q: "Why are the API pods restarting?",
    a: "The containers exceed their memory limit and are OOMKilled.",
  },
  {
    ask: "The heap is mostly the product cache. Is that the cause?",
    prose: "Yes: the product cache has **no size limit**, so it grows until the pod is killed.",
    q: "Why do the containers exceed their memory limit?",
    a: "The in-process product cache has no size limit.",
    rootCause: "The product cache was deployed without a size limit or eviction policy.",
  },
];

const reply = (level: number, w: Why) => ({
  chunks: [
    w.prose + "\n\n",
    "```triage\n" +
      JSON.stringify({
        why_level: level,
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
});

const HAND_EDIT = "The containers exceed their 2 GiB memory limit after about 5 minutes and are OOMKilled (edited by hand).";

/** The state the flow leaves behind, asserted before and after the backend restart. */
async function expectTriaged(page: Page) {
  const whys = whysPanel(page);
  // The conversation: three questions and three complete answers, in order, with their Why cards.
  await expect(userMessages(page)).toHaveText(WHYS.map((w) => new RegExp(escape(w.ask))));
  await expect(answers(page)).toHaveCount(3);
  for (const [i, w] of WHYS.entries()) {
    const answer = answers(page).nth(i);
    await expect(answer).toHaveAttribute("data-status", "complete");
    await expect(answer).toContainText(w.prose.replace(/\*\*/g, ""));
    await expect(answer).not.toContainText("why_level");
    const card = answer.getByRole("region", { name: `Why ${i + 1}` });
    await expect(card).toContainText(w.q);
    await expect(card).toContainText(i === 2 ? "Root cause reached" : "Root cause not reached yet");
  }
  await expect(answers(page).nth(2).getByRole("region", { name: "Why 3" })).toContainText(WHYS[2]?.rootCause ?? "?");

  // The steps, in order, with the model's questions and answers (step 2 as edited by hand).
  const steps = whys.getByTestId("why-step");
  await expect(steps).toHaveCount(3);
  await expect(whys.getByTestId("why-question")).toHaveText(WHYS.map((w) => w.q));
  await expect(whys.getByTestId("why-answer")).toHaveText([WHYS[0]?.a ?? "?", HAND_EDIT, WHYS[2]?.a ?? "?"]);
  for (const n of [1, 2, 3]) await expect(whys.getByRole("listitem", { name: `Why ${n}` }).getByText("from AI", { exact: true })).toBeVisible();
  // Only the third is the root cause, marked by the model.
  await expect(whys.getByRole("listitem", { name: "Why 3" }).getByText("Root cause (suggested by AI)", { exact: true })).toBeVisible();
  await expect(whys.getByRole("button", { name: /^Unmark root cause/ })).toHaveCount(1);
  await expect(whys.getByRole("button", { name: "Unmark root cause (why 3)" })).toBeVisible();

  // The progress indicator.
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 3 of 5 · root cause identified");
  await expect(whys.getByRole("list", { name: "5-Whys progress" }).getByRole("listitem")).toHaveText([
    "Why 1 (answered)",
    "Why 2 (answered)",
    "Why 3 (answered)",
    "Why 4 (not yet)",
    "Why 5 (not yet)",
    "Root cause (identified)",
  ]);

  // The timeline: what the engine recorded, as system events.
  const events = timelineEvents(page);
  for (const title of ["5-Whys advanced to why 1", "5-Whys advanced to why 2", "5-Whys advanced to why 3", "Root cause identified at why 3"]) {
    const ev = events.filter({ hasText: title });
    await expect(ev, title).toHaveCount(1);
    await expect(ev).toHaveAttribute("data-source", "system");
  }
  await expect(events.filter({ hasText: "Root cause identified" })).toHaveCount(1);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function at<T>(a: readonly T[], i: number): T {
  const v = a.at(i);
  if (v === undefined) throw new Error(`no item ${i} of ${a.length}`);
  return v;
}

type StoredStep = { order: number; question: string; answer: string; isRootCause: boolean; rootCauseBy: string; source: string };

aiTest("triage to a root cause with the AI, edit a step by hand, restart the backend: everything is still there", async ({ page, server }) => {
  await addFakeProvider(page, server.aiURL);
  const id = await newIncident(page, "Checkout returns 502", "Kubernetes");
  const section = page.getByTestId("triage-section");
  await expect(section.getByText("Fake OpenAI · test-model · default")).toBeVisible();
  const whys = whysPanel(page);
  await expect(whys.getByTestId("whys-progress")).toHaveText("No whys yet");

  // Three turns through the composer; each answer advances the 5 Whys by one.
  for (const [i, w] of WHYS.entries()) {
    await aiEnqueue(server, [reply(i + 1, w)]);
    await send(page, w.ask);
    await expect(answers(page)).toHaveCount(i + 1);
    await expect(answers(page).nth(i)).toHaveAttribute("data-status", "complete");
    await expect(answers(page).nth(i)).toContainText(`Added to the 5 Whys as step ${i + 1}${w.rootCause ? ", marked as the root cause" : ""}.`);
    await expect(whys.getByTestId("why-step")).toHaveCount(i + 1);
    await expect(whys.getByTestId("whys-progress")).toHaveText(`Why ${i + 1} of 5 · root cause ${w.rootCause ? "identified" : "not identified yet"}`);
  }
  await expect(whys.getByTestId("why-answer")).toHaveText(WHYS.map((w) => w.a));

  // What reached the provider: three requests, each with the system prompt for the incident's
  // domain and the triage protocol, and the conversation so far.
  const reqs: FakeAIRequest[] = await aiRequests(server);
  expect(reqs).toHaveLength(3);
  for (const [i, r] of reqs.entries()) {
    expect(r.model).toBe("test-model");
    expect(r.system).toContain("# Domain: Kubernetes");
    expect(r.system).toContain("5-Whys protocol");
    expect(r.system).toContain("```triage");
    expect(r.system).toContain("root_cause_reached");
    const turns = (r.turns ?? []).map((t) => [t.role, t.text]);
    expect(turns.filter(([role]) => role === "user").map(([, text]) => text)).toEqual(WHYS.slice(0, i + 1).map((w) => w.ask));
    expect(at(turns, -1)).toEqual(["user", at(WHYS, i).ask]);
  }

  // One step edited by hand.
  await whys.getByRole("button", { name: "Edit why 2" }).click();
  const edit = whys.getByRole("form", { name: "Why 2: edit" });
  await expect(edit.getByLabel("Answer")).toHaveValue(at(WHYS, 1).a);
  await edit.getByLabel("Answer").fill(HAND_EDIT);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toHaveCount(0);
  await expect(whys.getByRole("listitem", { name: "Why 2" })).toContainText(HAND_EDIT);

  await expectTriaged(page);
  const before = await backend<StoredStep[]>(page, "TriageService", "ListSteps", id);
  expect(before.map((s) => [s.order, s.question, s.answer, s.isRootCause, s.rootCauseBy, s.source])).toEqual([
    [1, at(WHYS, 0).q, at(WHYS, 0).a, false, "", "ai"],
    [2, at(WHYS, 1).q, HAND_EDIT, false, "", "ai"],
    [3, at(WHYS, 2).q, at(WHYS, 2).a, true, "ai", "ai"],
  ]);

  // Restart the backend over the same data directory and key; the page is loaded from the new one.
  const again: Server = await restart(server);
  try {
    expect(again.url).not.toBe(server.url);
    await page.goto(`${again.url}/#/incidents/${encodeURIComponent(id)}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Checkout returns 502");
    await expectTriaged(page);
    const after = await backend<StoredStep[]>(page, "TriageService", "ListSteps", id);
    expect(after.map((s) => [s.order, s.question, s.answer, s.isRootCause, s.rootCauseBy, s.source])).toEqual(
      before.map((s) => [s.order, s.question, s.answer, s.isRootCause, s.rootCauseBy, s.source]),
    );
  } finally {
    await again.stop();
  }
});

async function addStepByHand(whys: Locator, q: string, a: string) {
  await whys.getByRole("button", { name: /^Add why \d+$/ }).click();
  const form = whys.getByRole("form", { name: /^New why \d+: edit$/ });
  await form.getByLabel("Question").fill(q);
  await form.getByLabel("Answer").fill(a);
  await form.getByRole("button", { name: "Add step" }).click();
  await expect(form).toHaveCount(0);
}

test("with no provider configured, a 5-Whys is completed by hand to a root cause", async ({ page }) => {
  await newIncident(page, "Nightly backup failed", "Linux");
  await expect(page.getByTestId("chat-no-provider")).toContainText("work the 5 Whys by hand");
  await expect(composer(page)).toHaveCount(0);
  const whys = whysPanel(page);
  await expect(whys.getByTestId("whys-progress")).toHaveText("No whys yet");

  const steps = [
    ["Why did the nightly backup fail?", "The backup volume was full."],
    ["Why was the backup volume full?", "Old backups were never deleted."],
    ["Why were old backups never deleted?", "The retention job was disabled in the last migration."],
    ["Why was the retention job disabled?", "The migration checklist does not cover scheduled jobs."],
  ] as const;
  for (const [i, [q, a]] of steps.entries()) {
    await addStepByHand(whys, q, a);
    await expect(whys.getByTestId("whys-progress")).toHaveText(`Why ${i + 1} of 5 · root cause not identified yet`);
  }
  await whys.getByRole("button", { name: "Mark as root cause (why 4)" }).click();
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 4 of 5 · root cause identified");
  await expect(whys.getByRole("listitem", { name: "Why 4" }).getByText("Root cause", { exact: true })).toBeVisible();
  await expect(whys.getByText("from AI", { exact: true })).toHaveCount(0);
  await expect(whys.getByRole("list", { name: "5-Whys progress" }).getByRole("listitem")).toHaveText([
    "Why 1 (answered)",
    "Why 2 (answered)",
    "Why 3 (answered)",
    "Why 4 (answered)",
    "Why 5 (not yet)",
    "Root cause (identified)",
  ]);

  const events = timelineEvents(page);
  for (const n of [1, 2, 3, 4]) await expect(events.filter({ hasText: `5-Whys advanced to why ${n}` })).toHaveCount(1);
  await expect(events.filter({ hasText: "Root cause identified at why 4" })).toHaveCount(1);
  await expect(events.filter({ hasText: "5-Whys advanced to why 5" })).toHaveCount(0);

  await page.reload();
  await expect(whys.getByTestId("why-question")).toHaveText(steps.map(([q]) => q));
  await expect(whys.getByTestId("why-answer")).toHaveText(steps.map(([, a]) => a));
  await expect(whys.getByTestId("whys-progress")).toHaveText("Why 4 of 5 · root cause identified");
  await expect(events.filter({ hasText: "Root cause identified at why 4" })).toHaveCount(1);
});
