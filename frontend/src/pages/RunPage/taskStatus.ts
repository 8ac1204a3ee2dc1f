/** What a task's state reads as on the run page (pure, tested): the words a Lakeflow Jobs user
 * knows ("Waiting", "Queued", "Retrying", "Upstream failed", ...), a colour tone, and the
 * attempt counter of a retried task. */
import type { RunTask } from "../../api/types";
import { formatDuration } from "../../utils/format";
import { displayState, toneOf, type Tone } from "./runGraph";

export interface TaskStatus {
  /** The wire state shown (result state once there is one, else the life cycle state). */
  state: string;
  label: string;
  tone: Tone;
  /** "attempt 2 of 4" once a task was retried ("attempt 2" when retries are unlimited). */
  attempt: string | null;
}

const LABELS: Record<string, string> = {
  BLOCKED: "Waiting",
  PENDING: "Queued",
  QUEUED: "Queued",
  WAITING_FOR_RETRY: "Retrying",
  RUNNING: "Running",
  TERMINATING: "Stopping",
  SUCCESS: "Succeeded",
  SUCCESS_WITH_FAILURES: "Succeeded with failures",
  FAILED: "Failed",
  TIMEDOUT: "Timed out",
  CANCELED: "Cancelled",
  UPSTREAM_FAILED: "Upstream failed",
  UPSTREAM_CANCELED: "Upstream cancelled",
  EXCLUDED: "Excluded",
  DISABLED: "Skipped (disabled)",
  SKIPPED: "Skipped",
  MAXIMUM_CONCURRENT_RUNS_REACHED: "Skipped",
  INTERNAL_ERROR: "Internal error",
};

export function stateLabel(state: string | undefined): string {
  if (!state) return "Waiting";
  return LABELS[state] ?? state.charAt(0) + state.slice(1).replaceAll("_", " ").toLowerCase();
}

/** Attempts are counted from 1 on screen; `max_retries` -1 means retry forever. */
export function attemptLabel(task: { attempt_number?: number; max_retries?: number }): string | null {
  const attempt = (task.attempt_number ?? 0) + 1;
  const retries = task.max_retries ?? 0;
  if (attempt === 1 && retries === 0) return null;
  if (attempt === 1) return null; // first attempt of a retriable task: nothing to say yet
  return retries < 0 ? `attempt ${attempt}` : `attempt ${attempt} of ${Math.max(attempt, retries + 1)}`;
}

export function taskStatus(task: RunTask & { max_retries?: number }): TaskStatus {
  const state = displayState(task);
  return { state, label: stateLabel(state), tone: toneOf(state), attempt: attemptLabel(task) };
}

/** Whether an attempt (or a run) has not reached a final state yet. */
export function isActive(lifeCycleState: string | undefined): boolean {
  return ["BLOCKED", "PENDING", "QUEUED", "RUNNING", "TERMINATING", "WAITING_FOR_RETRY"].includes(lifeCycleState ?? "");
}

/** Elapsed milliseconds of something that started at `start` and ended at `end` (0 = not yet). */
export function elapsed(start: number | undefined, end: number | undefined, now: number): number {
  if (!start) return 0;
  return Math.max(0, (end || now) - start);
}

/** A duration as the run page shows it: "—" for none, "<1s" for a sub-second one (the shared
 * formatDuration would round it to "0s"). */
export function formatElapsed(ms: number): string {
  if (!ms || ms <= 0) return "—";
  return ms < 1000 ? "<1s" : formatDuration(ms);
}
