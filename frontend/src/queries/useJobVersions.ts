import { useQuery } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

export function useJobVersions(jobId: number | null) {
  return useQuery({
    queryKey: keys.jobVersions(jobId ?? 0),
    queryFn: () => jobs.versions(jobId as number),
    enabled: jobId !== null,
    select: (data) => data.versions ?? [],
  });
}
