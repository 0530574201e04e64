import { describe, expect, it } from "vitest";
import { nextStatusActions } from "./labels";

describe("nextStatusActions", () => {
  it.each([
    ["open", ["Start investigating"]],
    ["investigating", ["Mark resolved"]],
    ["resolved", ["Close", "Reopen"]],
    ["closed", ["Reopen"]],
    ["unknown", []],
  ])("%s", (status, want) => {
    expect(nextStatusActions(status).map((a) => a.label)).toEqual(want);
  });
});
