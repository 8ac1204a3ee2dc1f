import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Query } from "../api/client";
import { runViews } from "../api/runViews";
import { keys } from "./keys";

/** /api/ui/runs: runs of every visible job, filtered and paged. The previous page stays on
 * screen while the next one (or a changed filter) loads. `poll`: refetch interval in ms, or off. */
export function useUiRuns(query: Query, { poll = false }: { poll?: number | false } = {}) {
  return useQuery({
    queryKey: keys.uiRuns(query),
    queryFn: ({ signal }) => runViews.list(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: poll,
  });
}
