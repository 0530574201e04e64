import { describe, expect, it } from "vitest";
import type { Provider } from "../../../lib/api/providers";
import { emptyForm, fromProvider, isNoModelList, keyLabel, plainMessage, sameValues, toInput, type FormValues } from "./form";

const openai = { needsVersion: false };
const azure = { needsVersion: true };

function form(patch: Partial<FormValues> = {}): FormValues {
  return { ...emptyForm("openai"), name: "Team", ...patch };
}

const format = {
  Path: "/gen",
  AuthHeader: "X-Key",
  AuthPrefix: "",
  ModelField: "model",
  MessagesField: "messages",
  SystemField: "",
  TextField: "out.text",
  InputTokensField: "",
  OutputTokensField: "",
};

const stored: Provider = {
  id: "p1",
  name: "Team",
  kind: "custom",
  baseUrl: "http://localhost:8080",
  model: "m",
  keySet: true,
  keyHint: "cdef",
  temperature: 0.3,
  maxTokens: 512,
  contextWindow: 0,
  apiVersion: "",
  custom: format,
  isDefault: true,
  createdAt: "",
  updatedAt: "",
};

describe("toInput", () => {
  it.each([
    { name: "optional, empty: no key", action: "optional" as const, typed: "", want: null },
    { name: "optional, typed: that key (trimmed)", action: "optional" as const, typed: "  sk-new  ", want: "sk-new" },
    { name: "keep: null whatever the input holds", action: "keep" as const, typed: "ignored", want: null },
    { name: "clear: empty string", action: "clear" as const, typed: "ignored", want: "" },
    { name: "replace: the new key", action: "replace" as const, typed: "sk-other", want: "sk-other" },
  ])("key: $name", ({ action, typed, want }) => {
    const { input, errors } = toInput(form(), openai, action, typed);
    expect(errors).toEqual({});
    expect(input.apiKey).toBe(want);
  });

  it("refuses to replace the key with nothing", () => {
    const { errors } = toInput(form(), openai, "replace", "   ");
    expect(errors.apiKey).toMatch(/type the new key/i);
  });

  it.each([
    { text: "", want: null },
    { text: "0", want: 0 },
    { text: "2", want: 2 },
    { text: " 0.7 ", want: 0.7 },
  ])("temperature $text → $want", ({ text, want }) => {
    const { input, errors } = toInput(form({ temperature: text }), openai, "optional", "");
    expect(errors.temperature).toBeUndefined();
    expect(input.temperature).toBe(want);
  });

  it.each(["2.1", "-0.1", "warm"])("temperature %s is refused", (text) => {
    expect(toInput(form({ temperature: text }), openai, "optional", "").errors.temperature).toMatch(/0 to 2/);
  });

  it("reads token counts, empty as 0 (the default), and refuses fractions and negatives", () => {
    const ok = toInput(form({ maxTokens: "1024", contextWindow: "" }), openai, "optional", "");
    expect([ok.input.maxTokens, ok.input.contextWindow]).toEqual([1024, 0]);
    const bad = toInput(form({ maxTokens: "1.5", contextWindow: "-3" }), openai, "optional", "");
    expect(Object.keys(bad.errors).sort()).toEqual(["contextWindow", "maxTokens"]);
  });

  it("requires a name", () => {
    expect(toInput(form({ name: "  " }), openai, "optional", "").errors.name).toBeDefined();
  });

  it("sends the API version only for kinds that need one", () => {
    expect(toInput(form({ apiVersion: "2024-10-21" }), openai, "optional", "").input.apiVersion).toBe("");
    expect(toInput(form({ kind: "azure-openai", apiVersion: " 2024-10-21 " }), azure, "optional", "").input.apiVersion).toBe("2024-10-21");
  });

  it("sends the custom format only for custom providers, keeping the auth prefix's space", () => {
    const v = fromProvider({ ...stored, custom: { ...format, AuthPrefix: "Bearer ", TextField: " out.text " } });
    const { input } = toInput(v, openai, "keep", "");
    expect(input.custom).toMatchObject({ AuthPrefix: "Bearer ", TextField: "out.text", Path: "/gen" });
    expect(toInput({ ...v, kind: "openai" }, openai, "keep", "").input.custom).toBeNull();
  });
});

describe("fromProvider", () => {
  it("shows defaults as empty fields and round-trips", () => {
    const v = fromProvider(stored);
    expect(v).toMatchObject({ temperature: "0.3", maxTokens: "512", contextWindow: "" });
    expect(sameValues(v, fromProvider(stored))).toBe(true);
    expect(sameValues(v, { ...v, custom: { ...v.custom, Path: "/other" } })).toBe(false);
    const { input } = toInput(v, openai, "keep", "");
    expect(input).toMatchObject({ name: "Team", kind: "custom", temperature: 0.3, maxTokens: 512, contextWindow: 0, apiKey: null });
  });

  it("never carries a key", () => {
    expect(JSON.stringify(fromProvider(stored))).not.toMatch(/cdef/);
  });
});

describe("messages", () => {
  it("labels the stored key by its hint only", () => {
    expect(keyLabel({ keySet: true, keyHint: "abcd" })).toBe("Key set (…abcd)");
    expect(keyLabel({ keySet: true, keyHint: "" })).toBe("Key set");
    expect(keyLabel({ keySet: false, keyHint: "" })).toBe("No key");
  });

  it("drops the Go context prefixes", () => {
    expect(plainMessage('providers: create: providers: a provider named "x" already exists')).toBe('A provider named "x" already exists');
    expect(plainMessage("providers: the base URL must not contain a user name or password: put the key in the API key field")).toBe(
      "The base URL must not contain a user name or password: put the key in the API key field",
    );
    expect(plainMessage("Something else: detail")).toBe("Something else: detail");
  });

  it("recognises a provider without a model list", () => {
    expect(isNoModelList("providers: models: custom: model list: ai: not supported by this provider")).toBe(true);
    expect(isNoModelList("providers: models: ai: openai: the API key was refused (HTTP 401)")).toBe(false);
  });
});
