/** Job settings <-> canvas graph, the cycle check and client-side task validation. Pure
 * functions: the store and the tests call them, nothing here touches React. */
import type { JobSettings, Task, TaskBody } from "../api/types";
import { TASK_TYPE_INFO, taskTypeOf, type TaskType } from "../constants/taskTypes";
import { NODE_HEIGHT, NODE_WIDTH } from "./layout/elkGraph";
import type { DependencyEdge, JobNode } from "./types";

let counter = 0;
/** Node ids are stable while a task is renamed; task keys are what the wire format uses. */
export const newNodeId = () => `n${Date.now().toString(36)}${(counter++).toString(36)}`;

export function edgeId(source: string, target: string): string {
  return `${source}->${target}`;
}

export function buildEdge(source: string, target: string, outcome?: "true" | "false"): DependencyEdge {
  return { id: edgeId(source, target), source, target, type: "dependency", data: outcome ? { outcome } : {} };
}

export function buildNode(task: TaskBody, id = newNodeId(), position = { x: 0, y: 0 }): JobNode {
  const type: TaskType = taskTypeOf(task);
  // Fixed size known up front: React Flow can cull and fit before measuring a thousand nodes.
  return { id, type, position, data: { task }, width: NODE_WIDTH, height: NODE_HEIGHT } as JobNode;
}

/** JobSettings -> nodes + edges + the job-level rest. Unknown upstream keys are dropped (the
 * server refuses them anyway). */
export function settingsToGraph(settings: JobSettings): {
  nodes: JobNode[];
  edges: DependencyEdge[];
  job: JobSettings;
} {
  const { tasks = [], ...job } = settings;
  const idByKey = new Map<string, string>();
  const nodes = tasks.map((task, index) => {
    const { depends_on: _ignored, ...rest } = task;
    const id = `t${index}`;
    idByKey.set(task.task_key, id);
    return buildNode(rest, id);
  });
  const edges: DependencyEdge[] = [];
  for (const task of tasks) {
    const target = idByKey.get(task.task_key);
    for (const dep of task.depends_on ?? []) {
      const source = idByKey.get(dep.task_key);
      if (source && target) edges.push(buildEdge(source, target, dep.outcome));
    }
  }
  return { nodes, edges, job };
}

/** nodes + edges + job-level settings -> the JobSettings the Jobs API takes. Task order is the
 * node order; depends_on follows edge order, so a round trip gives back the same settings. */
export function graphToSettings(nodes: JobNode[], edges: DependencyEdge[], job: JobSettings): JobSettings {
  const keyById = new Map(nodes.map((node) => [node.id, node.data.task.task_key]));
  const depsByTarget = new Map<string, Task["depends_on"]>();
  for (const edge of edges) {
    const key = keyById.get(edge.source);
    if (key === undefined || !keyById.has(edge.target)) continue;
    const list = depsByTarget.get(edge.target) ?? [];
    list.push(edge.data?.outcome ? { task_key: key, outcome: edge.data.outcome } : { task_key: key });
    depsByTarget.set(edge.target, list);
  }
  const tasks: Task[] = nodes.map((node) => {
    const deps = depsByTarget.get(node.id);
    const { task_key, ...rest } = node.data.task;
    return deps ? { task_key, depends_on: deps, ...rest } : { task_key, ...rest };
  });
  return { ...job, tasks };
}

/** Would adding source -> target close a cycle? True when source is reachable from target
 * (or source is target). Walks an adjacency map: O(V + E), fine for thousands of tasks. */
export function wouldCreateCycle(edges: Pick<DependencyEdge, "source" | "target">[], source: string, target: string): boolean {
  if (source === target) return true;
  const outgoing = new Map<string, string[]>();
  for (const edge of edges) {
    const list = outgoing.get(edge.source);
    if (list) list.push(edge.target);
    else outgoing.set(edge.source, [edge.target]);
  }
  const seen = new Set<string>([target]);
  const stack = [target];
  while (stack.length) {
    const current = stack.pop() as string;
    for (const next of outgoing.get(current) ?? []) {
      if (next === source) return true;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/** A task key not yet used: prefix, prefix_2, prefix_3 ... */
export function uniqueTaskKey(prefix: string, used: Iterable<string>): string {
  const taken = new Set(used);
  if (!taken.has(prefix)) return prefix;
  for (let n = 2; ; n++) {
    const key = `${prefix}_${n}`;
    if (!taken.has(key)) return key;
  }
}

export function newTask(type: TaskType, used: Iterable<string>): TaskBody {
  const info = TASK_TYPE_INFO[type];
  return { task_key: uniqueTaskKey(info.keyPrefix, used), ...info.initial() } as TaskBody;
}

const TASK_KEY = /^[\w\-.]{1,100}$/;

/** Field path -> message for what the Jobs API would refuse, so the panel marks it in place. */
export function validateTask(task: TaskBody, otherKeys: Set<string> = new Set()): Record<string, string> {
  const issues: Record<string, string> = {};
  if (!task.task_key) issues.task_key = "A task key is required.";
  else if (!TASK_KEY.test(task.task_key)) issues.task_key = "Use letters, digits, _ - . (at most 100).";
  else if (otherKeys.has(task.task_key)) issues.task_key = "Another task already uses this key.";
  const required = (path: string, value: unknown, message: string) => {
    if (value === undefined || value === null || String(value).trim() === "") issues[path] = message;
  };
  switch (taskTypeOf(task)) {
    case "notebook":
      required("notebook_task.notebook_path", task.notebook_task?.notebook_path, "Pick a notebook.");
      break;
    case "python":
      required("spark_python_task.python_file", task.spark_python_task?.python_file, "Pick a Python file.");
      break;
    case "wheel":
      required("python_wheel_task.package_name", task.python_wheel_task?.package_name, "Package name is required.");
      required("python_wheel_task.entry_point", task.python_wheel_task?.entry_point, "Entry point is required.");
      break;
    case "jar":
      required("spark_jar_task.main_class_name", task.spark_jar_task?.main_class_name, "Main class is required.");
      break;
    case "sql":
      required("sql_task.warehouse_id", task.sql_task?.warehouse_id, "Pick a SQL warehouse.");
      if (!task.sql_task?.query) required("sql_task.file.path", task.sql_task?.file?.path, "Pick a SQL file.");
      break;
    case "pipeline":
      required("pipeline_task.pipeline_id", task.pipeline_task?.pipeline_id, "Pipeline is required.");
      break;
    case "run_job":
      if (!task.run_job_task?.job_id) issues["run_job_task.job_id"] = "Pick the job to run.";
      break;
    case "condition":
      required("condition_task.left", task.condition_task?.left, "Left operand is required.");
      required("condition_task.right", task.condition_task?.right, "Right operand is required.");
      break;
    case "for_each": {
      const inputs = task.for_each_task?.inputs ?? "";
      required("for_each_task.inputs", inputs, "Inputs are required (a JSON array or a {{reference}}).");
      const nested = task.for_each_task?.task;
      if (nested) {
        for (const [path, message] of Object.entries(validateTask(nested))) issues[`for_each_task.task.${path}`] = message;
      }
      break;
    }
  }
  if ((task.timeout_seconds ?? 0) < 0) issues.timeout_seconds = "Timeout cannot be negative.";
  if ((task.max_retries ?? 0) < -1) issues.max_retries = "Use -1 to retry forever, or 0 and up.";
  return issues;
}

/** The compute a task runs on, for the node's badge. */
export function computeLabel(task: TaskBody): string | null {
  const type = taskTypeOf(task);
  if (type === "sql") return task.sql_task?.warehouse_id ? `warehouse ${task.sql_task.warehouse_id}` : "warehouse?";
  if (!TASK_TYPE_INFO[type].needsCompute) return null;
  if (task.job_cluster_key) return task.job_cluster_key;
  if (task.existing_cluster_id) return `cluster ${task.existing_cluster_id}`;
  if (task.new_cluster) return "new cluster";
  return "serverless";
}
