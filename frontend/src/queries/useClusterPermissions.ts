import { useQuery } from "@tanstack/react-query";
import { clusterApi } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

export function useClusterPermissions(clusterId: string) {
  return useQuery({
    queryKey: clusterKeys.permissions(clusterId),
    queryFn: () => clusterApi.permissions(clusterId),
    select: (data) => data.access_control_list ?? [],
    retry: false,
  });
}
