import { useQuery } from "@tanstack/react-query";
import { isSettling } from "../pages/ClusterPage/libraries";
import { clusterApi } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

/** The cluster's libraries; read again every 2 s while one is still being installed (no socket
 * carries library statuses). */
export function useClusterLibraries(clusterId: string) {
  return useQuery({
    queryKey: clusterKeys.libraries(clusterId),
    queryFn: () => clusterApi.libraries(clusterId),
    select: (data) => data.library_statuses ?? [],
    refetchInterval: (query) => ((query.state.data?.library_statuses ?? []).some((row) => isSettling(row.status)) ? 2_000 : false),
    retry: false,
  });
}
