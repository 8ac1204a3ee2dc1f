import { useQuery } from "@tanstack/react-query";
import { compute } from "../api/endpoints";
import { keys } from "./keys";

export function useClusters() {
  return useQuery({
    queryKey: keys.clusters,
    queryFn: compute.clusters,
    select: (data) => data.clusters ?? [],
    retry: false,
  });
}
