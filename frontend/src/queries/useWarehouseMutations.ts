import { useMutation, useQueryClient } from "@tanstack/react-query";
import { warehouseApi, type WarehouseBody } from "./clusterApi";
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

export function useEditWarehouse() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: WarehouseBody }) => warehouseApi.edit(id, body),
    onSuccess: refresh,
  });
}

export function useDeleteWarehouse() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: warehouseApi.delete, onSuccess: refresh });
}
