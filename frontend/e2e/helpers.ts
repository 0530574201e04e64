// Steps shared by the browser tests: calling a bound Go method through the page's bridge (the
// same path the UI uses; for reads and for setup another spec tests through its own UI), adding
// the fake AI provider, and creating an incident through the New incident form.
import { expect, type Page } from "@playwright/test";
import { FAKE_AI_KEY } from "./fixtures";

type Bridge = { go: { app: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> } };

/** Calls a bound Go method through the page's bridge. */
export function backend<T>(page: Page, service: string, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([s, m, a]) => {
      const fn = (window as unknown as Bridge).go.app[s]?.[m];
      if (!fn) throw new Error(`no bound method ${s}.${m}`);
      return fn(...a);
    },
    [service, method, args] as [string, string, unknown[]],
  ) as Promise<T>;
}

/** The fake AI provider at aiURL, created through the real backend (its settings UI is tested in providers.spec.ts). */
export async function addFakeProvider(page: Page, aiURL: string) {
  await backend(page, "ProviderService", "Create", {
    name: "Fake OpenAI",
    kind: "openai",
    baseUrl: aiURL,
    model: "test-model",
    apiKey: FAKE_AI_KEY,
    temperature: null,
    maxTokens: 0,
    contextWindow: 0,
    apiVersion: "",
    custom: null,
  });
}

/** Creates an incident through the New incident form; returns its id. */
export async function newIncident(page: Page, title: string, domain = ""): Promise<string> {
  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill(title);
  if (domain) await page.getByLabel("Domain").selectOption(domain);
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const m = /#\/incidents\/([^/?#]+)/.exec(page.url());
  if (!m?.[1]) throw new Error(`no incident id in ${page.url()}`);
  return decodeURIComponent(m[1]);
}
