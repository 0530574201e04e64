// AI drafting of one document section (app.DocumentService: Sections, ReviewDraft, Draft,
// CancelDraft, ApplyDraft). Nothing leaves the machine before Draft, which sends the prompt
// ReviewDraft held, with the user's decision for each of its findings.
import * as DocumentService from "../../../wailsjs/go/app/DocumentService";
import { app } from "../../../wailsjs/go/models";
import { call } from "./client";
import { asDoc, type Doc } from "./documents";
import type { TextReview } from "./types";

export interface DraftInput {
  section: string;
  /** The id ReviewDraft returned; single use. */
  reviewId: string;
  /** One per finding of the review, in order. */
  decisions: ("redact" | "keep")[];
}

export interface DraftResult {
  section: string;
  /** The proposed body of the section (Markdown, no heading line). */
  text: string;
}


export const draftsApi = {
  /** The saved document's level-2 section headings, in order. */
  sections: (docId: string): Promise<string[]> => call(() => DocumentService.Sections(docId)).then((s) => s ?? []),
  /** Builds the prompt (instruction + the saved document) and holds it for the findings review. */
  review: (docId: string, section: string, instruction: string): Promise<TextReview> =>
    call(() => DocumentService.ReviewDraft(docId, section, instruction)).then((r) => ({
      id: r.id,
      issueId: r.issueId,
      text: r.text,
      findings: r.findings ?? [],
    })),
  /** Sends the reviewed prompt to the incident's AI provider; resolves with the whole answer. */
  draft: (docId: string, input: DraftInput): Promise<DraftResult> =>
    call(() => DocumentService.Draft(docId, app.DraftInput.createFrom(input))).then((r) => ({ section: r.section, text: r.text ?? "" })),
  /** Stops the document's running draft (draft then rejects). */
  cancel: (docId: string): Promise<void> => call(() => DocumentService.CancelDraft(docId)),
  /** Replaces the section's body in the saved document, as a new version. */
  apply: (docId: string, section: string, text: string): Promise<Doc> => call(() => DocumentService.ApplyDraft(docId, section, text)).then(asDoc),
};

export type DraftsApi = typeof draftsApi;
