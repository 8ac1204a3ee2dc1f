import { useQuery } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

export function useJob(jobId: number | null) {
  return useQuery({
    queryKey: keys.job(jobId ?? 0),
    queryFn: () => jobs.get(jobId as number),
    enabled: jobId !== null,
    // The editor holds the draft; refetching under it would only confuse.
    refetchOnWindowFocus: false,
  });
}
