import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import type { RunDetail } from "../pages/RunPage/runTypes";
import { keys } from "./keys";

export interface RepairRequest {
  rerunTasks: string[];
  jobParameters?: Record<string, string>;
}

/** runs/repair of the given tasks. Databricks asks for the latest repair's id once a run was
 * repaired (so two people do not repair at once); it is read fresh right before the call. */
export function useRepairRun(runId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ rerunTasks, jobParameters }: RepairRequest) => {
      const run = await api.get<RunDetail>("/api/2.2/jobs/runs/get", { run_id: runId, include_history: true });
      const repairs = (run.repair_history ?? []).filter((item) => item.type === "REPAIR" && item.id);
      const latest = repairs.length ? repairs[repairs.length - 1].id : undefined;
      return api.post<{ repair_id: number }>("/api/2.2/jobs/runs/repair", {
        run_id: runId,
        rerun_tasks: rerunTasks,
        latest_repair_id: latest,
        job_parameters: jobParameters && Object.keys(jobParameters).length ? jobParameters : undefined,
      });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.run(runId) }),
  });
}
