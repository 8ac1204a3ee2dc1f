/** Scaling of the run duration chart (pure, tested): a "nice" top value for the y axis, its tick
 * marks, and each bar's height in pixels. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Axis tops people read at a glance: 1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 m, ... 12 h, 1 d, 2 d... */
const STEPS = [
  1, 2, 5, 10, 15, 30,
].map((s) => s * SECOND).concat(
  [1, 2, 5, 10, 15, 30].map((m) => m * MINUTE),
  [1, 2, 3, 6, 12, 24].map((h) => h * HOUR),
);

/** The smallest nice value at or above `ms` (whole days beyond a day; 1 s for nothing at all). */
export function niceMax(ms: number): number {
  if (!(ms > 0)) return SECOND;
  const step = STEPS.find((value) => value >= ms);
  return step ?? Math.ceil(ms / (24 * HOUR)) * 24 * HOUR;
}

export interface DurationScale {
  max: number;
  /** Tick values from 0 up to max, evenly spaced. */
  ticks: number[];
}

export function durationScale(durations: number[], tickCount = 2): DurationScale {
  const max = niceMax(Math.max(0, ...durations));
  return { max, ticks: Array.from({ length: tickCount + 1 }, (_, i) => (max * i) / tickCount) };
}

/** A bar's height in px: proportional, but at least 2 px for any non-zero duration so a quick
 * run still shows. */
export function barHeight(ms: number, max: number, height: number): number {
  if (!(ms > 0) || !(max > 0)) return 0;
  return Math.max(2, Math.min(height, (ms / max) * height));
}

/** An axis label: the fewest units that say it exactly ("2m 30s", "5m", "1h", "45s"; tenths of a
 * second below 10 s, so a 1 s axis reads 0, 0.5s, 1s). */
export function formatAxis(ms: number): string {
  if (ms <= 0) return "0";
  if (ms < 10 * SECOND) return `${Number((ms / SECOND).toFixed(1))}s`;
  const seconds = Math.round(ms / SECOND);
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), "d"],
    [Math.floor(seconds / 3600) % 24, "h"],
    [Math.floor(seconds / 60) % 60, "m"],
    [seconds % 60, "s"],
  ];
  return parts.filter(([n]) => n > 0).slice(0, 2).map(([n, unit]) => `${n}${unit}`).join(" ") || "0";
}
