import { useMutation, useQueryClient } from "@tanstack/react-query";
import { runViews } from "../api/runViews";
import { toast } from "../components/toastStore";

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

/** Cancel from a runs table: the same call, its outcome as a toast, and which run is being
 * cancelled (to disable its button). */
export function useCancelFromList(): { onCancel: (run: { run_id: number }) => void; cancelling: number | null } {
  const cancel = useCancelRun();
  const onCancel = (run: { run_id: number }) =>
    cancel.mutate(run.run_id, {
      onSuccess: () => toast(`Cancelling run ${run.run_id}`, "success"),
      onError: (error) => toast(error instanceof Error ? error.message : String(error), "danger"),
    });
  return { onCancel, cancelling: cancel.isPending ? (cancel.variables ?? null) : null };
}
