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

/** ChatMarkdown renders an answer's Markdown safely (re-parsed only when the text changes). */
export const ChatMarkdown = memo(function ChatMarkdown({ text }: { text: string }) {
  return (
    <div className="text-sm leading-relaxed break-words">
      <Markdown remarkPlugins={[remarkGfm, htmlAsText]} components={components}>
        {text}
      </Markdown>
    </div>
  );
});
