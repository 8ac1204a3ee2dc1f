import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { clusterKeys } from "../queries/clusterKeys";
import { keys } from "../queries/keys";
import { applyToClusterList, applyToEvents, applyToWarehouseList, parseComputeMessage, type ComputeMessage } from "./computeMessages";
import { reconnectingSocket } from "./reconnectingSocket";

/** Apply `update` to the cached answer under `queryKey` -- unless a REST read of it is in flight:
 * that answer may predate the change and would overwrite it, so read again instead (the change is
 * committed before it is sent, so the new read includes it). */
function apply<T>(client: QueryClient, queryKey: readonly unknown[], update: (current: T | undefined) => T | undefined): void {
  if (client.isFetching({ queryKey, exact: true }) > 0) {
    void client.invalidateQueries({ queryKey, exact: true });
    return;
  }
  client.setQueryData<T>(queryKey, update);
}

/** Write one message into every cached answer it changes (lists, the cluster, its events). */
export function applyComputeMessage(client: QueryClient, message: ComputeMessage): void {
  if (message.type.startsWith("cluster.")) {
    apply(client, keys.clusters, (list: Parameters<typeof applyToClusterList>[0]) => applyToClusterList(list, message));
  } else {
    apply(client, keys.warehouses, (list: Parameters<typeof applyToWarehouseList>[0]) => applyToWarehouseList(list, message));
  }
  if (message.type === "cluster.updated") {
    apply(client, clusterKeys.detail(message.cluster.cluster_id), () => message.cluster);
  } else if (message.type === "cluster.event") {
    apply(client, clusterKeys.events(message.cluster_id), (page: Parameters<typeof applyToEvents>[0]) => applyToEvents(page, message));
  }
}

/**
 * Keeps the compute pages' TanStack Query cache live over `/ws/compute/` (every cluster and
 * warehouse the user sees) or `/ws/clusters/<id>/` (one cluster and its events). Messages carry
 * whole objects, so they are written into the cache directly. On every open -- the first and each
 * reconnect -- the queries under `refresh` are refetched from REST, since events sent while no
 * socket was open are not replayed. Reconnects with back-off; 44xx closes are final.
 */
export function useComputeSocket(path: string | null, refresh: readonly (readonly unknown[])[]): { connected: boolean } {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  const refreshKey = JSON.stringify(refresh);

  useEffect(() => {
    if (!path) return;
    const toRefresh = JSON.parse(refreshKey) as unknown[][];
    const socket = reconnectingSocket(path, {
      onOpen: () => {
        setConnected(true);
        for (const queryKey of toRefresh) void client.invalidateQueries({ queryKey });
      },
      onMessage: (data) => {
        const message = parseComputeMessage(data);
        if (message) applyComputeMessage(client, message);
      },
      onClose: () => setConnected(false),
    });

    return () => {
      socket.stop();
      setConnected(false);
    };
  }, [client, path, refreshKey]);

  return { connected };
}
