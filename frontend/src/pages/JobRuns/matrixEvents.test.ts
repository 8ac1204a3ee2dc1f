import { describe, expect, it } from "vitest";
import type { JobMatrix } from "../../api/runViews";
import { applyTaskEvent, type TaskRunEvent } from "./matrixEvents";

const matrix: JobMatrix = {
  job_id: 1,
  runs: [{ run_id: 7, state: { life_cycle_state: "RUNNING" } }],
  tasks: [
    {
      task_key: "load",
      cells: [{ run_id: 100, life_cycle_state: "PENDING", result_state: undefined, attempts: 1, start_time: null, duration: null }],
    },
  ],
};

function event(extra: Partial<TaskRunEvent>): TaskRunEvent {
  return {
    type: "task_run.state",
    run_id: 7,
    task_run_id: 100,
    task_key: "load",
    wire_state: { life_cycle_state: "RUNNING" },
    start_time: 1_000,
    end_time: 0,
    ...extra,
  };
}

describe("applyTaskEvent", () => {
  it.each([
    ["the same attempt starts", event({}), { life_cycle_state: "RUNNING", attempts: 1, start_time: 1_000, duration: null }],
    [
      "the same attempt ends",
      event({ wire_state: { life_cycle_state: "TERMINATED", result_state: "SUCCESS" }, end_time: 3_500 }),
      { run_id: 100, result_state: "SUCCESS", attempts: 1, duration: 2_500 },
    ],
    [
      "a retry (a newer attempt) is queued",
      event({ task_run_id: 101, wire_state: { life_cycle_state: "QUEUED" }, start_time: 0 }),
      { run_id: 101, life_cycle_state: "QUEUED", attempts: 2, start_time: null },
    ],
  ])("%s", (_, message, expected) => {
    const next = applyTaskEvent(matrix, message);
    expect(next?.tasks[0].cells[0]).toMatchObject(expected);
    expect(matrix.tasks[0].cells[0]?.life_cycle_state).toBe("PENDING"); // not mutated
  });

  it("keeps the cell on a late event of an older attempt", () => {
    expect(applyTaskEvent(matrix, event({ task_run_id: 99 }))).toBe(matrix);
  });

  it.each([
    ["a run the matrix does not show", event({ run_id: 8 })],
    ["a task the matrix does not show", event({ task_key: "new" })],
  ])("asks for a refetch on %s", (_, message) => {
    expect(applyTaskEvent(matrix, message)).toBeNull();
  });
});
