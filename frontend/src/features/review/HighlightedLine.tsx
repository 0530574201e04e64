import { useState } from "react";
import type { Finding, PIIType } from "../../lib/api/types";
import { splitByQuery } from "../../lib/logview";
import { classStyles, typeInfo } from "../../lib/pii";
import { segmentLine, splitPlaceholders } from "../../lib/segments";
import { useReveal } from "./hooks";

/** Search matches inside any text, as <mark data-search>. */
function Searched({ text, query }: { text: string; query: string }) {
  if (query === "") return <>{text}</>;
  return (
    <>
      {splitByQuery(text, query).map((p, i) =>
        p.match ? (
          <mark key={i} data-search className="rounded-sm bg-yellow-300 text-inherit dark:bg-yellow-600/70">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

/** One line of the original log, findings highlighted by type and styled by decision. */
export function FindingLine({
  n,
  text,
  findings,
  query,
  types,
}: {
  n: number;
  text: string;
  findings: readonly Finding[];
  query: string;
  types: readonly PIIType[] | undefined;
}) {
  return (
    <>
      {segmentLine(n, text, findings).map((s, i) => {
        const f = s.finding;
        if (!f) return <Searched key={i} text={s.text} query={query} />;
        const t = typeInfo(types, f.type);
        const redact = f.decision !== "keep";
        const title = `${t.label}: ${redact ? `redacted as ${f.placeholder}` : `kept (${f.placeholder} if redacted)`}${f.allowlisted ? " · allowlisted" : ""}`;
        return (
          <mark
            key={i}
            data-finding={f.id}
            data-type={f.type}
            data-decision={redact ? "redact" : "keep"}
            title={title}
            className={`rounded-sm text-inherit ${redact ? classStyles[t.cls].redact : `bg-transparent ${classStyles[t.cls].keep}`}`}
          >
            <Searched text={s.text} query={query} />
          </mark>
        );
      })}
    </>
  );
}

/** A placeholder in redacted text; activating it shows (locally) what it stands for. */
function Placeholder({ issueId, text }: { issueId: string; text: string }) {
  const [open, setOpen] = useState(false);
  const reveal = useReveal(issueId, text, open);
  let shown: string | null = null;
  if (open) shown = reveal.data ? reveal.data.value : reveal.error ? "not a placeholder of this incident" : "…";
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        title={open ? "Hide the original value" : "Show the original value (only on this machine)"}
        className="rounded-sm bg-slate-200 px-0.5 font-semibold text-slate-800 hover:bg-slate-300 dark:bg-slate-700 dark:text-slate-100 dark:hover:bg-slate-600"
      >
        {text}
      </button>
      {shown !== null && (
        <span data-revealed={text} className="mx-0.5 rounded-sm bg-amber-100 px-1 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100">
          {shown}
        </span>
      )}
    </>
  );
}

/** One line of redacted text (preview or applied), placeholders revealable. */
export function RedactedLine({ text, query, issueId }: { text: string; query: string; issueId: string }) {
  return (
    <>
      {splitPlaceholders(text).map((p, i) =>
        p.placeholder ? <Placeholder key={i} issueId={issueId} text={p.text} /> : <Searched key={i} text={p.text} query={query} />,
      )}
    </>
  );
}
