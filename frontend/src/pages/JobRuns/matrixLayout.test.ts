import { describe, expect, it } from "vitest";
import type { JobMatrix, MatrixCell, RunSummary } from "../../api/runViews";
import { isActive, layoutMatrix, runDuration } from "./matrixLayout";

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);

function buildRun(run_id: number, result_state: string | undefined, extra: Partial<RunSummary> = {}): RunSummary {
  return {
    run_id,
    number_in_job: run_id,
    state: { life_cycle_state: result_state ? "TERMINATED" : "RUNNING", result_state },
    start_time: T0 + run_id * 60_000,
    ...extra,
  };
}

function buildCell(run_id: number, result_state: string | undefined, extra: Partial<MatrixCell> = {}): MatrixCell {
  return { run_id, life_cycle_state: result_state ? "TERMINATED" : "RUNNING", result_state, attempts: 1, duration: 1500, ...extra };
}

const matrix: JobMatrix = {
  job_id: 1,
  runs: [buildRun(3, undefined), buildRun(2, "FAILED", { run_duration: 4000 }), buildRun(1, "SUCCESS", { run_duration: 2000 })],
  tasks: [
    { task_key: "extract", cells: [buildCell(30, undefined), buildCell(20, "SUCCESS"), buildCell(10, "SUCCESS")] },
    { task_key: "load", cells: [null, buildCell(21, "UPSTREAM_FAILED", { attempts: 3 }), null] },
  ],
};

describe("layoutMatrix", () => {
  const now = T0 + 3 * 60_000 + 9000;
  const { columns, rows } = layoutMatrix(matrix, now);

  it("puts the oldest run on the left", () => {
    expect(columns.map((c) => c.run.run_id)).toEqual([1, 2, 3]);
    expect(rows[0].cells.map((c) => c?.state)).toEqual(["SUCCESS", "SUCCESS", "RUNNING"]);
  });

  it("colours runs and cells by their state", () => {
    expect(columns.map((c) => c.tone)).toEqual(["success", "danger", "running"]);
    expect(rows[1].cells.map((c) => c?.tone ?? null)).toEqual([null, "warning", null]);
  });

  it("gives each cell a tooltip with its duration and a link to that task on the run page", () => {
    const cell = rows[1].cells[1];
    expect(cell?.title).toBe("load · run #2 · Upstream failed · 2s · 3 attempts");
    expect(cell?.href).toBe("/runs/2?task=load");
  });

  it("measures a running run up to now", () => {
    expect(columns.map((c) => c.duration)).toEqual([2000, 4000, 9000]);
    expect(columns[2].active).toBe(true);
  });

  it("escapes task keys in links", () => {
    const odd = layoutMatrix({ ...matrix, tasks: [{ task_key: "a b&c", cells: [null, null, buildCell(1, "SUCCESS")] }] }, now);
    expect(odd.rows[0].cells[0]?.href).toBe("/runs/1?task=a%20b%26c");
  });
});

describe("runDuration", () => {
  it("is zero for a run that has not started", () => {
    expect(runDuration(buildRun(1, undefined, { start_time: undefined, state: { life_cycle_state: "QUEUED" } }), T0)).toBe(0);
  });

  it("falls back to end minus start for a finished run without run_duration", () => {
    expect(runDuration(buildRun(1, "SUCCESS", { start_time: T0, end_time: T0 + 500 }), T0 + 9999)).toBe(500);
  });

  it("treats a run with a result as finished", () => {
    expect(isActive(buildRun(1, "CANCELED"))).toBe(false);
  });
});
