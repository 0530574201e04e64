import { describe, expect, it } from "vitest";
import { busyPhase, errorHint, secondsLeft, waitText } from "./publish";

describe("publish helpers", () => {
  it("counts a wait down in whole seconds, rounded up", () => {
    expect(secondsLeft(10_000, 7_900)).toBe(3);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });
  it("says why it waits", () => {
    expect(waitText(3, 429)).toBe("Confluence asked us to wait: retrying in 3 s…");
    expect(waitText(0, 429)).toBe("Confluence asked us to wait: retrying now…");
    expect(waitText(5, 503)).toBe("Confluence is unavailable: retrying in 5 s…");
  });
  it("is busy only while saving, checking or publishing", () => {
    expect(busyPhase({ kind: "checking" })).toBe(true);
    expect(busyPhase({ kind: "publishing", recreate: false })).toBe(true);
    expect(busyPhase({ kind: "idle" })).toBe(false);
    expect(busyPhase({ kind: "error", message: "x", code: "auth" })).toBe(false);
  });
  it("tells what to do about an error", () => {
    expect(errorHint("auth")).toContain("token");
    expect(errorHint("not_found")).toContain("space key");
    expect(errorHint("internal")).toBe("");
  });
});
