import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Query } from "../api/client";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

export function useJobsList(query: Query) {
  return useQuery({
    queryKey: keys.jobsList(query),
    queryFn: ({ signal }) => jobs.uiList(query, signal),
    placeholderData: keepPreviousData,
  });
}
