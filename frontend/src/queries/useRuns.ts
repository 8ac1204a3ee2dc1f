import { useQuery } from "@tanstack/react-query";
import type { Query } from "../api/client";
import { runs } from "../api/endpoints";
import { keys } from "./keys";

export function useRuns(query: Query) {
  return useQuery({
    queryKey: keys.runs(query),
    queryFn: ({ signal }) => runs.list(query, signal),
    select: (data) => data.runs ?? [],
    refetchInterval: 5000,
  });
}
