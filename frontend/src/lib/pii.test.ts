import { describe, expect, it } from "vitest";
import type { ReviewSummary } from "./api/types";
import { groupTypes, redactionState, redactionStateText, typeInfo } from "./pii";

const base: ReviewSummary = {
  logFileId: "l",
  issueId: "i",
  scanned: true,
  disabledTypes: [],
  settingsChanged: false,
  total: 5,
  redact: 4,
  keep: 1,
  types: [],
  applied: false,
  appliedSha256: "",
  pending: true,
};

describe("redactionState", () => {
  const cases: { name: string; s: Partial<ReviewSummary>; want: string }[] = [
    { name: "never scanned", s: { scanned: false }, want: "Not reviewed" },
    { name: "scanned, nothing found", s: { total: 0, redact: 0, keep: 0 }, want: "No findings" },
    { name: "scanned, not applied", s: {}, want: "4 to redact" },
    { name: "applied and unchanged", s: { applied: true, pending: false }, want: "Applied" },
    { name: "applied, decisions changed since", s: { applied: true, pending: true }, want: "Changes pending" },
  ];
  for (const c of cases) {
    it(c.name, () => expect(redactionStateText(redactionState({ ...base, ...c.s }))).toBe(c.want));
  }
});

describe("types", () => {
  const types = [
    { type: "jwt", label: "JWT", class: "secret" },
    { type: "email", label: "Email address", class: "personal" },
    { type: "ipv4", label: "IPv4 address", class: "network" },
    { type: "password", label: "Password", class: "credential" },
    { type: "odd", label: "Odd", class: "unknown-class" },
  ];
  it("looks up labels and classes", () => {
    expect(typeInfo(types, "ipv4")).toEqual({ label: "IPv4 address", cls: "network" });
    expect(typeInfo(types, "nope")).toEqual({ label: "nope", cls: "secret" });
  });
  it("groups by class in a fixed order, unknown classes as secrets", () => {
    expect(groupTypes(types).map((g) => [g.cls, g.types.map((t) => t.type)])).toEqual([
      ["secret", ["jwt", "odd"]],
      ["credential", ["password"]],
      ["personal", ["email"]],
      ["network", ["ipv4"]],
    ]);
  });
});
