import { describe, expect, it } from "vitest";
import { fromQuartz, quartzProblem, toQuartz, type CronPreset } from "./cron";

const presets: CronPreset[] = [
  { kind: "minutes", every: 15 },
  { kind: "hours", every: 2, minute: 30 },
  { kind: "days", every: 1, hour: 6, minute: 5 },
  { kind: "days", every: 3, hour: 23, minute: 0 },
  { kind: "weekly", days: ["MON", "FRI"], hour: 9, minute: 0 },
];

describe("cron presets", () => {
  it.each(presets)("round-trips %o through Quartz", (preset) => {
    expect(fromQuartz(toQuartz(preset))).toEqual(preset);
  });

  it("keeps an expression no preset makes as raw", () => {
    expect(fromQuartz("0 0 12 L * ?")).toEqual({ kind: "raw", expression: "0 0 12 L * ?" });
  });

  it("builds the Databricks daily form", () => {
    expect(toQuartz({ kind: "days", every: 1, hour: 12, minute: 0 })).toBe("0 0 12 * * ?");
  });

  it.each([
    ["0 0 12 * * ?", null],
    ["0 12 * * *", "A Quartz expression has 6 or 7 fields: sec min hour day-of-month month day-of-week [year]."],
    ["0 0 12 * * *", 'Use "?" in exactly one of day-of-month and day-of-week.'],
  ])("checks %s", (expression, problem) => {
    expect(quartzProblem(expression)).toBe(problem);
  });
});
