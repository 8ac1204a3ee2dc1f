/** The run graph's edges (pure, tested): which dependencies to draw, and the curve between two
 * measured node boxes (from the right edge of the upstream node to the left of the downstream). */
import type { RunTask } from "../../api/types";

export interface Edge {
  from: string;
  to: string;
  /** A condition task's branch ("true" / "false"), when the dependency names one. */
  outcome?: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One edge per dependency between tasks of the run (dependencies on unknown tasks are left out). */
export function graphEdges(tasks: Pick<RunTask, "task_key" | "depends_on">[]): Edge[] {
  const known = new Set(tasks.map((task) => task.task_key));
  return tasks.flatMap((task) =>
    (task.depends_on ?? [])
      .filter((dep) => known.has(dep.task_key))
      .map((dep) => ({ from: dep.task_key, to: task.task_key, ...(dep.outcome ? { outcome: dep.outcome } : {}) })),
  );
}

/** A string that changes exactly when the drawn edges do (so boxes are measured only then). */
export function edgesKey(edges: Edge[]): string {
  return edges.map((edge) => `${edge.from}>${edge.to}`).join("|");
}

/** An S-curve from the middle of `from`'s right side to the middle of `to`'s left side. */
export function edgePath(from: Box, to: Box): string {
  const x1 = from.x + from.width;
  const y1 = from.y + from.height / 2;
  const x2 = to.x;
  const y2 = to.y + to.height / 2;
  const bend = Math.max(16, (x2 - x1) / 2);
  return `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
}
