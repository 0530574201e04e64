// The one conversion between the backend's offsets (bytes of UTF-8 text) and JavaScript string
// indices (UTF-16 code units). Every highlight and every span the UI draws goes through here.

/** utf8Length is the number of UTF-8 bytes of `text` (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * utf16Offsets converts byte offsets into `text` to UTF-16 indices, in one pass over the text.
 * An offset inside a character (never sent by a correct backend) rounds down to the character's
 * start, or up to its end with `roundUp` (ends of spans round up so a highlight never leaves a
 * partial character outside). Offsets beyond the text clamp to its length; negative ones to 0.
 * The result is in the order of the input.
 */
export function utf16Offsets(text: string, byteOffsets: readonly number[], roundUp = false): number[] {
  const order = byteOffsets.map((_, i) => i).sort((a, b) => (byteOffsets[a] ?? 0) - (byteOffsets[b] ?? 0));
  const out = new Array<number>(byteOffsets.length).fill(text.length);
  let bytes = 0;
  let i = 0; // UTF-16 index of the character starting at `bytes`
  let k = 0;
  while (k < order.length) {
    const idx = order[k] as number;
    const want = Math.max(0, byteOffsets[idx] ?? 0);
    if (want <= bytes || i >= text.length) {
      out[idx] = want <= bytes ? i : text.length;
      k++;
      continue;
    }
    const c = text.charCodeAt(i);
    let units = 1;
    let size: number;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      size = 4;
      units = 2;
    } else size = 3;
    if (want < bytes + size) {
      // Inside this character.
      out[idx] = roundUp ? i + units : i;
      k++;
      continue;
    }
    bytes += size;
    i += units;
  }
  return out;
}

/** utf16Offset converts one byte offset (see utf16Offsets). */
export function utf16Offset(text: string, byteOffset: number, roundUp = false): number {
  return utf16Offsets(text, [byteOffset], roundUp)[0] ?? 0;
}

/** byteSpanToUtf16 converts a [start, end) byte span of `text` to a [start, end) UTF-16 span. */
export function byteSpanToUtf16(text: string, start: number, end: number): [number, number] {
  const [s = 0] = utf16Offsets(text, [start]);
  const [e = 0] = utf16Offsets(text, [end], true);
  return [s, Math.max(s, e)];
}
