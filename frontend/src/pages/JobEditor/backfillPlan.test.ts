import { describe, expect, it } from "vitest";
import type { IntervalUnit } from "../../api/types";
import { backfillProblem, backfillRunCount, backfillRunStart } from "./backfillPlan";

const day = (n: number) => Date.UTC(2026, 0, n);

describe("backfillRunCount", () => {
  it.each<[string, number, number, number, IntervalUnit, number]>([
    ["three whole days", day(1), day(4), 1, "DAYS", 3],
    ["a partial last interval", day(1), day(4) + 1, 1, "DAYS", 4],
    ["every other day", day(1), day(8), 2, "DAYS", 4],
    ["hours in a day", day(1), day(2), 1, "HOURS", 24],
    ["15 minutes in an hour", day(1), day(1) + 3_600_000, 15, "MINUTES", 4],
    ["weeks in January", day(1), day(32), 1, "WEEKS", 5],
    ["an end before the start", day(4), day(1), 1, "DAYS", 0],
    ["an empty range", day(1), day(1), 1, "DAYS", 0],
    ["an interval of zero", day(1), day(4), 0, "DAYS", 0],
  ])("counts %s", (_, start, end, interval, unit, count) => {
    expect(backfillRunCount(start, end, interval, unit)).toBe(count);
  });
});

describe("backfillRunStart", () => {
  it("steps absolute intervals from the start", () => {
    expect(backfillRunStart(day(1), 2, 12, "HOURS")).toBe(day(2));
  });
});

describe("backfillProblem", () => {
  it("accepts exactly 1,000 runs", () => {
    expect(backfillProblem(day(1), day(1) + 1000 * 60_000, 1, "MINUTES")).toBeNull();
  });

  it("refuses 1,001 runs as the API does", () => {
    expect(backfillProblem(day(1), day(1) + 1001 * 60_000, 1, "MINUTES")).toBe("A backfill starts at most 1,000 runs; this range needs 1,001.");
  });

  it.each<[number | null, number | null, number, string]>([
    [null, day(2), 1, "Give a start and an end."],
    [day(1), null, 1, "Give a start and an end."],
    [day(2), day(1), 1, "The end must be after the start."],
    [day(1), day(2), 0, "The interval must be a whole number, at least 1."],
    [day(1), day(2), 1.5, "The interval must be a whole number, at least 1."],
  ])("refuses %s to %s every %s", (start, end, interval, problem) => {
    expect(backfillProblem(start, end, interval, "DAYS")).toBe(problem);
  });
});
