import { useQuery } from "@tanstack/react-query";
import { runViews } from "../api/runViews";
import { keys } from "./keys";

/** REST polling while the job socket is down (DESIGN §8); with it up, its events keep the
 * matrix live (useJobSocket). */
export const FALLBACK_POLL_MS = 5000;

/** The tasks-by-runs matrix of a job's latest `limit` runs (`connected`: the job socket is up). */
export function useJobMatrix(jobId: number, limit: number, { connected }: { connected: boolean }) {
  return useQuery({
    queryKey: keys.jobMatrix(jobId, limit),
    queryFn: ({ signal }) => runViews.matrix(jobId, limit, signal),
    enabled: Number.isFinite(jobId) && jobId > 0,
    refetchInterval: connected ? false : FALLBACK_POLL_MS,
  });
}
