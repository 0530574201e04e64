// The "Draft with AI" dialog as a state machine, kept free of React and of the backend so each
// step can be tested on its own.
import type { AppError } from "../../lib/api/errors";
import type { TextReview } from "../../lib/api/types";
import type { TextDecision } from "../../lib/textRedaction";

/** At most this many characters of instruction (the backend's draft.MaxInstruction). */
export const MAX_INSTRUCTION = 2000;

/** instructionLength counts as the backend does: code points of the trimmed text. */
export function instructionLength(s: string): number {
  return [...s.trim()].length;
}

export type Step =
  /** Saving the editor's pending text, then reading the sections. */
  | "preparing"
  /** Saving or reading failed: error says why, Retry prepares again. */
  | "prepareFailed"
  /** Choosing the section and writing the instruction. */
  | "compose"
  /** ReviewDraft is building and scanning the prompt. */
  | "reviewing"
  /** The prompt has findings: each must be decided before Send. */
  | "decide"
  /** Draft is waiting for the AI provider's whole answer (Stop cancels it). */
  | "drafting"
  /** The proposed text is shown for acceptance. */
  | "proposed"
  /** ApplyDraft is storing the accepted text. */
  | "applying";

export interface DraftState {
  open: boolean;
  step: Step;
  sections: string[];
  section: string;
  instruction: string;
  review: TextReview | null;
  decisions: TextDecision[];
  proposal: { section: string; text: string } | null;
  /** The backend's message for the last failure, shown inline. */
  error: string | null;
  /** The failure was "no AI provider": the error links to Settings. */
  needsProvider: boolean;
  /** A non-error outcome to mention (the draft was stopped). */
  notice: string | null;
}

export const initialDraftState: DraftState = {
  open: false,
  step: "preparing",
  sections: [],
  section: "",
  instruction: "",
  review: null,
  decisions: [],
  proposal: null,
  error: null,
  needsProvider: false,
  notice: null,
};

export type DraftAction =
  | { type: "open" }
  | { type: "close" }
  | { type: "prepared"; sections: string[] }
  | { type: "prepareFailed"; error: string }
  | { type: "section"; section: string }
  | { type: "instruction"; instruction: string }
  | { type: "reviewing" }
  | { type: "reviewed"; review: TextReview }
  | { type: "decisions"; decisions: TextDecision[] }
  | { type: "back" }
  | { type: "drafting" }
  | { type: "drafted"; section: string; text: string }
  | { type: "failed"; error: AppError }
  | { type: "applying" }
  | { type: "applyFailed"; error: AppError }
  | { type: "applied" }
  | { type: "discard" };

/** The message of a Draft stopped by CancelDraft (app.DocumentService.Draft). */
const STOPPED = /the draft was stopped/i;
/** draft.ErrNoProvider's message. */
const NO_PROVIDER = /no AI provider is configured/i;

export const isStopped = (e: AppError) => e.code === "conflict" && STOPPED.test(e.message);
export const isNoProvider = (e: AppError) => NO_PROVIDER.test(e.message);

/** pickSection keeps the chosen section while the document still has it, else the first one. */
export function pickSection(sections: readonly string[], current: string): string {
  return sections.includes(current) ? current : (sections[0] ?? "");
}

/** undecided counts the findings still to decide. */
export const undecided = (decisions: readonly TextDecision[]) => decisions.filter((d) => d === null).length;

/** wireDecisions is what Draft takes: one decision per finding, only once all are decided. */
export function wireDecisions(decisions: readonly TextDecision[]): ("redact" | "keep")[] | null {
  if (undecided(decisions) > 0) return null;
  return decisions.map((d) => (d === "keep" ? "keep" : "redact"));
}

/** canReview says whether "Review and send" may run. */
export function canReview(s: DraftState): boolean {
  return s.step === "compose" && s.section !== "" && s.sections.includes(s.section) && instructionLength(s.instruction) <= MAX_INSTRUCTION;
}

/** A finished or failed attempt drops the review: review ids are single use once sent. */
const toCompose = (s: DraftState, patch: Partial<DraftState>): DraftState => ({
  ...s,
  step: "compose",
  review: null,
  decisions: [],
  proposal: null,
  ...patch,
});

export function draftReducer(s: DraftState, a: DraftAction): DraftState {
  switch (a.type) {
    case "open":
      // Section and instruction are kept from the last time (a retry after closing).
      return { ...toCompose(s, {}), open: true, step: "preparing", error: null, needsProvider: false, notice: null };
    case "close":
      return { ...toCompose(s, {}), open: false, error: null, needsProvider: false, notice: null };
    case "prepared":
      if (s.step !== "preparing") return s;
      return toCompose(s, { sections: [...a.sections], section: pickSection(a.sections, s.section) });
    case "prepareFailed":
      if (s.step !== "preparing") return s;
      return { ...s, step: "prepareFailed", error: a.error };
    case "section":
      return s.step === "compose" ? { ...s, section: a.section } : s;
    case "instruction":
      return s.step === "compose" ? { ...s, instruction: a.instruction } : s;
    case "reviewing":
      return canReview(s) ? { ...s, step: "reviewing", error: null, needsProvider: false, notice: null } : s;
    case "reviewed":
      if (s.step !== "reviewing") return s;
      // Nothing to decide: straight on to the draft.
      if (a.review.findings.length === 0) return { ...s, step: "drafting", review: a.review, decisions: [] };
      return { ...s, step: "decide", review: a.review, decisions: a.review.findings.map(() => null) };
    case "decisions":
      return s.step === "decide" && a.decisions.length === s.decisions.length ? { ...s, decisions: [...a.decisions] } : s;
    case "back":
      return s.step === "decide" ? toCompose(s, {}) : s;
    case "drafting":
      return s.step === "decide" && wireDecisions(s.decisions) !== null ? { ...s, step: "drafting" } : s;
    case "drafted":
      if (s.step !== "drafting") return s;
      return { ...s, step: "proposed", review: null, decisions: [], proposal: { section: a.section, text: a.text } };
    case "failed":
      if (s.step !== "reviewing" && s.step !== "drafting") return s;
      if (isStopped(a.error)) return toCompose(s, { error: null, needsProvider: false, notice: "The draft was stopped: nothing was added to the document." });
      return toCompose(s, { error: a.error.message, needsProvider: isNoProvider(a.error), notice: null });
    case "applying":
      return s.step === "proposed" && s.proposal && s.proposal.text.trim() !== "" ? { ...s, step: "applying", error: null } : s;
    case "applyFailed":
      return s.step === "applying" ? { ...s, step: "proposed", error: a.error.message } : s;
    case "applied":
      // Done: the next draft starts with an empty instruction.
      return { ...toCompose(s, {}), open: false, instruction: "", error: null, needsProvider: false, notice: null };
    case "discard":
      return s.step === "proposed" ? { ...toCompose(s, {}), open: false, error: null, notice: null } : s;
  }
}
