import type { Page } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { test, expect } from "./fixtures";
import { backend, newIncident } from "./helpers";

// The document editor with a long document (docs/benchmarks.md, "The document editor"): a
// 5,000-line, ~300 KB RCA in Markdown (headings, tables, fenced code, lists, long paragraphs),
// stored through the real DocumentService, opened in the editor page of the built UI over the
// real Go services. Measured in the page:
//   - opening: from the route change to the editor showing the first line, and to the preview
//     holding the whole document (it fills in chunks); once cold (the editor's code loads) and
//     once warm; long tasks and the longest frame gap meanwhile;
//   - typing: 200 characters typed with page.keyboard.type (30 ms between keys), at the end of
//     the document and at the start of a paragraph in its middle; per key, from the keydown's
//     timestamp to the first frame after the editor's line shows the character (rAF, then a task
//     queued from it, which runs after the paint); long tasks, frame gaps and the Event Timing
//     API's key interactions while typing; from the last key to the preview showing the text;
//   - autosave: from the last key to "Saved · version N" on screen (800 ms debounce included),
//     and the Save call itself (its /wails/call resource timing).
// Chromium's Event Timing durations (key → next presented frame, ≥16 ms only) are reported too;
// at the end of the document headless Chromium reports seconds the frames do not show (docs/benchmarks.md).
// Correctness: the stored document is exactly the text plus what was typed, where it was typed.
// Unlike the streaming benchmark, it fails on regressions: p50 key→frame and the cold open have
// generous targets (KEY_P50_MAX_MS, OPEN_MAX_MS). Figures go to build/bench/editor-ui.json.

const LINES = 5_000;
const SECTION_LINES = 100;
const TYPED = 200;
const KEY_DELAY_MS = 30;
const KEY_P50_MAX_MS = Number(process.env.BENCH_KEY_P50_MAX_MS ?? 50);
const OPEN_MAX_MS = Number(process.env.BENCH_OPEN_MAX_MS ?? 3_000);
const OUT = fileURLToPath(new URL("../../build/bench/editor-ui.json", import.meta.url));
const SENTINEL = "End of the report.";
// What is typed (200 characters each, no repeats: the preview check looks for the last 40).
const END_TEXT = " Follow-up from the review: the on-call engineer confirmed the orders-db pool limit was raised from 50 to 200 connections; the saturation alert now fires at 80 percent and the runbook now links to it.";
const MID_TEXT = "Update after the review: the pool limit and the cache bound were deployed on 2026-03-16, and a load test at twice the peak traffic showed no saturation for three hours; the rollback drill took 4 min. ";
// The middle of the document: the first paragraph of section 25 (of 50).
const MIDDLE_SECTION = 25;

// Side by side (the editor area is at least 880 px wide): the preview is laid out while typing.
test.use({ viewport: { width: 1440, height: 900 } });

// ---- the document ------------------------------------------------------------------------------

/** mulberry32: the same document on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type R = () => number;
const int = (r: R, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const two = (n: number) => String(n).padStart(2, "0");
const clock = (r: R) => `${two(int(r, 8, 17))}:${two(int(r, 0, 59))}:${two(int(r, 0, 59))}`;

const SERVICES = ["orders-api", "checkout-web", "payments-gw", "inventory-svc", "orders-db", "edge-proxy", "auth-svc", "search-api"] as const;
const TITLES = ["Summary", "Impact", "Detection", "Timeline", "Response", "Root cause", "Contributing factors", "Logs analysed", "Remediation", "Lessons learned"] as const;
const SIGNALS = ["p99 latency", "error rate", "pool in use", "CPU", "RSS", "GC pause", "queue depth", "5xx per min"] as const;
const LEVELS = ["ERROR", "WARN", "INFO"] as const;

const SENTENCES: ((r: R) => string)[] = [
  (r) => `At ${clock(r)} UTC the ${pick(r, SERVICES)} deployment began returning HTTP ${pick(r, [502, 503, 504])} for ${int(r, 3, 40)}% of checkout requests.`,
  (r) => `The ${pick(r, SERVICES)} connection pool reached its limit of ${int(r, 20, 200)} connections and requests queued for up to ${int(r, 2, 30)} seconds.`,
  (r) => `On-call acknowledged the page ${int(r, 2, 15)} minutes after it fired, because the alert was routed to the secondary rotation.`,
  (r) => `A rollback of ${pick(r, SERVICES)} to release 2026.03.${two(int(r, 1, 28))} reduced the error rate but did not remove the saturation.`,
  (r) => `Heap profiles taken at ${clock(r)} show the in-process product cache holding ${int(r, 300, 1900)} MiB with no eviction.`,
  (r) => `Customers in ${pick(r, ["eu-west-1", "us-east-1", "ap-southeast-2"])} saw timeouts first, as their traffic peaks earlier in the day.`,
  (r) => `The dashboard for ${pick(r, SERVICES)} did not show pool saturation, so responders looked at the database for ${int(r, 10, 40)} minutes.`,
  (r) => `Retries from ${pick(r, SERVICES)} multiplied the load by roughly ${int(r, 2, 6)}x while the upstream was already failing.`,
  (r) => `No data was lost; ${int(r, 100, 9000)} orders were delayed and completed after the incident was mitigated.`,
  () => `The change that introduced the cache was reviewed, but the review checklist has no item for memory bounds.`,
];

function paragraph(r: R, min: number): string {
  let s = "";
  while (s.length < min) s += (s ? " " : "") + pick(r, SENTENCES)(r);
  return s;
}

/** Section k (1-based): exactly SECTION_LINES lines, no blank line inside fenced code. */
function section(r: R, k: number, last: boolean): string[] {
  const svc = pick(r, SERVICES);
  const out: string[] = [`## ${k}. ${TITLES[(k - 1) % TITLES.length]} — ${svc}`, "", paragraph(r, 400), "", paragraph(r, 240), "", "### Evidence", ""];
  for (let i = 0; i < 10; i++) out.push(`- ${clock(r)} UTC — \`${pick(r, SERVICES)}-${int(r, 1000, 9999).toString(16)}\` ${pick(r, SENTENCES)(r).slice(0, 48)}`);
  out.push("", "| Time (UTC) | Service | Signal | Value | Note |", "| --- | --- | --- | ---: | --- |");
  for (let i = 0; i < 20; i++)
    out.push(`| ${clock(r)} | ${pick(r, SERVICES)} | ${pick(r, SIGNALS)} | ${int(r, 1, 9999).toLocaleString("en")} | ${pick(r, ["above SLO", "normal", "alerting", "recovered", "—"])} |`);
  out.push("", "```log");
  for (let i = 0; i < 20; i++)
    out.push(
      `2026-03-14T${clock(r)}.${String(int(r, 0, 999)).padStart(3, "0")}Z ${pick(r, LEVELS)} ${pick(r, SERVICES)} pool: acquire timeout (waited ${int(r, 100, 5000)}ms, active=${int(r, 10, 50)}/50)`,
    );
  out.push("```", "", "### Analysis", "", paragraph(r, 340), "", "```yaml");
  out.push(
    "resources:",
    "  limits:",
    `    memory: ${int(r, 256, 2048)}Mi`,
    `    cpu: ${int(r, 250, 2000)}m`,
    "cache:",
    `  maxEntries: ${int(r, 0, 50000)}`,
    `  ttl: ${int(r, 0, 600)}s`,
    "pool:",
    `  maxOpen: ${int(r, 10, 200)}`,
    `  maxIdle: ${int(r, 5, 50)}`,
    `  acquireTimeout: ${int(r, 1, 10)}s`,
    `  service: ${svc}`,
  );
  out.push("```", "", "### Contributing factors", "");
  for (let i = 1; i <= 6; i++) out.push(`${i}. ${pick(r, SENTENCES)(r)}`);
  out.push("");
  for (let i = 0; i < 3; i++) out.push(`- [ ] ${pick(r, ["Add a memory bound to", "Alert on pool saturation for", "Load-test", "Document the rollback of"])} ${pick(r, SERVICES)} (owner: ${pick(r, ["SRE", "Payments", "Platform"])})`);
  out.push("", `> ${paragraph(r, 180)}`, "", last ? SENTINEL : "---");
  if (out.length !== SECTION_LINES) throw new Error(`section ${k} has ${out.length} lines, not ${SECTION_LINES}`);
  return out;
}

function rcaDocument(): { text: string; lines: string[] } {
  const r = rng(5);
  const sections = LINES / SECTION_LINES;
  const lines = Array.from({ length: sections }, (_, i) => section(r, i + 1, i === sections - 1)).flat();
  return { text: lines.join("\n"), lines };
}

// ---- the probes --------------------------------------------------------------------------------

type EditorProbe = {
  frames: number[];
  longTasks: { start: number; duration: number }[];
  eventTiming: { name: string; start: number; duration: number; interactionId: number }[];
  calls: { start: number; end: number; bytes: number }[];
  states: { t: number; state: string }[];
  keys: { phase: string; key: number; shown: number }[];
  /** The typing phase: keys are counted from base (the active line's length when it started). */
  phase: { name: string; base: number; typed: number } | null;
  /** An opening being measured: route change at t0; when the editor and the full preview showed. */
  open: { t0: number; firstLine: string; editor: number; preview: number } | null;
  /** The preview block that should show text (index, text), and when it first did. */
  watch: { block: number; text: string; shown: number } | null;
  stop: boolean;
};

declare global {
  interface Window {
    __editorBench?: EditorProbe;
  }
}

async function installProbes(page: Page, sentinel: string) {
  await page.evaluate((sentinel) => {
    const probe: EditorProbe = { frames: [], longTasks: [], eventTiming: [], calls: [], states: [], keys: [], phase: null, open: null, watch: null, stop: false };
    window.__editorBench = probe;
    const afterPaint = (fn: (t: number) => void) => setTimeout(() => fn(performance.now()), 0);
    const preview = () => document.querySelector('[data-testid="document-preview"]');
    const activeLine = () => document.querySelector(".cm-content .cm-activeLine");
    // Each frame: frame times, save status changes, and the milestones being waited for.
    let lastState = "";
    const frame = (t: number) => {
      probe.frames.push(t);
      const state = document.querySelector('[data-testid="save-status"]')?.getAttribute("data-state") ?? "";
      if (state !== lastState) {
        lastState = state;
        probe.states.push({ t, state });
      }
      const o = probe.open;
      if (o && !o.editor) {
        const first = document.querySelector('[data-testid="markdown-editor"] .cm-line');
        if (first?.textContent === o.firstLine && first.getBoundingClientRect().height > 0) {
          o.editor = -1;
          afterPaint((n) => (o.editor = n));
        }
      }
      if (o && !o.preview) {
        const p = preview();
        if (p?.getAttribute("aria-busy") === "false" && p.lastElementChild?.textContent?.includes(sentinel)) {
          o.preview = -1;
          afterPaint((n) => (o.preview = n));
        }
      }
      const w = probe.watch;
      if (w && !w.shown && preview()?.children[w.block]?.textContent?.includes(w.text)) {
        w.shown = -1;
        afterPaint((n) => (w.shown = n));
      }
      if (!probe.stop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
    performance.setResourceTimingBufferSize(100_000);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceResourceTiming[])
        if (e.name.endsWith("/wails/call")) probe.calls.push({ start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize });
    }).observe({ type: "resource" });
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[])
          probe.eventTiming.push({ name: e.name, start: e.startTime, duration: e.duration, interactionId: e.interactionId ?? 0 });
      }).observe({ type: "event", buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
    } catch {
      // No Event Timing API: only the rAF-based latency is reported.
    }
    // Key → frame: the n-th character typed in a phase is on screen once the editor's active
    // line is base+n characters long (CodeMirror redraws the line; it is looked up each frame).
    document.addEventListener(
      "keydown",
      (e) => {
        const ph = probe.phase;
        if (!ph || e.key.length !== 1 || !(e.target instanceof Element) || !e.target.closest(".cm-content")) return;
        const want = ph.base + ++ph.typed;
        const key = e.timeStamp;
        const name = ph.name;
        const check = () => {
          if ((activeLine()?.textContent?.length ?? 0) >= want) afterPaint((shown) => probe.keys.push({ phase: name, key, shown }));
          else if (performance.now() - key > 10_000) probe.keys.push({ phase: name, key, shown: NaN });
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      },
      true,
    );
  }, sentinel);
}

const probe = (page: Page) => page.evaluate(() => window.__editorBench as EditorProbe);

// ---- statistics --------------------------------------------------------------------------------

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, mean: round(mean), p50: round(quantile(s, 0.5)), p90: round(quantile(s, 0.9)), p95: round(quantile(s, 0.95)), max: round(s.at(-1) ?? NaN) };
}

/** Main-thread figures between a and b (ms, page clock). */
function mainThread(p: EditorProbe, a: number, b: number) {
  const frames = p.frames.filter((t) => t >= a && t <= b);
  const gaps = frames.slice(1).map((t, i) => t - (frames[i] ?? t));
  const longs = p.longTasks.filter((l) => l.start >= a && l.start <= b);
  const g = stats(gaps);
  return {
    frameGapMs: { p50: g.p50, p95: g.p95, max: g.max },
    framesOver50ms: gaps.filter((x) => x > 50).length,
    longTasks: { count: longs.length, totalMs: round(longs.reduce((x, l) => x + l.duration, 0)), maxMs: round(Math.max(0, ...longs.map((l) => l.duration))) },
  };
}

// ---- the steps ---------------------------------------------------------------------------------

const editor = (page: Page) => page.getByRole("textbox", { name: "Document text (Markdown)" });
const saveStatus = (page: Page) => page.getByTestId("save-status");

type Doc = { id: string; version: number; contentMd: string };

/** Opens the document by changing the route (as the app's links do); returns the page-clock figures. */
async function open(page: Page, issueId: string, docId: string, firstLine: string) {
  const hash = `#/incidents/${encodeURIComponent(issueId)}/documents/${encodeURIComponent(docId)}`;
  await page.evaluate(
    ([hash, firstLine]) => {
      const p = window.__editorBench as EditorProbe;
      p.open = { t0: performance.now(), firstLine, editor: 0, preview: 0 };
      location.hash = hash;
    },
    [hash, firstLine] as const,
  );
  await expect.poll(async () => {
    const o = (await probe(page)).open;
    return (o?.editor ?? 0) > 0 && (o?.preview ?? 0) > 0;
  }, { timeout: 60_000 }).toBe(true);
  await expect(editor(page)).toBeVisible();
  await expect(page.getByTestId("document-preview")).toBeVisible();
  const p = await probe(page);
  const o = p.open as NonNullable<EditorProbe["open"]>;
  await page.evaluate(() => ((window.__editorBench as EditorProbe).open = null));
  // The document read (DocumentService.Get: ~300 KB of JSON) among the calls made while opening.
  const get = p.calls.filter((c) => c.start >= o.t0 && c.start <= o.preview && c.bytes > 200_000);
  return {
    editorShownMs: round(o.editor - o.t0),
    previewFilledMs: round(o.preview - o.t0),
    getCallMs: get.length ? round(Math.max(...get.map((c) => c.end - c.start))) : NaN,
    ...mainThread(p, o.t0, o.preview),
  };
}

/**
 * Types TYPED characters where the cursor is (phase name), then waits for them on screen, in the
 * preview (block `block` shows `tail`) and saved; returns the figures.
 */
async function typePhase(page: Page, name: string, text: string, block: number) {
  const tail = text.trim().slice(-40);
  // The editor and the preview settle (fenced-code languages load, the scroll lands).
  await page.waitForTimeout(1_000);
  await page.evaluate(
    ([name, block, tail]) => {
      const p = window.__editorBench as EditorProbe;
      const line = document.querySelector(".cm-content .cm-activeLine");
      p.phase = { name, base: line?.textContent?.length ?? 0, typed: 0 };
      p.watch = { block, text: tail, shown: 0 };
    },
    [name, block, tail] as const,
  );
  const startedAt = await page.evaluate(() => performance.now());
  await page.keyboard.type(text, { delay: KEY_DELAY_MS });
  await expect.poll(async () => (await probe(page)).keys.filter((k) => k.phase === name).length, { timeout: 30_000 }).toBe(text.length);
  // Saved after the last key, and the preview shows the text.
  await expect
    .poll(async () => {
      const p = await probe(page);
      const keys = p.keys.filter((k) => k.phase === name);
      const last = Math.max(...keys.map((k) => k.key));
      return p.states.some((s) => s.t > last && s.state === "saved") && (p.watch?.shown ?? 0) > 0;
    }, { timeout: 60_000 })
    .toBe(true);
  const p = await probe(page);
  await page.evaluate(() => {
    const b = window.__editorBench as EditorProbe;
    b.phase = null;
    b.watch = null;
  });
  const keys = p.keys.filter((k) => k.phase === name);
  const first = Math.min(...keys.map((k) => k.key));
  const last = Math.max(...keys.map((k) => k.key));
  const latencies = keys.map((k) => k.shown - k.key);
  expect(latencies.every(Number.isFinite), "every typed character showed in the editor").toBe(true);
  const saving = p.states.find((s) => s.t > last && s.state === "saving");
  const saved = p.states.find((s) => s.t > last && s.state === "saved") as { t: number };
  const save = p.calls.filter((c) => c.start > last && c.bytes > 200_000).at(0);
  // Event Timing: per key interaction, its longest event (keydown…next paint), 16 ms and over only.
  const perInteraction = new Map<number, number>();
  for (const e of p.eventTiming)
    if (e.interactionId > 0 && e.start >= first - 1 && e.start <= last + 1) perInteraction.set(e.interactionId, Math.max(perInteraction.get(e.interactionId) ?? 0, e.duration));
  const timing = stats([...perInteraction.values()]);
  const lat = stats(latencies);
  return {
    keys: keys.length,
    typingS: round((last - first) / 1000, 2),
    msPerKey: round((last - first) / (keys.length - 1)),
    keyToFrameMs: lat,
    keyToNextPaintOver16ms: { interactions: timing.n, p50: timing.p50, max: timing.max },
    ...mainThread(p, first, last + 100),
    // From the key that completes the text the preview is checked for (a trailing space shows nothing).
    lastKeyToPreviewMs: round((p.watch?.shown ?? NaN) - ([...keys].sort((a, b) => a.key - b.key)[text.trimEnd().length - 1]?.key ?? NaN)),
    autosave: {
      lastKeyToSavedShownMs: round(saved.t - last),
      savingShownToSavedShownMs: saving ? round(saved.t - saving.t) : NaN,
      saveCallMs: save ? round(save.end - save.start) : NaN,
    },
    sinceStartMs: round(last - startedAt),
  };
}

// ---- the benchmark -----------------------------------------------------------------------------

test("a 5,000-line RCA in the editor: opening, key→frame latency at the end and in the middle, autosave", async ({ page }) => {
  const load1 = loadavg();
  const { text: doc, lines } = rcaDocument();
  const bytes = new TextEncoder().encode(doc).length;
  expect([END_TEXT.length, MID_TEXT.length]).toEqual([TYPED, TYPED]);
  expect(lines.length).toBe(LINES);
  expect(bytes).toBeGreaterThan(280_000);
  expect(bytes).toBeLessThan(330_000);

  // An incident, an RCA generated for it, then the long text saved over it (the real services).
  const issueId = await newIncident(page, "Editor benchmark");
  const generated = await backend<Doc>(page, "DocumentService", "Generate", issueId, "rca");
  const t = Date.now();
  const stored = await backend<Doc>(page, "DocumentService", "Save", generated.id, { title: "RCA: editor benchmark", contentMd: doc, newVersion: false });
  const bridgeSaveMs = Date.now() - t;
  expect(stored.contentMd).toBe(doc);

  await installProbes(page, SENTINEL);
  const firstLine = lines[0] as string;
  const cold = await open(page, issueId, stored.id, firstLine);
  // Again, with the editor's code loaded: back to the incident, then the document.
  await page.evaluate((h) => (location.hash = h), `#/incidents/${encodeURIComponent(issueId)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Editor benchmark");
  const warm = await open(page, issueId, stored.id, firstLine);
  await expect(saveStatus(page)).toHaveText(`Saved · version ${stored.version}`);

  const blocks = doc.split(/\n\n+/);

  // Typing at the end: after the last line (one paragraph: the last preview block).
  await editor(page).focus();
  await page.keyboard.press("Control+End");
  await expect(page.locator(".cm-content .cm-activeLine")).toHaveText(SENTINEL);
  const atEnd = await typePhase(page, "end", END_TEXT, blocks.length - 1);
  await expect(saveStatus(page)).toHaveText(`Saved · version ${stored.version}`);
  const afterEnd = doc + END_TEXT;
  expect((await backend<Doc>(page, "DocumentService", "Get", stored.id)).contentMd === afterEnd, "the stored text is the document plus what was typed at its end").toBe(true);

  // Typing in the middle: at the start of section 25's first paragraph (jumped to by its heading).
  const headingLine = (MIDDLE_SECTION - 1) * SECTION_LINES + 1;
  const para = lines[headingLine + 1] as string;
  await page.getByLabel("Jump to section").selectOption(String(headingLine));
  await expect(page.locator(".cm-content .cm-activeLine")).toHaveText(lines[headingLine - 1] as string);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Home");
  await expect(page.locator(".cm-content .cm-activeLine")).toHaveText(para);
  const midBlock = blocks.indexOf(para);
  expect(midBlock).toBeGreaterThan(0);
  const middle = await typePhase(page, "middle", MID_TEXT, midBlock);
  const afterMiddle = afterEnd.replace(para, MID_TEXT + para);
  expect((await backend<Doc>(page, "DocumentService", "Get", stored.id)).contentMd === afterMiddle, "the stored text has what was typed in the middle, where it was typed").toBe(true);
  await page.evaluate(() => ((window.__editorBench as EditorProbe).stop = true));

  const figures = {
    when: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? "?", cpus: cpus().length, loadavgBefore: load1.map((n) => round(n, 2)), loadavgAfter: loadavg().map((n) => round(n, 2)) },
    browser: page.context().browser()?.version() ?? "?",
    viewport: page.viewportSize(),
    document: { lines: lines.length, bytes, previewBlocks: blocks.length, bridgeSaveMs },
    open: { cold, warm },
    typing: { keyDelayMs: KEY_DELAY_MS, atEnd, inMiddle: middle },
    targets: { keyToFrameP50MaxMs: KEY_P50_MAX_MS, openMaxMs: OPEN_MAX_MS },
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(figures, null, 2) + "\n");
  console.log(`editor-ui figures (${OUT}):\n${JSON.stringify(figures, null, 2)}`);

  // Targets (generous: a shared 2-vCPU machine under load; regressions are several times over).
  expect.soft(cold.editorShownMs, "cold open: editor shown").toBeLessThanOrEqual(OPEN_MAX_MS);
  expect.soft(cold.previewFilledMs, "cold open: preview filled").toBeLessThanOrEqual(OPEN_MAX_MS);
  expect.soft(atEnd.keyToFrameMs.p50, "typing at the end: p50 key→frame").toBeLessThanOrEqual(KEY_P50_MAX_MS);
  expect.soft(middle.keyToFrameMs.p50, "typing in the middle: p50 key→frame").toBeLessThanOrEqual(KEY_P50_MAX_MS);
});
