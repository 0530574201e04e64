// The Confluence settings form: its values, their checks and conversion to the backend's input,
// and how a backend error is placed at the field it is about. Pure functions: the token is not
// part of FormValues (it stays in the password input until it is sent).
import type { AppError } from "../../../lib/api/errors";
import type { ConfluenceCheck, ConfluenceDeployment, ConfluenceInput, ConfluenceSettings } from "../../../lib/api/confluence";

export interface FormValues {
  baseUrl: string;
  deployment: ConfluenceDeployment;
  email: string;
  spaceKey: string;
  parentId: string;
}

export type Field = keyof FormValues | "token";
export type FieldErrors = Partial<Record<Field, string>>;

/**
 * What happens to the token on save: "keep" the stored one, "replace" it with the one typed.
 * "required": there is no stored token usable with these settings, one must be typed.
 */
export type TokenAction = "keep" | "replace" | "required";

export const deployments: { value: ConfluenceDeployment; label: string; help: string }[] = [
  { value: "cloud", label: "Cloud", help: "Hosted by Atlassian, on …atlassian.net" },
  { value: "datacenter", label: "Data Center", help: "Data Center or Server, on your own servers" },
];

export const tokenLabels: Record<ConfluenceDeployment, string> = { cloud: "API token", datacenter: "Personal access token" };

export const asDeployment = (d: string): ConfluenceDeployment => (d === "datacenter" ? "datacenter" : "cloud");

export function emptyForm(): FormValues {
  return { baseUrl: "", deployment: "cloud", email: "", spaceKey: "", parentId: "" };
}

export function fromSettings(s: ConfluenceSettings): FormValues {
  if (!s.configured) return emptyForm();
  return { baseUrl: s.baseUrl, deployment: asDeployment(s.deployment), email: s.email, spaceKey: s.spaceKey, parentId: s.parentId };
}

export function sameValues(a: FormValues, b: FormValues): boolean {
  return (
    a.baseUrl.trim() === b.baseUrl.trim() &&
    a.deployment === b.deployment &&
    (a.deployment === "datacenter" || a.email.trim() === b.email.trim()) &&
    a.spaceKey.trim() === b.spaceKey.trim() &&
    a.parentId.trim() === b.parentId.trim()
  );
}

/** The scheme, host and port of an address ("" when it does not parse). */
function origin(address: string): string {
  try {
    return new URL(normalizeBaseUrl(address)).origin.toLowerCase();
  } catch {
    return "";
  }
}

/**
 * storedTokenUsable: the stored token can be kept with these values. A token of the other
 * deployment is not (a Cloud API token is no Data Center personal access token), and a token is
 * only ever sent to the address it was saved for (the backend refuses otherwise).
 */
export function storedTokenUsable(saved: ConfluenceSettings, v: FormValues): boolean {
  return saved.configured && saved.tokenSet && asDeployment(saved.deployment) === v.deployment && origin(saved.baseUrl) === origin(v.baseUrl);
}

/** "Token set (…1234)", or "Token set" when the token is too short to show any of it. */
export function tokenStateLabel(s: Pick<ConfluenceSettings, "tokenSet" | "tokenHint">): string {
  if (!s.tokenSet) return "No token";
  return s.tokenHint ? `Token set (…${s.tokenHint})` : "Token set";
}

/** normalizeBaseUrl trims a pasted address and adds https:// when no scheme was typed. */
export function normalizeBaseUrl(text: string): string {
  const t = text.trim();
  if (t === "" || /^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return t;
  return `https://${t}`;
}

/**
 * normalizeParentId accepts a page id or a pasted page URL (…/pages/123456/Title,
 * …/pages/viewpage.action?pageId=123456) and returns the id; other text is returned trimmed.
 */
export function normalizeParentId(text: string): string {
  const t = text.trim();
  const m = /[?&]pageId=(\d+)/.exec(t) ?? /\/pages\/(?:edit-v2\/)?(\d+)(?:[/?#]|$)/.exec(t);
  return m?.[1] ?? t;
}

/**
 * toInput checks what the browser can check and builds the backend input. tokenText is the
 * password input's content, read at save time. The backend checks everything again and then
 * tests the connection before it stores anything.
 */
export function toInput(v: FormValues, action: TokenAction, tokenText: string): { input: ConfluenceInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const baseUrl = normalizeBaseUrl(v.baseUrl);
  if (baseUrl === "") errors.baseUrl = "Type the address of your Confluence, e.g. https://acme.atlassian.net.";
  else {
    try {
      const u = new URL(baseUrl);
      if (u.protocol !== "https:" && u.protocol !== "http:") errors.baseUrl = "Only http:// and https:// addresses work.";
      else if (!u.hostname) errors.baseUrl = "This is not an address, e.g. https://acme.atlassian.net.";
    } catch {
      errors.baseUrl = "This is not an address, e.g. https://acme.atlassian.net.";
    }
  }
  const email = v.deployment === "cloud" ? v.email.trim() : "";
  if (v.deployment === "cloud" && !/^[^\s@:]+@[^\s@:]+$/.test(email)) {
    errors.email = email === "" ? "Confluence Cloud needs the email of your Atlassian account." : "This is not an email address.";
  }
  const spaceKey = v.spaceKey.trim();
  if (spaceKey === "") errors.spaceKey = "Type the key of the space to publish to, e.g. OPS.";
  else if (!/^~?[A-Za-z0-9_.-]+$/.test(spaceKey)) errors.spaceKey = "A space key has letters and digits only, e.g. OPS or ~jdoe.";
  const parentId = normalizeParentId(v.parentId);
  if (parentId !== "" && !/^\d+$/.test(parentId)) {
    errors.parentId = "The parent page id is the number in the page's address (…/pages/123456/…); leave it empty for the space's top level.";
  }
  let token: string | null = null;
  if (action !== "keep") {
    token = tokenText.trim();
    if (token === "") {
      errors.token =
        action === "replace"
          ? "Type the new token, or keep the stored one."
          : v.deployment === "cloud"
            ? "Type an API token (create one at id.atlassian.com)."
            : "Type a personal access token.";
      token = null;
    }
  }
  return { input: { baseUrl, deployment: v.deployment, email, spaceKey, parentId, token }, errors };
}

// Context prefixes of the backend's messages ("integrations: test confluence: confluence:
// current user: …"): dropped for display.
const prefix =
  /^(?:(?:integrations|confluence|test confluence|save confluence settings|stored confluence settings|current user|space|page|base URL|email|token|deployment|space key|parent page): )+/i;

/** plainMessage drops the packages' prefixes and starts with a capital. */
export function plainMessage(message: string): string {
  const m = message.replace(prefix, "");
  return m ? m.charAt(0).toUpperCase() + m.slice(1) : message;
}

/**
 * problemOf says which field a failed save is about, when that is clear, and the message to show
 * there (or above the buttons when no field is).
 */
export function problemOf(err: Pick<AppError, "code" | "message">): { field?: Field; message: string } {
  const raw = err.message;
  const message = plainMessage(raw);
  const has = (re: RegExp) => re.test(raw);
  let field: Field | undefined;
  if (has(/\bbase URL:|cannot reach|not the expected JSON|is not a URL/i)) field = "baseUrl";
  else if (err.code === "auth" || has(/\btoken:|anonymous/i)) field = "token";
  else if (has(/\bemail:/i)) field = "email";
  else if (has(/parent page/i)) field = "parentId";
  else if (has(/\bspace key:|\bspace "[^"]*" not found|\bspace: /i)) field = "spaceKey";
  else if (has(/\bdeployment:/i)) field = "deployment";
  return field ? { field, message } : { message };
}

/** connectedText: "Connected as Ana Lee · space Operations (OPS) · under “Incident reports”". */
export function connectedText(c: ConfluenceCheck): string {
  const key = c.settings.spaceKey;
  const space = c.spaceName && c.spaceName !== key ? `${c.spaceName} (${key})` : key;
  const parts = [`Connected as ${c.user || "(unnamed user)"}`, `space ${space}`];
  if (c.parentTitle) parts.push(`under “${c.parentTitle}”`);
  return parts.join(" · ");
}
