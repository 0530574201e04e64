// Pure helpers of the log viewer: page math, scroll scaling, and match highlighting.

/** Lines fetched per backend call (Lines accepts up to 10000). */
export const LINES_PAGE_SIZE = 500;

/** pageOfLine returns the 0-based page holding 1-based line `line`. */
export function pageOfLine(line: number, pageSize: number = LINES_PAGE_SIZE): number {
  return Math.floor((Math.max(1, line) - 1) / pageSize);
}

/** pageSpan returns the 1-based first line and the line count of `page` in a log of `total` lines. */
export function pageSpan(page: number, total: number, pageSize: number = LINES_PAGE_SIZE): { from: number; count: number } {
  const from = page * pageSize + 1;
  return { from, count: Math.max(0, Math.min(pageSize, total - from + 1)) };
}

/** pagesForLines lists the pages covering 1-based lines first..last (inclusive), in order. */
export function pagesForLines(first: number, last: number, pageSize: number = LINES_PAGE_SIZE): number[] {
  if (last < first) return [];
  const out: number[] = [];
  for (let p = pageOfLine(first, pageSize); p <= pageOfLine(last, pageSize); p++) out.push(p);
  return out;
}

/**
 * Browsers cap an element's height (Chromium ~33.5M px, Firefox ~17.9M px), so a 5-million-line log
 * cannot be laid out 1:1. Above `maxPhysical` the scrollable area is compressed: a scroll position p
 * stands for the virtual offset p × ratio, and both ends still line up exactly.
 */
export interface ScrollScale {
  /** Height of the scrollable content, in px. */
  physical: number;
  /** Virtual px per physical px (1 when the content fits). */
  ratio: number;
}

export const MAX_PHYSICAL_HEIGHT = 10_000_000;

export function scrollScale(virtualHeight: number, viewport: number, maxPhysical: number = MAX_PHYSICAL_HEIGHT): ScrollScale {
  if (virtualHeight <= maxPhysical) return { physical: virtualHeight, ratio: 1 };
  const vp = Math.max(0, Math.min(viewport, maxPhysical / 2));
  return { physical: maxPhysical, ratio: (virtualHeight - vp) / (maxPhysical - vp) };
}

/**
 * scrollTopForLine returns the physical scrollTop that centres 1-based `line` in the viewport,
 * clamped to the scrollable range.
 */
export function scrollTopForLine(line: number, rowHeight: number, totalLines: number, viewport: number, scale: ScrollScale): number {
  const virtualHeight = totalLines * rowHeight;
  const target = (line - 1) * rowHeight - (viewport - rowHeight) / 2;
  const virtualMax = Math.max(0, virtualHeight - viewport);
  return Math.min(Math.max(0, target), virtualMax) / scale.ratio;
}

export interface TextPart {
  text: string;
  match: boolean;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * splitByQuery splits a line into plain and matching parts, matching `query` case-insensitively
 * (as the backend's Search does). An empty query gives the whole line as one plain part.
 */
export function splitByQuery(text: string, query: string): TextPart[] {
  if (query === "" || text === "") return text === "" ? [] : [{ text, match: false }];
  const re = new RegExp(escapeRegExp(query), "giu");
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index;
    if (at > last) parts.push({ text: text.slice(last, at), match: false });
    parts.push({ text: m[0], match: true });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}

/** parseLineNumber reads a "Go to line" entry: a positive integer within 1..total, else null. */
export function parseLineNumber(input: string, total: number): number | null {
  const s = input.trim().replace(/[,_\s]/g, "");
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= total ? n : null;
}

/** nextIndex steps through `count` matches cyclically (dir +1 next, -1 previous); -1 when none. */
export function stepMatch(current: number, count: number, dir: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return dir === 1 ? 0 : count - 1;
  return (current + dir + count) % count;
}
