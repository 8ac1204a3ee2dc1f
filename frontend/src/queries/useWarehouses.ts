import { useQuery } from "@tanstack/react-query";
import { compute } from "../api/endpoints";
import { keys } from "./keys";

export function useWarehouses() {
  return useQuery({
    queryKey: keys.warehouses,
    queryFn: compute.warehouses,
    select: (data) => data.warehouses ?? [],
    retry: false,
  });
}
