import { describe, expect, it } from "vitest";
import type { ConfluenceSettings } from "../../../lib/api/confluence";
import {
  connectedText,
  emptyForm,
  fromSettings,
  normalizeBaseUrl,
  normalizeParentId,
  plainMessage,
  problemOf,
  sameValues,
  storedTokenUsable,
  toInput,
  tokenStateLabel,
  type FormValues,
} from "./form";

const stored: ConfluenceSettings = {
  configured: true,
  baseUrl: "https://acme.atlassian.net/wiki",
  deployment: "cloud",
  email: "ana@example.com",
  spaceKey: "OPS",
  parentId: "4242",
  tokenSet: true,
  tokenHint: "1234",
  updatedAt: "2026-11-27 10:00:00",
};

const cloud: FormValues = { baseUrl: " acme.atlassian.net ", deployment: "cloud", email: " ana@example.com ", spaceKey: " OPS ", parentId: "" };

describe("toInput", () => {
  it("trims, adds https:// and sends the typed token", () => {
    const { input, errors } = toInput(cloud, "required", "  tok-en  ");
    expect(errors).toEqual({});
    expect(input).toEqual({
      baseUrl: "https://acme.atlassian.net",
      deployment: "cloud",
      email: "ana@example.com",
      spaceKey: "OPS",
      parentId: "",
      token: "tok-en",
    });
  });

  it("keeps the stored token as null (whatever is in the input)", () => {
    expect(toInput(cloud, "keep", "ignored").input.token).toBeNull();
  });

  it("drops the email of a Data Center configuration", () => {
    const { input, errors } = toInput({ ...cloud, deployment: "datacenter", email: "x" }, "required", "pat");
    expect(errors).toEqual({});
    expect(input.email).toBe("");
    expect(input.deployment).toBe("datacenter");
  });

  it("takes the page id out of a pasted page URL", () => {
    expect(toInput({ ...cloud, parentId: "https://acme.atlassian.net/wiki/spaces/OPS/pages/98765/Incident+reports" }, "keep", "").input.parentId).toBe(
      "98765",
    );
  });

  it.each([
    { name: "no base URL", v: { baseUrl: "  " }, field: "baseUrl" },
    { name: "not a URL", v: { baseUrl: "https://" }, field: "baseUrl" },
    { name: "ftp", v: { baseUrl: "ftp://acme.example" }, field: "baseUrl" },
    { name: "Cloud without email", v: { email: "" }, field: "email" },
    { name: "Cloud with a bad email", v: { email: "ana at example" }, field: "email" },
    { name: "no space key", v: { spaceKey: "" }, field: "spaceKey" },
    { name: "space key with a space", v: { spaceKey: "MY SPACE" }, field: "spaceKey" },
    { name: "parent that is not an id", v: { parentId: "Incident reports" }, field: "parentId" },
  ] as { name: string; v: Partial<FormValues>; field: string }[])("$name → error at $field", ({ v, field }) => {
    const { errors } = toInput({ ...cloud, ...v }, "keep", "");
    expect(Object.keys(errors)).toEqual([field]);
  });

  it("asks for a token when none is stored or one is being replaced", () => {
    expect(toInput(cloud, "required", " ").errors.token).toMatch(/id\.atlassian\.com/);
    expect(toInput({ ...cloud, deployment: "datacenter" }, "required", "").errors.token).toMatch(/personal access token/);
    expect(toInput(cloud, "replace", "").errors.token).toMatch(/keep the stored one/);
    expect(toInput(cloud, "replace", "").input.token).toBeNull();
  });

  it("accepts personal space keys", () => {
    expect(toInput({ ...cloud, spaceKey: "~jdoe" }, "keep", "").errors).toEqual({});
  });
});

describe("normalize", () => {
  it.each([
    ["", ""],
    ["acme.atlassian.net", "https://acme.atlassian.net"],
    [" http://confluence.local:8090/confluence ", "http://confluence.local:8090/confluence"],
    ["HTTPS://Acme.atlassian.net", "HTTPS://Acme.atlassian.net"],
  ])("base URL %j → %j", (text, want) => expect(normalizeBaseUrl(text)).toBe(want));

  it.each([
    ["", ""],
    [" 4242 ", "4242"],
    ["https://acme.atlassian.net/wiki/spaces/OPS/pages/98765/Incident+reports", "98765"],
    ["https://acme.atlassian.net/wiki/spaces/OPS/pages/edit-v2/98765", "98765"],
    ["https://wiki.example.com/pages/viewpage.action?pageId=1234567", "1234567"],
    ["Incident reports", "Incident reports"],
  ])("parent %j → %j", (text, want) => expect(normalizeParentId(text)).toBe(want));
});

describe("stored settings", () => {
  it("fills the form from the settings, empty when not configured", () => {
    expect(fromSettings(stored)).toEqual({ baseUrl: stored.baseUrl, deployment: "cloud", email: "ana@example.com", spaceKey: "OPS", parentId: "4242" });
    expect(fromSettings({ ...stored, configured: false })).toEqual(emptyForm());
  });

  it("keeps the stored token only for the same deployment and address", () => {
    const v = fromSettings(stored);
    expect(storedTokenUsable(stored, v)).toBe(true);
    const host = new URL(stored.baseUrl).host;
    expect(storedTokenUsable(stored, { ...v, baseUrl: `https://${host}` })).toBe(true);
    expect(storedTokenUsable(stored, { ...v, baseUrl: "https://acme.atlasian.net" })).toBe(false);
    expect(storedTokenUsable(stored, { ...v, deployment: "datacenter" })).toBe(false);
    expect(storedTokenUsable({ ...stored, tokenSet: false }, v)).toBe(false);
    expect(storedTokenUsable({ ...stored, configured: false }, v)).toBe(false);
  });

  it("compares what would be saved", () => {
    const v = fromSettings(stored);
    expect(sameValues(v, { ...v, spaceKey: " OPS " })).toBe(true);
    expect(sameValues(v, { ...v, spaceKey: "ENG" })).toBe(false);
    expect(sameValues({ ...v, deployment: "datacenter" }, { ...v, deployment: "datacenter", email: "other" })).toBe(true);
  });

  it("labels the token without showing it", () => {
    expect(tokenStateLabel(stored)).toBe("Token set (…1234)");
    expect(tokenStateLabel({ tokenSet: true, tokenHint: "" })).toBe("Token set");
    expect(tokenStateLabel({ tokenSet: false, tokenHint: "" })).toBe("No token");
  });
});

describe("problemOf", () => {
  it.each([
    { code: "invalid", message: 'integrations: confluence: base URL: "x" is not a URL (example: https://acme.atlassian.net)', field: "baseUrl", text: '"x" is not a URL (example: https://acme.atlassian.net)' },
    { code: "upstream", message: "integrations: test confluence: confluence: current user: cannot reach 127.0.0.1:9: connection refused", field: "baseUrl", text: "Cannot reach 127.0.0.1:9: connection refused" },
    { code: "auth", message: "integrations: test confluence: confluence: current user: wrong email or API token (HTTP 401)", field: "token", text: "Wrong email or API token (HTTP 401)" },
    { code: "auth", message: "integrations: test confluence: confluence: current user: the server treated the request as anonymous: the token is wrong or expired", field: "token", text: "The server treated the request as anonymous: the token is wrong or expired" },
    { code: "invalid", message: "integrations: confluence: email: Confluence Cloud needs the Atlassian account email, got \"\"", field: "email", text: 'Confluence Cloud needs the Atlassian account email, got ""' },
    { code: "not_found", message: 'integrations: test confluence: confluence: space "NOPE" not found (or not visible to this user)', field: "spaceKey", text: 'Space "NOPE" not found (or not visible to this user)' },
    { code: "invalid", message: "integrations: confluence: space key: \"a b\" is not a space key", field: "spaceKey", text: '"a b" is not a space key' },
    { code: "not_found", message: "integrations: test confluence: parent page 999 not found (or not visible to this user)", field: "parentId", text: "Parent page 999 not found (or not visible to this user)" },
    { code: "invalid", message: "integrations: confluence: parent page: 4242 is in space OPS, not ENG", field: "parentId", text: "4242 is in space OPS, not ENG" },
    { code: "invalid", message: "integrations: confluence: token: an API token (Cloud) or personal access token (Data Center) is required", field: "token", text: "An API token (Cloud) or personal access token (Data Center) is required" },
    { code: "upstream", message: "integrations: test confluence: confluence: current user: Confluence is unavailable (HTTP 503, 3 attempts)", field: undefined, text: "Confluence is unavailable (HTTP 503, 3 attempts)" },
  ] as const)("$code $field", ({ code, message, field, text }) => {
    expect(problemOf({ code, message })).toEqual(field ? { field, message: text } : { message: text });
  });
});

describe("messages", () => {
  it("plainMessage keeps a message without prefixes", () => {
    expect(plainMessage("database is locked")).toBe("Database is locked");
  });
  it("connectedText names the user, the space and the parent", () => {
    expect(connectedText({ settings: stored, user: "Ana Lee", spaceName: "Operations", parentTitle: "" })).toBe(
      "Connected as Ana Lee · space Operations (OPS)",
    );
    expect(connectedText({ settings: stored, user: "Ana Lee", spaceName: "Operations", parentTitle: "Incident reports" })).toBe(
      "Connected as Ana Lee · space Operations (OPS) · under “Incident reports”",
    );
  });
});
