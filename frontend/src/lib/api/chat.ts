// The incident's Triage chat (app.ChatService), the review of typed text before it is sent
// (app.EgressService.ReviewText) and the incident's provider choice (app.ProviderService).
// Typed text reaches a model only as: reviewText → the user decides every finding → send.
import * as ChatService from "../../../wailsjs/go/app/ChatService";
import * as EgressService from "../../../wailsjs/go/app/EgressService";
import * as ProviderService from "../../../wailsjs/go/app/ProviderService";
import { app, type chat, type providers } from "../../../wailsjs/go/models";
import { call } from "./client";
import type { TextReview } from "./types";

type Plain<T> = Omit<T, "convertValues">;

/**
 * Evidence sent with a message: lines of a log's applied redacted version, or (kind "summary") a
 * summary of every applied redacted log of the incident (counts, time range, frequent lines,
 * first errors). The text is read from the redacted versions when the message is sent.
 */
export interface ChatAttachment {
  kind?: string; // "lines" (default) | "summary"
  logId: string;
  /** First line, 1-based. */
  from: number;
  /** Number of lines. */
  count: number;
}

export type MessageStatus = "streaming" | "complete" | "stopped" | "failed";

/** A log line cited as evidence in a triage report. */
export interface EvidenceRef {
  logId: string;
  line: number;
}

/** The structured 5-Whys block of an answer, as the backend parsed it (triage.Report). */
export interface TriageReport {
  whyLevel: number;
  question: string;
  answer: string;
  evidence: string[];
  evidenceRefs: EvidenceRef[];
  rootCauseReached: boolean;
  rootCause: string;
  confidence: number;
  nextQuestion: string;
}

/** What the 5-Whys engine did with a finished answer (triage.Applied). */
export interface TriageApplied {
  action: "none" | "appended" | "filled" | "marked" | string;
  stepId: string;
  rootCauseSet: boolean;
  ignoredReason: string;
  progress: { level: number; steps: number; rootCauseFound: boolean };
}

/** A stored message as the Triage view shows it. */
export interface ChatMessage {
  id: string;
  conversationId: string;
  seq: number;
  role: "user" | "assistant" | string;
  /** User: the approved text that was sent. Assistant: the answer as received. */
  content: string;
  /** The answer's prose without its triage block (user messages: the content). */
  display: string;
  report: TriageReport | null;
  status: MessageStatus | string;
  error: string;
  tokenCount: number;
  inputTokens: number;
  model: string;
  attachments: ChatAttachment[];
  createdAt: string;
}

export type Conversation = chat.Conversation;

/** A configured AI provider (never its key). */
export type ChatProvider = Omit<Plain<providers.Provider>, "custom" | "temperature">;

export interface ChatState {
  conversation: Conversation | null;
  messages: ChatMessage[];
  draft: string;
  /** null: no provider is configured; the 5 Whys are worked by hand. */
  provider: ChatProvider | null;
  /** The provider was chosen for this incident (not the default). */
  explicit: boolean;
}

/** What send and regenerate return at once; the answer streams in as chat:stream events. */
export interface SendResult {
  conversation: Conversation;
  /** The stored user message (send only). */
  user?: ChatMessage;
  /** The answer being produced (status "streaming"). */
  assistant: ChatMessage;
  /** Earlier messages left out of the request to fit the model's context window. */
  omitted: number;
}

export interface SendInput {
  reviewId: string;
  /** One per finding of the review, in order; [] when it had none. */
  decisions: ("redact" | "keep")[];
  attachments: ChatAttachment[];
}

/** Stored messages carry no display/report; the view treats them like State's messages. */
function asChatMessage(m: chat.Message | undefined): ChatMessage | undefined {
  if (!m) return undefined;
  return {
    ...(m as Plain<chat.Message>),
    attachments: m.attachments ?? [],
    display: m.role === "assistant" ? "" : m.content,
    report: null,
  };
}

function asSendResult(r: chat.SendResult): SendResult {
  return {
    conversation: r.conversation,
    user: asChatMessage(r.user),
    assistant: asChatMessage(r.assistant) as ChatMessage,
    omitted: r.omitted ?? 0,
  };
}

function asState(s: app.ChatState): ChatState {
  return {
    conversation: s.conversation ?? null,
    messages: (s.messages ?? []).map((m) => ({
      ...(m as Plain<app.ChatMessage>),
      attachments: m.attachments ?? [],
      report: (m.report ?? null) as TriageReport | null,
    })),
    draft: s.draft ?? "",
    provider: (s.provider ?? null) as ChatProvider | null,
    explicit: s.explicit ?? false,
  };
}

export const chatApi = {
  /** The incident's conversation, draft and provider. */
  state: (issueId: string): Promise<ChatState> => call(() => ChatService.State(issueId)).then(asState),
  /** Scans typed text and holds it for review; nothing leaves the machine. */
  reviewText: (issueId: string, text: string): Promise<TextReview> => call(() => EgressService.ReviewText(issueId, text)),
  /** Approves the reviewed text with the user's decisions and starts the answer. */
  send: (input: SendInput): Promise<SendResult> =>
    call(() =>
      ChatService.Send(
        app.SendInput.createFrom({ reviewId: input.reviewId, decisions: input.decisions, attachments: input.attachments }),
      ),
    ).then(asSendResult),
  /** Replaces the conversation's last answer. */
  regenerate: (issueId: string): Promise<SendResult> => call(() => ChatService.Regenerate(issueId)).then(asSendResult),
  /** Stops a streaming answer (what arrived is kept); false when it was not streaming. */
  stop: (messageId: string): Promise<boolean> => call(() => ChatService.Stop(messageId)),
  /** Keeps the composer text ("" clears it). */
  saveDraft: (issueId: string, text: string): Promise<void> => call(() => ChatService.SaveDraft(issueId, text)),
  /** The configured providers. */
  providers: (): Promise<ChatProvider[]> => call(() => ProviderService.List()).then((ps) => (ps ?? []) as ChatProvider[]),
  /** Sets the incident's provider ("" = the default). */
  chooseProvider: (issueId: string, providerId: string): Promise<void> =>
    call(() => ProviderService.ChooseForIncident(issueId, providerId)),
};
