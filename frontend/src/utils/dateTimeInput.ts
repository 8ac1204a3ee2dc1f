/** Values of <input type="datetime-local"> ("2025-01-31T06:30") <-> epoch milliseconds. The input
 * has no time zone of its own: "local" reads it in the browser's zone (what a user means by
 * "run once at 06:30"), "UTC" in UTC (what {{backfill.*}} references resolve in). */

export type InputZone = "local" | "UTC";

const pad = (n: number) => String(n).padStart(2, "0");
const FORM = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function toDateTimeInput(ms: number, zone: InputZone = "local"): string {
  const d = new Date(ms);
  const utc = zone === "UTC";
  const parts = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()];
  const [year, month, day, hour, minute] = parts;
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

/** Null for an empty or malformed value (the browser sends "" while the input is incomplete). A
 * local time that does not exist (the hour skipped at a DST change) comes out as the instant
 * the browser maps it to, an hour later. */
export function fromDateTimeInput(text: string, zone: InputZone = "local"): number | null {
  const match = FORM.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const ms = zone === "UTC" ? Date.UTC(year, month - 1, day, hour, minute, second) : new Date(year, month - 1, day, hour, minute, second).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** The browser's IANA time zone ("Europe/Berlin"); UTC when the browser does not say. */
export function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
