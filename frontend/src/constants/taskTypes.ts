/** The task types the editor knows: the Databricks field that holds each one's settings, how
 * it looks on the canvas, and the settings a new task of that type starts with. */
import type { Task } from "../api/types";

export const TASK_TYPES = [
  "notebook",
  "python",
  "wheel",
  "jar",
  "sql",
  "pipeline",
  "run_job",
  "condition",
  "for_each",
] as const;

export type TaskType = (typeof TASK_TYPES)[number];

export type TaskField =
  | "notebook_task"
  | "spark_python_task"
  | "python_wheel_task"
  | "spark_jar_task"
  | "sql_task"
  | "pipeline_task"
  | "run_job_task"
  | "condition_task"
  | "for_each_task";

interface TaskTypeInfo {
  field: TaskField;
  label: string;
  /** Short prefix for generated task keys. */
  keyPrefix: string;
  color: string;
  /** Whether the task runs user code and so needs compute. */
  needsCompute: boolean;
  initial: () => Partial<Task>;
}

export const TASK_TYPE_INFO: Record<TaskType, TaskTypeInfo> = {
  notebook: { field: "notebook_task", label: "Notebook", keyPrefix: "notebook", color: "#f59e0b", needsCompute: true, initial: () => ({ notebook_task: { notebook_path: "", source: "WORKSPACE" } }) },
  python: { field: "spark_python_task", label: "Python script", keyPrefix: "python", color: "#3b82f6", needsCompute: true, initial: () => ({ spark_python_task: { python_file: "", parameters: [] } }) },
  wheel: { field: "python_wheel_task", label: "Python wheel", keyPrefix: "wheel", color: "#8b5cf6", needsCompute: true, initial: () => ({ python_wheel_task: { package_name: "", entry_point: "" } }) },
  jar: { field: "spark_jar_task", label: "JAR", keyPrefix: "jar", color: "#ef4444", needsCompute: true, initial: () => ({ spark_jar_task: { main_class_name: "" } }) },
  sql: { field: "sql_task", label: "SQL", keyPrefix: "sql", color: "#10b981", needsCompute: false, initial: () => ({ sql_task: { warehouse_id: "", file: { path: "", source: "WORKSPACE" } } }) },
  pipeline: { field: "pipeline_task", label: "Pipeline", keyPrefix: "pipeline", color: "#06b6d4", needsCompute: false, initial: () => ({ pipeline_task: { pipeline_id: "" } }) },
  run_job: { field: "run_job_task", label: "Run job", keyPrefix: "run_job", color: "#64748b", needsCompute: false, initial: () => ({ run_job_task: { job_id: 0 } }) },
  condition: { field: "condition_task", label: "If/else condition", keyPrefix: "condition", color: "#ec4899", needsCompute: false, initial: () => ({ condition_task: { op: "EQUAL_TO", left: "", right: "" } }) },
  for_each: {
    field: "for_each_task",
    label: "For each",
    keyPrefix: "for_each",
    color: "#14b8a6",
    needsCompute: false,
    initial: () => ({
      for_each_task: { inputs: "[]", concurrency: 1, task: { task_key: "iteration", spark_python_task: { python_file: "", parameters: [] } } },
    }),
  },
};

/** Which type a task wire object is, from the type block it carries. */
export function taskTypeOf(task: Partial<Task>): TaskType {
  for (const type of TASK_TYPES) {
    if (task[TASK_TYPE_INFO[type].field] !== undefined) return type;
  }
  return "notebook";
}

export const RUN_IF_OPTIONS = [
  { value: "ALL_SUCCESS", label: "All succeeded" },
  { value: "AT_LEAST_ONE_SUCCESS", label: "At least one succeeded" },
  { value: "NONE_FAILED", label: "None failed" },
  { value: "ALL_DONE", label: "All done" },
  { value: "AT_LEAST_ONE_FAILED", label: "At least one failed" },
  { value: "ALL_FAILED", label: "All failed" },
];
