/** A backfill's runs, counted as the server counts them (jobs/schedules/backfill.py): one per
 * interval from start (inclusive) to end (exclusive), at most MAX_BACKFILL_RUNS. */
import type { IntervalUnit } from "../../api/types";

export const MAX_BACKFILL_RUNS = 1000;

/** Units are absolute durations (a day is 24 hours, also across DST), as on the server. */
const UNIT_MS: Record<IntervalUnit, number> = { MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000, WEEKS: 7 * 86_400_000 };

/** The {{backfill.*}} references the README documents (each run's interval start, in UTC). */
export const BACKFILL_REFERENCES = ["iso_date", "iso_datetime", "timestamp_ms", "year", "month", "day", "hour", "minute", "second", "is_weekday", "is_weekend"];

export function backfillRunCount(start: number, end: number, interval: number, unit: IntervalUnit): number {
  if (!(end > start) || !(interval >= 1)) return 0;
  return Math.ceil((end - start) / (interval * UNIT_MS[unit]));
}

/** The start of each run's interval (the instant its {{backfill.*}} values describe). */
export function backfillRunStart(start: number, index: number, interval: number, unit: IntervalUnit): number {
  return start + index * interval * UNIT_MS[unit];
}

/** Why the server would refuse this range, in its words; null when it would start the runs. */
export function backfillProblem(start: number | null, end: number | null, interval: number, unit: IntervalUnit): string | null {
  if (start === null || end === null) return "Give a start and an end.";
  if (!Number.isInteger(interval) || interval < 1) return "The interval must be a whole number, at least 1.";
  if (end <= start) return "The end must be after the start.";
  const count = backfillRunCount(start, end, interval, unit);
  if (count > MAX_BACKFILL_RUNS) return `A backfill starts at most ${MAX_BACKFILL_RUNS.toLocaleString("en-US")} runs; this range needs ${count.toLocaleString("en-US")}.`;
  return null;
}
