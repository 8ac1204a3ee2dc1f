import { useMutation, useQueryClient } from "@tanstack/react-query";
import { runViews } from "../api/runViews";

/** runs/cancel (`mutate(runId)`), from the run page or a runs list: the run is TERMINATING until its
 * tasks stopped, then CANCELED (the websockets show it). On success every runs view -- the run,
 * the runs lists, the job matrices -- is read again. */
export function useCancelRun() {
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
