import { memo, useEffect, useMemo, useState } from "react";
import CodeMirror, { EditorView, Prec, type Extension } from "@uiw/react-codemirror";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { languages } from "@codemirror/language-data";

// The Markdown editor: CodeMirror 6 with Markdown highlighting (fenced code in its own
// language, loaded on demand). CodeMirror draws only the lines in view, so a 5,000-line document
// types as smoothly as a short one. Loaded lazily (it is most of the editor page's code).

/** isDark follows the "dark" class that the theme setting puts on <html>. */
function useDarkClass(): boolean {
  const [dark, setDark] = useState(() => document.documentElement.classList.contains("dark"));
  useEffect(() => {
    const el = document.documentElement;
    const obs = new MutationObserver(() => setDark(el.classList.contains("dark")));
    obs.observe(el, { attributes: true, attributeFilter: ["class"] });
    return () => obs.disconnect();
  }, []);
  return dark;
}

const look = EditorView.theme({
  // Transparent: the pane's own background shows, in both themes.
  "&": { fontSize: "13px", height: "100%", backgroundColor: "transparent" },
  ".cm-gutters": { backgroundColor: "transparent" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace", lineHeight: "1.55" },
  ".cm-content": { paddingBottom: "40vh" },
  "&.cm-focused": { outline: "none" },
});

const setup = {
  lineNumbers: true,
  foldGutter: true,
  highlightActiveLine: true,
  highlightActiveLineGutter: true,
  autocompletion: false,
  bracketMatching: true,
  closeBrackets: false,
  searchKeymap: true,
};

export interface MarkdownEditorProps {
  value: string;
  onChange: (value: string) => void;
  onBlur: () => void;
  onReady?: (view: EditorView) => void;
  label: string;
}

export const MarkdownEditor = memo(function MarkdownEditor({ value, onChange, onBlur, onReady, label }: MarkdownEditorProps) {
  const dark = useDarkClass();
  const extensions = useMemo<Extension[]>(
    () => [
      // GFM, without the :shortcode: emoji rule (it coloured times such as 13:52:46).
      markdown({ base: markdownLanguage, codeLanguages: languages, extensions: { remove: ["Emoji"] } }),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": label, "data-testid": "markdown-editor" }),
      // Above the theme, so the transparent background wins over One Dark's.
      Prec.highest(look),
    ],
    [label],
  );
  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      onBlur={onBlur}
      onCreateEditor={onReady}
      extensions={extensions}
      basicSetup={setup}
      theme={dark ? "dark" : "light"}
      height="100%"
      className="h-full"
    />
  );
});

export default MarkdownEditor;
