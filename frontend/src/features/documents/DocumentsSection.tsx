import { useId, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { ErrorNotice, Loading } from "../../components/ui/States";
import type { DocSummary, TemplateInfo } from "../../lib/api/documents";
import { formatDateTime } from "../../lib/format";
import { ExternalLink } from "./ExternalLink";
import { useDocuments, useGenerate, useTemplates } from "./hooks";
import { templateName } from "./sections";

export const documentPath = (issueId: string, docId: string) => `/incidents/${encodeURIComponent(issueId)}/documents/${encodeURIComponent(docId)}`;

/**
 * The incident's documents (RCA, post-mortem): the list, and "New document" which generates one
 * from a template, filled from everything the incident holds, and opens it in the editor.
 */
export function DocumentsSection({ issueId }: { issueId: string }) {
  const headingId = useId();
  const list = useDocuments(issueId);
  const templates = useTemplates();
  const [picking, setPicking] = useState(false);

  let body;
  if (list.error) body = <ErrorNotice error={list.error} />;
  else if (!list.data) body = <Loading label="Loading documents…" />;
  else if (list.data.length === 0)
    body = (
      <p className="mt-3 rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        No documents yet. Generate an RCA or a post-mortem: it is filled from the incident’s description, timeline, 5 Whys, logs and action
        items, and you edit it from there.
      </p>
    );
  else
    body = (
      <ul aria-label="Documents" className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {list.data.map((d) => (
          <DocumentRow key={d.id} doc={d} templates={templates.data} />
        ))}
      </ul>
    );

  return (
    <section aria-labelledby={headingId} data-testid="documents-section" className="mt-8">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id={headingId} className="text-lg font-semibold">
            Documents
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">RCA and post-mortem: edit, export, publish to Confluence.</p>
        </div>
        <Button variant="primary" onClick={() => setPicking(true)}>
          New document…
        </Button>
      </div>
      {body}
      {picking && <NewDocumentDialog issueId={issueId} onClose={() => setPicking(false)} />}
    </section>
  );
}

function DocumentRow({ doc, templates }: { doc: DocSummary; templates: TemplateInfo[] | undefined }) {
  const p = doc.publication;
  return (
    <li className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3" data-testid="document-row">
      <div className="min-w-0">
        <Link to={documentPath(doc.issueId, doc.id)} className="font-medium break-words text-blue-700 hover:underline dark:text-blue-300">
          {doc.title || "Untitled document"}
        </Link>
        <div className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          {templateName(templates, doc.template)} · version {doc.version} · updated {formatDateTime(doc.updatedAt)}
        </div>
      </div>
      {p ? (
        <ExternalLink href={p.url} className="text-sm" label={`Published v${p.pageVersion} in Confluence (opens in your browser)`}>
          Published v{p.pageVersion}
        </ExternalLink>
      ) : (
        <span className="text-xs text-slate-500 dark:text-slate-400">Not published</span>
      )}
    </li>
  );
}

function NewDocumentDialog({ issueId, onClose }: { issueId: string; onClose: () => void }) {
  const templates = useTemplates();
  const generate = useGenerate(issueId);
  const navigate = useNavigate();
  const [choice, setChoice] = useState<string>("");
  const groupId = useId();
  const list = templates.data ?? [];
  const selected = list.find((t) => t.id === choice) ?? list[0];

  const submit = () => {
    if (!selected || generate.isPending) return;
    generate.mutate(selected.id, {
      onSuccess: (doc) => {
        onClose();
        void navigate(documentPath(issueId, doc.id));
      },
    });
  };

  return (
    <Dialog
      open
      size="xl"
      title="New document"
      onClose={() => !generate.isPending && onClose()}
      actions={
        <>
          <Button onClick={onClose} disabled={generate.isPending}>
            Cancel
          </Button>
          <Button variant="primary" onClick={submit} disabled={!selected || generate.isPending} aria-busy={generate.isPending}>
            {generate.isPending ? "Generating…" : "Generate"}
          </Button>
        </>
      }
    >
      {templates.error ? (
        <ErrorNotice error={templates.error} />
      ) : !templates.data ? (
        <Loading label="Loading templates…" />
      ) : (
        <div className="grid gap-4 md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <fieldset>
            <legend id={groupId} className="mb-2 font-medium text-slate-800 dark:text-slate-200">
              Template
            </legend>
            <div role="radiogroup" aria-labelledby={groupId} className="space-y-2">
              {list.map((t) => {
                const on = t.id === selected?.id;
                return (
                  <label
                    key={t.id}
                    className={`flex cursor-pointer gap-3 rounded-md border p-3 ${on ? "border-blue-500 bg-blue-50 dark:border-blue-400 dark:bg-blue-950/50" : "border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"}`}
                  >
                    <input type="radio" name="template" value={t.id} checked={on} onChange={() => setChoice(t.id)} className="mt-1" />
                    <span className="min-w-0">
                      <span className="block font-medium text-slate-900 dark:text-slate-100">{t.name}</span>
                      <span className="block text-xs text-slate-600 dark:text-slate-400">{t.description}</span>
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>
          {selected && (
            <div aria-live="polite">
              <h3 className="mb-2 font-medium text-slate-800 dark:text-slate-200">Sections of “{selected.name}”</h3>
              <ol aria-label="Sections" className="list-decimal space-y-0.5 rounded-md border border-slate-200 bg-slate-50 py-2 pr-3 pl-8 dark:border-slate-700 dark:bg-slate-950">
                {selected.sections.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
              <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
                Filled from the incident now; sections with no data say so. Nothing is sent anywhere.
              </p>
            </div>
          )}
        </div>
      )}
      {generate.error && (
        <p role="alert" className="mt-3 font-medium text-red-700 dark:text-red-300">
          Not generated: {generate.error.message}
        </p>
      )}
    </Dialog>
  );
}
