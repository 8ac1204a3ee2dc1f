import { describe, expect, it } from "vitest";
import { NO_FILTERS, filtersFromSearch, filtersToSearch, hasFilters, runsQuery } from "./runFilters";

const NOW = Date.UTC(2026, 0, 10, 12, 30, 45);

describe("runsQuery", () => {
  it("asks for the newest runs when nothing is filtered", () => {
    expect(runsQuery(NO_FILTERS, { now: NOW })).toEqual({ limit: 25 });
  });

  it.each([
    [{ status: "ACTIVE" }, { active: 1 }],
    [{ status: "FAILED" }, { status: "FAILED" }],
    [{ trigger: "PERIODIC" }, { trigger: "PERIODIC" }],
    [{ range: "1h" }, { from: Date.UTC(2026, 0, 10, 11, 30) }],
    [{ range: "7d" }, { from: Date.UTC(2026, 0, 3, 12, 30) }],
  ])("maps %j to %j", (filters, expected) => {
    expect(runsQuery({ ...NO_FILTERS, ...filters }, { now: NOW })).toEqual({ limit: 25, ...expected });
  });

  it("rounds the range start down to the minute so re-renders share one query", () => {
    expect(runsQuery({ ...NO_FILTERS, range: "24h" }, { now: NOW })).toEqual(
      runsQuery({ ...NO_FILTERS, range: "24h" }, { now: NOW + 10_000 }),
    );
  });

  it("adds the job, the page token and the finished-only flag", () => {
    expect(runsQuery(NO_FILTERS, { now: NOW, jobId: 7, completed: true, limit: 10, pageToken: "abc" })).toEqual({
      limit: 10,
      job_id: 7,
      completed: 1,
      page_token: "abc",
    });
  });

  it("never asks for active and finished runs at once", () => {
    expect(runsQuery({ ...NO_FILTERS, status: "ACTIVE" }, { now: NOW, completed: true })).toEqual({ limit: 25, active: 1 });
  });
});

describe("filters in the URL", () => {
  it("round-trips and keeps other parameters", () => {
    const search = filtersToSearch({ status: "FAILED", trigger: "", range: "24h" }, new URLSearchParams("tab=x&trigger=RETRY"));
    expect(search.toString()).toBe("tab=x&status=FAILED&range=24h");
    expect(filtersFromSearch(search)).toEqual({ status: "FAILED", trigger: "", range: "24h" });
  });

  it("ignores values it does not know", () => {
    expect(filtersFromSearch(new URLSearchParams("status=DONE&trigger=MANUAL&range=2y"))).toEqual(NO_FILTERS);
  });

  it("knows whether anything is filtered", () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, trigger: "RETRY" })).toBe(true);
  });
});
