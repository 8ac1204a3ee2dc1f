import { useQuery } from "@tanstack/react-query";
import { clusterApi } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

/** The latest 50 events, newest first; new ones arrive over the cluster's socket. */
export function useClusterEvents(clusterId: string) {
  return useQuery({ queryKey: clusterKeys.events(clusterId), queryFn: () => clusterApi.events(clusterId), retry: false });
}
