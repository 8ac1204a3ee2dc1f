import { describe, expect, it } from "vitest";
import type { RunTimeline, TimelineTaskRun } from "./runTypes";
import { attemptSegments, placement, ticks, timelineChart } from "./timeline";

const buildAttempt = (task_key: string, attempt_number: number, times: Partial<TimelineTaskRun>, result_state?: string): TimelineTaskRun => ({
  run_id: 1_000_000_000_000 + attempt_number,
  task_key,
  attempt_number,
  created_time: 0,
  queued_time: 0,
  start_time: 0,
  end_time: 0,
  events: [],
  state: result_state ? { life_cycle_state: "TERMINATED", result_state } : { life_cycle_state: "RUNNING" },
  ...times,
});

const buildTimeline = (task_runs: TimelineTaskRun[], start_time = 1000, end_time = 0): RunTimeline => ({
  run_id: 1,
  start_time,
  end_time,
  events: [],
  task_runs,
});

describe("attemptSegments", () => {
  it("draws a finished attempt as queued then running, coloured by its result", () => {
    const segments = attemptSegments(buildAttempt("a", 0, { created_time: 1000, queued_time: 1000, start_time: 1500, end_time: 4000 }, "SUCCESS"), 9000);
    expect(segments.map((s) => [s.kind, s.start, s.end, s.tone, s.open])).toEqual([
      ["queued", 1000, 1500, "waiting", false],
      ["running", 1500, 4000, "success", false],
    ]);
  });

  it("grows a running attempt to now", () => {
    const [, running] = attemptSegments(buildAttempt("a", 0, { queued_time: 1000, start_time: 1200 }), 5000);
    expect([running.end, running.open, running.tone]).toEqual([5000, true, "running"]);
  });

  it("shows the wait before a retry, until it ran or was queued, and a still-waiting retry up to now", () => {
    // As the engine records it: a retry is created waiting (queued_time = created) and goes
    // WAITING_FOR_RETRY -> RUNNING, or -> QUEUED -> RUNNING when no worker was free.
    const ran = attemptSegments(
      buildAttempt("a", 1, {
        created_time: 4000, queued_time: 4000, start_time: 5000, end_time: 7000,
        events: [{ to_state: "WAITING_FOR_RETRY", at: 4000 }, { from_state: "WAITING_FOR_RETRY", to_state: "RUNNING", at: 5000 }],
      }, "SUCCESS"),
      9000,
    );
    expect(ran.map((s) => [s.kind, s.start, s.end, s.attempt])).toEqual([
      ["retry_wait", 4000, 5000, 2],
      ["running", 5000, 7000, 2],
    ]);
    const queued = attemptSegments(
      buildAttempt("a", 1, {
        created_time: 4000, queued_time: 4000, start_time: 6100, end_time: 7000,
        events: [{ from_state: "WAITING_FOR_RETRY", to_state: "QUEUED", at: 6000 }, { from_state: "QUEUED", to_state: "RUNNING", at: 6100 }],
      }, "SUCCESS"),
      9000,
    );
    expect(queued.map((s) => [s.kind, s.start, s.end])).toEqual([
      ["retry_wait", 4000, 6000],
      ["queued", 6000, 6100],
      ["running", 6100, 7000],
    ]);
    const waiting = attemptSegments({ ...buildAttempt("a", 1, { created_time: 4000 }), state: { life_cycle_state: "WAITING_FOR_RETRY" } }, 9000);
    expect(waiting.map((s) => [s.kind, s.end, s.open])).toEqual([["retry_wait", 9000, true]]);
  });

  it("draws nothing for a task that never ran", () => {
    expect(attemptSegments(buildAttempt("a", 0, { created_time: 1000, end_time: 3000 }, "UPSTREAM_FAILED"), 9000)).toEqual([]);
  });
});

describe("timelineChart", () => {
  it("puts one row per task (attempts together) in the order tasks started, skipped ones last", () => {
    const chart = timelineChart(
      buildTimeline(
        [
          buildAttempt("late", 0, { queued_time: 3000, start_time: 3000, end_time: 4000 }, "SUCCESS"),
          buildAttempt("skipped", 0, { end_time: 4000 }, "UPSTREAM_FAILED"),
          buildAttempt("early", 0, { queued_time: 1000, start_time: 1100, end_time: 2000 }, "FAILED"),
          buildAttempt("early", 1, { created_time: 2000, queued_time: 2500, start_time: 2600, end_time: 2900 }, "SUCCESS"),
          { ...buildAttempt("iteration", 0, { start_time: 1000 }), parent_run_id: 5 },
        ],
        1000,
        5000,
      ),
      9000,
    );
    expect(chart.rows.map((row) => [row.taskKey, row.attempts, row.state])).toEqual([
      ["early", 2, "SUCCESS"],
      ["late", 1, "SUCCESS"],
      ["skipped", 1, "UPSTREAM_FAILED"],
    ]);
    expect([chart.start, chart.end]).toEqual([1000, 5000]);
  });

  it("follows a for_each task with its iterations, in index order, attempts together", () => {
    const loop = { ...buildAttempt("loop", 0, { queued_time: 1000, start_time: 1000, end_time: 5000 }, "SUCCESS"), run_id: 7 };
    const iteration = (index: number, attempt: number, start: number) => ({
      ...buildAttempt("loop_iteration", attempt, { queued_time: start, start_time: start, end_time: start + 500 }, "SUCCESS"),
      run_id: 100 + index * 10 + attempt,
      parent_run_id: 7,
      iteration_index: index,
    });
    const chart = timelineChart(buildTimeline([loop, iteration(1, 0, 1500), iteration(0, 0, 1200), iteration(1, 1, 2500)]), 9000);
    expect(chart.rows.map((row) => [row.id, row.taskKey, row.iteration, row.attempts])).toEqual([
      ["loop", "loop", undefined, 1],
      ["loop#0", "loop", 1, 1],
      ["loop#1", "loop", 2, 2],
    ]);
  });

  it("ends a live chart at now", () => {
    const chart = timelineChart(buildTimeline([buildAttempt("a", 0, { queued_time: 1000, start_time: 1000 })]), 8000);
    expect(chart.end).toBe(8000);
  });
});

describe("placement and ticks", () => {
  it("places segments as percentages, never thinner than a sliver", () => {
    expect(placement({ start: 1500, end: 2000 }, { start: 1000, end: 3000 })).toEqual({ left: 25, width: 25 });
    expect(placement({ start: 1000, end: 1000 }, { start: 1000, end: 3000 }).width).toBe(0.3);
  });

  it("picks round tick steps", () => {
    expect(ticks({ start: 0, end: 10_000 })).toEqual([2000, 4000, 6000, 8000]);
    expect(ticks({ start: 0, end: 125_000 }, 6)).toEqual([30_000, 60_000, 90_000, 120_000]);
  });
});
