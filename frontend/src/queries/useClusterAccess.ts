import { useQuery } from "@tanstack/react-query";
import { clusterApi } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

/** Whether the user may create clusters, and their level on each cluster they can see. */
export function useClusterAccess() {
  return useQuery({ queryKey: clusterKeys.access, queryFn: clusterApi.access, retry: false, staleTime: 30_000 });
}
