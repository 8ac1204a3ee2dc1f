/** Wire shapes (Databricks Jobs API 2.2, Clusters 2.1, Workspace 2.0) and our /api/ui/ shapes. */

export type RunIf =
  | "ALL_SUCCESS"
  | "AT_LEAST_ONE_SUCCESS"
  | "NONE_FAILED"
  | "ALL_DONE"
  | "AT_LEAST_ONE_FAILED"
  | "ALL_FAILED";

export interface TaskDependency {
  task_key: string;
  outcome?: "true" | "false";
}

export interface NotebookTask {
  notebook_path: string;
  base_parameters?: Record<string, string>;
  source?: "WORKSPACE" | "GIT";
  warehouse_id?: string;
}
export interface SparkPythonTask {
  python_file: string;
  parameters?: string[];
  source?: "WORKSPACE" | "GIT";
}
export interface PythonWheelTask {
  package_name: string;
  entry_point: string;
  parameters?: string[];
  named_parameters?: Record<string, string>;
}
export interface SparkJarTask {
  main_class_name: string;
  parameters?: string[];
  jar_uri?: string;
}
export interface SqlTask {
  warehouse_id: string;
  file?: { path: string; source?: "WORKSPACE" | "GIT" };
  query?: { query_id: string };
  parameters?: Record<string, string>;
}
export interface PipelineTask {
  pipeline_id: string;
  full_refresh?: boolean;
}
export interface RunJobTask {
  job_id: number;
  job_parameters?: Record<string, string>;
}
export type ConditionOp =
  | "EQUAL_TO"
  | "GREATER_THAN"
  | "GREATER_THAN_OR_EQUAL"
  | "LESS_THAN"
  | "LESS_THAN_OR_EQUAL"
  | "NOT_EQUAL";
export interface ConditionTask {
  op: ConditionOp;
  left: string;
  right: string;
}
export interface ForEachTask {
  inputs: string;
  concurrency?: number;
  task: Task;
}

export interface Library {
  whl?: string;
  jar?: string;
  pypi?: { package: string; repo?: string };
  maven?: { coordinates: string };
  requirements?: string;
}

export interface EmailNotifications {
  on_start?: string[];
  on_success?: string[];
  on_failure?: string[];
  on_duration_warning_threshold_exceeded?: string[];
  no_alert_for_skipped_runs?: boolean;
}

export interface ClusterSpec {
  spark_version?: string;
  node_type_id?: string;
  num_workers?: number;
  autoscale?: { min_workers: number; max_workers: number };
  spark_env_vars?: Record<string, string>;
  [key: string]: unknown;
}

/** A task's settings without depends_on (the canvas keeps those as edges). */
export interface TaskBody {
  task_key: string;
  description?: string;
  run_if?: RunIf;
  disabled?: boolean;
  notebook_task?: NotebookTask;
  spark_python_task?: SparkPythonTask;
  python_wheel_task?: PythonWheelTask;
  spark_jar_task?: SparkJarTask;
  sql_task?: SqlTask;
  pipeline_task?: PipelineTask;
  run_job_task?: RunJobTask;
  condition_task?: ConditionTask;
  for_each_task?: ForEachTask;
  existing_cluster_id?: string;
  job_cluster_key?: string;
  new_cluster?: ClusterSpec;
  environment_key?: string;
  libraries?: Library[];
  max_retries?: number;
  min_retry_interval_millis?: number;
  retry_on_timeout?: boolean;
  timeout_seconds?: number;
  email_notifications?: EmailNotifications;
  [key: string]: unknown;
}

export interface Task extends TaskBody {
  depends_on?: TaskDependency[];
}

export interface JobParameterDefinition {
  name: string;
  default: string;
}

export type PauseStatus = "PAUSED" | "UNPAUSED";

export interface CronSchedule {
  quartz_cron_expression: string;
  timezone_id: string;
  pause_status?: PauseStatus;
}

export type IntervalUnit = "MINUTES" | "HOURS" | "DAYS" | "WEEKS";

/** The two spacing knobs file arrival and table update triggers share. */
export interface TriggerTiming {
  min_time_between_triggers_seconds?: number;
  wait_after_last_change_seconds?: number;
}

export interface TableUpdateTrigger extends TriggerTiming {
  table_names: string[];
  condition?: "ANY_UPDATED" | "ALL_UPDATED";
  /** Lakeflow addition: where the tables live (default: the default warehouse). */
  warehouse_id?: string;
}

/** Databricks' shape: ids are strings; Lakeflow is one workspace, so workspace_id is optional. */
export interface MonitoredJob {
  job_id: string;
  workspace_id?: string;
}

export interface JobCompletionTrigger {
  jobs: MonitoredJob[];
  if_status?: "SUCCESS" | "FAILED" | "DONE";
}

export interface TriggerSettings {
  pause_status?: PauseStatus;
  periodic?: { interval: number; unit: IntervalUnit };
  file_arrival?: TriggerTiming & { url: string };
  table_update?: TableUpdateTrigger;
  /** The older name of table_update, still accepted and returned as given. */
  table?: TableUpdateTrigger;
  job_completion?: JobCompletionTrigger;
  /** Lakeflow addition: one run at an instant. */
  run_once?: { timestamp_ms: number };
  [key: string]: unknown;
}

export interface JobCluster {
  job_cluster_key: string;
  new_cluster: ClusterSpec;
}

export interface JobSettings {
  name?: string;
  description?: string;
  tags?: Record<string, string>;
  tasks?: Task[];
  job_clusters?: JobCluster[];
  parameters?: JobParameterDefinition[];
  schedule?: CronSchedule;
  trigger?: TriggerSettings;
  continuous?: { pause_status?: PauseStatus };
  max_concurrent_runs?: number;
  queue?: { enabled: boolean };
  timeout_seconds?: number;
  email_notifications?: EmailNotifications;
  [key: string]: unknown;
}

export interface Job {
  job_id: number;
  creator_user_name?: string;
  run_as_user_name?: string;
  created_time?: number;
  settings: JobSettings;
}

export interface JobVersionSummary {
  version: number;
  created_time?: number;
  created_at?: string;
  author?: string | null;
  author_user_name?: string | null;
  change?: string;
  settings?: JobSettings;
}

export interface AccessControl {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  permission_level?: string;
  all_permissions?: { permission_level: string; inherited?: boolean }[];
}

export interface RunState {
  life_cycle_state?: string;
  result_state?: string;
  state_message?: string;
}

export interface RunTask {
  task_key: string;
  run_id?: number;
  attempt_number?: number;
  depends_on?: { task_key: string; outcome?: string }[];
  state?: RunState;
  status?: { state?: string; termination_details?: { code?: string; type?: string; message?: string } };
  start_time?: number;
  end_time?: number;
}

export interface Run {
  run_id: number;
  job_id?: number;
  run_name?: string;
  number_in_job?: number;
  state?: RunState;
  status?: { state?: string; termination_details?: { code?: string; message?: string } };
  start_time?: number;
  end_time?: number;
  run_page_url?: string;
  trigger?: string;
  tasks?: RunTask[];
  job_parameters?: { name: string; default?: string; value?: string }[];
}

export interface Me {
  username?: string;
  user_name?: string;
  display_name?: string;
  email?: string;
  is_admin?: boolean;
  is_staff?: boolean;
  is_superuser?: boolean;
  [key: string]: unknown;
}

export interface TokenInfo {
  token_id: string;
  comment?: string;
  creation_time?: number;
  expiry_time?: number;
}

export interface WorkspaceObject {
  path: string;
  object_type: "DIRECTORY" | "NOTEBOOK" | "FILE" | "LIBRARY" | "REPO";
  language?: string;
  object_id?: number;
  size?: number;
  modified_at?: number;
}

export interface Cluster {
  cluster_id: string;
  cluster_name: string;
  state?: string;
  num_workers?: number;
  spark_version?: string;
  node_type_id?: string;
  creator_user_name?: string;
  [key: string]: unknown;
}

export interface Warehouse {
  id: string;
  name: string;
  state?: string;
  [key: string]: unknown;
}

/** /api/ui/jobs: one page of the jobs list. */
export interface JobListRow {
  job_id: number;
  name: string;
  owner: string;
  tags: Record<string, string>;
  created_time: number;
  task_count: number;
  schedule_description: string | null;
  paused: boolean;
  recent_runs: { run_id: number; state: string; start_time: number | null }[];
}
export interface JobListPage {
  jobs: JobListRow[];
  total: number;
  page: number;
  page_size: number;
}

export interface SchedulePreview {
  quartz_cron_expression: string;
  timezone_id: string;
  description: string;
  fire_times: { timestamp_ms: number; utc: string; local: string }[];
}

/** POST /api/ui/jobs/backfill: one run per interval from start (inclusive) to end (exclusive). */
export interface BackfillRequest {
  job_id: number;
  start_time: number;
  end_time: number;
  interval: number;
  unit: IntervalUnit;
  job_parameters?: Record<string, string>;
}
