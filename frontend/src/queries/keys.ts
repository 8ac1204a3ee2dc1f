/** Every query key in one place, so mutations invalidate exactly what they change. */
import type { Query } from "../api/client";

export const keys = {
  me: ["me"] as const,
  tokens: ["tokens"] as const,
  jobsList: (query: Query) => ["jobs", "list", query] as const,
  jobsAll: ["jobs"] as const,
  job: (jobId: number) => ["jobs", "detail", jobId] as const,
  jobVersions: (jobId: number) => ["jobs", "versions", jobId] as const,
  jobVersion: (jobId: number, version: number) => ["jobs", "versions", jobId, version] as const,
  jobPermissions: (jobId: number) => ["jobs", "permissions", jobId] as const,
  run: (runId: number) => ["runs", runId] as const,
  runs: (query: Query) => ["runs", "list", query] as const,
  schedulePreview: (cron: string, tz: string) => ["schedules", "preview", cron, tz] as const,
  clusters: ["clusters"] as const,
  warehouses: ["warehouses"] as const,
  workspace: (path: string) => ["workspace", "list", path] as const,
  workspaceFile: (path: string) => ["workspace", "file", path] as const,
  runTimeline: (runId: number) => ["runs", runId, "timeline"] as const,
  runExtras: (runId: number) => ["runs", runId, "extras"] as const,
  taskRun: (taskRunId: number) => ["task-runs", taskRunId] as const,
  taskRunOutput: (taskRunId: number) => ["task-runs", taskRunId, "output"] as const,
  taskRunExtras: (taskRunId: number) => ["task-runs", taskRunId, "extras"] as const,
  taskRunExport: (taskRunId: number) => ["task-runs", taskRunId, "export"] as const,
};
