import { useQuery } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

export function useJobPermissions(jobId: number | null) {
  return useQuery({
    queryKey: keys.jobPermissions(jobId ?? 0),
    queryFn: () => jobs.permissions(jobId as number),
    enabled: jobId !== null,
    select: (data) => data.access_control_list ?? [],
  });
}
