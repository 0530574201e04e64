import { describe, expect, it } from "vitest";
import { kindLabel } from "./labels";

describe("kindLabel", () => {
  it.each([
    ["document.generated", "Document generated"],
    ["document.exported", "Document exported"],
    ["document.published", "Document published"],
    ["incident.created", "Incident created"],
    ["impact.started", "Impact started"],
    // A kind this build does not know is shown as it is, not hidden.
    ["something.new", "something.new"],
  ])("%s → %s", (kind, label) => {
    expect(kindLabel(kind)).toBe(label);
  });
});
