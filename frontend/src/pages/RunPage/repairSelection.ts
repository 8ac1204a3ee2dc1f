/** Which tasks the Repair run dialog preselects (pure, tested): every task whose latest attempt
 * did not succeed, plus everything downstream of those in the DAG — a repaired task's dependents
 * must run again to see its new result. */
import type { RunTask } from "../../api/types";
import { displayState, latestAttempts } from "./runGraph";

/** Latest-attempt states that make a task worth repairing. */
export const REPAIRABLE = new Set([
  "FAILED",
  "TIMEDOUT",
  "CANCELED",
  "INTERNAL_ERROR",
  "UPSTREAM_FAILED",
  "UPSTREAM_CANCELED",
]);

/** Every task downstream of `keys` (transitively), not counting `keys` themselves. */
export function dependentsOf(tasks: Pick<RunTask, "task_key" | "depends_on">[], keys: Iterable<string>): Set<string> {
  const children = new Map<string, string[]>();
  for (const task of tasks) {
    for (const dep of task.depends_on ?? []) {
      children.set(dep.task_key, [...(children.get(dep.task_key) ?? []), task.task_key]);
    }
  }
  const start = new Set(keys);
  const out = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (out.has(child) || start.has(child)) continue;
      out.add(child);
      stack.push(child);
    }
  }
  return out;
}

/** The tasks to preselect: the ones that did not succeed and their dependents, in run order. */
export function defaultRepairSelection(tasks: RunTask[]): string[] {
  const latest = latestAttempts(tasks);
  const failed = latest.filter((task) => REPAIRABLE.has(displayState(task))).map((task) => task.task_key);
  const chosen = new Set([...failed, ...dependentsOf(latest, failed)]);
  return latest.map((task) => task.task_key).filter((key) => chosen.has(key));
}

/** Ticking a task ticks its dependents too; unticking leaves them as they are (a user may rerun
 * a downstream task alone). */
export function toggleRepairTask(tasks: RunTask[], selected: string[], key: string): string[] {
  const order = latestAttempts(tasks).map((task) => task.task_key);
  const next = new Set(selected);
  if (next.has(key)) next.delete(key);
  else for (const k of [key, ...dependentsOf(tasks, [key])]) next.add(k);
  return order.filter((k) => next.has(k));
}
