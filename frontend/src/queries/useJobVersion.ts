import { useQuery } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

export function useJobVersion(jobId: number | null, version: number | null) {
  return useQuery({
    queryKey: keys.jobVersion(jobId ?? 0, version ?? 0),
    queryFn: () => jobs.version(jobId as number, version as number),
    enabled: jobId !== null && version !== null,
    staleTime: Infinity, // versions are immutable
  });
}
