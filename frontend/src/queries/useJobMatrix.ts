import { useQuery } from "@tanstack/react-query";
import { runViews } from "../api/runViews";
import { isActive } from "../pages/JobRuns/matrixLayout";
import { keys } from "./keys";

/** REST polling while the job socket is down (DESIGN §8). */
export const FALLBACK_POLL_MS = 5000;
/** While a run is going the matrix is refetched this often even with the socket up: the job
 * socket announces run states, not each task's, and the cells should fill in as tasks finish. */
const ACTIVE_POLL_MS = 3000;

/** The tasks-by-runs matrix of a job's latest `limit` runs (`connected`: the job socket is up). */
export function useJobMatrix(jobId: number, limit: number, { connected }: { connected: boolean }) {
  return useQuery({
    queryKey: keys.jobMatrix(jobId, limit),
    queryFn: ({ signal }) => runViews.matrix(jobId, limit, signal),
    enabled: Number.isFinite(jobId) && jobId > 0,
    refetchInterval: (query) =>
      !connected ? FALLBACK_POLL_MS : (query.state.data?.runs ?? []).some(isActive) ? ACTIVE_POLL_MS : false,
  });
}
