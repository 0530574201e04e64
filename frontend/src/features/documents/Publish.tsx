import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { useMeta } from "../../lib/api/hooks";
import { documentsApi, subscribeConfluenceWait, type Doc, type Publication } from "../../lib/api/documents";
import { toAppError } from "../../lib/api/errors";
import type { TextReview } from "../../lib/api/types";
import { previewParts, type TextDecision } from "../../lib/textRedaction";
import { toast } from "../../lib/toast";
import { TextFindings } from "../review/TextFindings";
import { invalidateTimeline } from "../timeline/hooks";
import { ExternalLink } from "./ExternalLink";
import { docKeys, useConfluenceStatus } from "./hooks";
import { busyPhase, errorHint, secondsLeft, waitText, type PublishPhase } from "./publish";

type Decisions = ("redact" | "keep")[];

export interface Publisher {
  phase: PublishPhase;
  /** Confluence asked to wait until (epoch ms), while publishing; 0 otherwise. */
  waitUntil: number;
  waitStatus: number;
  start: () => void;
  decide: (decisions: Decisions) => void;
  recreate: () => void;
  dismiss: () => void;
}

/**
 * usePublisher runs "Publish to Confluence": flush the pending save → scan the document
 * (ReviewPublish) → the user decides every finding (if any) → Publish. A page deleted in
 * Confluence is recreated only after asking. A failure leaves the local document unchanged.
 */
export function usePublisher(doc: { id: string; issueId: string }, flush: () => Promise<void>): Publisher {
  const qc = useQueryClient();
  const [phase, setPhase] = useState<PublishPhase>({ kind: "idle" });
  const [wait, setWait] = useState({ until: 0, status: 0 });
  const running = useRef(false);
  const docId = doc.id;
  const issueId = doc.issueId;

  // Subscribed while the document is open (not only while publishing), so the event channel is
  // connected before the first wait is announced.
  const publishing = useRef(false);
  useEffect(
    () =>
      subscribeConfluenceWait(docId, (w) => {
        if (publishing.current) setWait({ until: Date.now() + w.seconds * 1000, status: w.status });
      }),
    [docId],
  );

  const published = useCallback(
    (p: Publication) => {
      qc.setQueryData<Doc>(docKeys.doc(docId), (d) => (d ? { ...d, publication: p } : d));
      void qc.invalidateQueries({ queryKey: docKeys.list(issueId) });
      void qc.invalidateQueries({ queryKey: docKeys.versions(docId) });
      void invalidateTimeline(qc, issueId);
      toast.success(`Published to Confluence (page version ${p.pageVersion})`);
    },
    [qc, docId, issueId],
  );

  const fail = useCallback((err: unknown) => {
    const e = toAppError(err);
    setPhase({ kind: "error", message: e.message, code: e.code });
  }, []);

  const publish = useCallback(
    async (reviewId: string, decisions: Decisions, recreate: boolean) => {
      setPhase({ kind: "publishing", recreate });
      setWait({ until: 0, status: 0 });
      publishing.current = true;
      try {
        const p = await documentsApi.publish(docId, { reviewId, decisions, recreate });
        setPhase({ kind: "done", publication: p });
        published(p);
      } catch (err) {
        const e = toAppError(err);
        if (e.code === "gone" && !recreate) setPhase({ kind: "gone", reviewId, decisions, message: e.message });
        else if (recreate && (e.code === "not_found" || e.code === "invalid") && /review/i.test(e.message)) return "review";
        else fail(e);
      } finally {
        publishing.current = false;
        setWait({ until: 0, status: 0 });
      }
      return "";
    },
    [docId, published, fail],
  );

  /** Saves, scans and publishes (or asks for decisions first). */
  const review = useCallback(
    async (recreate: boolean) => {
      if (running.current) return;
      running.current = true;
      setPhase({ kind: "checking" });
      try {
        try {
          await flush();
        } catch (err) {
          setPhase({
            kind: "error",
            code: "unsaved",
            message: `your latest edits could not be saved (${toAppError(err).message}); they are still in the editor`,
          });
          return;
        }
        const r = await documentsApi.reviewPublish(docId);
        if (r.findings.length > 0) setPhase({ kind: "review", review: r, recreate });
        else await publish(r.id, [], recreate);
      } catch (err) {
        fail(err);
      } finally {
        running.current = false;
      }
    },
    [docId, flush, publish, fail],
  );

  return {
    phase,
    waitUntil: wait.until,
    waitStatus: wait.status,
    start: () => void review(false),
    decide: (decisions) => {
      if (phase.kind !== "review") return;
      void publish(phase.review.id, decisions, phase.recreate);
    },
    recreate: () => {
      if (phase.kind !== "gone") return;
      const { reviewId, decisions } = phase;
      // The approval used the review up, so the backend no longer finds it: the document is then
      // scanned again (decisions asked again only when it has findings), and published with recreate.
      void publish(reviewId, decisions, true).then((next) => {
        if (next === "review") return review(true);
      });
    },
    dismiss: () => setPhase({ kind: "idle" }),
  };
}

/** The "Publish to Confluence" button (or, when Confluence is not set up, an explanation). */
export function PublishButton({ publisher }: { publisher: Publisher }) {
  const status = useConfluenceStatus();
  const [explain, setExplain] = useState(false);
  const busy = busyPhase(publisher.phase);
  const notConfigured = status.data !== undefined && !status.data.configured;
  return (
    <>
      <Button
        variant="primary"
        aria-busy={busy}
        disabled={busy || status.isPending}
        onClick={() => (notConfigured ? setExplain(true) : publisher.start())}
        title={notConfigured ? "Confluence is not set up yet" : undefined}
      >
        {busy ? "Publishing…" : "Publish to Confluence"}
      </Button>
      <Dialog
        open={explain}
        title="Confluence is not set up"
        onClose={() => setExplain(false)}
        actions={
          <>
            <Button onClick={() => setExplain(false)}>Close</Button>
            <Link
              to="/settings"
              className="inline-flex items-center rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 dark:bg-blue-500 dark:text-slate-950 dark:hover:bg-blue-400"
            >
              Open Settings
            </Link>
          </>
        }
      >
        <p>
          To publish, add your Confluence site in <strong>Settings → Confluence</strong>: its address, the deployment (Cloud or Data Center), your
          credentials and the space to publish to. Your document is saved; nothing is lost by going there.
        </p>
      </Dialog>
    </>
  );
}

/** What the publish is doing, or how it ended; shown under the document's header. */
export function PublishStatus({ publisher }: { publisher: Publisher }) {
  const { phase } = publisher;
  const [now, setNow] = useState(() => Date.now());
  const waiting = phase.kind === "publishing" && publisher.waitUntil > 0;
  useEffect(() => {
    if (!waiting) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [waiting]);

  if (phase.kind === "checking" || phase.kind === "publishing") {
    return (
      <div role="status" data-testid="publish-progress" className="flex items-center gap-2 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900 dark:border-blue-900 dark:bg-blue-950 dark:text-blue-100">
        <span aria-hidden="true" className="h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" />
        {phase.kind === "checking"
          ? "Saving and checking the document for sensitive data…"
          : waiting
            ? waitText(secondsLeft(publisher.waitUntil, now), publisher.waitStatus)
            : phase.recreate
              ? "Creating the page in Confluence again…"
              : "Publishing to Confluence…"}
      </div>
    );
  }
  if (phase.kind === "done") {
    const p = phase.publication;
    return (
      <div role="status" data-testid="publish-result" className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
        <span>
          Published version {p.pageVersion} to the {p.spaceKey} space (document version {p.docVersion}).
        </span>
        <ExternalLink href={p.url}>Open the page in Confluence</ExternalLink>
        <Button variant="ghost" className="ml-auto px-2 py-0.5 text-xs" onClick={publisher.dismiss}>
          Dismiss
        </Button>
      </div>
    );
  }
  if (phase.kind === "error") {
    const hint = errorHint(phase.code);
    return (
      <div role="alert" data-testid="publish-error" className="flex flex-wrap items-start gap-x-3 gap-y-1 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        <div className="min-w-0 flex-1">
          <p className="font-medium break-words">Not published: {phase.message}</p>
          <p className="mt-0.5">
            {hint && `${hint} `}The document itself is unchanged.
            {(phase.code === "auth" || phase.code === "not_found") && (
              <>
                {" "}
                <Link to="/settings" className="font-medium underline">
                  Open Settings
                </Link>
              </>
            )}
          </p>
        </div>
        <Button className="px-2 py-0.5 text-xs" onClick={publisher.start}>
          Try again
        </Button>
        <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={publisher.dismiss}>
          Dismiss
        </Button>
      </div>
    );
  }
  return null;
}

/** The dialogs of the publish flow: review of findings, and "create the page again?". */
export function PublishDialogs({ publisher }: { publisher: Publisher }) {
  const { phase } = publisher;
  if (phase.kind === "review") return <PublishReviewDialog key={phase.review.id} review={phase.review} onCancel={publisher.dismiss} onPublish={publisher.decide} />;
  if (phase.kind === "gone")
    return (
      <Dialog
        open
        title="The page was deleted in Confluence"
        onClose={publisher.dismiss}
        actions={
          <>
            <Button onClick={publisher.dismiss} autoFocus>
              Cancel
            </Button>
            <Button variant="primary" onClick={publisher.recreate}>
              Create it again
            </Button>
          </>
        }
      >
        <p>The page was deleted in Confluence. Create it again?</p>
        <p className="mt-2 text-slate-600 dark:text-slate-400">A new page is created in the configured space; the document is unchanged either way.</p>
      </Dialog>
    );
  return null;
}

function PublishReviewDialog({ review, onCancel, onPublish }: { review: TextReview; onCancel: () => void; onPublish: (d: Decisions) => void }) {
  const meta = useMeta();
  const [decisions, setDecisions] = useState<TextDecision[]>(() => review.findings.map(() => null));
  const undecided = decisions.filter((d) => d === null).length;
  // A document is long: show the first finding, not the top of the text.
  const textBox = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const box = textBox.current;
    const mark = box?.querySelector("mark");
    if (box && mark instanceof HTMLElement) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }, []);
  return (
    <Dialog
      open
      size="xl"
      title="Review before publishing"
      onClose={onCancel}
      actions={
        <>
          <Button onClick={onCancel}>Back to editing</Button>
          <Button
            variant="primary"
            disabled={undecided > 0}
            onClick={() => undecided === 0 && onPublish(decisions.map((d) => (d === "keep" ? "keep" : "redact")))}
          >
            Publish
          </Button>
        </>
      }
    >
      <div className="max-h-[70vh] space-y-4 overflow-auto pr-1">
        <p className="text-slate-600 dark:text-slate-400">
          The document contains data that may be sensitive. Decide for each finding whether Confluence gets a placeholder or the value itself. Your
          document is not changed.
        </p>
        <TextFindings review={review} decisions={decisions} onDecisions={setDecisions} types={meta.data?.piiTypes} disabled={false} label="Findings in the document" />
        <figure className="min-w-0">
          <figcaption className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">What Confluence will receive</figcaption>
          <pre
            ref={textBox}
            aria-label="Document as it will be published"
            className="relative max-h-72 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs break-words whitespace-pre-wrap dark:border-slate-700 dark:bg-slate-950"
          >
            {previewParts(review.text, review.findings, decisions).map((p, i) =>
              p.finding < 0 ? (
                <span key={i}>{p.text}</span>
              ) : (
                <mark
                  key={i}
                  className={`rounded-sm text-inherit ${p.decision === "redact" ? "bg-slate-300 font-semibold dark:bg-slate-600" : p.decision === "keep" ? "bg-transparent underline decoration-emerald-500 decoration-dashed decoration-2" : "bg-amber-200 dark:bg-amber-800/70"}`}
                >
                  {p.text}
                </mark>
              ),
            )}
          </pre>
          {undecided > 0 && <p className="mt-1 text-xs text-amber-800 dark:text-amber-200">Highlighted values are undecided: nothing is published until every finding is decided.</p>}
        </figure>
      </div>
    </Dialog>
  );
}
