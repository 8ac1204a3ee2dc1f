/** The job runs matrix (pure, tested): /api/ui/jobs/<id>/matrix turned into columns (runs, oldest
 * on the left so time runs left to right, like the duration chart above them) and rows (tasks)
 * of cells that carry their colour tone, tooltip and link. */
import type { JobMatrix, MatrixCell, RunSummary } from "../../api/runViews";
import { formatDuration, formatTime } from "../../utils/format";
import { toneOf, type Tone } from "../RunPage/runGraph";
import { stateLabel } from "../RunPage/taskStatus";

const ACTIVE = new Set(["QUEUED", "PENDING", "RUNNING", "TERMINATING", "BLOCKED"]);

export interface MatrixColumn {
  run: RunSummary;
  state: string;
  tone: Tone;
  active: boolean;
  /** ms; a running run's elapsed time so far, 0 before it started. */
  duration: number;
  title: string;
}

export interface MatrixCellView {
  state: string;
  tone: Tone;
  title: string;
  href: string;
}

export interface MatrixRow {
  taskKey: string;
  cells: (MatrixCellView | null)[];
}

export function runState(run: RunSummary): string {
  return run.state?.result_state ?? run.state?.life_cycle_state ?? "PENDING";
}

export function isActive(run: RunSummary): boolean {
  return !run.state?.result_state && ACTIVE.has(run.state?.life_cycle_state ?? "PENDING");
}

/** Run time: the server's run_duration once finished; while active, the time since it started. */
export function runDuration(run: RunSummary, now: number): number {
  if (!isActive(run)) return run.run_duration ?? (run.end_time && run.start_time ? run.end_time - run.start_time : 0);
  return run.start_time ? Math.max(0, now - run.start_time) : 0;
}

const label = stateLabel;

function cellState(cell: MatrixCell): string {
  return cell.result_state ?? cell.life_cycle_state ?? "BLOCKED";
}

export function layoutMatrix(matrix: JobMatrix, now: number): { columns: MatrixColumn[]; rows: MatrixRow[] } {
  const order = matrix.runs.map((_, index) => matrix.runs.length - 1 - index); // oldest first
  const columns = order.map((index) => {
    const run = matrix.runs[index];
    const state = runState(run);
    const duration = runDuration(run, now);
    const number = run.number_in_job ?? run.run_id;
    return {
      run,
      state,
      tone: toneOf(state),
      active: isActive(run),
      duration,
      title: `Run #${number} · ${label(state)} · ${duration ? formatDuration(duration) : "not started"} · ${formatTime(run.start_time)}`,
    };
  });
  const rows = matrix.tasks.map((task) => ({
    taskKey: task.task_key,
    cells: order.map((index) => {
      const cell = task.cells[index];
      if (!cell) return null;
      const run = matrix.runs[index];
      const state = cellState(cell);
      const retries = cell.attempts > 1 ? ` · ${cell.attempts} attempts` : "";
      return {
        state,
        tone: toneOf(state),
        title: `${task.task_key} · run #${run.number_in_job ?? run.run_id} · ${label(state)} · ${formatDuration(cell.duration)}${retries}`,
        href: `/runs/${run.run_id}?task=${encodeURIComponent(task.task_key)}`,
      };
    }),
  }));
  return { columns, rows };
}
