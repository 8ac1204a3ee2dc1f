/** The run page's view of the Jobs API run objects: the fields of runs/get, runs/get-output and
 * the /api/ui/ run endpoints that this page reads beyond the shared `Run` / `RunTask` types. */
import type { ConditionTask, ForEachTask, Run, RunTask, TaskBody } from "../../api/types";

export interface ForEachStats {
  task_run_stats?: {
    total_iterations?: number;
    active_iterations?: number;
    completed_iterations?: number;
    succeeded_iterations?: number;
    failed_iterations?: number;
  };
  error_message_stats?: { error_message: string; count: number }[];
}

export type RunTaskDetail = RunTask &
  Omit<TaskBody, "task_key" | "for_each_task" | "condition_task"> & {
    for_each_task?: ForEachTask & { stats?: ForEachStats };
    condition_task?: ConditionTask & { outcome?: string };
    queue_duration?: number;
    run_duration?: number;
    run_page_url?: string;
    resolved_values?: Record<string, unknown>;
    cluster_instance?: { cluster_id?: string };
    /** Set once this attempt passed its task's RUN_DURATION_SECONDS health rule (Lakeflow). */
    duration_warning?: DurationWarning;
  };

/** A health rule that fired (runs/get's Lakeflow field on the run and on a task). */
export interface DurationWarning {
  fired_time: number;
  message?: string;
}

export interface RepairHistoryItem {
  type: "ORIGINAL" | "REPAIR";
  id?: number;
  start_time?: number;
  end_time?: number;
  /** The run's state when this item ended (the latest item: the run's current state). */
  state?: { life_cycle_state?: string; result_state?: string; state_message?: string };
  task_run_ids?: number[];
}

export type RunDetail = Omit<Run, "tasks"> & {
  tasks?: RunTaskDetail[];
  creator_user_name?: string;
  run_duration?: number;
  queue_duration?: number;
  repair_history?: RepairHistoryItem[];
  trigger_info?: Record<string, unknown>;
  description?: string;
  /** Set once the run passed its RUN_DURATION_SECONDS health rule (a Lakeflow field). */
  duration_warning?: DurationWarning;
};

/** runs/get of a task run id: that attempt as a one-task run, and a for_each task's iterations. */
export type TaskRunAsRun = RunDetail & { job_run_id?: number; iterations?: RunTaskDetail[] };

export interface SqlOutput {
  query_output?: { query_text?: string; warehouse_id?: string };
  columns?: (string | { name: string; type?: string })[];
  rows?: unknown[][];
  row_count?: number;
  truncated?: boolean;
}

/** One dataset of a pipeline update (lakeflow/pipelines/engine.py's summary). */
export interface PipelineDataset {
  kind?: string;
  rows?: number;
  dropped?: number;
  expectations?: { name: string; action?: string; passed_records?: number; failed_records?: number }[];
}

/** runs/get-output (Databricks RunOutput). */
export interface RunOutput {
  metadata?: TaskRunAsRun;
  logs?: string;
  logs_truncated?: boolean;
  error?: string;
  error_trace?: string;
  notebook_output?: { result?: string; truncated?: boolean };
  sql_output?: SqlOutput;
  run_job_output?: { run_id?: number };
  info?: string;
}

/** /api/ui/task-runs/<id>/extras: what runs/get-output does not carry. */
export interface TaskRunExtras {
  task_values: Record<string, unknown>;
  pipeline_output?: { pipeline_id?: string; update_id?: number; state?: string; datasets?: Record<string, PipelineDataset> };
}

export interface TimelineEvent {
  from_state?: string;
  to_state: string;
  at: number;
  message?: string;
}

export interface TimelineTaskRun {
  run_id: number;
  task_key: string;
  attempt_number: number;
  iteration_index?: number | null;
  parent_run_id?: number | null;
  state?: { life_cycle_state?: string; result_state?: string; state_message?: string };
  created_time: number;
  queued_time: number;
  start_time: number;
  end_time: number;
  events: TimelineEvent[];
}

/** /api/ui/runs/<id>/timeline */
export interface RunTimeline {
  run_id: number;
  start_time: number;
  end_time: number;
  events: TimelineEvent[];
  task_runs: TimelineTaskRun[];
}

/** /api/ui/runs/<id>/details: what runs/get does not say about a run. */
export interface RunExtras {
  run_id: number;
  job_version?: number | null;
}
