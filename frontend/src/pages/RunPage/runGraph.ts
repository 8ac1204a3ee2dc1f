/** The run page's task graph (pure, tested): one node per task (its latest attempt), placed in
 * columns by dependency depth, with a display state and a colour tone per state. */
import type { RunTask } from "../../api/types";

export type Tone = "success" | "danger" | "warning" | "running" | "waiting" | "muted";

/** What a node shows: the result once there is one (SUCCESS, FAILED, UPSTREAM_FAILED, EXCLUDED,
 * CANCELED, TIMEDOUT, ...), else the life cycle state (BLOCKED, PENDING, RUNNING, WAITING_FOR_RETRY). */
export function displayState(task: RunTask): string {
  return task.state?.result_state ?? task.state?.life_cycle_state ?? "BLOCKED";
}

const TONES: Record<string, Tone> = {
  SUCCESS: "success",
  FAILED: "danger",
  TIMEDOUT: "danger",
  INTERNAL_ERROR: "danger",
  UPSTREAM_FAILED: "warning",
  WAITING_FOR_RETRY: "warning",
  RUNNING: "running",
  PENDING: "waiting",
  QUEUED: "waiting",
  BLOCKED: "waiting",
};

export function toneOf(state: string): Tone {
  return TONES[state] ?? "muted"; // CANCELED, UPSTREAM_CANCELED, EXCLUDED, DISABLED, SKIPPED
}

/** The latest attempt of each task, in first-seen order. */
export function latestAttempts<T extends Pick<RunTask, "task_key" | "attempt_number">>(tasks: T[]): T[] {
  const latest = new Map<string, T>();
  for (const task of tasks) {
    const seen = latest.get(task.task_key);
    if (!seen || (task.attempt_number ?? 0) >= (seen.attempt_number ?? 0)) latest.set(task.task_key, task);
  }
  return [...latest.values()];
}

/** Columns of task keys: a task sits one column right of its deepest upstream task. Dependencies
 * on tasks not in the run (and cycles, which a valid run cannot have) count as depth 0. */
export function columns(tasks: RunTask[]): RunTask[][] {
  const byKey = new Map(tasks.map((task) => [task.task_key, task]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (key: string): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    const task = byKey.get(key);
    if (!task || visiting.has(key)) return -1;
    visiting.add(key);
    const upstream = (task.depends_on ?? []).map((dep) => depthOf(dep.task_key));
    visiting.delete(key);
    const value = Math.max(-1, ...upstream) + 1;
    depth.set(key, value);
    return value;
  };
  const out: RunTask[][] = [];
  for (const task of tasks) {
    const d = depthOf(task.task_key);
    (out[d] ??= []).push(task);
  }
  return out.filter(Boolean);
}
