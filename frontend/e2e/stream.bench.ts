import type { Page } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { FAKE_AI_KEY, aiEnqueue, aiTest as test, expect } from "./fixtures";

// Streaming in the UI (a measurement, not a test: no timing thresholds; see docs/benchmarks.md).
// Target of the issue: the UI stays responsive while a 20,000-token answer streams at 200
// tokens/s, with no dropped or reordered tokens. The fake OpenAI-compatible provider sends
// 20,000 one-token chunks ("t00001 " … "t20000 ") 5 ms apart; the real chat runner batches them
// into chat:stream events; the page renders them. Measured in the page while it streams:
//   - chat:stream events (batches) per second, through an extra listener on the bridge's bus;
//   - main-thread responsiveness: requestAnimationFrame gaps (p50/p99/max) and long tasks;
//   - input latency: a key typed into the composer until the next frame after the textarea
//     shows it (from the key event's timestamp), and the Event Timing API's duration.
// Correctness is checked: the events' deltas and the final rendered answer are exactly the
// 20,000 numbered tokens in order. Figures go to build/bench/stream-ui.json.

const TOKENS = Number(process.env.BENCH_TOKENS ?? 20_000);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 5);
const KEY_EVERY_MS = 2_000;
const OUT = fileURLToPath(new URL("../../build/bench/stream-ui.json", import.meta.url));

const token = (i: number) => `t${String(i).padStart(5, "0")} `;

type Bridge = {
  go: { app: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> };
  runtime: { EventsOn: (name: string, cb: (data: unknown) => void) => () => void };
};

type Probe = {
  events: { t: number; seq: number; len: number; done: boolean; messageId: string }[];
  deltas: string[];
  frames: number[];
  longTasks: { start: number; duration: number }[];
  keys: { key: number; shown: number }[];
  eventTiming: { name: string; duration: number; interactionId: number }[];
  stop: boolean;
};

declare global {
  interface Window {
    __bench?: Probe;
  }
}

/** Installs the probes in the page (nothing in the app changes: one more listener on the bus). */
async function installProbes(page: Page) {
  await page.evaluate(() => {
    const probe: Probe = { events: [], deltas: [], frames: [], longTasks: [], keys: [], eventTiming: [], stop: false };
    window.__bench = probe;
    (window as unknown as Bridge).runtime.EventsOn("chat:stream", (data: unknown) => {
      const ev = data as { seq: number; delta?: string; done: boolean; messageId: string };
      probe.events.push({ t: performance.now(), seq: ev.seq, len: (ev.delta ?? "").length, done: ev.done, messageId: ev.messageId });
      probe.deltas.push(ev.delta ?? "");
    });
    const frame = (t: number) => {
      probe.frames.push(t);
      if (!probe.stop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[])
          probe.eventTiming.push({ name: e.name, duration: e.duration, interactionId: e.interactionId ?? 0 });
      }).observe({ type: "event", buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
    } catch {
      // No Event Timing API: only the rAF-based latency is reported.
    }
    // Input latency: from the keydown's timestamp to the first frame after the composer shows
    // the character (rAF runs before the paint; the task queued from it runs after it). On the
    // document, so a re-mounted textarea is still measured.
    const composer = (t: EventTarget | null): HTMLTextAreaElement | null => (t instanceof HTMLTextAreaElement ? t : null);
    let pending: { key: number; want: number } | null = null;
    document.addEventListener(
      "keydown",
      (e) => {
        const box = composer(e.target);
        if (box) pending = { key: e.timeStamp, want: box.value.length + 1 };
      },
      true,
    );
    document.addEventListener(
      "input",
      (e) => {
        const box = composer(e.target);
        const p = pending;
        pending = null;
        if (!box || !p) return;
        const check = () => {
          if (box.value.length >= p.want) setTimeout(() => probe.keys.push({ key: p.key, shown: performance.now() }), 0);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      },
      true,
    );
  });
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, mean: round(mean), p50: round(quantile(s, 0.5)), p99: round(quantile(s, 0.99)), max: round(s.at(-1) ?? NaN) };
}

test("a 20,000-token answer streamed at 200 tokens/s: event batches per second, frame gaps, input latency, no lost tokens", async ({ page, server }) => {
  const load1 = loadavg();
  await page.evaluate(
    ([url, key]) => {
      const create = (window as unknown as Bridge).go.app.ProviderService?.Create;
      if (!create) throw new Error("no bound method ProviderService.Create");
      return create({
        name: "Fake OpenAI",
        kind: "openai",
        baseUrl: url,
        model: "test-model",
        apiKey: key,
        temperature: null,
        maxTokens: 0,
        contextWindow: 0,
        apiVersion: "",
        custom: null,
      });
    },
    [server.aiURL, FAKE_AI_KEY] as const,
  );
  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill("Streaming benchmark");
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Streaming benchmark");

  const chunks = Array.from({ length: TOKENS }, (_, i) => token(i + 1));
  const expected = chunks.join("");
  await aiEnqueue(server, [{ chunks, intervalMs: INTERVAL_MS }]);

  const composer = page.getByRole("textbox", { name: "Message to the assistant" });
  await installProbes(page);
  // BENCH_PROFILE=1: a CPU profile of the page while it streams (build/bench/stream-ui.cpuprofile).
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 1000 });
    await cdp.send("Profiler.start");
  }
  await composer.fill("Write out the numbered tokens.");
  const sentAt = await page.evaluate(() => performance.now());
  await page.getByTestId("triage-section").getByRole("button", { name: "Send", exact: true }).click();
  const answer = page.locator('[data-testid="chat-message"][data-role="assistant"]').first();
  await expect(answer).toHaveAttribute("data-status", "streaming");

  // Type into the composer while it streams: one key every 2 s.
  await composer.click();
  let typed = 0;
  const start = Date.now();
  for (;;) {
    const status = await answer.getAttribute("data-status");
    if (status !== "streaming") break;
    if (Date.now() - start > 8 * 60_000) throw new Error("the answer did not finish within 8 min");
    await composer.press(String.fromCharCode(97 + (typed % 26)));
    typed++;
    await page.waitForTimeout(KEY_EVERY_MS);
  }
  await expect(answer).toHaveAttribute("data-status", "complete");
  const doneAt = await page.evaluate(() => performance.now());
  await page.evaluate(() => {
    if (window.__bench) window.__bench.stop = true;
  });
  // Every key typed during the stream is in the composer, in order.
  expect(await composer.inputValue()).toBe(Array.from({ length: typed }, (_, i) => String.fromCharCode(97 + (i % 26))).join(""));
  const probe = await page.evaluate(() => window.__bench as Probe);
  if (cdp) {
    const { profile } = await cdp.send("Profiler.stop");
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT.replace(/\.json$/, ".cpuprofile"), JSON.stringify(profile));
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id);
      if (!n) return;
      const f = n.callFrame;
      const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\//, "")}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log("CPU profile, self time (ms):\n" + top.map(([k, v]) => `${round(v).toString().padStart(9)}  ${k}`).join("\n"));
  }

  // Correctness of the stream: seq 1…n without gaps or repeats, deltas = the tokens in order.
  const evs = probe.events;
  expect(evs.length).toBeGreaterThan(1);
  expect(evs.map((e) => e.seq)).toEqual(evs.map((_, i) => i + 1));
  expect(new Set(evs.map((e) => e.messageId)).size).toBe(1);
  expect(evs.at(-1)?.done).toBe(true);
  const streamed = probe.deltas.join("");
  expect(streamed.length).toBe(expected.length);
  expect(streamed === expected, "the streamed deltas are the 20,000 tokens in order").toBe(true);

  // Correctness of the view: the rendered answer is the tokens in order.
  const rendered = await answer.evaluate((li) => {
    const body = li.querySelector("div")?.cloneNode(true) as HTMLElement | undefined;
    if (!body) return "";
    body.querySelectorAll(".sr-only").forEach((n) => n.remove());
    return body.textContent ?? "";
  });
  const words = rendered.trim().split(/\s+/);
  expect(words.length).toBe(TOKENS);
  const firstWrong = words.findIndex((w, i) => w !== token(i + 1).trim());
  expect(firstWrong, `first wrong rendered token at index ${firstWrong}: ${words[firstWrong]}`).toBe(-1);

  // Figures.
  const t0 = evs[0]?.t ?? 0;
  const tEnd = evs.at(-1)?.t ?? 0;
  const seconds = (tEnd - t0) / 1000;
  const perSecond: number[] = [];
  for (const e of evs) {
    const b = Math.floor((e.t - t0) / 1000);
    perSecond[b] = (perSecond[b] ?? 0) + 1;
  }
  const fullSeconds = perSecond.slice(0, Math.floor(seconds)).map((n) => n ?? 0);
  const inStream = probe.frames.filter((t) => t >= t0 && t <= tEnd);
  const gaps = inStream.slice(1).map((t, i) => t - (inStream[i] ?? t));
  const longs = probe.longTasks.filter((l) => l.start >= t0 && l.start <= tEnd);
  const latencies = probe.keys.map((k) => k.shown - k.key);
  // Event Timing: per key interaction, the longest of its events, from the key's timestamp to the
  // next paint (only interactions of 16 ms or more are reported by the browser).
  const perInteraction = new Map<number, number>();
  for (const e of probe.eventTiming) if (e.interactionId > 0) perInteraction.set(e.interactionId, Math.max(perInteraction.get(e.interactionId) ?? 0, e.duration));
  const keyTiming = [...perInteraction.values()];
  // How it changes as the answer grows: frame gaps and long tasks by quarter of the stream.
  const quarter = (tEnd - t0) / 4;
  const byQuarter = [0, 1, 2, 3].map((q) => {
    const a = t0 + q * quarter;
    const b = a + quarter;
    const f = inStream.filter((t) => t >= a && t <= b);
    const g = f.slice(1).map((t, i) => t - (f[i] ?? t));
    const l = longs.filter((x) => x.start >= a && x.start < b);
    return { frameGapMs: pick(stats(g), ["p50", "p99", "max"]), longTasks: l.length, longTaskMs: round(l.reduce((x, y) => x + y.duration, 0)) };
  });
  const chars = evs.map((e) => e.len);

  const figures = {
    when: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? "?", cpus: cpus().length, loadavgBefore: load1.map((n) => round(n, 2)), loadavgAfter: loadavg().map((n) => round(n, 2)) },
    browser: page.context().browser()?.version() ?? "?",
    workload: { tokens: TOKENS, intervalMs: INTERVAL_MS, targetTokensPerSecond: round(1000 / INTERVAL_MS), chars: expected.length },
    correctness: { events: evs.length, seqContiguous: true, streamedEqualsExpected: true, renderedTokens: words.length, renderedInOrder: true },
    stream: {
      firstEventAfterSendMs: round(t0 - sentAt),
      durationS: round(seconds, 2),
      tokensPerSecond: round(TOKENS / seconds),
      completeShownAfterLastEventMs: round(doneAt - tEnd),
      eventsPerSecond: { mean: round(evs.length / seconds), ...pick(stats(fullSeconds), ["p50", "max"]), min: Math.min(...fullSeconds) },
      charsPerEvent: stats(chars),
    },
    mainThread: {
      frames: inStream.length,
      framesPerSecond: round(inStream.length / seconds),
      frameGapMs: stats(gaps),
      framesOver50ms: gaps.filter((g) => g > 50).length,
      framesOver100ms: gaps.filter((g) => g > 100).length,
      longTasks: { count: longs.length, totalMs: round(longs.reduce((a, l) => a + l.duration, 0)), ...pick(stats(longs.map((l) => l.duration)), ["p50", "p99", "max"]) },
      longTaskShareOfStream: round(longs.reduce((a, l) => a + l.duration, 0) / (tEnd - t0), 3),
      byQuarter,
    },
    input: {
      keysTyped: typed,
      keyToFrameMs: stats(latencies),
      keyToNextPaintOver16ms: { interactions: keyTiming.length, ...pick(stats(keyTiming), ["p50", "max"]) },
    },
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(figures, null, 2) + "\n");
  console.log(`stream-ui figures (${OUT}):\n${JSON.stringify(figures, null, 2)}`);
  expect(probe.keys.length).toBe(typed);
});

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = o[k];
  return out;
}
