import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import { keys } from "./keys";

/** runs/cancel: the run ends CANCELED once its tasks stopped (the websocket shows it). */
export function useCancelRun(runId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<object>("/api/2.2/jobs/runs/cancel", { run_id: runId }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.run(runId) }),
  });
}
