import { memo, useDeferredValue, useEffect, useMemo, useState } from "react";
import { ChatMarkdown, splitBlocks } from "../triage/Markdown";

/** Characters of Markdown rendered at once when a document opens; the rest follow in chunks. */
const FIRST = 16_000;
const CHUNK = 12_000;

/** blockKeys gives each block a key from its text and how many identical blocks came before it. */
export function blockKeys(blocks: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return blocks.map((b) => {
    const n = seen.get(b) ?? 0;
    seen.set(b, n + 1);
    return `${n}\u0000${b}`;
  });
}

/** shownBlocks is how many blocks fit in budget characters (at least one). */
export function shownBlocks(blocks: readonly string[], budget: number): number {
  let used = 0;
  for (let i = 0; i < blocks.length; i++) {
    used += (blocks[i] as string).length;
    if (used > budget) return Math.max(i, 1);
  }
  return blocks.length;
}

// Off-screen blocks skip layout and paint (the browser keeps their last size as a placeholder),
// so a change in a long document does not lay out the whole preview again.
const blockStyle = { contentVisibility: "auto", containIntrinsicSize: "auto 6rem" } as const;

const PreviewBlock = memo(function PreviewBlock({ text }: { text: string }) {
  return (
    // my-2: a block's own first/last margins are dropped by the renderer (it is one paragraph).
    <div style={blockStyle} className="my-2">
      <ChatMarkdown text={text} />
    </div>
  );
});

/**
 * The live preview: the app's sanitized Markdown renderer (raw HTML shows as text, links never
 * navigate, images are not loaded). The text is cut into blocks at blank lines (as the chat does)
 * and each block is a memoized element, so a keystroke parses one block again, from a deferred
 * copy of the text: typing never waits for the preview. A long document's blocks appear in
 * chunks when it opens, so opening it does not freeze the window either.
 */
export const Preview = memo(function Preview({ text }: { text: string }) {
  const deferred = useDeferredValue(text);
  const blocks = useMemo(() => splitBlocks(deferred), [deferred]);
  // Blocks are keyed by their text (and its occurrence), not their position: a paragraph added
  // in the middle of a long document then renders one new block instead of re-rendering every
  // block after it.
  const keys = useMemo(() => blockKeys(blocks), [blocks]);
  const [budget, setBudget] = useState(FIRST);
  const limit = shownBlocks(blocks, budget);
  const more = limit < blocks.length;
  useEffect(() => {
    if (!more) return;
    const t = setTimeout(() => setBudget((b) => b + CHUNK), 0);
    return () => clearTimeout(t);
  }, [more, budget]);

  return (
    <div
      data-testid="document-preview"
      aria-busy={deferred !== text || more}
      className="doc-preview max-w-none text-slate-800 dark:text-slate-200 [&_.task-list-item]:list-none [&_.task-list-item_ul]:list-disc [&_h3]:text-lg [&_h4]:text-base [&_table]:text-sm"
    >
      {blocks.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">Nothing to preview yet.</p>
      ) : (
        blocks.slice(0, limit).map((b, i) => <PreviewBlock key={keys[i]} text={b} />)
      )}
      {more && <p className="py-2 text-xs text-slate-500 dark:text-slate-400">Rendering the rest of the document…</p>}
    </div>
  );
});
