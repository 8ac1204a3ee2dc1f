import { describe, expect, it } from "vitest";
import { barHeight, durationScale, formatAxis, niceMax } from "./durationChart";

describe("niceMax", () => {
  it.each([
    [0, 1000],
    [800, 1000],
    [1000, 1000],
    [3200, 5000],
    [42_000, 60_000],
    [61_000, 120_000],
    [50 * 60_000, 3_600_000],
    [13 * 3_600_000, 24 * 3_600_000],
    [50 * 3_600_000, 72 * 3_600_000],
  ])("rounds %d ms up to %d ms", (ms, expected) => {
    expect(niceMax(ms)).toBe(expected);
  });
});

describe("durationScale", () => {
  it("spans the longest run with even ticks from zero", () => {
    expect(durationScale([1200, 7000, 3000])).toEqual({ max: 10_000, ticks: [0, 5000, 10_000] });
  });

  it("has a scale when there are no runs", () => {
    expect(durationScale([])).toEqual({ max: 1000, ticks: [0, 500, 1000] });
  });
});

describe("barHeight", () => {
  it("is proportional to the duration", () => {
    expect(barHeight(5000, 10_000, 80)).toBe(40);
    expect(barHeight(10_000, 10_000, 80)).toBe(80);
  });

  it("shows a very short run as a sliver and no run as nothing", () => {
    expect(barHeight(1, 3_600_000, 80)).toBe(2);
    expect(barHeight(0, 10_000, 80)).toBe(0);
  });
});

describe("formatAxis", () => {
  it.each([
    [0, "0"],
    [500, "0.5s"],
    [1000, "1s"],
    [2500, "2.5s"],
    [45_000, "45s"],
    [150_000, "2m 30s"],
    [300_000, "5m"],
    [3_600_000, "1h"],
    [5_400_000, "1h 30m"],
    [36 * 3_600_000, "1d 12h"],
  ])("writes %d ms as %s", (ms, text) => {
    expect(formatAxis(ms)).toBe(text);
  });
});
