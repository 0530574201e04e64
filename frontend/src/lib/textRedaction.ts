// The local before/after preview of the "Redact text for sharing" tool. The backend computes the
// approved text; this only shows the user what their decisions will do before they approve.
import { byteSpanToUtf16 } from "./offsets";

export type TextDecision = "redact" | "keep" | null;

export interface TextSpan {
  start: number; // bytes
  end: number; // bytes, exclusive
  placeholder: string;
}

export interface TextPart {
  text: string;
  /** Index of the finding this part is, or -1 for plain text. */
  finding: number;
  decision: TextDecision;
}

/**
 * previewParts splits `text` into plain parts and findings, a redacted finding's text replaced
 * by its placeholder. Undecided findings keep their text (and are marked so).
 */
export function previewParts(text: string, findings: readonly TextSpan[], decisions: readonly TextDecision[]): TextPart[] {
  const spans = findings
    .map((f, i) => {
      const [s, e] = byteSpanToUtf16(text, f.start, f.end);
      return { i, s, e, f };
    })
    .sort((a, b) => a.s - b.s);
  const out: TextPart[] = [];
  let at = 0;
  for (const { i, s, e, f } of spans) {
    const from = Math.max(s, at);
    if (e <= from) continue;
    if (from > at) out.push({ text: text.slice(at, from), finding: -1, decision: null });
    const d = decisions[i] ?? null;
    out.push({ text: d === "redact" ? f.placeholder : text.slice(from, e), finding: i, decision: d });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), finding: -1, decision: null });
  return out;
}

/** previewText is the text as it will read with every decision applied. */
export function previewText(text: string, findings: readonly TextSpan[], decisions: readonly TextDecision[]): string {
  return previewParts(text, findings, decisions)
    .map((p) => p.text)
    .join("");
}
