/** The canvas model: nodes are tasks (a typed union, one node type per task type), edges are
 * depends_on entries (with a condition outcome when the upstream is a condition task). */
import type { Edge, Node } from "@xyflow/react";
import type { TaskBody } from "../api/types";
import type { TaskType } from "../constants/taskTypes";

/** The task's wire object minus depends_on (edges hold those). */
export type TaskData = { task: TaskBody; issues?: string[] };

export type NotebookNode = Node<TaskData, "notebook">;
export type PythonNode = Node<TaskData, "python">;
export type WheelNode = Node<TaskData, "wheel">;
export type JarNode = Node<TaskData, "jar">;
export type SqlNode = Node<TaskData, "sql">;
export type PipelineNode = Node<TaskData, "pipeline">;
export type RunJobNode = Node<TaskData, "run_job">;
export type ConditionNode = Node<TaskData, "condition">;
export type ForEachNode = Node<TaskData, "for_each">;

export type JobNode =
  | NotebookNode
  | PythonNode
  | WheelNode
  | JarNode
  | SqlNode
  | PipelineNode
  | RunJobNode
  | ConditionNode
  | ForEachNode;

export type DependencyEdgeData = { outcome?: "true" | "false" };
export type DependencyEdge = Edge<DependencyEdgeData, "dependency">;

export type { TaskType };
