import { useQuery } from "@tanstack/react-query";
import { clusterApi } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

/** clusters/get; kept live by useComputeSocket(`/ws/clusters/<id>/`). */
export function useCluster(clusterId: string) {
  return useQuery({ queryKey: clusterKeys.detail(clusterId), queryFn: () => clusterApi.get(clusterId), retry: false });
}
