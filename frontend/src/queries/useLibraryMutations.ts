import { useMutation, useQueryClient } from "@tanstack/react-query";
import { clusterApi, type Library } from "./clusterApi";
import { clusterKeys } from "./clusterKeys";

interface LibraryChange {
  clusterId: string;
  libraries: Library[];
}

function useRefresh() {
  const client = useQueryClient();
  return (_data: unknown, { clusterId }: LibraryChange) =>
    void client.invalidateQueries({ queryKey: clusterKeys.libraries(clusterId) });
}

/** libraries/install: PENDING, then installed into the cluster's environment in the background. */
export function useInstallLibraries() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ clusterId, libraries }: LibraryChange) => clusterApi.installLibraries(clusterId, libraries),
    onSuccess: refresh,
  });
}

/** libraries/uninstall: marked UNINSTALL_ON_RESTART; it leaves the environment when the cluster restarts. */
export function useUninstallLibraries() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ clusterId, libraries }: LibraryChange) => clusterApi.uninstallLibraries(clusterId, libraries),
    onSuccess: refresh,
  });
}
