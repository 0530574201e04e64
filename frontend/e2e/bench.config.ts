import base from "./playwright.config";
import { defineConfig } from "@playwright/test";

// Runs e2e/*.bench.ts: measurements in the browser over the real Go services (make bench-ui).
// They report figures (build/bench/) and check correctness; stream.bench.ts has no timing
// thresholds, editor.bench.ts fails on generous ones (p50 key→frame, cold open).
export default defineConfig({
  ...base,
  testMatch: /.*\.bench\.ts/,
  timeout: 10 * 60_000,
  use: { ...base.use, trace: "off", screenshot: "off" },
});
