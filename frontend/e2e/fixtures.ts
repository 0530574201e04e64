import { test as base, expect } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

// One tftsr-e2e server per test: a fresh encrypted database in a temp data dir, the key in the
// key-file fallback under a temp config dir (the OS keyring is never touched).
type Server = { url: string; dataDir: string; configDir: string; log: string[] };

export const test = base.extend<{ server: Server }>({
  server: async ({}, use) => {
    const bin = process.env.E2E_SERVER;
    if (!bin) throw new Error("E2E_SERVER is not set: run through `make test-e2e`");
    const root = mkdtempSync(join(tmpdir(), "tftsr-e2e-"));
    const dataDir = join(root, "data");
    const configDir = join(root, "config");
    const log: string[] = [];
    const child = spawn(bin, ["--addr", "127.0.0.1:0", "--assets", fileURLToPath(new URL("../dist", import.meta.url))], {
      env: { PATH: process.env.PATH ?? "", HOME: root, TFTSR_DATA_DIR: dataDir, XDG_CONFIG_HOME: configDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`tftsr-e2e did not start: ${log.join("")}`)), 30_000);
      child.on("exit", (code) => fail(new Error(`tftsr-e2e exited (${code}): ${log.join("")}`)));
      createInterface({ input: child.stdout }).on("line", (line) => {
        const m = /^TFTSR_E2E_LISTENING (\S+)$/.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
    });
    await use({ url, dataDir, configDir, log });
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(root, { recursive: true, force: true });
  },
  page: async ({ page, server }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "/");
    await use(page);
    expect(errors, "uncaught errors in the page").toEqual([]);
  },
});

export { expect };
