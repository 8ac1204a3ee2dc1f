/** The run page's repair-history selector (pure, tested): the entries of runs/get's
 * `repair_history` (the original run, then each repair) and, for one entry, the task attempts as
 * they stood when that entry ended — each task's last attempt among the task runs started up to
 * and including it (a task no later repair re-ran keeps its attempt). */
import type { RunTask } from "../../api/types";
import { latestAttempts } from "./runGraph";
import type { RepairHistoryItem } from "./runTypes";

/** The `?repair=` value of the original run; a repair's is its id. No value means "Latest". */
export const ORIGINAL = "original";

export interface HistoryEntry {
  /** The `?repair=` value that selects this entry. */
  key: string;
  label: string;
  /** Index in repair_history: entry i saw the task runs of items 0..i. */
  index: number;
  /** The last entry: the run as it is now (live). */
  latest: boolean;
  /** The run's result (or life cycle) state when this entry ended. */
  state?: string;
}

/** The selector's entries: "Original run", "Repair 1", …, "Latest" — none while the run was
 * never repaired. */
export function historyEntries(history: RepairHistoryItem[] | undefined): HistoryEntry[] {
  const items = history ?? [];
  if (items.length < 2) return [];
  return items.map((item, index) => {
    const latest = index === items.length - 1;
    const key = item.type === "ORIGINAL" ? ORIGINAL : String(item.id ?? index);
    return {
      key,
      label: latest ? `Latest (Repair ${index})` : index === 0 ? "Original run" : `Repair ${index}`,
      index,
      latest,
      state: item.state?.result_state ?? item.state?.life_cycle_state,
    };
  });
}

/** The entry a `?repair=` value picks: a past one, or undefined for the latest (no value, an
 * unknown one, or the latest entry's own key — the same view). */
export function pastEntry(entries: HistoryEntry[], param: string | null): HistoryEntry | undefined {
  const entry = entries.find((e) => e.key === param);
  return entry && !entry.latest ? entry : undefined;
}

/** Every attempt started up to and including history entry `index`, in their original order.
 * The latest entry (or no history) keeps every attempt — including ones a live event added before
 * the history listed them. */
export function attemptsAsOf<T extends Pick<RunTask, "run_id">>(
  tasks: T[],
  history: RepairHistoryItem[] | undefined,
  index: number,
): T[] {
  const items = history ?? [];
  if (index >= items.length - 1) return tasks;
  const started = new Set(items.slice(0, index + 1).flatMap((item) => item.task_run_ids ?? []));
  return tasks.filter((task) => task.run_id !== undefined && started.has(task.run_id));
}

/** Which attempt of each task history entry `index` shows: the last one started up to it. */
export function tasksAsOf<T extends Pick<RunTask, "run_id" | "task_key" | "attempt_number">>(
  tasks: T[],
  history: RepairHistoryItem[] | undefined,
  index: number,
): T[] {
  return latestAttempts(attemptsAsOf(tasks, history, index));
}
