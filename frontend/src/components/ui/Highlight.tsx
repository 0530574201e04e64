import { splitSnippet } from "../../lib/snippet";

/** Highlight renders a search snippet, its matches as <mark>. Text is never parsed as HTML. */
export function Highlight({ snippet }: { snippet: string }) {
  return (
    <>
      {splitSnippet(snippet).map((p, i) =>
        p.match ? (
          <mark key={i} className="rounded-sm bg-yellow-200 px-0.5 text-inherit dark:bg-yellow-700/60">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
