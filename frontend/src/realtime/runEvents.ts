/** Applying the run socket's events (docs/websockets.md) to the cached runs/get object, so a state
 * change shows in the next frame instead of after a REST round trip of the whole run.
 *
 * Events carry the run or attempt as runs/get shows it (its `state` object as `wire_state`,
 * `status`, times; runs/choices.py alone maps Lakeflow's states to these), so they replace those
 * fields of the cached run or task as they are. Anything an event cannot say (a new attempt's
 * row, for_each iteration counts, durations of ended things) comes from the next REST read:
 * `applyRunEvents` reports `stale` when an event names an attempt the cached run lacks. */
import type { Run, RunState, RunTask } from "../api/types";

export type TaskRunStateEvent = {
  type: "task_run.state";
  run_id: number;
  task_run_id: number;
  task_key: string;
  /** Lakeflow's internal state (runs.choices.TaskRunState). */
  state: string;
  /** The attempt's `state` object as runs/get shows it. */
  wire_state: RunState;
  status: NonNullable<RunTask["status"]>;
  attempt_number: number;
  /** Epoch ms; 0 = not yet. */
  start_time: number;
  end_time: number;
};
export type RunStateEvent = {
  type: "run.state";
  run_id: number;
  /** Lakeflow's internal state (runs.choices.JobRunState). */
  state: string;
  /** The run's `state` object as runs/get shows it. */
  wire_state: RunState;
  status: NonNullable<Run["status"]>;
  /** Epoch ms; 0 = not yet. */
  end_time: number;
};
export type RunEvent = TaskRunStateEvent | RunStateEvent;

/** Run life cycle states after which nothing changes (short of a repair). */
export const RUN_ENDED = new Set(["TERMINATED", "SKIPPED", "INTERNAL_ERROR"]);

/** How far an attempt got: an attempt only moves forward (BLOCKED -> PENDING -> RUNNING -> ended),
 * so an event older than what a REST read already showed must not take it back. */
function progress(state: RunState | undefined): number {
  switch (state?.life_cycle_state) {
    case undefined:
    case "BLOCKED":
      return 0;
    case "PENDING":
    case "QUEUED":
    case "WAITING_FOR_RETRY":
      return 1;
    case "RUNNING":
      return 2;
    default:
      return 3;
  }
}

/** The cached task already shows what the event says. */
function sameAttempt(task: RunTask, event: TaskRunStateEvent): boolean {
  const [now, next] = [task.state, event.wire_state];
  return (
    now?.life_cycle_state === next.life_cycle_state &&
    now?.result_state === next.result_state &&
    (now?.state_message ?? "") === (next.state_message ?? "") &&
    (task.start_time ?? 0) === event.start_time &&
    (task.end_time ?? 0) === event.end_time
  );
}

export function isRunEvent(message: { type: string }): message is RunEvent {
  return message.type === "task_run.state" || message.type === "run.state";
}

/**
 * `run` with `events` applied in order. Only changed tasks get new objects (unchanged ones keep
 * their identity, so memoised nodes skip them); `run` itself is returned when nothing changed.
 * `stale`: an event could not be applied (a new attempt of a task in `run`, or a state it does
 * not know) and the run should be read from REST again soon.
 */
export function applyRunEvents(run: Run, events: RunEvent[]): { run: Run; stale: boolean } {
  let stale = false;
  let tasks = run.tasks;
  let copied = false;
  let index: Map<number, number> | null = null;
  let keys: Set<string> | null = null;
  let state = run.state;
  let status = run.status;
  let endTime = run.end_time;
  for (const event of events) {
    if (event.type === "run.state") {
      if (!event.wire_state?.life_cycle_state) {
        stale = true;
        continue;
      }
      state = event.wire_state;
      status = event.status;
      endTime = event.end_time;
      continue;
    }
    const next = event.wire_state;
    index ??= new Map((tasks ?? []).map((task, i) => [task.run_id ?? -1, i]));
    const at = index.get(event.task_run_id);
    if (!next?.life_cycle_state || at === undefined || !tasks) {
      // A new attempt of a task the run shows (a retry, a repair) needs its row soon; an attempt of
      // no task shown (a for_each iteration: runs/get only counts them) waits for the next read.
      // (An iteration's task_key is its nested task's, or the for_each task's own.)
      keys ??= new Set((tasks ?? []).filter((task) => !("for_each_task" in task)).map((task) => task.task_key));
      if (!next?.life_cycle_state || keys.has(event.task_key)) stale = true;
      continue;
    }
    const task: RunTask = tasks[at];
    if (progress(next) < progress(task.state)) continue;
    if (sameAttempt(task, event)) continue;
    if (!copied) {
      tasks = [...tasks];
      copied = true;
    }
    const { attempt_number, start_time, end_time } = event;
    tasks[at] = { ...task, state: next, status: event.status, attempt_number, start_time, end_time };
  }
  if (tasks === run.tasks && state === run.state) return { run, stale };
  return { run: { ...run, state, status, end_time: endTime, tasks }, stale };
}
