import { test as base, expect } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

// A tftsr-e2e server: the built UI with the web bridge, over the real Go services and a real
// encrypted database in root/data. Unless TFTSR_DB_KEY is given, the key lives in the key-file
// fallback under root/config (the OS keyring is never touched).
export type Server = {
  url: string;
  root: string;
  dataDir: string;
  configDir: string;
  log: string[];
  /** The fake OpenAI-compatible provider's base URL, when started with TFTSR_E2E_FAKE_AI=openai. */
  aiURL?: string;
  /** The fake Confluence site's base URL, when started with TFTSR_E2E_FAKE_CONFLUENCE=cloud. */
  confluenceURL?: string;
  /** The id of the fake Confluence's existing page "Incident reports" in OPS (a parent to publish under). */
  confluenceParentId?: string;
  /** Scripts the next open-files dialog: it will "choose" these paths. */
  pick: (paths: string[]) => void;
  /** Scripts the save dialog: it will "choose" this path ("" = the user cancels). */
  saveAs: (path: string) => void;
  stop: () => Promise<void>;
  /** The extra environment the server was started with (restart uses it again). */
  env?: Record<string, string>;
};

export async function startServer(root: string, env: Record<string, string> = {}): Promise<Server> {
  const bin = process.env.E2E_SERVER;
  if (!bin) throw new Error("E2E_SERVER is not set: run through `make test-e2e`");
  const dataDir = join(root, "data");
  const configDir = join(root, "config");
  const log: string[] = [];
  const pickFile = join(root, "pick.txt");
  const saveFile = join(root, "save.txt");
  const child = spawn(bin, ["--addr", "127.0.0.1:0", "--assets", fileURLToPath(new URL("../dist", import.meta.url))], {
    env: { PATH: process.env.PATH ?? "", HOME: root, TFTSR_DATA_DIR: dataDir, XDG_CONFIG_HOME: configDir, TFTSR_E2E_PICK_FILE: pickFile, TFTSR_E2E_SAVE_FILE: saveFile, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr.on("data", (d: Buffer) => log.push(d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  let aiURL: string | undefined;
  let confluenceURL: string | undefined;
  let confluenceParentId: string | undefined;
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`tftsr-e2e did not start: ${log.join("")}`)), 30_000);
    child.once("exit", (code) => fail(new Error(`tftsr-e2e exited (${code}): ${log.join("")}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      // Printed before the LISTENING line.
      const ai = /^TFTSR_E2E_FAKE_AI (\S+)$/.exec(line);
      if (ai?.[1]) aiURL = ai[1];
      const cf = /^TFTSR_E2E_FAKE_CONFLUENCE (\S+)$/.exec(line);
      if (cf?.[1]) confluenceURL = cf[1];
      const cfp = /^TFTSR_E2E_FAKE_CONFLUENCE_PARENT (\S+)$/.exec(line);
      if (cfp?.[1]) confluenceParentId = cfp[1];
      const m = /^TFTSR_E2E_LISTENING (\S+)$/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await exited;
  };
  const pick = (paths: string[]) => writeFileSync(pickFile, paths.join("\n"));
  const saveAs = (path: string) => writeFileSync(saveFile, path);
  return { url, root, dataDir, configDir, log, aiURL, confluenceURL, confluenceParentId, pick, saveAs, stop, env };
}

/**
 * Restarts the backend: stops the server and starts a new one over the same root (same data
 * dir, same key file, same environment). The new server listens on a new URL; a fake AI
 * provider, when there is one, is a new one too (a new URL and no recorded requests). The caller
 * stops the returned server.
 */
export async function restart(server: Server): Promise<Server> {
  await server.stop();
  return startServer(server.root, server.env ?? {});
}

export function tempRoot(): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), "tftsr-e2e-"));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

// One server and one fresh database per test.
export const test = base.extend<{ server: Server }>({
  server: async ({}, use) => {
    const { root, remove } = tempRoot();
    const server = await startServer(root);
    await use(server);
    await server.stop();
    remove();
  },
  page: async ({ page, server }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "/");
    // The app is ready once the startup check has passed and the shell (with its keyboard
    // shortcuts) is mounted.
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await use(page);
    expect(errors, "uncaught errors in the page").toEqual([]);
  },
});

// The same, with a fake OpenAI-compatible provider (TFTSR_E2E_FAKE_AI=openai) at server.aiURL.
// It accepts the key FAKE_AI_KEY and lists the models "test-model" and "test-model-large";
// replies are scripted with aiEnqueue and the requests it received read back with aiRequests.
export const aiTest = base.extend<{ server: Server & { aiURL: string } }>({
  server: async ({}, use) => {
    const { root, remove } = tempRoot();
    const server = await startServer(root, { TFTSR_E2E_FAKE_AI: "openai" });
    const { aiURL } = server;
    if (!aiURL) {
      await server.stop();
      remove();
      throw new Error("tftsr-e2e did not start the fake AI provider (no TFTSR_E2E_FAKE_AI line)");
    }
    await use({ ...server, aiURL });
    await server.stop();
    remove();
  },
  page: async ({ page, server }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "/");
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await use(page);
    expect(errors, "uncaught errors in the page").toEqual([]);
  },
});

/** The API key the fake AI provider accepts; any other is refused with 401 invalid_api_key. */
export const FAKE_AI_KEY = "sk-test-0123456789abcdef";

/** One scripted reply of the fake AI provider. */
export type FakeAIReply = {
  chunks?: string[];
  fail?: "" | "auth" | "model" | "context" | "rate" | "overload" | "server";
  retryAfter?: string;
  /** Pause after the first chunk until aiRelease. */
  hold?: boolean;
  inputTokens?: number;
  outputTokens?: number;
  /** Milliseconds between chunks (a model writing at a given speed). */
  intervalMs?: number;
};

/** A request the fake AI provider received. */
export type FakeAIRequest = {
  path: string;
  model: string;
  system: string;
  turns: { role: string; text: string }[] | null;
  temperature: number | null;
  maxTokens: number;
  body: string;
};

async function control(server: Pick<Server, "url">, method: "GET" | "POST", path: string, body?: unknown): Promise<Response> {
  const res = await fetch(server.url + path, {
    method,
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${await res.text()}`);
  return res;
}

/** Queues replies for the fake AI provider's next chat requests. */
export async function aiEnqueue(server: Pick<Server, "url">, replies: FakeAIReply[]): Promise<void> {
  await control(server, "POST", "/e2e/ai/enqueue", replies);
}

/** Lets held replies continue. */
export async function aiRelease(server: Pick<Server, "url">): Promise<void> {
  await control(server, "POST", "/e2e/ai/release");
}

/** Every request the fake AI provider received, in order. */
export async function aiRequests(server: Pick<Server, "url">): Promise<FakeAIRequest[]> {
  return (await (await control(server, "GET", "/e2e/ai/requests")).json()) as FakeAIRequest[];
}

// The documents flow: the fake AI provider (as aiTest) and a fake Confluence Cloud site
// (TFTSR_E2E_FAKE_CONFLUENCE=cloud) at server.confluenceURL, driven with the confluence* helpers.
export const docsTest = base.extend<{ server: Server & { aiURL: string; confluenceURL: string; confluenceParentId: string } }>({
  server: async ({}, use) => {
    const { root, remove } = tempRoot();
    const server = await startServer(root, { TFTSR_E2E_FAKE_AI: "openai", TFTSR_E2E_FAKE_CONFLUENCE: "cloud" });
    const { aiURL, confluenceURL, confluenceParentId } = server;
    if (!aiURL || !confluenceURL || !confluenceParentId) {
      await server.stop();
      remove();
      throw new Error(`tftsr-e2e did not start its fakes (AI ${aiURL ?? "missing"}, Confluence ${confluenceURL ?? "missing"})`);
    }
    await use({ ...server, aiURL, confluenceURL, confluenceParentId });
    await server.stop();
    remove();
  },
  page: async ({ page, server }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "/");
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await use(page);
    expect(errors, "uncaught errors in the page").toEqual([]);
  },
});

/** The fake Confluence Cloud site's account (e2e contract). */
export const FAKE_CONFLUENCE = {
  email: "e2e@example.com",
  token: "e2e-confluence-token-1234",
  spaces: { OPS: "Operations", ENG: "Engineering" },
  /** The title of the existing page in OPS whose id is server.confluenceParentId. */
  parentTitle: "Incident reports",
} as const;

/** A page held by the fake Confluence. */
export type FakeConfluencePage = {
  id: string;
  title: string;
  spaceKey: string;
  parentId: string;
  version: number;
  /** The storage-format body of the current version. */
  body: string;
  versions: { number: number; body: string }[];
  url: string;
};

/** A request the fake Confluence received. */
export type FakeConfluenceRequest = { method: string; path: string; auth: "basic" | "bearer" | ""; body: string };

export type ConfluenceOp = "create" | "update" | "get" | "user" | "space" | "any";

/** The pages the fake Confluence holds. */
export async function confluencePages(server: Pick<Server, "url">): Promise<FakeConfluencePage[]> {
  return (await (await control(server, "GET", "/e2e/confluence/pages")).json()) as FakeConfluencePage[];
}

/** Every request the fake Confluence received, in order. */
export async function confluenceRequests(server: Pick<Server, "url">): Promise<FakeConfluenceRequest[]> {
  return (await (await control(server, "GET", "/e2e/confluence/requests")).json()) as FakeConfluenceRequest[];
}

/** Makes the next `times` requests of kind `op` fail with `status` (and a Retry-After, if given). */
export async function confluenceFail(
  server: Pick<Server, "url">,
  f: { op: ConfluenceOp; status: number; retryAfter?: string; times?: number },
): Promise<void> {
  await control(server, "POST", "/e2e/confluence/fail", { times: 1, ...f });
}

/** Deletes a page on the fake Confluence (as someone would in its UI). */
export async function confluenceDelete(server: Pick<Server, "url">, id: string): Promise<void> {
  await control(server, "POST", "/e2e/confluence/delete", { id });
}

/** Someone else edits a page: its version goes up by one. */
export async function confluenceBump(server: Pick<Server, "url">, id: string): Promise<void> {
  await control(server, "POST", "/e2e/confluence/bump", { id });
}

export { expect };
