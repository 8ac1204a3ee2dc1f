import { useQuery } from "@tanstack/react-query";
import { clusterApi } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

/** Node types and runtimes the form offers (clusters/list-node-types, clusters/spark-versions). */
export function useClusterOptions() {
  return useQuery({
    queryKey: clusterKeys.options,
    queryFn: async () => {
      const [nodes, versions] = await Promise.all([clusterApi.nodeTypes(), clusterApi.sparkVersions()]);
      return { nodeTypes: nodes.node_types ?? [], sparkVersions: versions.versions ?? [] };
    },
    staleTime: Infinity,
    retry: false,
  });
}
