// Splits one log line into plain text and finding spans, for the viewer's highlights.
import { utf16Offsets, utf8Length } from "./offsets";

/** The part of a finding the segmentation needs (redaction.Finding has more). */
export interface SpanLike {
  line: number;
  start: number; // byte offset into line `line`
  endLine: number;
  end: number; // byte offset into line `endLine`, exclusive
}

export interface Segment<F extends SpanLike> {
  text: string;
  /** The finding covering this text; null for plain text. */
  finding: F | null;
}

/**
 * segmentLine splits line `n` (its text `text`) by the findings touching it. A multi-line finding
 * covers the rest of its first line, the whole of the lines between, and the start of its last
 * line. Overlapping findings (the backend merges them, but the UI must never show a gap or repeat
 * text) are clipped: the one starting first keeps the overlap. Empty spans are dropped.
 */
export function segmentLine<F extends SpanLike>(n: number, text: string, findings: readonly F[]): Segment<F>[] {
  const touching = findings.filter((f) => f.line <= n && f.endLine >= n);
  if (touching.length === 0) return text === "" ? [] : [{ text, finding: null }];
  const len = utf8Length(text);
  const bytes: number[] = [];
  for (const f of touching) {
    bytes.push(f.line === n ? f.start : 0, f.endLine === n ? f.end : len);
  }
  const starts = utf16Offsets(text, bytes.filter((_, i) => i % 2 === 0));
  const ends = utf16Offsets(text, bytes.filter((_, i) => i % 2 === 1), true);
  const spans = touching
    .map((f, i) => ({ f, s: starts[i] ?? 0, e: ends[i] ?? 0 }))
    .sort((a, b) => a.s - b.s || b.e - a.e);

  const out: Segment<F>[] = [];
  let at = 0;
  for (const { f, s, e } of spans) {
    const from = Math.max(s, at);
    if (e <= from) continue;
    if (from > at) out.push({ text: text.slice(at, from), finding: null });
    out.push({ text: text.slice(from, e), finding: f });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), finding: null });
  return out;
}

/** Placeholders as the backend writes them: [EMAIL-2], [IPV4-1], [AWS_ACCESS_KEY-3]. */
const placeholderRe = /\[[A-Za-z][A-Za-z0-9_]*-\d+\]/g;

export interface PlaceholderPart {
  text: string;
  placeholder: boolean;
}

/** splitPlaceholders splits redacted text into plain parts and placeholders. */
export function splitPlaceholders(text: string): PlaceholderPart[] {
  const out: PlaceholderPart[] = [];
  let last = 0;
  for (const m of text.matchAll(placeholderRe)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), placeholder: false });
    out.push({ text: m[0], placeholder: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), placeholder: false });
  return out;
}
