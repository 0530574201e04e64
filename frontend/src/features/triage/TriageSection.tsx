import type { LogFile } from "../../lib/api/types";
import { WhysPanel } from "../whys/WhysPanel";
import { ChatPanel } from "./ChatPanel";

/**
 * The incident's Triage: the conversation with the AI provider beside the 5-Whys steps it
 * advances (which also work entirely by hand).
 */
export function TriageSection({ issueId, logFiles }: { issueId: string; logFiles: readonly LogFile[] }) {
  return (
    <section aria-labelledby="triage-heading" className="mt-8" data-testid="triage-section">
      <h2 id="triage-heading" className="text-lg font-semibold">
        Triage
      </h2>
      <p className="mt-0.5 mb-3 text-sm text-slate-600 dark:text-slate-400">Work towards the root cause with the 5 Whys.</p>
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-2">
        <ChatPanel issueId={issueId} logFiles={logFiles} />
        <WhysPanel issueId={issueId} headingLevel={3} />
      </div>
    </section>
  );
}
