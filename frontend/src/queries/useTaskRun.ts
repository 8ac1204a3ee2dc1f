import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { RunOutput, TaskRunAsRun, TaskRunExtras } from "../pages/RunPage/runTypes";
import { keys } from "./keys";

const ACTIVE = new Set(["BLOCKED", "PENDING", "QUEUED", "RUNNING", "WAITING_FOR_RETRY"]);

/** runs/get of one task attempt with its resolved parameters (and a for_each task's iterations),
 * refetched every 3 s while that attempt is active (a for_each's iterations change as they run). */
export function useTaskRun(taskRunId: number) {
  return useQuery({
    queryKey: keys.taskRun(taskRunId),
    queryFn: ({ signal }) =>
      api.get<TaskRunAsRun>("/api/2.2/jobs/runs/get", { run_id: taskRunId, include_resolved_values: true }, signal),
    refetchInterval: (query) =>
      ACTIVE.has(query.state.data?.tasks?.[0]?.state?.life_cycle_state ?? "PENDING") ? 3000 : false,
  });
}

/** runs/get-output of one task attempt: error and trace, notebook / SQL / run_job output. */
export function useTaskRunOutput(taskRunId: number, { enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: keys.taskRunOutput(taskRunId),
    queryFn: ({ signal }) => api.get<RunOutput>("/api/2.2/jobs/runs/get-output", { run_id: taskRunId }, signal),
    enabled,
  });
}

/** /api/ui/task-runs/<id>/extras: task values and a pipeline task's datasets; polled while the
 * attempt runs, read once more when it has ended (its last values). */
export function useTaskRunExtras(taskRunId: number, { active }: { active: boolean }) {
  return useQuery({
    queryKey: [...keys.taskRunExtras(taskRunId), active ? "active" : "ended"],
    queryFn: ({ signal }) => api.get<TaskRunExtras>(`/api/ui/task-runs/${taskRunId}/extras`, undefined, signal),
    refetchInterval: active ? 3000 : false,
  });
}

/** runs/export: the executed notebook as HTML (for the sandboxed iframe). */
export function useTaskRunExport(taskRunId: number, { enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: keys.taskRunExport(taskRunId),
    queryFn: ({ signal }) =>
      api.get<{ views?: { content: string; name?: string; type?: string }[] }>(
        "/api/2.2/jobs/runs/export",
        { run_id: taskRunId, views_to_export: "CODE" },
        signal,
      ),
    enabled,
  });
}
