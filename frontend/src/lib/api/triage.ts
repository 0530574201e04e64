// The incident's 5-Whys steps, root cause and contributing factors (app.TriageService).
// Everything here works without any AI provider: steps are written, edited, reordered and
// marked by hand; the chat's answers only add to the same steps.
import * as TriageService from "../../../wailsjs/go/app/TriageService";
import { triage } from "../../../wailsjs/go/models";
import { call } from "./client";

/** A log line cited as evidence (triage.EvidenceRef). */
export interface StepRef {
  logId: string;
  /** 1-based line number. */
  line: number;
}

/** One "why" of an incident (triage.Step). */
export interface Step {
  id: string;
  issueId: string;
  /** 1-based position = its why level. */
  order: number;
  question: string;
  answer: string;
  evidence: string;
  evidenceRefs: StepRef[];
  isRootCause: boolean;
  /** "" | "user" | "ai" */
  rootCauseBy: string;
  /** "user" | "ai" */
  source: string;
  messageId: string;
  createdAt: string;
  updatedAt: string;
}

/** A contributing factor (triage.Factor). */
export interface Factor {
  id: string;
  issueId: string;
  text: string;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** Derived from the steps by the backend: it never disagrees with them (triage.Progress). */
export interface WhysProgress {
  /** Number of steps, capped at 5. */
  level: number;
  steps: number;
  rootCauseFound: boolean;
}

export interface WhysState {
  steps: Step[];
  factors: Factor[];
  progress: WhysProgress;
}

export interface StepInput {
  question: string;
  answer: string;
  evidence: string;
  evidenceRefs: StepRef[];
}

/** A partial update: fields left out are unchanged. */
export type StepUpdate = Partial<StepInput>;

/** The backend caps the level shown at this many whys (triage.MaxLevel). */
export const MAX_WHY_LEVEL = 5;

function asStep(s: triage.Step): Step {
  return { ...(s as Omit<triage.Step, "convertValues">), evidenceRefs: (s.evidenceRefs ?? []).map((r) => ({ logId: r.logId, line: r.line })) };
}

function asSteps(list: triage.Step[] | null | undefined): Step[] {
  return (list ?? []).map(asStep);
}

function asFactors(list: triage.Factor[] | null | undefined): Factor[] {
  return (list ?? []).map((f) => ({ ...f }));
}

function asState(s: triage.State): WhysState {
  return {
    steps: asSteps(s.steps),
    factors: asFactors(s.factors),
    progress: { level: s.progress?.level ?? 0, steps: s.progress?.steps ?? 0, rootCauseFound: s.progress?.rootCauseFound ?? false },
  };
}

export const triageApi = {
  /** Steps, factors and progress in one snapshot. */
  state: (issueId: string): Promise<WhysState> => call(() => TriageService.State(issueId)).then(asState),
  /** Appends a step written by the user (the next why level). */
  addStep: (issueId: string, input: StepInput): Promise<Step> =>
    call(() => TriageService.AddStep(issueId, triage.StepInput.createFrom(input))).then(asStep),
  updateStep: (stepId: string, update: StepUpdate): Promise<Step> =>
    call(() => TriageService.UpdateStep(stepId, triage.StepUpdate.createFrom(update))).then(asStep),
  deleteStep: (stepId: string): Promise<void> => call(() => TriageService.DeleteStep(stepId)),
  /** ids must be exactly the incident's step ids, in the new order. */
  reorderSteps: (issueId: string, ids: string[]): Promise<Step[]> =>
    call(() => TriageService.ReorderSteps(issueId, ids)).then(asSteps),
  /** Marks stepId as the root cause (one per incident); "" clears the mark. */
  markRootCause: (issueId: string, stepId: string): Promise<Step[]> =>
    call(() => TriageService.MarkRootCause(issueId, stepId)).then(asSteps),
  addFactor: (issueId: string, text: string): Promise<Factor> => call(() => TriageService.AddFactor(issueId, text)).then((f) => ({ ...f })),
  updateFactor: (factorId: string, text: string): Promise<Factor> =>
    call(() => TriageService.UpdateFactor(factorId, text)).then((f) => ({ ...f })),
  deleteFactor: (factorId: string): Promise<void> => call(() => TriageService.DeleteFactor(factorId)),
  /** ids must be exactly the incident's factor ids, in the new order. */
  reorderFactors: (issueId: string, ids: string[]): Promise<Factor[]> =>
    call(() => TriageService.ReorderFactors(issueId, ids)).then(asFactors),
};

export type TriageApi = typeof triageApi;
