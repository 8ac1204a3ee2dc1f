import { describe, expect, it } from "vitest";
import type { Run, RunTask } from "../api/types";
import { applyRunEvents } from "./runEvents";
import { runEvent, taskEvent } from "./testEvents";

const buildTask = (key: string, id: number, life = "BLOCKED", result?: string): RunTask => ({
  task_key: key,
  run_id: id,
  state: result ? { life_cycle_state: life, result_state: result } : { life_cycle_state: life },
});
const buildRun = (tasks: RunTask[]): Run => ({ run_id: 1, state: { life_cycle_state: "RUNNING" }, tasks });

describe("applyRunEvents", () => {
  it("shows a task's new state, status and times as the event says runs/get shows them", () => {
    const run = buildRun([buildTask("a", 10), buildTask("b", 11)]);
    const { run: next, stale } = applyRunEvents(run, [
      taskEvent(10, "PENDING"),
      taskEvent(10, "RUNNING", { start: 5000 }),
      taskEvent(11, "SKIPPED", { result: "UPSTREAM_FAILED", start: 6000, end: 6000, message: "upstream failed" }),
    ]);
    expect(stale).toBe(false);
    expect(next.tasks?.map(({ state, status, start_time, end_time }) => ({ state, status, start_time, end_time }))).toEqual([
      { state: { life_cycle_state: "RUNNING", state_message: "" }, status: { state: "RUNNING" }, start_time: 5000, end_time: 0 },
      {
        state: { life_cycle_state: "SKIPPED", result_state: "UPSTREAM_FAILED", state_message: "upstream failed" },
        status: { state: "TERMINATED" },
        start_time: 6000,
        end_time: 6000,
      },
    ]);
  });

  it("keeps unchanged tasks (and an unchanged run) as the same objects", () => {
    const run = buildRun([buildTask("a", 10), { ...buildTask("b", 11, "RUNNING"), start_time: 5000 }]);
    run.tasks![1].state!.state_message = "";
    const { run: next } = applyRunEvents(run, [taskEvent(10, "PENDING")]);
    expect(next.tasks?.[1]).toBe(run.tasks?.[1]);
    expect(next.tasks?.[0]).not.toBe(run.tasks?.[0]);
    expect(applyRunEvents(run, [taskEvent(11, "RUNNING", { start: 5000 })]).run).toBe(run);
  });

  it("never takes an attempt back to an earlier state (an event older than a REST read)", () => {
    const run = buildRun([buildTask("a", 10, "TERMINATED", "SUCCESS")]);
    expect(applyRunEvents(run, [taskEvent(10, "RUNNING", { start: 5000 })]).run).toBe(run);
  });

  it("ends the run on its run.state event, with its message and end time", () => {
    const run = buildRun([]);
    const { run: next } = applyRunEvents(run, [runEvent("TERMINATED", { result: "FAILED", end: 9000, message: "a failed" })]);
    expect(next.state).toEqual({ life_cycle_state: "TERMINATED", result_state: "FAILED", state_message: "a failed" });
    expect(next.status).toEqual({ state: "TERMINATED" });
    expect(next.end_time).toBe(9000);
  });

  it.each([
    ["a new attempt of a task it shows (a retry)", taskEvent(99, "PENDING", { key: "a" })],
    ["a task event without the wire state", { ...taskEvent(10, "RUNNING"), wire_state: undefined as never }],
    ["a run event without the wire state", { ...runEvent("RUNNING"), wire_state: undefined as never }],
  ])("asks for a REST read soon on %s", (_label, event) => {
    const run = buildRun([buildTask("a", 10)]);
    expect(applyRunEvents(run, [event])).toEqual({ run, stale: true });
  });

  it("leaves a for_each iteration (runs/get only counts them) to the next regular read", () => {
    const loop = { ...buildTask("loop", 10, "RUNNING"), for_each_task: { inputs: "[1, 2]" } };
    const run = buildRun([buildTask("a", 11), loop]);
    for (const key of ["inner", "loop"]) {
      expect(applyRunEvents(run, [taskEvent(99, "RUNNING", { key })])).toEqual({ run, stale: false });
    }
  });
});
