import { memo } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

// Model answers rendered as Markdown, sanitized: raw HTML in the text is shown as text (never
// parsed into elements: no rehype-raw), links never navigate the app (the URL is shown beside
// the text), and images are never loaded (their description and URL are shown instead).

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/** A remark plugin: HTML in the Markdown becomes literal text. */
export function htmlAsText() {
  const walk = (n: MdNode) => {
    if (n.type === "html") n.type = "text";
    n.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

const components: Components = {
  p: ({ children }) => <p className="my-2 first:mt-0 last:mb-0">{children}</p>,
  h1: ({ children }) => <h3 className="mt-3 mb-1 text-base font-semibold">{children}</h3>,
  h2: ({ children }) => <h3 className="mt-3 mb-1 text-base font-semibold">{children}</h3>,
  h3: ({ children }) => <h4 className="mt-3 mb-1 text-sm font-semibold">{children}</h4>,
  h4: ({ children }) => <h4 className="mt-3 mb-1 text-sm font-semibold">{children}</h4>,
  h5: ({ children }) => <h5 className="mt-2 mb-1 text-sm font-semibold">{children}</h5>,
  h6: ({ children }) => <h6 className="mt-2 mb-1 text-sm font-semibold">{children}</h6>,
  ul: ({ children }) => <ul className="my-2 list-disc space-y-1 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-2 list-decimal space-y-1 pl-5">{children}</ol>,
  blockquote: ({ children }) => (
    <blockquote className="my-2 border-l-4 border-slate-300 pl-3 text-slate-600 dark:border-slate-600 dark:text-slate-400">{children}</blockquote>
  ),
  hr: () => <hr className="my-3 border-slate-200 dark:border-slate-700" />,
  pre: ({ children }) => (
    <pre className="my-2 overflow-x-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs leading-relaxed dark:border-slate-700 dark:bg-slate-950 [&>code]:bg-transparent [&>code]:p-0">
      {children}
    </pre>
  ),
  code: ({ children, className }) => (
    <code className={`rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] break-words dark:bg-slate-800 ${className ?? ""}`}>{children}</code>
  ),
  table: ({ children }) => (
    <div className="my-2 overflow-x-auto">
      <table className="min-w-full border-collapse text-xs">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border border-slate-200 bg-slate-50 px-2 py-1 text-left font-semibold dark:border-slate-700 dark:bg-slate-800">{children}</th>,
  td: ({ children }) => <td className="border border-slate-200 px-2 py-1 align-top dark:border-slate-700">{children}</td>,
  // Links do not navigate: the text, and the address to copy.
  a: ({ children, href }) => {
    const text = typeof children === "string" ? children : null;
    return (
      <span className="text-blue-800 underline decoration-dotted underline-offset-2 dark:text-blue-300">
        {children}
        {href && href !== text && <span className="ml-1 font-mono text-xs break-all text-slate-500 no-underline dark:text-slate-400">&lt;{href}&gt;</span>}
      </span>
    );
  },
  // Images are not loaded (no request leaves the app for them).
  img: ({ alt, src }) => (
    <span className="font-mono text-xs text-slate-500 dark:text-slate-400">
      [image{alt ? `: ${alt}` : ""}
      {typeof src === "string" && src ? ` <${src}>` : ""}]
    </span>
  ),
  input: ({ checked, type }) =>
    type === "checkbox" ? <input type="checkbox" checked={!!checked} readOnly disabled aria-label={checked ? "Done" : "Not done"} className="mr-1 align-middle" /> : null,
};

const plugins = [remarkGfm, htmlAsText];

/**
 * splitBlocks cuts Markdown at blank lines that are outside fenced code blocks. Each block is
 * parsed on its own, so while an answer streams only its last block is parsed again: parsing the
 * whole answer on every batch made streaming quadratic (a 20,000-token answer froze the page for
 * seconds near its end — docs/benchmarks.md, "Streaming in the UI").
 */
export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let fence = "";
  let start = 0;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end);
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (m?.[1]) {
      if (!fence) fence = m[1];
      else if (line.trim().startsWith(fence) && /^(`+|~+)$/.test(line.trim())) fence = "";
    } else if (!fence && line.trim() === "" && end > start) {
      const block = text.slice(start, end);
      if (block.trim() !== "") blocks.push(block.replace(/\n+$/, ""));
      start = end + 1;
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  const rest = text.slice(start);
  if (rest.trim() !== "") blocks.push(rest);
  return blocks;
}

const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <Markdown remarkPlugins={plugins} components={components}>
      {text}
    </Markdown>
  );
});

/** A streaming block longer than this is shown as plain text until it is complete. */
export const MAX_LIVE_MARKDOWN = 4000;
const PIECE = 1500;

/**
 * pieces cuts text at the first whitespace after every PIECE characters. The cut points depend
 * only on the text before them, so as a block grows its earlier pieces stay the same strings
 * and their (memoized) elements are not laid out again.
 */
export function pieces(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (text.length - start > PIECE) {
    const ws = text.slice(start + PIECE).search(/\s/);
    if (ws < 0) break;
    const cut = start + PIECE + ws + 1;
    out.push(text.slice(start, cut));
    start = cut;
  }
  out.push(text.slice(start));
  return out;
}

const PlainPiece = memo(function PlainPiece({ text }: { text: string }) {
  return <div className="whitespace-pre-wrap">{text}</div>;
});

/**
 * ChatMarkdown renders an answer's Markdown safely, block by block (see splitBlocks). While the
 * answer streams, a last block longer than MAX_LIVE_MARKDOWN is shown as plain text in pieces
 * (see pieces), so each batch costs the same whatever the answer's length; the finished answer
 * is rendered as Markdown in full.
 */
export const ChatMarkdown = memo(function ChatMarkdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const blocks = splitBlocks(text);
  const last = blocks.length - 1;
  return (
    <div className="text-sm leading-relaxed break-words [&>p:first-child]:mt-0">
      {blocks.map((b, i) =>
        streaming && i === last && b.length > MAX_LIVE_MARKDOWN ? (
          <div key={i} className="my-2" data-testid="streaming-plain">
            {pieces(b).map((p, j) => (
              <PlainPiece key={j} text={p} />
            ))}
          </div>
        ) : (
          <MarkdownBlock key={i} text={b} />
        ),
      )}
    </div>
  );
});
