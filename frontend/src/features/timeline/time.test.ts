import { describe, expect, it } from "vitest";
import { dateToLocalInput, dateToUtc, localInputToDate, localInputToUtc, utcToLocalInput } from "./time";

describe("timeline times", () => {
  it("turns a datetime-local value (local time) into the backend's UTC form and back", () => {
    const d = new Date(2026, 5, 15, 9, 10, 5); // 15 June 2026 09:10:05 local
    const local = dateToLocalInput(d);
    expect(local).toBe("2026-06-15T09:10:05");
    const utc = localInputToUtc(local);
    expect(utc).toBe(dateToUtc(d));
    expect(utc).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(utcToLocalInput(utc as string)).toBe(local);
  });

  it("formats UTC fields from the Date, whatever the local zone", () => {
    expect(dateToUtc(new Date(Date.UTC(2026, 10, 27, 5, 4, 3)))).toBe("2026-11-27 05:04:03");
  });

  it("accepts minutes without seconds (Chromium drops ':00')", () => {
    expect(localInputToDate("2026-06-15T09:40")?.getSeconds()).toBe(0);
    expect(localInputToUtc("2026-06-15T09:40")).toBe(dateToUtc(new Date(2026, 5, 15, 9, 40, 0)));
  });

  it("refuses incomplete or impossible dates", () => {
    for (const bad of ["", "2026-06-15", "2026-02-31T10:00", "15/06/2026 09:00", "2026-06-15T25:00"]) {
      expect(localInputToUtc(bad), bad).toBeNull();
    }
    expect(utcToLocalInput("nonsense")).toBe("");
  });
});
