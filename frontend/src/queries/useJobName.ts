import { useQuery } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

/** Another job's name, for pickers that hold job ids (its own key, so reading it never refetches
 * the job open in the editor). */
export function useJobName(jobId: number) {
  return useQuery({
    queryKey: keys.jobName(jobId),
    queryFn: async () => (await jobs.get(jobId)).settings.name ?? `Job #${jobId}`,
    staleTime: 60_000,
    retry: false,
  });
}
