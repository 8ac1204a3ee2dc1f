/** A small Quartz cron builder: the presets the schedule editor offers, to and from Quartz
 * (seconds minutes hours day-of-month month day-of-week). Anything else is edited raw. */

export type CronPreset =
  | { kind: "minutes"; every: number }
  | { kind: "hours"; every: number; minute: number }
  | { kind: "days"; every: number; hour: number; minute: number }
  | { kind: "weekly"; days: string[]; hour: number; minute: number }
  | { kind: "raw"; expression: string };

export const WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

export function toQuartz(preset: CronPreset): string {
  switch (preset.kind) {
    case "minutes":
      return `0 0/${Math.max(1, preset.every)} * * * ?`;
    case "hours":
      return `0 ${preset.minute} 0/${Math.max(1, preset.every)} * * ?`;
    case "days":
      return `0 ${preset.minute} ${preset.hour} ${preset.every > 1 ? `1/${preset.every}` : "*"} * ?`;
    case "weekly":
      return `0 ${preset.minute} ${preset.hour} ? * ${(preset.days.length ? preset.days : ["MON"]).join(",")}`;
    case "raw":
      return preset.expression.trim();
  }
}

const INT = "(\\d{1,2})";

/** The preset an expression was built from, or raw when it is something else. */
export function fromQuartz(expression: string): CronPreset {
  const text = expression.trim().replace(/\s+/g, " ");
  let m = text.match(new RegExp(`^0 (?:0|\\*)/${INT} \\* \\* \\* \\?$`));
  if (m) return { kind: "minutes", every: Number(m[1]) };
  m = text.match(new RegExp(`^0 ${INT} (?:0|\\*)/${INT} \\* \\* \\?$`));
  if (m) return { kind: "hours", every: Number(m[2]), minute: Number(m[1]) };
  m = text.match(new RegExp(`^0 ${INT} ${INT} (\\*|1/\\d{1,2}) \\* \\?$`));
  if (m) return { kind: "days", every: m[3] === "*" ? 1 : Number(m[3].slice(2)), hour: Number(m[2]), minute: Number(m[1]) };
  m = text.match(new RegExp(`^0 ${INT} ${INT} \\? \\* ((?:MON|TUE|WED|THU|FRI|SAT|SUN)(?:,(?:MON|TUE|WED|THU|FRI|SAT|SUN))*)$`));
  if (m) return { kind: "weekly", days: m[3].split(","), hour: Number(m[2]), minute: Number(m[1]) };
  return { kind: "raw", expression };
}

/** Quartz has 6 or 7 fields and exactly one of day-of-month / day-of-week is "?". */
export function quartzProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) return "A Quartz expression has 6 or 7 fields: sec min hour day-of-month month day-of-week [year].";
  if ((fields[3] === "?") === (fields[5] === "?")) return 'Use "?" in exactly one of day-of-month and day-of-week.';
  return null;
}
