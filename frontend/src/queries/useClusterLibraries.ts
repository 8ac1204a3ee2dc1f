import { useQuery } from "@tanstack/react-query";
import { clusterApi } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

export function useClusterLibraries(clusterId: string) {
  return useQuery({
    queryKey: clusterKeys.libraries(clusterId),
    queryFn: () => clusterApi.libraries(clusterId),
    select: (data) => data.library_statuses ?? [],
    retry: false,
  });
}
