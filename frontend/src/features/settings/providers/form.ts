// The provider form's values and their conversion to the backend's input. Pure functions: the
// API key is not part of FormValues (it lives only in the password input until it is sent).
import type { CustomFormat, KindInfo, Provider, ProviderInput } from "../../../lib/api/providers";

export const customFields = [
  "Path",
  "AuthHeader",
  "AuthPrefix",
  "ModelField",
  "MessagesField",
  "SystemField",
  "TextField",
  "InputTokensField",
  "OutputTokensField",
] as const satisfies readonly (keyof CustomFormat)[];

export type CustomField = (typeof customFields)[number];

export const customFieldInfo: Record<CustomField, { label: string; placeholder: string; hint: string }> = {
  Path: { label: "Path", placeholder: "/v1/generate", hint: "Appended to the base URL." },
  AuthHeader: { label: "Auth header", placeholder: "Authorization", hint: "Empty: no auth header is sent." },
  AuthPrefix: { label: "Auth prefix", placeholder: "Bearer ", hint: "Put before the key in the header; may be empty." },
  ModelField: { label: "Model field", placeholder: "model", hint: "Request path of the model id; empty: not sent." },
  MessagesField: { label: "Messages field", placeholder: "messages", hint: "Request path of the [{role, content}] list." },
  SystemField: { label: "System prompt field", placeholder: "system", hint: "Empty: sent as a system message." },
  TextField: { label: "Answer text field", placeholder: "choices.0.message.content", hint: "Response path of the answer." },
  InputTokensField: { label: "Input tokens field", placeholder: "usage.prompt_tokens", hint: "Optional." },
  OutputTokensField: { label: "Output tokens field", placeholder: "usage.completion_tokens", hint: "Optional." },
};

/** The form's fields as typed (numbers as text: empty means the default). */
export interface FormValues {
  name: string;
  kind: string;
  baseUrl: string;
  model: string;
  temperature: string;
  maxTokens: string;
  contextWindow: string;
  apiVersion: string;
  custom: Record<CustomField, string>;
}

/**
 * What happens to the key on save. "optional": no key is stored (a new provider, or one without
 * a key), the input may stay empty; "keep" the stored key; "replace" it with the one typed;
 * "clear" it.
 */
export type KeyAction = "optional" | "keep" | "replace" | "clear";

export type FieldErrors = Partial<Record<"name" | "temperature" | "maxTokens" | "contextWindow" | "apiKey", string>>;

export function emptyCustom(): Record<CustomField, string> {
  return Object.fromEntries(customFields.map((f) => [f, ""])) as Record<CustomField, string>;
}

export function emptyForm(kind: string): FormValues {
  return {
    name: "",
    kind,
    baseUrl: "",
    model: "",
    temperature: "",
    maxTokens: "",
    contextWindow: "",
    apiVersion: "",
    custom: emptyCustom(),
  };
}

const numText = (n: number) => (n > 0 ? String(n) : "");

export function fromProvider(p: Provider): FormValues {
  const custom = emptyCustom();
  if (p.custom) for (const f of customFields) custom[f] = p.custom[f] ?? "";
  return {
    name: p.name,
    kind: p.kind,
    baseUrl: p.baseUrl,
    model: p.model,
    temperature: p.temperature === null || p.temperature === undefined ? "" : String(p.temperature),
    maxTokens: numText(p.maxTokens),
    contextWindow: numText(p.contextWindow),
    apiVersion: p.apiVersion,
    custom,
  };
}

export function sameValues(a: FormValues, b: FormValues): boolean {
  return (
    a.name === b.name &&
    a.kind === b.kind &&
    a.baseUrl === b.baseUrl &&
    a.model === b.model &&
    a.temperature === b.temperature &&
    a.maxTokens === b.maxTokens &&
    a.contextWindow === b.contextWindow &&
    a.apiVersion === b.apiVersion &&
    customFields.every((f) => a.custom[f] === b.custom[f])
  );
}

function wholeNumber(text: string, what: string, errors: FieldErrors, key: "maxTokens" | "contextWindow"): number {
  const t = text.trim();
  if (t === "") return 0;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0) {
    errors[key] = `${what} must be a whole number of tokens (empty for the default).`;
    return 0;
  }
  return n;
}

/**
 * toInput checks what the browser can check and builds the backend input. keyText is the
 * password input's content, read at submit time. The backend validates everything again (URLs,
 * lengths, what each kind needs).
 */
export function toInput(
  v: FormValues,
  kind: Pick<KindInfo, "needsVersion"> | undefined,
  keyAction: KeyAction,
  keyText: string,
): { input: ProviderInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (v.name.trim() === "") errors.name = "Give the provider a name.";

  let temperature: number | null = null;
  const t = v.temperature.trim();
  if (t !== "") {
    const n = Number(t);
    if (!Number.isFinite(n) || n < 0 || n > 2) errors.temperature = "Temperature is a number from 0 to 2 (empty for the provider's default).";
    else temperature = n;
  }
  const maxTokens = wholeNumber(v.maxTokens, "Max tokens", errors, "maxTokens");
  const contextWindow = wholeNumber(v.contextWindow, "The context window", errors, "contextWindow");

  let apiKey: string | null = null;
  const key = keyText.trim();
  switch (keyAction) {
    case "optional":
      apiKey = key === "" ? null : key;
      break;
    case "clear":
      apiKey = "";
      break;
    case "replace":
      if (key === "") errors.apiKey = "Type the new key, or keep the stored one.";
      else apiKey = key;
      break;
    case "keep":
      break;
  }

  const isCustom = v.kind === "custom";
  let custom: CustomFormat | null = null;
  if (isCustom) {
    // The auth prefix keeps its spaces ("Bearer "); the field paths do not.
    const c = { ...v.custom };
    for (const f of customFields) if (f !== "AuthPrefix") c[f] = c[f].trim();
    custom = c;
  }

  return {
    input: {
      name: v.name.trim(),
      kind: v.kind,
      baseUrl: v.baseUrl.trim(),
      model: v.model.trim(),
      apiKey,
      temperature,
      maxTokens,
      contextWindow,
      apiVersion: kind?.needsVersion ? v.apiVersion.trim() : "",
      custom,
    },
    errors,
  };
}

/** "Key set (…abcd)", or "Key set" when the key is too short to show any of it. */
export function keyLabel(p: Pick<Provider, "keySet" | "keyHint">): string {
  if (!p.keySet) return "No key";
  return p.keyHint ? `Key set (…${p.keyHint})` : "Key set";
}

/**
 * plainMessage drops the Go packages' context prefixes ("providers: create: …") from a backend
 * message for display beside the form.
 */
export function plainMessage(message: string): string {
  const m = message.replace(/^(?:(?:providers|create|update|delete|set default|models|test|ai): )+/i, "");
  return m ? m.charAt(0).toUpperCase() + m.slice(1) : message;
}

/** True when the backend said this kind of provider has no model list. */
export function isNoModelList(message: string): boolean {
  return /not supported by this provider/i.test(message);
}

export function formatLatency(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
