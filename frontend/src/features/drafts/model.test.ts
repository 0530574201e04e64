import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/api/errors";
import type { TextReview } from "../../lib/api/types";
import {
  MAX_INSTRUCTION,
  canReview,
  draftReducer,
  initialDraftState,
  instructionLength,
  pickSection,
  wireDecisions,
  type DraftAction,
  type DraftState,
} from "./model";

const SECTIONS = ["Summary", "Root cause", "Lessons learned"];

const review = (n: number): TextReview => ({
  id: `rv${n}`,
  issueId: "i1",
  text: "Write the section. alice@example.com 10.0.0.7",
  findings: Array.from({ length: n }, (_, i) => ({
    index: i,
    type: i === 0 ? "email" : "ipv4",
    rule: "r",
    start: 0,
    end: 1,
    value: i === 0 ? "alice@example.com" : "10.0.0.7",
    placeholder: i === 0 ? "[EMAIL-1]" : "[IPV4-1]",
  })),
});

const run = (...actions: DraftAction[]) => actions.reduce(draftReducer, initialDraftState);

/** Open, sections read, "Lessons learned" chosen with an instruction. */
const composed = (): DraftState =>
  run({ type: "open" }, { type: "prepared", sections: SECTIONS }, { type: "section", section: "Lessons learned" }, { type: "instruction", instruction: "Be brief." });

describe("instructionLength", () => {
  it("counts code points of the trimmed text, as the backend does", () => {
    expect(instructionLength("  abc \n")).toBe(3);
    expect(instructionLength("😀😀")).toBe(2); // 4 UTF-16 units
  });
});

describe("pickSection", () => {
  it("keeps the chosen section while it exists, else takes the first", () => {
    expect(pickSection(SECTIONS, "Root cause")).toBe("Root cause");
    expect(pickSection(SECTIONS, "Gone")).toBe("Summary");
    expect(pickSection([], "Gone")).toBe("");
  });
});

describe("wireDecisions", () => {
  it("is null until every finding is decided, nothing is decided by default", () => {
    expect(wireDecisions([null, "keep"])).toBeNull();
    expect(wireDecisions(["redact", "keep"])).toEqual(["redact", "keep"]);
    expect(wireDecisions([])).toEqual([]);
  });
});

describe("draftReducer", () => {
  it("opens in 'preparing' and composes once the sections are read", () => {
    const s = run({ type: "open" });
    expect(s).toMatchObject({ open: true, step: "preparing" });
    expect(canReview(s)).toBe(false);
    const c = draftReducer(s, { type: "prepared", sections: SECTIONS });
    expect(c).toMatchObject({ step: "compose", section: "Summary", sections: SECTIONS });
    expect(canReview(c)).toBe(true);
  });

  it("refuses to review an instruction over the limit or a section the document no longer has", () => {
    const s = composed();
    expect(canReview(draftReducer(s, { type: "instruction", instruction: "x".repeat(MAX_INSTRUCTION) }))).toBe(true);
    const long = draftReducer(s, { type: "instruction", instruction: "x".repeat(MAX_INSTRUCTION + 1) });
    expect(canReview(long)).toBe(false);
    expect(draftReducer(long, { type: "reviewing" }).step).toBe("compose");
    expect(canReview(draftReducer(s, { type: "section", section: "Nope" }))).toBe(false);
  });

  it("asks for a decision on every finding, none pre-decided, and sends only when all are decided", () => {
    let s = draftReducer(draftReducer(composed(), { type: "reviewing" }), { type: "reviewed", review: review(2) });
    expect(s.step).toBe("decide");
    expect(s.decisions).toEqual([null, null]);
    s = draftReducer(s, { type: "decisions", decisions: ["redact", null] });
    expect(draftReducer(s, { type: "drafting" }).step).toBe("decide");
    s = draftReducer(s, { type: "decisions", decisions: ["redact", "keep"] });
    expect(draftReducer(s, { type: "drafting" }).step).toBe("drafting");
  });

  it("goes straight on to the draft when the prompt has no findings", () => {
    const s = draftReducer(draftReducer(composed(), { type: "reviewing" }), { type: "reviewed", review: review(0) });
    expect(s.step).toBe("drafting");
  });

  it("keeps the section and instruction after a failed draft and shows the backend's message", () => {
    const drafting = draftReducer(draftReducer(composed(), { type: "reviewing" }), { type: "reviewed", review: review(0) });
    const s = draftReducer(drafting, { type: "failed", error: new AppError("upstream", "openai: rate limited, retry in 20s") });
    expect(s).toMatchObject({ step: "compose", section: "Lessons learned", instruction: "Be brief.", error: "openai: rate limited, retry in 20s", needsProvider: false });
    // The used review is dropped: the next attempt needs a fresh one.
    expect(s.review).toBeNull();
    expect(canReview(s)).toBe(true);
  });

  it("flags a missing provider so the error can link to Settings", () => {
    const drafting = draftReducer(draftReducer(composed(), { type: "reviewing" }), { type: "reviewed", review: review(0) });
    const s = draftReducer(drafting, {
      type: "failed",
      error: new AppError("invalid", "draft: no AI provider is configured: add one in Settings → AI providers to draft sections"),
    });
    expect(s.needsProvider).toBe(true);
  });

  it("reports a stopped draft as a notice, not an error", () => {
    const drafting = draftReducer(draftReducer(composed(), { type: "reviewing" }), { type: "reviewed", review: review(0) });
    const s = draftReducer(drafting, { type: "failed", error: new AppError("conflict", "documents: the draft was stopped") });
    expect(s).toMatchObject({ step: "compose", error: null, instruction: "Be brief." });
    expect(s.notice).toMatch(/stopped/);
  });

  it("shows the proposal, inserts only non-empty text, and resets the instruction once applied", () => {
    const drafting = draftReducer(draftReducer(composed(), { type: "reviewing" }), { type: "reviewed", review: review(0) });
    const proposed = draftReducer(drafting, { type: "drafted", section: "Lessons learned", text: "- Cap caches." });
    expect(proposed).toMatchObject({ step: "proposed", proposal: { section: "Lessons learned", text: "- Cap caches." } });
    const applying = draftReducer(proposed, { type: "applying" });
    expect(applying.step).toBe("applying");
    const failed = draftReducer(applying, { type: "applyFailed", error: new AppError("invalid", "draft: the document has no section") });
    expect(failed).toMatchObject({ step: "proposed", error: "draft: the document has no section" });
    const done = draftReducer(draftReducer(failed, { type: "applying" }), { type: "applied" });
    expect(done).toMatchObject({ open: false, instruction: "", section: "Lessons learned", proposal: null });

    const blank = draftReducer(drafting, { type: "drafted", section: "Lessons learned", text: "  \n" });
    expect(draftReducer(blank, { type: "applying" }).step).toBe("proposed");
  });

  it("discards the proposal and closes; reopening keeps the section and instruction", () => {
    const drafting = draftReducer(draftReducer(composed(), { type: "reviewing" }), { type: "reviewed", review: review(0) });
    const gone = draftReducer(draftReducer(drafting, { type: "drafted", section: "Lessons learned", text: "x" }), { type: "discard" });
    expect(gone).toMatchObject({ open: false, proposal: null });
    const again = draftReducer(draftReducer(gone, { type: "open" }), { type: "prepared", sections: SECTIONS });
    expect(again).toMatchObject({ step: "compose", section: "Lessons learned", instruction: "Be brief." });
  });

  it("ignores results that arrive for a step it has left", () => {
    const closed = draftReducer(draftReducer(composed(), { type: "reviewing" }), { type: "close" });
    expect(draftReducer(closed, { type: "reviewed", review: review(1) })).toBe(closed);
    expect(draftReducer(closed, { type: "drafted", section: "Summary", text: "x" })).toBe(closed);
  });
});
