// Search snippets mark matches between "\u0002" (start) and "\u0003" (end).

export interface SnippetPart {
  text: string;
  match: boolean;
}

const START = "\u0002";
const END = "\u0003";

/**
 * splitSnippet turns a marked snippet into text parts. Unbalanced markers are tolerated: a stray
 * end marker is dropped, an unterminated start marker highlights to the end. Empty parts are
 * omitted and adjacent parts of the same kind are merged.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let buf = "";
  const flush = () => {
    if (buf === "") return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += buf;
    else parts.push({ text: buf, match });
    buf = "";
  };
  for (const ch of snippet) {
    if (ch === START) {
      flush();
      match = true;
    } else if (ch === END) {
      flush();
      match = false;
    } else {
      buf += ch;
    }
  }
  flush();
  return parts;
}

/** stripMarkers removes the match markers, leaving the plain text. */
export function stripMarkers(snippet: string): string {
  return snippet.replaceAll(START, "").replaceAll(END, "");
}
