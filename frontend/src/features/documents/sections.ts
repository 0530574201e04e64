// The document's outline: its headings (outside fenced code), for jumping around a long document.

export interface Heading {
  level: number;
  text: string;
  /** 1-based line number. */
  line: number;
}

/** headings lists the ATX headings (levels 1…maxLevel) that are not inside fenced code blocks. */
export function headings(md: string, maxLevel = 3): Heading[] {
  const out: Heading[] = [];
  let fence = "";
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f?.[1]) {
      if (!fence) fence = f[1];
      else if (line.trim().startsWith(fence) && /^(`+|~+)$/.test(line.trim())) fence = "";
      continue;
    }
    if (fence) continue;
    const h = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (h?.[1] && h[1].length <= maxLevel) {
      const text = (h[2] ?? "").trim();
      if (text) out.push({ level: h[1].length, text, line: i + 1 });
    }
  }
  return out;
}

/** templateName returns the template's display name for an id ("rca" → "RCA" when unknown). */
export function templateName(templates: readonly { id: string; name: string }[] | undefined, id: string): string {
  const t = templates?.find((x) => x.id === id);
  if (t) return t.name;
  if (!id) return "—";
  return id.length <= 3 ? id.toUpperCase() : id.replace(/-/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}
