import { describe, expect, it } from "vitest";
import { memoryDrafts, pendingDraft } from "./drafts";

describe("drafts", () => {
  it("offers a draft that differs from what is stored, and forgets one that does not", () => {
    const s = memoryDrafts();
    s.put("d1", { title: "T", contentMd: "typed", baseVersion: 2, at: 1 });
    expect(pendingDraft(s, "d1", { title: "T", contentMd: "stored" })?.contentMd).toBe("typed");
    expect(pendingDraft(s, "d1", { title: "T", contentMd: "typed" })).toBeNull();
    expect(s.get("d1")).toBeUndefined();
  });
  it("drops a draft only when exactly its text was saved", () => {
    const s = memoryDrafts();
    s.put("d1", { title: "T", contentMd: "newer", baseVersion: 2, at: 1 });
    s.dropIfSaved("d1", { title: "T", contentMd: "older" });
    expect(s.get("d1")?.contentMd).toBe("newer");
    s.dropIfSaved("d1", { title: "T", contentMd: "newer" });
    expect(s.get("d1")).toBeUndefined();
  });
});
