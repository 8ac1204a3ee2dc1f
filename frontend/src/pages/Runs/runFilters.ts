/** The runs lists' filters (status, trigger, time range): read from and written to the page's
 * URL, and mapped to the query of /api/ui/runs (runs/api/ui.py). Pure, tested. */
import type { Query } from "../../api/client";

export interface RunFilters {
  /** "" any, "ACTIVE" any active state, else one run state (runs.choices.JobRunState). */
  status: string;
  /** "" any, else a trigger type (runs.choices.TriggerType). */
  trigger: string;
  /** "" all time, else one of RANGES' ids: runs started within that long before now. */
  range: string;
}

export const NO_FILTERS: RunFilters = { status: "", trigger: "", range: "" };

export const STATUSES = [
  { value: "ACTIVE", label: "Active" },
  { value: "QUEUED", label: "Queued" },
  { value: "RUNNING", label: "Running" },
  { value: "SUCCESS", label: "Succeeded" },
  { value: "SUCCESS_WITH_FAILURES", label: "Succeeded with failures" },
  { value: "FAILED", label: "Failed" },
  { value: "TIMEDOUT", label: "Timed out" },
  { value: "CANCELED", label: "Canceled" },
  { value: "SKIPPED", label: "Skipped" },
  { value: "INTERNAL_ERROR", label: "Internal error" },
];

/** Statuses a finished run can have (the all-runs page's "finished" list offers only these). */
export const FINISHED_STATUSES = STATUSES.filter((s) => !["ACTIVE", "QUEUED", "RUNNING"].includes(s.value));

export const TRIGGERS = [
  { value: "ONE_TIME", label: "Manual / API" },
  { value: "PERIODIC", label: "Schedule" },
  { value: "FILE_ARRIVAL", label: "File arrival" },
  { value: "TABLE", label: "Table update" },
  { value: "CONTINUOUS", label: "Continuous" },
  { value: "CONTINUOUS_RESTART", label: "Continuous restart" },
  { value: "RETRY", label: "Retry" },
  { value: "RUN_JOB_TASK", label: "Run job task" },
  { value: "JOB_COMPLETION", label: "Job completion" },
];

const HOUR = 3_600_000;
export const RANGES = [
  { value: "1h", label: "Last hour", ms: HOUR },
  { value: "24h", label: "Last 24 hours", ms: 24 * HOUR },
  { value: "7d", label: "Last 7 days", ms: 7 * 24 * HOUR },
  { value: "30d", label: "Last 30 days", ms: 30 * 24 * HOUR },
];

const known = (options: { value: string }[], value: string | null) =>
  value && options.some((o) => o.value === value) ? value : "";

/** The filters in a URL's query string; unknown values (a hand-edited URL) count as "any". */
export function filtersFromSearch(search: URLSearchParams): RunFilters {
  return {
    status: known(STATUSES, search.get("status")),
    trigger: known(TRIGGERS, search.get("trigger")),
    range: known(RANGES, search.get("range")),
  };
}

/** A copy of `search` holding `filters` (empty ones removed); other parameters are kept. */
export function filtersToSearch(filters: RunFilters, search: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const name of ["status", "trigger", "range"] as const) {
    if (filters[name]) next.set(name, filters[name]);
    else next.delete(name);
  }
  return next;
}

export interface QueryOptions {
  now: number;
  jobId?: number;
  /** Only finished runs (the all-runs page's lower list). */
  completed?: boolean;
  limit?: number;
  pageToken?: string;
}

/** The /api/ui/runs query for `filters`. The range's start is rounded down to the minute, so the
 * query (and with it the cache key) stays the same across re-renders within a minute. */
export function runsQuery(filters: RunFilters, { now, jobId, completed, limit = 25, pageToken }: QueryOptions): Query {
  const query: Query = { limit };
  if (jobId !== undefined) query.job_id = jobId;
  if (filters.status === "ACTIVE") query.active = 1;
  else if (filters.status) query.status = filters.status;
  if (completed && filters.status !== "ACTIVE") query.completed = 1;
  if (filters.trigger) query.trigger = filters.trigger;
  const range = RANGES.find((r) => r.value === filters.range);
  if (range) query.from = Math.floor((now - range.ms) / 60_000) * 60_000;
  if (pageToken) query.page_token = pageToken;
  return query;
}

export function hasFilters(filters: RunFilters): boolean {
  return Boolean(filters.status || filters.trigger || filters.range);
}
