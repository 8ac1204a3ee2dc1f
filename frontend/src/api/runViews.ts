/** The browser-only run views (runs/api/ui.py): all visible runs with filters, a job's
 * tasks-by-runs matrix; and runs/cancel, which both run pages offer. */
import { api, type Query } from "./client";
import type { Run, RunState } from "./types";

/** A runs/list item as /api/ui/runs and the matrix return it (wire.run_summary). */
export interface RunSummary extends Run {
  /** queue_reason: why a QUEUED run waits (max_concurrent_runs). */
  state?: RunState & { queue_reason?: string };
  job_name?: string | null;
  creator_user_name?: string;
  run_duration?: number;
  queue_duration?: number;
}

export interface UiRunsPage {
  runs: RunSummary[];
  has_more: boolean;
  next_page_token?: string;
  prev_page_token?: string;
}

/** One task's last attempt in one run. */
export interface MatrixCell {
  run_id: number;
  life_cycle_state?: string;
  result_state?: string | null;
  attempts: number;
  start_time?: number | null;
  duration?: number | null;
}

export interface JobMatrix {
  job_id: number;
  job_name?: string;
  /** Newest first. */
  runs: RunSummary[];
  /** cells[i] belongs to runs[i]; null: the run had no such task. */
  tasks: { task_key: string; cells: (MatrixCell | null)[] }[];
}

export const runViews = {
  list: (query: Query, signal?: AbortSignal) => api.get<UiRunsPage>("/api/ui/runs", query, signal),
  matrix: (jobId: number, limit: number, signal?: AbortSignal) =>
    api.get<JobMatrix>(`/api/ui/jobs/${jobId}/matrix`, { limit }, signal),
  cancel: (run_id: number) => api.post<object>("/api/2.2/jobs/runs/cancel", { run_id }),
};
