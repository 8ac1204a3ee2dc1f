import { useMutation, useQueryClient } from "@tanstack/react-query";
import { runViews } from "../api/runViews";

/** runs/cancel from a runs list (mutate(runId)); then every runs list and job matrix is refetched
 * (the run is TERMINATING). The run page's own button is useCancelRun(runId). */
export function useCancelListedRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId: number) => runViews.cancel(runId),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ["runs"] }),
        client.invalidateQueries({ queryKey: ["jobs", "matrix"] }),
      ]),
  });
}
