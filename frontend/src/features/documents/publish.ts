// The publish flow's pure parts: its states and the wait countdown.
import type { Publication } from "../../lib/api/documents";
import type { TextReview } from "../../lib/api/types";

export type PublishPhase =
  | { kind: "idle" }
  /** Saving pending edits and scanning the document. */
  | { kind: "checking" }
  /** Findings to decide before anything is sent. */
  | { kind: "review"; review: TextReview; recreate: boolean }
  | { kind: "publishing"; recreate: boolean }
  /** The page was deleted in Confluence: ask before creating it again. */
  | { kind: "gone"; reviewId: string; decisions: ("redact" | "keep")[]; message: string }
  | { kind: "done"; publication: Publication }
  | { kind: "error"; message: string; code: string };

/** busyPhase: a publish is under way (the button shows progress and does not start another). */
export function busyPhase(p: PublishPhase): boolean {
  return p.kind === "checking" || p.kind === "publishing";
}

/** secondsLeft of a wait ending at `until` (epoch ms), rounded up; 0 once over. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** waitText is what the user sees while Confluence asks us to wait. */
export function waitText(seconds: number, status: number): string {
  const why = status === 503 ? "Confluence is unavailable" : "Confluence asked us to wait";
  return seconds > 0 ? `${why}: retrying in ${seconds} s…` : `${why}: retrying now…`;
}

/** errorHint adds what the user can do about a publish error, by its code. */
export function errorHint(code: string): string {
  switch (code) {
    case "auth":
      return "Check the email and API token (or personal access token) in Settings → Confluence.";
    case "not_found":
      return "Check the space key and parent page in Settings → Confluence.";
    case "conflict":
      return "Someone else changed the page at the same time. Publish again to update it.";
    case "upstream":
      return "Confluence could not be reached or failed. Try again later.";
    default:
      return "";
  }
}
