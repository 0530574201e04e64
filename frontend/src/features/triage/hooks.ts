import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";
import { chatApi, type ChatState, type SendInput, type SendResult } from "../../lib/api/chat";
import type { AppError } from "../../lib/api/errors";
import { chatStreamSnapshot, subscribeChatStream, type LiveAnswer } from "../../lib/api/events";
import type { TextReview } from "../../lib/api/types";
import { invalidateTimeline } from "../timeline/hooks";
import { invalidateWhys } from "../whys/hooks";
import { hasStreaming, withRegenerated, withSent } from "./model";

export const chatKeys = {
  state: (issueId: string) => ["chat", issueId] as const,
  // Shared with the providers settings (their invalidations refresh the picker).
  providers: ["providers", "list"] as const,
};

/** While an answer is stored as streaming, State is re-read this often (lost events, reloads). */
const STREAMING_POLL_MS = 1500;

export function useChatState(issueId: string) {
  return useQuery({
    queryKey: chatKeys.state(issueId),
    queryFn: () => chatApi.state(issueId),
    refetchInterval: (q) => (hasStreaming(q.state.data) ? STREAMING_POLL_MS : false),
  });
}

/**
 * useChatStream follows the incident's streamed answers: it re-renders on every new batch and
 * re-reads State on a gap and when an answer is done. Unsubscribes on unmount.
 */
export function useChatStream(issueId: string): Readonly<Record<string, LiveAnswer>> {
  const qc = useQueryClient();
  const subscribe = useCallback(
    (notify: () => void) =>
      subscribeChatStream(issueId, (ev, _answer, outcome) => {
        notify();
        if (outcome === "gap" || ev.done) void qc.invalidateQueries({ queryKey: chatKeys.state(issueId) });
        // A finished answer may have advanced the 5 Whys (and recorded it on the timeline).
        if (ev.done) {
          void invalidateWhys(qc, issueId);
          void invalidateTimeline(qc, issueId);
        }
      }),
    [issueId, qc],
  );
  const snapshot = useCallback(() => chatStreamSnapshot(issueId), [issueId]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export function useProviders() {
  return useQuery({ queryKey: chatKeys.providers, queryFn: chatApi.providers });
}

export function useChooseProvider(issueId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (providerId: string) => chatApi.chooseProvider(issueId, providerId),
    onSuccess: () => void qc.invalidateQueries({ queryKey: chatKeys.state(issueId) }),
  });
}

export function useReviewChatText(issueId: string) {
  return useMutation<TextReview, AppError, string>({ mutationFn: (text) => chatApi.reviewText(issueId, text) });
}

export function useSendChat(issueId: string) {
  const qc = useQueryClient();
  return useMutation<SendResult, AppError, SendInput>({
    mutationFn: (input) => chatApi.send(input),
    onSuccess: (res) => {
      qc.setQueryData<ChatState>(chatKeys.state(issueId), (s) => (s ? withSent(s, res) : s));
      void qc.invalidateQueries({ queryKey: chatKeys.state(issueId) });
    },
  });
}

export function useRegenerate(issueId: string) {
  const qc = useQueryClient();
  return useMutation<SendResult, AppError, undefined>({
    mutationFn: () => chatApi.regenerate(issueId),
    onSuccess: (res) => {
      qc.setQueryData<ChatState>(chatKeys.state(issueId), (s) => (s ? withRegenerated(s, res) : s));
      void qc.invalidateQueries({ queryKey: chatKeys.state(issueId) });
    },
  });
}

export function useStopAnswer(issueId: string) {
  const qc = useQueryClient();
  return useMutation<boolean, AppError, string>({
    mutationFn: (messageId) => chatApi.stop(messageId),
    // Not streaming any more (it finished meanwhile): show what was stored.
    onSuccess: (wasStreaming) => {
      if (!wasStreaming) void qc.invalidateQueries({ queryKey: chatKeys.state(issueId) });
    },
  });
}
