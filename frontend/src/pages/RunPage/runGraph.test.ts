import { describe, expect, it } from "vitest";
import type { RunTask } from "../../api/types";
import { columns, displayState, latestAttempts, toneOf } from "./runGraph";

const task = (task_key: string, deps: string[] = [], extra: Partial<RunTask> = {}): RunTask => ({
  task_key,
  depends_on: deps.map((key) => ({ task_key: key })),
  ...extra,
});

describe("columns", () => {
  it("puts each task one column right of its deepest upstream task", () => {
    const tasks = [task("a"), task("b", ["a"]), task("c"), task("d", ["b", "c"])];
    expect(columns(tasks).map((col) => col.map((t) => t.task_key))).toEqual([["a", "c"], ["b"], ["d"]]);
  });

  it("treats dependencies on unknown tasks as none", () => {
    expect(columns([task("x", ["ghost"])]).map((col) => col.map((t) => t.task_key))).toEqual([["x"]]);
  });
});

describe("latestAttempts", () => {
  it("keeps the latest attempt of a retried task", () => {
    const tasks = [task("a", [], { attempt_number: 0, run_id: 1 }), task("a", [], { attempt_number: 1, run_id: 2 })];
    expect(latestAttempts(tasks).map((t) => t.run_id)).toEqual([2]);
  });
});

describe("displayState and toneOf", () => {
  it.each([
    [{ life_cycle_state: "RUNNING" }, "RUNNING", "running"],
    [{ life_cycle_state: "TERMINATED", result_state: "SUCCESS" }, "SUCCESS", "success"],
    [{ life_cycle_state: "TERMINATED", result_state: "FAILED" }, "FAILED", "danger"],
    [{ life_cycle_state: "SKIPPED", result_state: "UPSTREAM_FAILED" }, "UPSTREAM_FAILED", "warning"],
    [{ life_cycle_state: "SKIPPED", result_state: "EXCLUDED" }, "EXCLUDED", "muted"],
    [{ life_cycle_state: "BLOCKED" }, "BLOCKED", "waiting"],
  ])("shows %o as %s (%s)", (state, shown, tone) => {
    expect(displayState(task("t", [], { state }))).toBe(shown);
    expect(toneOf(shown)).toBe(tone);
  });
});
