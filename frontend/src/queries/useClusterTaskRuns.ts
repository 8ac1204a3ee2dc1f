import { useQuery } from "@tanstack/react-query";
import { clusterApi } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

/** Task runs placed on the cluster. Task states are not on the cluster's socket: poll while shown. */
export function useClusterTaskRuns(clusterId: string, enabled: boolean) {
  return useQuery({
    queryKey: clusterKeys.taskRuns(clusterId),
    queryFn: () => clusterApi.taskRuns(clusterId),
    select: (data) => data.task_runs,
    enabled,
    refetchInterval: 5000,
    retry: false,
  });
}
