// AI provider settings (app.ProviderService). Keys go in through create/update and never come
// back: a Provider only says whether a key is set and its last 4 characters.
import * as ProviderService from "../../../wailsjs/go/app/ProviderService";
import type { ai, app, providers } from "../../../wailsjs/go/models";
import { call } from "./client";

type Plain<T> = Omit<T, "convertValues">;

/** How a "custom" provider's REST endpoint is called (Go field names are the JSON keys). */
export type CustomFormat = ai.CustomFormat;
export type ProviderModel = ai.Model;
export type KindInfo = app.KindInfo;
export type TestResult = providers.TestResult;

/** A stored provider as the UI sees it: never the key. */
export type Provider = Omit<Plain<providers.Provider>, "temperature" | "custom"> & {
  /** null = the provider's own default. */
  temperature: number | null;
  custom: CustomFormat | null;
};

/** What create and update take. */
export interface ProviderInput {
  name: string;
  kind: string;
  baseUrl: string;
  model: string;
  /** On update: null keeps the stored key, "" clears it, anything else replaces it. */
  apiKey: string | null;
  /** null = the provider's default. */
  temperature: number | null;
  /** 0 = the provider's default. */
  maxTokens: number;
  /** Tokens; 0 = the backend's default. */
  contextWindow: number;
  apiVersion: string;
  custom: CustomFormat | null;
}

// The generated Input class types the optional pointers as `T | undefined`; the backend takes
// JSON null for them (a nil pointer), which is what "keep the key" needs to say.
const toWire = (input: ProviderInput) => input as unknown as providers.Input;

export const providerKeys = {
  all: ["providers"] as const,
  list: ["providers", "list"] as const,
  kinds: ["providers", "kinds"] as const,
  models: (id: string) => ["providers", "models", id] as const,
};

export const providersApi = {
  kinds: (): Promise<KindInfo[]> => call(() => ProviderService.Kinds()),
  list: (): Promise<Provider[]> => call(() => ProviderService.List()) as Promise<Provider[]>,
  create: (input: ProviderInput): Promise<Provider> =>
    call(() => ProviderService.Create(toWire(input))) as Promise<Provider>,
  update: (id: string, input: ProviderInput): Promise<Provider> =>
    call(() => ProviderService.Update(id, toWire(input))) as Promise<Provider>,
  remove: (id: string): Promise<void> => call(() => ProviderService.Delete(id)),
  setDefault: (id: string): Promise<void> => call(() => ProviderService.SetDefault(id)),
  /** A failed connection resolves with ok false; a rejection means the settings are unusable. */
  test: (id: string): Promise<TestResult> => call(() => ProviderService.Test(id)),
  models: (id: string): Promise<ProviderModel[]> => call(() => ProviderService.Models(id)),
};
