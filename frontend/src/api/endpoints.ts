/** One function per server call, typed; the queries/ hooks wrap these. */
import { api, type Query } from "./client";
import type {
  AccessControl,
  BackfillRequest,
  Cluster,
  Job,
  JobListPage,
  JobSettings,
  JobVersionSummary,
  Me,
  Run,
  SchedulePreview,
  TokenInfo,
  Warehouse,
  WorkspaceObject,
} from "./types";

export const auth = {
  me: () => api.get<Me>("/api/ui/auth/me"),
  login: (username: string, password: string) => api.post<Me>("/api/ui/auth/login", { username, password }),
  logout: () => api.post<object>("/api/ui/auth/logout"),
};

export const tokens = {
  list: () => api.get<{ token_infos?: TokenInfo[] }>("/api/2.0/token/list"),
  create: (comment: string, lifetime_seconds?: number) =>
    api.post<{ token_value: string; token_info: TokenInfo }>("/api/2.0/token/create", {
      comment,
      lifetime_seconds,
    }),
  revoke: (token_id: string) => api.post<object>("/api/2.0/token/delete", { token_id }),
};

const PAGED_ARRAYS = ["tasks", "job_clusters", "parameters", "environments"] as const;

/** The whole job for the editor. API 2.1 answers every task at once (2.2 pages big arrays 100
 * at a time); should a page token come back anyway, follow it and extend each array. */
async function getWholeJob(job_id: number): Promise<Job> {
  const job = await api.get<Job & { next_page_token?: string }>("/api/2.1/jobs/get", { job_id });
  let token = job.next_page_token;
  while (token) {
    const page = await api.get<Job & { next_page_token?: string }>("/api/2.2/jobs/get", { job_id, page_token: token });
    const settings = job.settings as Record<string, unknown[] | undefined>;
    for (const name of PAGED_ARRAYS) {
      const more = page.settings[name] as unknown[] | undefined;
      if (more?.length) settings[name] = [...(settings[name] ?? []), ...more];
    }
    token = page.next_page_token;
  }
  delete job.next_page_token;
  return job;
}

export const jobs = {
  uiList: (query: Query, signal?: AbortSignal) => api.get<JobListPage>("/api/ui/jobs", query, signal),
  get: getWholeJob,
  list: (query: Query) => api.get<{ jobs?: Job[]; has_more?: boolean }>("/api/2.2/jobs/list", query),
  create: (settings: JobSettings) => api.post<{ job_id: number }>("/api/2.2/jobs/create", settings),
  reset: (job_id: number, new_settings: JobSettings) =>
    api.post<object>("/api/2.2/jobs/reset", { job_id, new_settings }),
  delete: (job_id: number) => api.post<object>("/api/2.2/jobs/delete", { job_id }),
  runNow: (job_id: number, job_parameters?: Record<string, string>) =>
    api.post<{ run_id: number; number_in_job?: number }>("/api/2.2/jobs/run-now", { job_id, job_parameters }),
  backfill: (body: BackfillRequest) => api.post<{ run_ids: number[] }>("/api/ui/jobs/backfill", body),
  versions: (job_id: number) =>
    api.get<{ versions: JobVersionSummary[] }>(`/api/ui/jobs/${job_id}/versions`),
  version: (job_id: number, version: number) =>
    api.get<JobVersionSummary>(`/api/ui/jobs/${job_id}/versions/${version}`),
  restore: (job_id: number, version: number) =>
    api.post<object>(`/api/ui/jobs/${job_id}/versions/${version}/restore`),
  permissions: (job_id: number) =>
    api.get<{ access_control_list?: AccessControl[] }>(`/api/2.0/permissions/jobs/${job_id}`),
  setPermissions: (job_id: number, access_control_list: AccessControl[]) =>
    api.put<object>(`/api/2.0/permissions/jobs/${job_id}`, { access_control_list }),
};

/** The whole run for the run page, shaped as the run socket's snapshot: API 2.1 answers every task
 * attempt at once (2.2 pages them 100 at a time, so a 500-task run would lose 400 nodes). */
async function getWholeRun(run_id: number): Promise<Run> {
  return api.get<Run>("/api/2.1/jobs/runs/get", { run_id, include_history: true });
}

export const runs = {
  get: getWholeRun,
  list: (query: Query, signal?: AbortSignal) =>
    api.get<{ runs?: Run[]; has_more?: boolean }>("/api/2.2/jobs/runs/list", query, signal),
};

export const schedules = {
  preview: (quartz_cron_expression: string, timezone_id: string, n = 5) =>
    api.get<SchedulePreview>("/api/ui/schedules/preview", { quartz_cron_expression, timezone_id, n }),
};

export const compute = {
  clusters: () => api.get<{ clusters?: Cluster[] }>("/api/2.1/clusters/list"),
  warehouses: () => api.get<{ warehouses?: Warehouse[] }>("/api/2.0/sql/warehouses"),
};

export const workspace = {
  list: (path: string, signal?: AbortSignal) =>
    api.get<{ objects?: WorkspaceObject[] }>("/api/2.0/workspace/list", { path }, signal),
  status: (path: string) => api.get<WorkspaceObject>("/api/2.0/workspace/get-status", { path }),
  export: (path: string, signal?: AbortSignal) =>
    api.get<{ content?: string; file_type?: string }>("/api/2.0/workspace/export", { path, format: "SOURCE" }, signal),
  import: (body: {
    path: string;
    content: string;
    format?: string;
    language?: string;
    overwrite?: boolean;
  }) => api.post<object>("/api/2.0/workspace/import", body),
  mkdirs: (path: string) => api.post<object>("/api/2.0/workspace/mkdirs", { path }),
  delete: (path: string, recursive = false) => api.post<object>("/api/2.0/workspace/delete", { path, recursive }),
};
