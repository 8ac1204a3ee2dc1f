import { useMutation, useQueryClient } from "@tanstack/react-query";
import { warehouseApi } from "./clusterApi";
import { keys } from "./keys";

function useRefresh() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: keys.warehouses });
}

export function useWarehouseAction() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: "start" | "stop" }) => warehouseApi[action](id),
    onSuccess: refresh,
  });
}

export function useCreateWarehouse() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: warehouseApi.create, onSuccess: refresh });
}
