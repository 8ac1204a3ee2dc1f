import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ClusterAction } from "../pages/Compute/clusterActions";
import { clusterApi, type ClusterSpecBody } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";
import { keys } from "./keys";

/** After a change: the socket brings the new states; refetch anyway for a page without one. */
function useRefresh() {
  const client = useQueryClient();
  return (clusterId?: string) => {
    void client.invalidateQueries({ queryKey: keys.clusters, exact: true });
    void client.invalidateQueries({ queryKey: clusterKeys.access });
    if (clusterId) {
      void client.invalidateQueries({ queryKey: clusterKeys.detail(clusterId) });
      void client.invalidateQueries({ queryKey: clusterKeys.events(clusterId) });
    }
  };
}

export function useCreateCluster() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: clusterApi.create, onSuccess: (data) => refresh(data.cluster_id) });
}

export function useEditCluster() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ clusterId, spec }: { clusterId: string; spec: ClusterSpecBody }) => clusterApi.edit(clusterId, spec),
    onSuccess: (_data, { clusterId }) => refresh(clusterId),
  });
}

export function useResizeCluster() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ clusterId, size }: { clusterId: string; size: Pick<ClusterSpecBody, "num_workers" | "autoscale"> }) =>
      clusterApi.resize(clusterId, size),
    onSuccess: (_data, { clusterId }) => refresh(clusterId),
  });
}

const CALLS: Record<Exclude<ClusterAction, "edit" | "resize">, (clusterId: string) => Promise<object>> = {
  start: clusterApi.start,
  restart: clusterApi.restart,
  terminate: clusterApi.terminate,
  delete: clusterApi.permanentDelete,
};

/** Start, restart, terminate (clusters/delete) or permanently delete. */
export function useClusterAction() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ clusterId, action }: { clusterId: string; action: keyof typeof CALLS }) => CALLS[action](clusterId),
    onSuccess: (_data, { clusterId }) => refresh(clusterId),
  });
}
