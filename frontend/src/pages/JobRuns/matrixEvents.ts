import type { JobMatrix, MatrixCell } from "../../api/runViews";

/** A `task_run.state` event as `/ws/jobs/<id>/` sends it (docs/websockets.md). */
export interface TaskRunEvent {
  type: "task_run.state";
  run_id: number;
  task_run_id: number;
  task_key: string;
  wire_state: { life_cycle_state?: string; result_state?: string | null };
  start_time?: number;
  end_time?: number;
}

export function isTaskRunEvent(message: { type?: string }): message is TaskRunEvent {
  return message.type === "task_run.state";
}

/**
 * The matrix with the event's cell updated as the REST matrix would show it after the change, or
 * null when the matrix does not show that run or task yet (the caller refetches). An event for an
 * older attempt than the cell's (a late one) leaves the matrix as it is; a newer attempt counts
 * one more attempt.
 */
export function applyTaskEvent(matrix: JobMatrix, event: TaskRunEvent): JobMatrix | null {
  const column = matrix.runs.findIndex((run) => run.run_id === event.run_id);
  const row = matrix.tasks.findIndex((task) => task.task_key === event.task_key);
  const cell = column < 0 || row < 0 ? null : matrix.tasks[row].cells[column];
  if (!cell) return null;
  if (event.task_run_id < cell.run_id) return matrix;
  const start = event.start_time || null;
  const end = event.end_time || null;
  const next: MatrixCell = {
    run_id: event.task_run_id,
    life_cycle_state: event.wire_state.life_cycle_state,
    result_state: event.wire_state.result_state ?? undefined,
    attempts: event.task_run_id === cell.run_id ? cell.attempts : cell.attempts + 1,
    start_time: start,
    duration: start && end ? end - start : null,
  };
  const tasks = matrix.tasks.map((task, index) =>
    index === row ? { ...task, cells: task.cells.map((c, i) => (i === column ? next : c)) } : task,
  );
  return { ...matrix, tasks };
}
