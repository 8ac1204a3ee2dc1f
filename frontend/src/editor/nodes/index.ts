import type { NodeTypes } from "@xyflow/react";
import { TaskNode } from "./TaskNode";

/** Module scope: React Flow re-mounts every node if this object changes identity. */
export const nodeTypes = {
  notebook: TaskNode,
  python: TaskNode,
  wheel: TaskNode,
  jar: TaskNode,
  sql: TaskNode,
  pipeline: TaskNode,
  run_job: TaskNode,
  condition: TaskNode,
  for_each: TaskNode,
} satisfies NodeTypes;
