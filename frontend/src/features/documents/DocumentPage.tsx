import { Suspense, lazy, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import type { EditorView } from "@uiw/react-codemirror";
import { Button } from "../../components/ui/Button";
import { ErrorNotice, Loading } from "../../components/ui/States";
import { documentsApi, type Doc, type VersionInfo } from "../../lib/api/documents";
import { toAppError } from "../../lib/api/errors";
import { formatDateTime } from "../../lib/format";
import { toast } from "../../lib/toast";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useIncident } from "../incidents/hooks";
import { ActionItemsSection } from "../actions/ActionItemsSection";
import { DraftSectionButton } from "../drafts/DraftSectionButton";
import { ConfirmDelete } from "../whys/Confirm";
import { AutoSaver, type SaveContent, type SaveStatus } from "./autosave";
import { drafts, pendingDraft, type Draft } from "./drafts";
import { ExportMenu } from "./ExportMenu";
import { RefreshSectionButton } from "./RefreshSectionButton";
import { reportUnsaved } from "../../lib/api/window";
import { ExternalLink } from "./ExternalLink";
import { HistoryPanel } from "./HistoryPanel";
import { docKeys, storedDoc, useDoc, useTemplates } from "./hooks";
import { Preview } from "./Preview";
import { PublishButton, PublishDialogs, PublishStatus, usePublisher } from "./Publish";
import { headings, templateName } from "./sections";
import { useElementWidth } from "./useElementWidth";

const MarkdownEditor = lazy(() => import("./MarkdownEditor"));

/** Below this width the editor and the preview are tabs instead of side by side. */
const SIDE_BY_SIDE_MIN = 880;

type SidePanel = "history" | "actions" | null;

export function DocumentPage() {
  const { id = "", docId = "" } = useParams();
  const doc = useDoc(docId);
  useDocumentTitle(doc.data?.title ?? "Document");

  if (doc.error) {
    return (
      <div className="max-w-3xl">
        <BackLink issueId={id} />
        <h1 className="mb-4 text-2xl font-semibold">Document</h1>
        <ErrorNotice error={doc.error}>{doc.error.code === "not_found" && <p className="mt-1">It may have been deleted.</p>}</ErrorNotice>
      </div>
    );
  }
  // The editor starts from what the backend holds now (not from a cached copy).
  if (!doc.data || !doc.isFetchedAfterMount) return <Loading label="Opening the document…" />;
  return <DocumentWorkspace key={docId} doc={doc.data} />;
}

function BackLink({ issueId }: { issueId: string }) {
  const incident = useIncident(issueId);
  return (
    <Link to={`/incidents/${encodeURIComponent(issueId)}`} className="text-sm text-blue-700 hover:underline dark:text-blue-300">
      ← {incident.data?.issue.title ?? "Incident"}
    </Link>
  );
}

/**
 * The document editor: title, Markdown with a live preview, autosave, history, export and
 * publishing. It reads the document once; from then on the editor owns the text and the backend
 * receives it through the autosave (never the other way round, except on restore).
 */
function DocumentWorkspace({ doc }: { doc: Doc }) {
  const qc = useQueryClient();
  const docId = doc.id;
  const templates = useTemplates();
  const [initial] = useState(doc);
  const [title, setTitle] = useState(initial.title);
  const [content, setContent] = useState(initial.contentMd);
  const latest = useRef<SaveContent>({ title: initial.title, contentMd: initial.contentMd });
  const [status, setStatus] = useState<SaveStatus>({ state: "idle", version: initial.version, error: "" });
  const [offer, setOffer] = useState<Draft | null>(() => pendingDraft(drafts, docId, initial));
  const [saver] = useState(
    () =>
      new AutoSaver<Doc>({
        save: (c) => documentsApi.save(docId, c),
        versionOf: (d) => d.version,
        initial: { title: initial.title, contentMd: initial.contentMd },
        initialVersion: initial.version,
        onSaved: (c, d) => {
          drafts.dropIfSaved(docId, c);
          storedDoc(qc, d);
        },
        onStatus: setStatus,
      }),
  );
  const flush = useCallback(() => saver.flush(), [saver]);
  const publisher = usePublisher(doc, flush);
  const [panel, setPanel] = useState<SidePanel>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const panelId = useId();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const navigate = useNavigate();

  // The window asks before closing while this editor holds text not saved yet.
  const unsaved = status.state === "pending" || status.state === "saving" || status.state === "error";
  useEffect(() => reportUnsaved(docId, unsaved), [docId, unsaved]);

  // Leaving the page (or the window going away) saves what is pending; a failed save stays
  // offered as a draft when the document is opened again.
  useEffect(() => {
    saver.activate();
    const save = () => void saver.flush().catch(() => {});
    const onVisibility = () => document.visibilityState === "hidden" && save();
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", save);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", save);
      void saver
        .flush()
        .then(() => reportUnsaved(docId, false)) // saved after the page went: nothing to ask about
        .catch(() => {})
        .finally(() => saver.dispose());
    };
  }, [saver, docId]);

  const edit = useCallback(
    (patch: Partial<SaveContent>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      drafts.put(docId, { ...next, baseVersion: saver.getStatus().version, at: Date.now() });
      saver.change(next);
    },
    [docId, saver],
  );
  const onContent = useCallback(
    (v: string) => {
      setContent(v);
      edit({ contentMd: v });
    },
    [edit],
  );
  const onTitle = (v: string) => {
    setTitle(v);
    edit({ title: v });
  };
  const onBlur = useCallback(() => void saver.flush().catch(() => {}), [saver]);

  /** Replaces the editor's text without typing (restore, a restored draft). */
  const replace = (c: SaveContent) => {
    latest.current = { ...c };
    setTitle(c.title);
    setContent(c.contentMd);
  };

  /** The backend changed the document (a restore, a refresh, an AI draft inserted): the editor shows it. */
  const fromBackend = (d: Doc) => {
    saver.reset({ title: d.title, contentMd: d.contentMd }, d.version);
    // Unsaved edits offered from an earlier visit stay offered: only the user discards them.
    if (!offer) drafts.drop(docId);
    replace({ title: d.title, contentMd: d.contentMd });
    storedDoc(qc, d);
  };

  const restoreDraft = (d: Draft) => {
    const c = { title: d.title, contentMd: d.contentMd };
    replace(c);
    setOffer(null);
    edit(c);
    // Stored as a version of its own: what was saved since these edits stays in History.
    saver.change({ ...c, newVersion: true });
  };

  const restore = async (v: VersionInfo): Promise<boolean> => {
    setRestoreError(null);
    setRestoring(true);
    try {
      try {
        await saver.flush();
      } catch (err) {
        setRestoreError(`your latest edits could not be saved first (${toAppError(err).message}); they are still in the editor`);
        return false;
      }
      const d = await documentsApi.restore(docId, v.number);
      fromBackend(d);
      toast.success(`Version ${v.number} restored (saved as version ${d.version})`);
      return true;
    } catch (err) {
      setRestoreError(toAppError(err).message);
      return false;
    } finally {
      setRestoring(false);
    }
  };

  const remove = async () => {
    setDeleteError(null);
    setDeleting(true);
    try {
      await documentsApi.remove(docId);
      // Nothing is left to save: leaving the page must not write to the deleted document.
      saver.reset(latest.current, saver.getStatus().version);
      saver.dispose();
      drafts.drop(docId);
      qc.removeQueries({ queryKey: docKeys.doc(docId) });
      void qc.invalidateQueries({ queryKey: docKeys.list(doc.issueId) });
      toast.success(`Document “${latest.current.title}” deleted`);
      void navigate(`/incidents/${encodeURIComponent(doc.issueId)}`);
    } catch (err) {
      setDeleteError(toAppError(err).message);
    } finally {
      setDeleting(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
      e.preventDefault();
      void saver.flush().catch(() => {});
    }
  };

  const togglePanel = (p: Exclude<SidePanel, null>) => setPanel((cur) => (cur === p ? null : p));
  const pub = doc.publication;

  return (
    <div className="flex h-[calc(100vh-3rem)] min-h-[32rem] flex-col gap-3" onKeyDown={onKeyDown}>
      <header className="space-y-2">
        <BackLink issueId={doc.issueId} />
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <input
            aria-label="Document title"
            value={title}
            onChange={(e) => onTitle(e.target.value)}
            onBlur={onBlur}
            className="min-w-[16rem] flex-1 rounded-md border border-transparent bg-transparent px-1.5 py-0.5 text-2xl font-semibold tracking-tight hover:border-slate-300 focus:border-blue-600 focus:outline-2 focus:outline-blue-600/40 dark:hover:border-slate-600 dark:focus:border-blue-400"
          />
          <div className="flex flex-wrap items-center gap-2">
            <Button aria-pressed={panel === "history"} onClick={() => togglePanel("history")}>
              History
            </Button>
            <Button aria-pressed={panel === "actions"} onClick={() => togglePanel("actions")}>
              Action items
            </Button>
            <RefreshSectionButton docId={docId} flush={flush} onApplied={fromBackend} />
            <DraftSectionButton docId={docId} issueId={doc.issueId} flush={flush} onApplied={fromBackend} />
            <ExportMenu docId={docId} issueId={doc.issueId} flush={flush} />
            <PublishButton publisher={publisher} />
            <Button variant="ghost" aria-label="Delete this document" title="Delete this document" onClick={() => setConfirmDelete(true)}>
              Delete…
            </Button>
          </div>
        </div>
        {/* The save status lives on this line, not beside the buttons: its text changes while
            typing, and the buttons must not move under the pointer. */}
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-1.5">
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {templateName(templates.data, doc.template)} · created {formatDateTime(doc.createdAt)}
            {pub ? (
              <>
                {" "}
                ·{" "}
                <span data-testid="publication">
                  published {formatDateTime(pub.publishedAt)} from version {pub.docVersion} ·{" "}
                  <ExternalLink href={pub.url} label={`Published v${pub.pageVersion} in Confluence (opens in your browser)`}>
                    Published v{pub.pageVersion}
                  </ExternalLink>
                </span>
              </>
            ) : (
              " · not published yet"
            )}
          </p>
          <SaveStatusLine status={status} onRetry={() => saver.retry()} />
        </div>
        {offer && (
          <div role="alert" className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <span className="min-w-0 flex-1">
              Unsaved edits from {new Date(offer.at).toLocaleTimeString()} were found (typed over version {offer.baseVersion}). Restore them?
            </span>
            <Button className="px-2 py-0.5 text-xs" variant="primary" onClick={() => restoreDraft(offer)}>
              Restore my edits
            </Button>
            <Button
              className="px-2 py-0.5 text-xs"
              onClick={() => {
                drafts.drop(docId);
                setOffer(null);
              }}
            >
              Discard
            </Button>
          </div>
        )}
        <PublishStatus publisher={publisher} />
      </header>

      <div className="flex min-h-0 flex-1 gap-4">
        <EditorArea content={content} onContent={onContent} onBlur={onBlur} />
        {panel && (
          <aside aria-label={panel === "history" ? "History" : "Action items"} className="flex w-[22rem] shrink-0 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <div className="flex items-center justify-between border-b border-slate-200 px-2 pt-1 dark:border-slate-800">
              <div role="tablist" aria-label="Side panel" className="flex gap-1">
                {(["history", "actions"] as const).map((p) => (
                  <button
                    key={p}
                    type="button"
                    role="tab"
                    id={`${panelId}-${p}`}
                    aria-selected={panel === p}
                    aria-controls={`${panelId}-panel`}
                    onClick={() => setPanel(p)}
                    className={`rounded-t-md px-3 py-1.5 text-sm font-medium ${panel === p ? "border-b-2 border-blue-600 text-blue-800 dark:border-blue-400 dark:text-blue-200" : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"}`}
                  >
                    {p === "history" ? "History" : "Action items"}
                  </button>
                ))}
              </div>
              <Button variant="ghost" className="px-2 py-0.5" aria-label="Close the side panel" onClick={() => setPanel(null)}>
                ×
              </Button>
            </div>
            <div id={`${panelId}-panel`} role="tabpanel" aria-labelledby={`${panelId}-${panel}`} className="min-h-0 flex-1 overflow-auto p-3">
              {panel === "history" ? (
                <HistoryPanel docId={docId} restoring={restoring} restoreError={restoreError} onRestore={restore} />
              ) : (
                <ActionItemsSection issueId={doc.issueId} compact />
              )}
            </div>
          </aside>
        )}
      </div>
      <PublishDialogs publisher={publisher} />
      <ConfirmDelete
        open={confirmDelete}
        title="Delete this document?"
        confirmLabel="Delete document"
        pending={deleting}
        error={deleteError}
        onClose={() => !deleting && setConfirmDelete(false)}
        onConfirm={() => void remove()}
      >
        <p>
          “<strong className="break-words">{title}</strong>” and all its versions will be deleted. This cannot be undone.
          {pub && " The Confluence page stays where it is."}
        </p>
      </ConfirmDelete>
    </div>
  );
}

function SaveStatusLine({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  let body;
  switch (status.state) {
    case "saving":
      body = <span>Saving…</span>;
      break;
    case "pending":
      body = <span>Unsaved changes</span>;
      break;
    case "error":
      body = (
        <span className="text-red-700 dark:text-red-300">
          Not saved: {status.error} —{" "}
          <button type="button" onClick={onRetry} className="font-medium underline">
            Retry
          </button>
        </span>
      );
      break;
    default:
      body = <span>Saved · version {status.version}</span>;
  }
  return (
    <p data-testid="save-status" data-state={status.state} aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
      {body}
    </p>
  );
}

/** The Markdown editor beside its preview, or both as tabs when there is no room. */
function EditorArea({ content, onContent, onBlur }: { content: string; onContent: (v: string) => void; onBlur: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const wide = width === 0 || width >= SIDE_BY_SIDE_MIN;
  const [tab, setTab] = useState<"edit" | "preview">("edit");
  const view = useRef<EditorView | null>(null);
  const tabsId = useId();
  const outlineSource = useDeferredValue(content);
  const outline = useMemo(() => headings(outlineSource, 3), [outlineSource]);
  const onReady = useCallback((v: EditorView) => {
    view.current = v;
  }, []);

  const jump = (line: number) => {
    const v = view.current;
    if (!v) return;
    const l = v.state.doc.line(Math.min(Math.max(line, 1), v.state.doc.lines));
    setTab("edit");
    v.dispatch({ selection: { anchor: l.from }, scrollIntoView: true });
    v.focus();
  };

  const showEditor = wide || tab === "edit";
  const showPreview = wide || tab === "preview";
  const pane = "flex min-h-0 min-w-0 flex-col overflow-hidden";
  const paneHead = "flex h-9 shrink-0 items-center justify-between gap-2 border-b border-slate-200 px-3 text-xs font-medium text-slate-600 dark:border-slate-800 dark:text-slate-400";

  return (
    <div ref={box} className="flex min-h-0 min-w-0 flex-1 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      {!wide && (
        <div role="tablist" aria-label="Editor view" className="flex shrink-0 gap-1 border-b border-slate-200 px-2 pt-1 dark:border-slate-800">
          {(["edit", "preview"] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={`${tabsId}-${t}`}
              aria-selected={tab === t}
              onClick={() => setTab(t)}
              className={`rounded-t-md px-3 py-1.5 text-sm font-medium ${tab === t ? "border-b-2 border-blue-600 text-blue-800 dark:border-blue-400 dark:text-blue-200" : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"}`}
            >
              {t === "edit" ? "Edit" : "Preview"}
            </button>
          ))}
        </div>
      )}
      <div className={`grid min-h-0 flex-1 ${wide ? "grid-cols-2 divide-x divide-slate-200 dark:divide-slate-800" : "grid-cols-1"}`}>
        <section aria-label="Markdown" className={`${pane} ${showEditor ? "" : "hidden"}`}>
          <div className={paneHead}>
            <span>Markdown</span>
            {outline.length > 0 && (
              <select
                aria-label="Jump to section"
                value=""
                onChange={(e) => e.target.value && jump(Number(e.target.value))}
                className="max-w-[16rem] truncate rounded border border-slate-300 bg-white px-1 py-0.5 text-xs font-normal dark:border-slate-600 dark:bg-slate-800"
              >
                <option value="">Jump to section…</option>
                {outline.map((h) => (
                  <option key={`${h.line}`} value={h.line}>
                    {"\u00a0\u00a0".repeat(h.level - 1)}
                    {h.text}
                  </option>
                ))}
              </select>
            )}
          </div>
          <div className="min-h-0 flex-1">
            <Suspense fallback={<div className="px-3"><Loading label="Loading the editor…" /></div>}>
              <MarkdownEditor value={content} onChange={onContent} onBlur={onBlur} onReady={onReady} label="Document text (Markdown)" />
            </Suspense>
          </div>
        </section>
        <section aria-label="Preview" className={`${pane} ${showPreview ? "" : "hidden"}`}>
          <div className={paneHead}>
            <span>Preview</span>
            <span className="font-normal">Links and images are shown, not opened.</span>
          </div>
          <div className="min-h-0 flex-1 overflow-auto px-5 py-4">
            <Preview text={content} />
          </div>
        </section>
      </div>
    </div>
  );
}
