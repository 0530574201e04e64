// Confluence settings (app.ConfluenceService). The token goes in through save and never comes
// back: the settings only say whether one is set and, for long ones, its last 4 characters.
import * as ConfluenceService from "../../../wailsjs/go/app/ConfluenceService";
import type { integrations } from "../../../wailsjs/go/models";
import { call } from "./client";
import { queryKeys } from "./queryKeys";

export type ConfluenceDeployment = "cloud" | "datacenter";

/** The stored configuration as the UI sees it: never the token. */
export interface ConfluenceSettings {
  configured: boolean;
  baseUrl: string;
  deployment: ConfluenceDeployment | string;
  /** Cloud only. */
  email: string;
  spaceKey: string;
  /** Optional parent page id. */
  parentId: string;
  tokenSet: boolean;
  tokenHint: string;
  updatedAt: string;
}

export interface ConfluenceInput {
  baseUrl: string;
  deployment: ConfluenceDeployment;
  email: string;
  spaceKey: string;
  parentId: string;
  /** null keeps the stored token; anything else replaces it. */
  token: string | null;
}

/** A successful connection test. */
export interface ConfluenceCheck {
  settings: ConfluenceSettings;
  /** Display name of the authenticated user. */
  user: string;
  spaceName: string;
  /** Title of the parent page, when one is set. */
  parentTitle: string;
}

export const confluenceKeys = {
  /** The stored settings; the documents page reads `configured` from it. */
  settings: queryKeys.confluence,
};

const asSettings = (s: integrations.Confluence | undefined): ConfluenceSettings => ({
  configured: s?.configured ?? false,
  baseUrl: s?.baseUrl ?? "",
  deployment: s?.deployment ?? "",
  email: s?.email ?? "",
  spaceKey: s?.spaceKey ?? "",
  parentId: s?.parentId ?? "",
  tokenSet: s?.tokenSet ?? false,
  tokenHint: s?.tokenHint ?? "",
  updatedAt: s?.updatedAt ?? "",
});

const asCheck = (c: integrations.ConfluenceCheck): ConfluenceCheck => ({
  settings: asSettings(c.settings),
  user: c.user ?? "",
  spaceName: c.spaceName ?? "",
  parentTitle: c.parentTitle ?? "",
});

// The generated class types the token as `string | undefined`; the backend takes JSON null for
// "keep the stored token" (a nil pointer).
const toWire = (input: ConfluenceInput) => input as unknown as integrations.ConfluenceInput;

export const confluenceApi = {
  get: (): Promise<ConfluenceSettings> => call(() => ConfluenceService.Get()).then(asSettings),
  /** Tests the connection with these settings and stores them only when the test passes. */
  save: (input: ConfluenceInput): Promise<ConfluenceCheck> => call(() => ConfluenceService.Save(toWire(input))).then(asCheck),
  /** Tests the stored settings. */
  test: (): Promise<ConfluenceCheck> => call(() => ConfluenceService.Test()).then(asCheck),
  /** Removes the settings and the token. */
  clear: (): Promise<void> => call(() => ConfluenceService.Clear()),
};
