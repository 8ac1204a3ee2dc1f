/** Small builders for the editor's tests. */
import type { JobSettings, Task } from "../api/types";

export function buildTask(task_key: string, upstream: string[] = [], extra: Partial<Task> = {}): Task {
  return {
    task_key,
    spark_python_task: { python_file: `/Workspace/${task_key}.py` },
    ...(upstream.length ? { depends_on: upstream.map((key) => ({ task_key: key })) } : {}),
    ...extra,
  };
}

export function buildSettings(tasks: Task[], extra: Partial<JobSettings> = {}): JobSettings {
  return { name: "job", max_concurrent_runs: 1, ...extra, tasks };
}
