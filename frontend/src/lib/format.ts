// Dates from the backend are UTC "YYYY-MM-DD HH:MM:SS" ("" when unset); we show local time.

const utcPattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
// RFC 3339 with an explicit zone, as Go encodes time.Time in JSON ("2026-03-01T14:05:09.123+02:00").
const zonedPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** parseUtc parses a backend timestamp (UTC, or RFC 3339 with a zone); null for "" or anything unparseable. */
export function parseUtc(s: string | null | undefined): Date | null {
  if (!s) return null;
  if (zonedPattern.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : new Date(t);
  }
  const m = utcPattern.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  return Number.isNaN(t) ? null : new Date(t);
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** formatDateTime renders a backend timestamp in local time ("—" when unset). */
export function formatDateTime(s: string | null | undefined): string {
  const d = parseUtc(s);
  return d ? dateTimeFormat.format(d) : "—";
}

/** formatRelative renders how long ago `date` was, relative to `now`. */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const sec = Math.round((now.getTime() - date.getTime()) / 1000);
  if (sec < 0) {
    // Clock skew between the database and this machine: do not claim the future.
    return sec > -60 ? "just now" : dateFormat.format(date);
  }
  if (sec < 45) return "just now";
  const min = Math.round(sec / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(sec / 3600);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(sec / 86400);
  if (d < 30) return d === 1 ? "yesterday" : `${d} days ago`;
  return dateFormat.format(date);
}

/**
 * formatDuration renders a duration in milliseconds in the two largest units:
 * "45 s", "12 min", "3 h 20 min", "2 d 4 h". Negative or invalid values give "—".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const totalSec = Math.round(ms / 1000);
  if (totalSec < 60) return `${totalSec} s`;
  const totalMin = Math.round(ms / 60000);
  if (totalMin < 60) return `${totalMin} min`;
  const days = Math.floor(totalMin / 1440);
  const hours = Math.floor((totalMin % 1440) / 60);
  const mins = totalMin % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
}

/** charCount counts characters as the backend does (Unicode code points, not UTF-16 units). */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const byteUnits = ["KB", "MB", "GB", "TB"] as const;

/** formatBytes renders a byte count for people: "0 B", "512 B", "1.5 KB", "12 MB" (1 KB = 1024 B). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "—";
  if (n < 1024) return `${Math.round(n)} B`;
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < byteUnits.length - 1) {
    v /= 1024;
    i++;
  }
  // One decimal below 10 ("1.5 MB"), none above ("12 MB"); never "10.0".
  const text = v < 9.95 ? v.toFixed(1).replace(/\.0$/, "") : String(Math.round(v));
  return `${text} ${byteUnits[i]}`;
}
