import { describe, expect, it } from "vitest";
import type { JobSettings, TableUpdateTrigger, TriggerSettings } from "../../../api/types";
import { MODES, modeOf, nextRunOnceTime, tableUpdateKey, withMode, type Mode } from "./triggerModes";

const buildJob = (start: Partial<JobSettings> = {}): JobSettings => ({ name: "job", tasks: [], ...start });
const withTrigger = (trigger: TriggerSettings) => buildJob({ trigger: { pause_status: "PAUSED", ...trigger } });
const tables: TableUpdateTrigger = { table_names: ["main.sales"], condition: "ANY_UPDATED" };

describe("modeOf", () => {
  it.each<[string, JobSettings, Mode]>([
    ["no start condition", buildJob(), "none"],
    ["a cron schedule", buildJob({ schedule: { quartz_cron_expression: "0 0 6 * * ?", timezone_id: "UTC" } }), "cron"],
    ["continuous", buildJob({ continuous: { pause_status: "UNPAUSED" } }), "continuous"],
    ["a periodic trigger", withTrigger({ periodic: { interval: 4, unit: "HOURS" } }), "periodic"],
    ["a file arrival trigger", withTrigger({ file_arrival: { url: "/data/in" } }), "file_arrival"],
    ["a table update trigger", withTrigger({ table_update: tables }), "table_update"],
    ["a table trigger (the older name)", withTrigger({ table: tables }), "table_update"],
    ["a job completion trigger", withTrigger({ job_completion: { jobs: [{ job_id: "7", workspace_id: "1" }], if_status: "FAILED" } }), "job_completion"],
    ["a run once trigger", withTrigger({ run_once: { timestamp_ms: 1767261600000 } }), "run_once"],
    ["a trigger kind this editor does not know", withTrigger({ model_update: { model: "m" } }), "unknown"],
    ["a trigger holding only its pause status", buildJob({ trigger: { pause_status: "PAUSED" } }), "none"],
  ])("reads %s", (_, job, mode) => {
    expect(modeOf(job)).toBe(mode);
  });
});

describe("withMode", () => {
  const context = { now: Date.UTC(2026, 0, 1, 10, 20), timezone: "Europe/Berlin" };
  const offered = MODES.map((option) => option.value);

  it.each(offered)("gives a job switched to %s that mode", (mode) => {
    const switched = withMode(withTrigger({ table: tables }), mode, context);
    expect(modeOf(switched)).toBe(mode);
  });

  it.each(offered.filter((mode) => mode !== "none"))("starts %s unpaused", (mode) => {
    const switched = withMode(buildJob({ continuous: { pause_status: "PAUSED" } }), mode, context);
    const status = switched.schedule?.pause_status ?? switched.trigger?.pause_status ?? switched.continuous?.pause_status;
    expect(status).toBe("UNPAUSED");
  });

  it("keeps every other setting", () => {
    const job = buildJob({ description: "d", max_concurrent_runs: 3, trigger: { periodic: { interval: 1, unit: "DAYS" } } });
    expect(withMode(job, "none", context)).toEqual({ name: "job", tasks: [], description: "d", max_concurrent_runs: 3 });
  });

  it("schedules a new cron in the user's time zone", () => {
    expect(withMode(buildJob(), "cron", context).schedule?.timezone_id).toBe("Europe/Berlin");
  });

  it("sets a new run once trigger to a whole hour at least an hour ahead", () => {
    expect(withMode(buildJob(), "run_once", context).trigger?.run_once).toEqual({ timestamp_ms: Date.UTC(2026, 0, 1, 12, 0) });
  });
});

describe("nextRunOnceTime", () => {
  it.each([
    [Date.UTC(2026, 0, 1, 10, 0), Date.UTC(2026, 0, 1, 11, 0)],
    [Date.UTC(2026, 0, 1, 10, 0, 1), Date.UTC(2026, 0, 1, 12, 0)],
    [Date.UTC(2026, 0, 1, 23, 59), Date.UTC(2026, 0, 2, 1, 0)],
  ])("from %d is %d", (now, time) => {
    expect(nextRunOnceTime(now)).toBe(time);
  });
});

describe("tableUpdateKey", () => {
  it.each<[TriggerSettings | undefined, string]>([
    [undefined, "table_update"],
    [{ table_update: tables }, "table_update"],
    [{ table: tables }, "table"],
  ])("edits %o under %s", (trigger, key) => {
    expect(tableUpdateKey(trigger)).toBe(key);
  });
});
