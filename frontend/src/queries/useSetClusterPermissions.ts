import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { AccessControl } from "../api/types";
import { clusterApi } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

/** Replaces the cluster's grants (PUT); the levels page-wide (clusters/access) change with them. */
export function useSetClusterPermissions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ clusterId, acl }: { clusterId: string; acl: AccessControl[] }) => clusterApi.setPermissions(clusterId, acl),
    onSuccess: (_data, { clusterId }) => {
      void client.invalidateQueries({ queryKey: clusterKeys.permissions(clusterId) });
      void client.invalidateQueries({ queryKey: clusterKeys.access });
    },
  });
}
