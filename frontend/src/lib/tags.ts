// Tag entry: the user types tags separated by commas (or presses Enter). Validation of the
// characters allowed is the backend's job; we only split, trim and de-duplicate.

/** parseTags splits text on commas, trims each piece and drops empty ones. */
export function parseTags(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/** addTags appends new tags to existing ones, keeping order and dropping exact duplicates. */
export function addTags(existing: readonly string[], added: readonly string[]): string[] {
  const out = [...existing];
  for (const t of added) {
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

/** sameTags reports whether two tag lists are equal in order and content. */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
