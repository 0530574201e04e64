// The timeline's date-time inputs hold local time ("YYYY-MM-DDTHH:MM:SS", as <input
// type="datetime-local"> does); the backend stores UTC "YYYY-MM-DD HH:MM:SS".
import { parseUtc } from "../../lib/format";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** toLocalInput renders a Date as a datetime-local value in this machine's time zone. */
export function dateToLocalInput(d: Date): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** utcToLocalInput turns a stored UTC time into a datetime-local value ("" when unreadable). */
export function utcToLocalInput(utc: string): string {
  const d = parseUtc(utc);
  return d ? dateToLocalInput(d) : "";
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** localInputToDate reads a datetime-local value as local time; null when incomplete or impossible. */
export function localInputToDate(value: string): Date | null {
  const m = localPattern.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, s);
  // new Date rolls 31 Feb over into March: refuse what the user did not type.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date;
}

/** dateToUtc renders a Date as the backend's UTC "YYYY-MM-DD HH:MM:SS". */
export function dateToUtc(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** localInputToUtc converts a datetime-local value to the backend's UTC form; null when invalid. */
export function localInputToUtc(value: string): string | null {
  const d = localInputToDate(value);
  return d ? dateToUtc(d) : null;
}

/** zoneLabel names this machine's time zone with its current UTC offset: "Europe/Berlin, UTC+01:00". */
export function zoneLabel(now: Date = new Date()): string {
  const off = -now.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "−";
  const abs = Math.abs(off);
  const offset = `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && zone !== "UTC" && zone !== "Etc/UTC" ? `${zone}, ${offset}` : offset;
}
